#include "hal_posix/sim_wifi.h"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "firmware/core/hex.h"
#include "hal_posix/heap_scope.h"

namespace hal_posix {
namespace {

using nlohmann::json;

bool fail(std::string& err, const std::string& where, const std::string& what) {
    err = where + ": " + what;
    return false;
}

bool only_keys(const json& o, std::initializer_list<const char*> allowed, const std::string& where, std::string& err) {
    if (!o.is_object()) return fail(err, where, "expected an object");
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* k) { return it.key() == k; });
        if (!known) return fail(err, where, "unknown key '" + it.key() + "'");
    }
    return true;
}

// Optional integer in [lo, hi]; `out` keeps its default when the key is absent.
bool opt_int(const json& o, const char* key, long long lo, long long hi, long long& out, const std::string& where,
             std::string& err) {
    if (!o.contains(key)) return true;
    const json& v = o[key];
    if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
        return fail(err, where + "." + key, "expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
    out = v.get<long long>();
    return true;
}

bool opt_string(const json& o, const char* key, std::string& out, const std::string& where, std::string& err) {
    if (!o.contains(key)) return true;
    if (!o[key].is_string()) return fail(err, where + "." + key, "expected a string");
    out = o[key].get<std::string>();
    return true;
}

bool opt_seconds(const json& o, const char* key, uint64_t& out_ms, bool required, const std::string& where,
                 std::string& err) {
    if (!o.contains(key)) return required ? fail(err, where + "." + key, "missing") : true;
    const json& v = o[key];
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 1e9)
        return fail(err, where + "." + key, "expected seconds (a number >= 0)");
    out_ms = static_cast<uint64_t>(v.get<double>() * 1000.0 + 0.5);
    return true;
}

bool parse_auth(const std::string& s, hal::WifiAuth& out) {
    static const std::pair<const char*, hal::WifiAuth> kNames[] = {
        {"open", hal::WifiAuth::Open},           {"wep", hal::WifiAuth::Wep},
        {"wpa", hal::WifiAuth::WpaPsk},          {"wpa2", hal::WifiAuth::Wpa2Psk},
        {"wpa_wpa2", hal::WifiAuth::WpaWpa2Psk}, {"wpa3", hal::WifiAuth::Wpa3Psk},
    };
    for (const auto& [name, auth] : kNames)
        if (s == name) {
            out = auth;
            return true;
        }
    return false;
}

bool parse_network(const json& o, size_t index, SimWifi::Network& n, std::string& err) {
    std::string where = "networks[" + std::to_string(index) + "]";
    if (!only_keys(o, {"ssid", "password", "auth", "rssi", "channel", "bssid", "assoc_fail"}, where, err)) return false;
    if (!o.contains("ssid") || !o["ssid"].is_string() || o["ssid"].get<std::string>().empty() ||
        o["ssid"].get<std::string>().size() > 32)
        return fail(err, where + ".ssid", "expected a string of 1..32 bytes");
    n.ssid = o["ssid"].get<std::string>();
    if (!opt_string(o, "password", n.password, where, err)) return false;
    n.auth = n.password.empty() ? hal::WifiAuth::Open : hal::WifiAuth::Wpa2Psk;
    std::string auth;
    if (!opt_string(o, "auth", auth, where, err)) return false;
    if (!auth.empty() && !parse_auth(auth, n.auth))
        return fail(err, where + ".auth", "expected open, wep, wpa, wpa2, wpa_wpa2 or wpa3");
    if (n.auth != hal::WifiAuth::Open && n.password.empty())
        return fail(err, where + ".password", "a secured network needs a password");
    long long rssi = n.rssi, channel = n.channel;
    if (!opt_int(o, "rssi", -127, 0, rssi, where, err) || !opt_int(o, "channel", 1, 14, channel, where, err))
        return false;
    n.rssi = static_cast<int8_t>(rssi);
    n.channel = static_cast<uint8_t>(channel);
    std::string bssid;
    if (!opt_string(o, "bssid", bssid, where, err)) return false;
    if (bssid.empty()) {
        const uint8_t dflt[6] = {0x02, 0, 0, 0, static_cast<uint8_t>(index >> 8), static_cast<uint8_t>(index + 1)};
        std::copy(dflt, dflt + 6, n.bssid);
    } else if (!fw::hex_decode(bssid, n.bssid, 6)) {
        return fail(err, where + ".bssid", "expected a MAC like aa:bb:cc:dd:ee:01");
    }
    if (o.contains("assoc_fail")) {
        if (!o["assoc_fail"].is_boolean()) return fail(err, where + ".assoc_fail", "expected true or false");
        n.assoc_fail = o["assoc_fail"].get<bool>();
    }
    return true;
}

