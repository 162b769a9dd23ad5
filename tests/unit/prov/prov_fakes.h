#pragma once
// Test doubles for the provisioning tests: a scripted RNG (known keys), a radio whose networks the
// test edits, an in-memory provisioning transport, and client transports that reach a device
// running in the same thread.
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/core/event_loop.h"
#include "firmware/core/hex.h"
#include "firmware/prov/protocomm.h"
#include "hal/prov_transport.h"
#include "hal/wifi.h"
#include "tools/src/prov/transport.h"

namespace provtest {

inline std::vector<uint8_t> unhex(const std::string& h) {
    std::vector<uint8_t> out;
    fw::hex_decode(h, out);
    return out;
}

inline std::vector<uint8_t> bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

// Hands out the scripted bytes first, then a seeded stream.
class ScriptedRng : public hal::Rng {
public:
    void script(const std::vector<uint8_t>& b) { queue_.insert(queue_.end(), b.begin(), b.end()); }
    void fill(void* dst, size_t len) override {
        auto* p = static_cast<uint8_t*>(dst);
        for (size_t i = 0; i < len; ++i) {
            if (!queue_.empty()) {
                p[i] = queue_.front();
                queue_.pop_front();
            } else {
                rest_.fill(p + i, 1);
            }
        }
    }

private:
    std::deque<uint8_t> queue_;
    fake::SeededRng rest_;
};

// A radio with networks the test controls. Join results are queued at once.
class FakeWifi : public hal::Wifi {
public:
    std::map<std::string, std::string> networks;          // ssid -> password
    bool air_up = true;                                   // false: every AP is gone
    hal::WifiReason refuse_with = hal::WifiReason::None;  // e.g. AssocFail for every join
    int connects = 0;
    std::vector<std::string> joined_ssids;
    std::vector<std::string> passphrases_seen;

    hal::Status scan(std::vector<hal::WifiAp>& out) override {
        out.clear();
        if (!air_up) return hal::Status::Ok;
        uint8_t n = 0;
        for (const auto& [ssid, pass] : networks) {
            ++n;
            hal::WifiAuth auth = pass.empty() ? hal::WifiAuth::Open : hal::WifiAuth::Wpa2Psk;
            hal::WifiAp ap{ssid, {0x02, 0, 0, 0, 0, n}, static_cast<int8_t>(-40 - n), n, auth};
            out.push_back(ap);
        }
        return hal::Status::Ok;
    }
    hal::Status connect(const std::string& ssid, const std::string& passphrase) override {
        ++connects;
        passphrases_seen.push_back(passphrase);
        auto it = networks.find(ssid);
        if (!air_up || it == networks.end()) {
            push(hal::WifiEvent::Kind::Disconnected, hal::WifiReason::NoApFound);
        } else if (refuse_with != hal::WifiReason::None) {
            push(hal::WifiEvent::Kind::Disconnected, refuse_with);
        } else if (!it->second.empty() && it->second != passphrase) {
            push(hal::WifiEvent::Kind::Disconnected, hal::WifiReason::AuthFail);
        } else {
            connected_ = true;
            joined_ssids.push_back(ssid);
            push(hal::WifiEvent::Kind::Connected, hal::WifiReason::None);
        }
        return hal::Status::Ok;
    }
    void disconnect() override {
        if (!connected_) return;
        connected_ = false;
        push(hal::WifiEvent::Kind::Disconnected, hal::WifiReason::AssocLeave);
    }
    bool poll_event(hal::WifiEvent& ev) override {
        if (events_.empty()) return false;
        ev = events_.front();
        events_.pop_front();
        return true;
    }
    int8_t rssi() override { return connected_ ? -50 : 0; }

    // The AP vanishes: the link drops as a beacon timeout.
    void drop_link() {
        air_up = false;
        if (!connected_) return;
        connected_ = false;
        push(hal::WifiEvent::Kind::Disconnected, hal::WifiReason::BeaconTimeout);
    }
    bool connected() const { return connected_; }

private:
    void push(hal::WifiEvent::Kind k, hal::WifiReason r) { events_.push_back(hal::WifiEvent{k, r}); }
    std::deque<hal::WifiEvent> events_;
    bool connected_ = false;
};

// hal::ProvTransport in memory. A client (below) queues requests and reads the answers.
class MemProvTransport : public hal::ProvTransport {
public:
    bool started = false;
    std::vector<std::string> endpoints;
    std::deque<hal::ProvRequest> requests;
    std::map<uint32_t, std::deque<std::vector<uint8_t>>> answers;
    std::deque<uint32_t> closed;

    hal::Status start(const std::string&, const std::vector<std::string>& eps) override {
        started = true;
        endpoints = eps;
        return hal::Status::Ok;
    }
    void stop() override { started = false; }
    hal::Status poll(hal::ProvRequest& req) override {
        if (requests.empty()) return hal::Status::WouldBlock;
        req = requests.front();
        requests.pop_front();
        return hal::Status::Ok;
    }
    hal::Status respond(uint32_t session, const std::vector<uint8_t>& body) override {
        answers[session].push_back(body);
        return hal::Status::Ok;
    }
    bool poll_closed(uint32_t& session) override {
        if (closed.empty()) return false;
        session = closed.front();
        closed.pop_front();
        return true;
    }
};

// A client link through MemProvTransport: each send runs the device's event loop until the
// answer is there (the loop's manual clock advances only when it sleeps).
class LoopClient : public provcli::Transport {
public:
    LoopClient(fw::EventLoop& loop, MemProvTransport& t, uint32_t session) : loop_(loop), t_(t), session_(session) {}
    std::vector<uint8_t> send(const std::string& endpoint, const std::vector<uint8_t>& body) override {
        if (!t_.started) throw provcli::TransportError("provisioning service not running");
        t_.requests.push_back(hal::ProvRequest{session_, endpoint, body});
        auto& q = t_.answers[session_];
        for (int i = 0; i < 100 && q.empty(); ++i) loop_.run_once(0);
        if (q.empty()) throw provcli::TransportError("no answer");
        std::vector<uint8_t> out = q.front();
        q.pop_front();
        if (out.empty()) throw provcli::Refused("refused");
        return out;
    }
    void close() { t_.closed.push_back(session_); }

private:
    fw::EventLoop& loop_;
    MemProvTransport& t_;
    uint32_t session_;
};

// A client link straight into a Protocomm (no event loop).
class DirectClient : public provcli::Transport {
public:
    DirectClient(fw::prov::Protocomm& pc, uint32_t session) : pc_(pc), session_(session) {}
    std::vector<uint8_t> send(const std::string& endpoint, const std::vector<uint8_t>& body) override {
        sent.push_back(body);
        std::vector<uint8_t> out;
        if (!pc_.handle(session_, endpoint, body, out).ok()) throw provcli::Refused("refused");
        return out;
    }
    std::vector<std::vector<uint8_t>> sent;  // every request body, in order

private:
    fw::prov::Protocomm& pc_;
    uint32_t session_;
};

}  // namespace provtest
