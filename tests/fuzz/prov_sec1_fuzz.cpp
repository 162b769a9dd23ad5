// libFuzzer harness for protocomm with security 1: the prov-session handshake and the secured
// prov-config, prov-scan and custom-data endpoints, plus proto-ver and unknown endpoints, as any
// provisioning client may send them.
//
// The device's RNG is seeded the same for every input, and the client's key is fixed, so the
// session key is the same every time: the harness precomputes the client's handshake once and,
// when asked, establishes session 1 before the fuzzed requests. The fuzzer then writes plaintext:
// the harness encrypts it with the client's half of the keystream, so the requests reach the
// endpoints' protobuf decoders rather than dying as noise.
//
// A handshake costs two X25519 multiplications, a hundred times a request, so the established
// device is kept from one input to the next until an input disturbs it (a handshake message, a
// close, the clock): every input starts from the same state but for the keystream's position,
// which the client's copy follows, so the handlers see the same plaintext on a replay.
//
// Input: byte 0 bit 0 establishes session 1 first; then records of
//   op (1 byte) | length (2 bytes, little-endian, up to 4096) | payload
//   op bits 0-2: 0 prov-session, 1 prov-config, 2 prov-scan, 3 custom-data, 4 proto-ver,
//                5 an unknown endpoint, 6 close the session, 7 the clock jumps past the idle takeover
//   op bit 3:    session 2 instead of 1
//   op bit 4:    sent as is (not encrypted with the client's keystream)
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/prov/config_endpoint.h"
#include "firmware/prov/ctr_stream.h"
#include "firmware/prov/internal/custom_endpoint.h"
#include "firmware/prov/internal/security1.h"
#include "firmware/prov/internal/version_endpoint.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/session.pb-c.h"
#include "firmware/prov/protocomm.h"
#include "firmware/prov/scan_endpoint.h"
#include "firmware/prov/sec1_key.h"
#include "firmware/prov/x25519.h"
#include "fuzz_support.h"
#include "sec1_messages.h"

namespace {

using namespace fw::prov;

constexpr const char* kPop = "abcd1234";
constexpr uint64_t kDeviceSeed = 42;
volatile uint64_t g_sink;

struct FuzzConfig : ConfigHandlers {
    WifiStatus get_status() override {
        WifiStatus s;
        s.state = WifiStatus::State::Connecting;
        s.has_attempts_remaining = true;
        s.attempts_remaining = 2;
        return s;
    }
    fw::Status set_config(const WifiCredentials& c) override {
        sink += c.ssid.size() + c.passphrase.size();
        if (c.ssid.empty()) return fw::Err::InvalidArg;
        return fw::ok_status();
    }
    fw::Status apply_config() override { return fw::ok_status(); }
    uint64_t sink = 0;
};

struct FuzzScan : ScanHandlers {
    FuzzScan() {
        for (uint8_t i = 0; i < 20; ++i)
            aps.push_back(hal::WifiAp{"net-" + std::to_string(i),
                                      {2, 0, 0, 0, 0, i},
                                      static_cast<int8_t>(-30 - i),
                                      static_cast<uint8_t>(1 + i % 13),
                                      hal::WifiAuth::Wpa2Psk});
    }
    fw::Status scan_start(bool, bool, uint32_t, uint32_t) override {
        started = true;
        return fw::ok_status();
    }
    bool scan_finished() override { return started; }
    const std::vector<hal::WifiAp>& scan_results() override { return aps; }
    bool started = false;
    std::vector<hal::WifiAp> aps;
};

// The client's side of the handshake against a device whose RNG is seeded with kDeviceSeed.
struct Handshake {
    std::vector<uint8_t> command0, command1;
    uint8_t key[kX25519Len] = {};
    uint8_t random[Security1::kRandomLen] = {};
};

Handshake make_handshake() {
    Handshake h;
    fake::SeededRng rng(7);
    uint8_t priv[kX25519Len], pub[kX25519Len];
    rng.fill(priv, sizeof priv);
    if (!x25519_public(priv, pub, rng).ok()) __builtin_trap();
    h.command0 = fuzz::sec1_command0(pub);

    // What the device answers: the same every time, its RNG being seeded the same.
    fake::SeededRng device_rng(kDeviceSeed);
    fake::ManualClock clock;
    Security1 device(device_rng, clock, kPop);
    std::vector<uint8_t> resp;
    if (!device.handle_session(1, h.command0, resp).ok()) __builtin_trap();
    auto r0 = pb_unpack<SessionData>(session_data__descriptor, resp);
    const SessionResp0& sr0 = *r0->sec1->sr0;
    if (!sec1_session_key(priv, sr0.device_pubkey.data, kPop, rng, h.key).ok()) __builtin_trap();
    std::memcpy(h.random, sr0.device_random.data, sizeof h.random);

    CtrStream ctr;
    ctr.start(h.key, h.random);
    uint8_t verify[kX25519Len];
    std::memcpy(verify, sr0.device_pubkey.data, kX25519Len);
    ctr.apply(verify, sizeof verify);
    h.command1 = fuzz::sec1_command1(verify);
    return h;
}

// A device serving protocomm with security 1, and the client's copy of session 1's keystream.
struct Device {
    explicit Device(const Handshake* hs) {
        pc.add_endpoint(kVersionEndpoint, make_version_handler(1, true), false);
        pc.add_endpoint(kConfigEndpoint, make_config_handler(config));
        pc.add_endpoint(kScanEndpoint, make_scan_handler(scan));
        pc.add_endpoint(kCustomEndpoint, make_custom_handler([this](const std::string& s) { sink += s.size(); }));
        if (hs == nullptr) return;
        std::vector<uint8_t> out;
        if (!pc.handle(1, kSessionEndpoint, hs->command0, out).ok() ||
            !pc.handle(1, kSessionEndpoint, hs->command1, out).ok() || !sec.ready(1))
            __builtin_trap();
        client.start(hs->key, hs->random);
        uint8_t skip[2 * kX25519Len] = {};  // the two verify data went through the keystream
        client.apply(skip, sizeof skip);
    }
    // Runs the records; false when they changed more than the keystream's position.
    bool run(const uint8_t* data, size_t size, bool established);