bool parse_outage(const json& o, size_t index, SimWifi::Outage& out, std::string& err) {
    std::string where = "outages[" + std::to_string(index) + "]";
    if (!only_keys(o, {"at_s", "for_s", "ssid"}, where, err)) return false;
    if (!opt_seconds(o, "at_s", out.at_ms, true, where, err) || !opt_seconds(o, "for_s", out.for_ms, true, where, err))
        return false;
    if (out.for_ms == 0) return fail(err, where + ".for_s", "must be > 0");
    return opt_string(o, "ssid", out.ssid, where, err);
}

}  // namespace

bool SimWifi::parse(const std::string& json_text, Environment& out, std::string& err) {
    json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded()) return fail(err, "radio", "not valid JSON");
    if (!only_keys(j, {"networks", "outages", "join_ms"}, "radio", err)) return false;
    Environment env;
    if (!j.contains("networks") || !j["networks"].is_array()) return fail(err, "networks", "expected an array");
    for (size_t i = 0; i < j["networks"].size(); ++i) {
        Network n;
        if (!parse_network(j["networks"][i], i, n, err)) return false;
        env.networks.push_back(n);
    }
    if (j.contains("outages")) {
        if (!j["outages"].is_array()) return fail(err, "outages", "expected an array");
        for (size_t i = 0; i < j["outages"].size(); ++i) {
            Outage o;
            if (!parse_outage(j["outages"][i], i, o, err)) return false;
            env.outages.push_back(o);
        }
    }
    long long join_ms = env.join_ms;
    if (!opt_int(j, "join_ms", 0, 60000, join_ms, "radio", err)) return false;
    env.join_ms = static_cast<uint32_t>(join_ms);
    out = std::move(env);
    return true;
}

bool SimWifi::load_file(const std::string& path, Environment& out, std::string& err) {
    std::ifstream f(path);
    if (!f) return fail(err, path, "cannot open");
    std::stringstream ss;
    ss << f.rdbuf();
    if (!parse(ss.str(), out, err)) {
        err = path + ": " + err;
        return false;
    }
    return true;
}

SimWifi::SimWifi(hal::Clock& clock, IoWait* io, Environment env, LinkFn on_link)
    : clock_(clock), io_(io), env_(std::move(env)), on_link_(std::move(on_link)) {
    if (io_ != nullptr) {
        timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        if (timer_fd_ >= 0) io_->set(timer_fd_, POLLIN);
    }
    set_link(false);
}

SimWifi::~SimWifi() {
    if (timer_fd_ >= 0) {
        io_->set(timer_fd_, 0);
        ::close(timer_fd_);
    }
}

bool SimWifi::on_air(const Network& n, uint64_t now_ms) const {
    return std::none_of(env_.outages.begin(), env_.outages.end(), [&](const Outage& o) {
        return (o.ssid.empty() || o.ssid == n.ssid) && now_ms >= o.at_ms && now_ms < o.at_ms + o.for_ms;
    });
}

hal::Status SimWifi::scan(std::vector<hal::WifiAp>& out) {
    HostHeap host_heap;
    advance();
    out.clear();
    uint64_t now = clock_.now_ms();
    for (const auto& n : env_.networks) {
        if (!on_air(n, now)) continue;
        hal::WifiAp ap{n.ssid, {}, n.rssi, n.channel, n.auth};
        std::copy(n.bssid, n.bssid + 6, ap.bssid);
        out.push_back(ap);
    }
    // Strongest first, as esp_wifi_scan_get_ap_records returns them.
    std::stable_sort(out.begin(), out.end(),
                     [](const hal::WifiAp& a, const hal::WifiAp& b) { return a.rssi > b.rssi; });
    return hal::Status::Ok;
}

