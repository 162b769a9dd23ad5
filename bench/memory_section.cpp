#include <mbedtls/version.h>

#include <cstdint>
#include <memory>

#include "firmware/app/enroll/broker_connection.h"
#include "fw_client.h"
#include "hal_posix/heap_count.h"
#include "hal_posix/heap_scope.h"
#include "sections.h"
#include "support/https_file_server.h"

namespace bench {
namespace {

constexpr size_t kSteadyMessages = 20;
constexpr size_t kImageBytes = 256 * 1024;

// The firmware's heap above `base`, in bytes.
struct Phase {
    const char* key;
    const char* name;
    int64_t peak = 0;
    int64_t after = 0;
};

}  // namespace

void memory_section(Report& r, const Target& t, const Identity& ec, testsupport::Pki& pki, const Options& o) {
    const size_t messages = 2000 / o.scale_down;
    testsupport::HttpsFileServer files;  // its own thread: the host's heap, not the firmware's
    if (!files.start(pki.server_chain_file(), pki.server_key_file(), pki.ca_file()))
        die("HTTPS file server: " + files.error());
    files.add_file("/fw/app.bin", std::vector<uint8_t>(kImageBytes, 0xA5));
    const std::string image_url = "https://" + t.server_name + ":" + std::to_string(files.port()) + "/fw/app.bin";

    std::vector<Phase> phases;
    const auto base = static_cast<int64_t>(heap_count_firmware().bytes);
    auto measure = [&](const char* key, const char* name, auto&& fn) {
        heap_count_reset_firmware_peak();
        {
            hal_posix::FirmwareHeap firmware;
            fn();
        }
        const HeapCountFirmware f = heap_count_firmware();
        phases.push_back({key, name, static_cast<int64_t>(f.peak) - base, static_cast<int64_t>(f.bytes) - base});
    };
    std::unique_ptr<FwClient> client;
    size_t outbox_peak = 0;
    measure("configured", "configure (parse CA, cert, key; check the TLS settings)",
            [&] { client = std::make_unique<FwClient>(t, ec, FwClient::Sizing::Device); });
    measure("handshake", "connect (TCP + full TLS handshake + CONNECT/CONNACK)", [&] { client->connect(); });
    // A device online: one QoS 1 reading at a time, each acknowledged before the next (the
    // interval between them does not change the heap, so none is waited).
    measure("online", "online steady (QoS 1 telemetry, 256 B, one at a time)",
            [&] { outbox_peak = client->publish_one_at_a_time(1, 256, kSteadyMessages); });
    measure("burst", "burst publishing (QoS 1, 256 B, back to back, outbox filling)",
            [&] { client->publish(1, 256, messages); });
    measure("ota", "OTA download (HTTPS, 256 KiB image streamed, shared credentials; MQTT connected)",
            [&] { client->download(image_url); });
    measure("destroyed", "disconnect and destroy", [&] { client.reset(); });

    Table tab;
    tab.title = "Firmware heap (EC P-256 client, the device's session sizes)";
    tab.columns = {"phase", "peak B", "held after B"};
    tab.note =
        "The firmware's share counted by the counting allocator (hal_posix/heap_count.h; operator new and "
        "mbedtls' calloc both land there; the HTTPS server's thread is the host's), relative to the heap "
        "before the client existed; usable block sizes (glibc rounds up to 16 B plus 8 B). The session is "
        "sized as on the device (BrokerConnection: rx " +
        std::to_string(fw::app::BrokerConnection::kRxBuffer) + " B, tx " +
        std::to_string(fw::app::BrokerConnection::kTxBuffer) +
        " B at most, each holding only what it carries, outbox 64 KiB, 16 in flight); publishing " +
        std::to_string(messages) +
        " messages as fast as the outbox takes them fills the outbox, a device publishing one reading "
        "per interval holds far less. mbedtls record buffers: " +
        std::to_string(fw::net::TlsTransport::kInContentBytes) + " B in + " +
        std::to_string(fw::net::TlsTransport::kOutContentBytes) +
        " B out of content (MBEDTLS_SSL_IN/OUT_CONTENT_LEN of the project's mbedtls " MBEDTLS_VERSION_STRING
        ", plus record headers), per connection. The heap budget test (tests/unit/device/heap_budget_test.cpp) "
        "holds the same path to its limits.";
    auto& js = r.json()["memory"];
    js["mbedtls_in_content_bytes"] = fw::net::TlsTransport::kInContentBytes;
    js["mbedtls_out_content_bytes"] = fw::net::TlsTransport::kOutContentBytes;
    for (const auto& p : phases) {
        tab.rows.push_back({p.name, std::to_string(p.peak), std::to_string(p.after)});
        js["phases"].push_back({{"phase", p.name}, {"peak_bytes", p.peak}, {"after_bytes", p.after}});
        js["peak_bytes"][p.key] = p.peak;
    }
    js["online_outbox_peak_bytes"] = outbox_peak;
    r.add(std::move(tab));
}

}  // namespace bench
