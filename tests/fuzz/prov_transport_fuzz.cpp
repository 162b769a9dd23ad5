// libFuzzer harness for the provisioning transports' framing: the SoftAP HTTP server's request
// parser (request line, headers, Content-Length, keep-alive) and the BLE-like link's frames
// (u16 name length | name | u32 payload length | payload), fed as a client's byte stream arrives,
// in pieces, with the answers framed as the server frames them.
//
// Input: byte 0 steers the run, the rest is what the client sends on one connection.
//   bit 0:    BLE-like framing instead of SoftAP HTTP
//   bits 1-6: bytes that arrive at a time (0: all at once)
//   bit 7:    the device refuses every request (empty answer)
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hal_posix/prov_ble.h"
#include "hal_posix/prov_softap.h"

namespace {

using hal_posix::ProvStreamServer;

volatile uint64_t g_sink;

// The transports without their sockets: the listener is a stand-in descriptor, and the harness
// plays the connection by filling its input buffer.
template <class Transport>
class Unplugged : public Transport {
public:
    template <class... Args>
    explicit Unplugged(Args&&... args) : Transport(std::forward<Args>(args)...) {}
    ~Unplugged() override { this->stop(); }

    uint64_t run(const uint8_t* data, size_t size, size_t step, bool refuse) {
        typename Transport::Conn c;
        c.session = 1;
        uint64_t sum = 0;
        size_t at = 0;
        bool open = true;
        while (open && at < size) {
            size_t n = std::min(step, size - at);
            c.in.append(reinterpret_cast<const char*>(data + at), n);
            at += n;
            while (open && c.in.size() <= ProvStreamServer::kMaxBuffered) {
                hal::ProvRequest req;
                auto p = this->parse(c, req);
                if (p == Transport::Parsed::Incomplete) break;
                if (p == Transport::Parsed::Rejected) open = false;
                if (p == Transport::Parsed::Request) {
                    if (req.body.empty() || req.body.size() > ProvStreamServer::kMaxBody) __builtin_trap();
                    c.endpoint = req.endpoint;
                    std::vector<uint8_t> answer;
                    if (!refuse) answer.assign(req.body.rbegin(), req.body.rend());
                    c.out += this->frame(c, answer);
                    if (c.close_after) open = false;
                }
            }
            if (c.in.size() > ProvStreamServer::kMaxBuffered) open = false;
        }
        for (char ch : c.out) sum += static_cast<uint8_t>(ch);
        return sum;
    }

protected:
    int open_listener() override { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }
    void after_close_listener() override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static hal_posix::IoWait io;
    static const std::vector<std::string> endpoints = {"proto-ver", "prov-session", "prov-config", "prov-scan",
                                                       "custom-data"};
    static Unplugged<hal_posix::ProvSoftAp>* softap = [] {
        auto* t = new Unplugged<hal_posix::ProvSoftAp>(io, uint16_t{0});
        if (t->start("fuzz", endpoints) != hal::Status::Ok) __builtin_trap();
        return t;
    }();
    static Unplugged<hal_posix::ProvBle>* ble = [] {
        auto* t = new Unplugged<hal_posix::ProvBle>(io, std::string("unused"));
        if (t->start("fuzz", endpoints) != hal::Status::Ok) __builtin_trap();
        return t;
    }();
    if (size == 0) return 0;
    const uint8_t control = data[0];
    const size_t step = ((control >> 1) & 0x3F) == 0 ? size : ((control >> 1) & 0x3F);
    const bool refuse = control & 0x80;
    if (control & 1) {
        g_sink = ble->run(data + 1, size - 1, step, refuse);
        // The decoder alone, on the raw bytes: a frame it accepts re-encodes to the same bytes.
        std::string buf(reinterpret_cast<const char*>(data + 1), size - 1);
        size_t used = 0;
        std::string name;
        std::vector<uint8_t> payload;
        if (hal_posix::ble_frame::decode(buf, used, name, payload) == hal_posix::ble_frame::Decoded::Frame &&
            hal_posix::ble_frame::encode(name, payload) != buf.substr(0, used))
            __builtin_trap();
    } else {
        g_sink = softap->run(data + 1, size - 1, step, refuse);
    }
    return 0;
}