hal::Status SimWifi::connect(const std::string& ssid, const std::string& passphrase) {
    HostHeap host_heap;
    if (ssid.empty() || ssid.size() > 32) return hal::Status::Io;
    if (joining_ || connected()) disconnect();
    joining_ = true;
    join_due_ms_ = clock_.now_ms() + env_.join_ms;
    join_ssid_ = ssid;
    join_pass_ = passphrase;
    arm_timer();
    return hal::Status::Ok;
}

void SimWifi::disconnect() {
    HostHeap host_heap;
    if (!joining_ && !connected()) return;
    joining_ = false;
    if (connected()) {
        connected_ = -1;
        set_link(false);
    }
    push(hal::WifiEvent::Kind::Disconnected, hal::WifiReason::AssocLeave);
    arm_timer();
}

bool SimWifi::poll_event(hal::WifiEvent& ev) {
    HostHeap host_heap;
    advance();
    if (events_.empty()) return false;
    ev = events_.front();
    events_.pop_front();
    return true;
}

int8_t SimWifi::rssi() {
    HostHeap host_heap;
    advance();
    return connected() ? env_.networks[static_cast<size_t>(connected_)].rssi : 0;
}

void SimWifi::advance() {
    if (timer_fd_ >= 0) {
        uint64_t expirations;
        while (::read(timer_fd_, &expirations, sizeof expirations) > 0) {}
    }
    uint64_t now = clock_.now_ms();
    if (joining_ && now >= join_due_ms_) finish_join();
    if (connected() && !on_air(env_.networks[static_cast<size_t>(connected_)], now)) {
        connected_ = -1;
        set_link(false);
        push(hal::WifiEvent::Kind::Disconnected, hal::WifiReason::BeaconTimeout);
    }
    arm_timer();
}

void SimWifi::finish_join() {
    joining_ = false;
    // The strongest AP on the air with that SSID, as a station picks it.
    int best = -1;
    for (size_t i = 0; i < env_.networks.size(); ++i) {
        const Network& n = env_.networks[i];
        if (n.ssid != join_ssid_ || !on_air(n, join_due_ms_)) continue;
        if (best < 0 || n.rssi > env_.networks[static_cast<size_t>(best)].rssi) best = static_cast<int>(i);
    }
    hal::WifiReason reason = hal::WifiReason::None;
    if (best < 0) {
        reason = hal::WifiReason::NoApFound;
    } else {
        const Network& n = env_.networks[static_cast<size_t>(best)];
        if (n.assoc_fail)
            reason = hal::WifiReason::AssocFail;
        else if (n.auth != hal::WifiAuth::Open && join_pass_ != n.password)
            reason = hal::WifiReason::AuthFail;
    }
    join_pass_.clear();
    if (reason != hal::WifiReason::None) {
        push(hal::WifiEvent::Kind::Disconnected, reason);
        return;
    }
    connected_ = best;
    set_link(true);
    push(hal::WifiEvent::Kind::Connected, hal::WifiReason::None);
}

void SimWifi::set_link(bool up) {
    if (on_link_) on_link_(up);
}

void SimWifi::push(hal::WifiEvent::Kind kind, hal::WifiReason reason) {
    events_.push_back(hal::WifiEvent{kind, reason});
}

void SimWifi::arm_timer() {
    if (timer_fd_ < 0) return;
    uint64_t now = clock_.now_ms();
    uint64_t due = std::numeric_limits<uint64_t>::max();
    if (!events_.empty()) due = now;
    if (joining_) due = std::min(due, join_due_ms_);
    if (connected()) {
        const Network& n = env_.networks[static_cast<size_t>(connected_)];
        for (const auto& o : env_.outages)
            if ((o.ssid.empty() || o.ssid == n.ssid) && o.at_ms >= now) due = std::min(due, o.at_ms);
    }
    itimerspec its{};
    if (due != std::numeric_limits<uint64_t>::max()) {
        uint64_t in_ms = due > now ? due - now : 0;
        // A zero it_value disarms the timer: "now" is the shortest non-zero delay.
        its.it_value.tv_sec = static_cast<time_t>(in_ms / 1000);
        its.it_value.tv_nsec = in_ms == 0 ? 1 : static_cast<long>(in_ms % 1000) * 1000000L;
    }
    ::timerfd_settime(timer_fd_, 0, &its, nullptr);
}

}  // namespace hal_posix