    fake::SeededRng rng{kDeviceSeed};
    fake::ManualClock clock;
    Security1 sec{rng, clock, kPop};
    Protocomm pc{sec};
    FuzzConfig config;
    FuzzScan scan;
    CtrStream client;
    uint64_t sink = 0;
};

bool Device::run(const uint8_t* data, size_t size, bool established) {
    static const char* const names[] = {kSessionEndpoint, kConfigEndpoint,  kScanEndpoint,
                                        kCustomEndpoint,  kVersionEndpoint, "no-such-endpoint"};
    bool undisturbed = true;
    std::vector<uint8_t> out;
    size_t at = 0;
    while (at + 3 <= size) {
        const uint8_t op = data[at];
        size_t len = (data[at + 1] | static_cast<size_t>(data[at + 2]) << 8) % 4097;
        at += 3;
        if (len > size - at) len = size - at;
        std::vector<uint8_t> body(data + at, data + at + len);
        at += len;
        const uint32_t session = (op & 0x08) ? 2 : 1;
        const int target = op & 0x07;
        if (target == 0 || target >= 6) undisturbed = false;
        if (target == 6) {
            pc.close_session(session);
            continue;
        }
        if (target == 7) {  // time passes: an idle session can be taken over, a PoP lockout has ended
            clock.advance(SessionGate::kMaxLockoutMs + 1);
            continue;
        }
        // The device runs session 1's secured requests and answers through the keystream:
        // the client's copy moves with it, past a request sent as is too.
        const bool keyed = established && session == 1 && target >= 1 && target <= 3 && sec.ready(1);
        if (keyed) {
            std::vector<uint8_t> moved = body;
            client.apply(moved);
            if (!(op & 0x10)) body = std::move(moved);
        }
        fw::Status st = pc.handle(session, names[target], std::move(body), out);
        if (st.ok() && keyed) client.apply(out);
        for (uint8_t b : out) sink += b;
    }
    return undisturbed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::init_log();
    static const Handshake hs = make_handshake();
    static std::unique_ptr<Device> warm;  // session 1 established, undisturbed since
    if (size == 0) return 0;
    if (!(data[0] & 1)) {
        Device cold(nullptr);
        cold.run(data + 1, size - 1, false);
        g_sink = cold.sink + cold.config.sink;
        return 0;
    }
    if (!warm) warm = std::make_unique<Device>(&hs);
    warm->scan.started = false;
    if (!warm->run(data + 1, size - 1, true)) warm.reset();
    if (warm) g_sink = warm->sink + warm->config.sink;
    return 0;
}
