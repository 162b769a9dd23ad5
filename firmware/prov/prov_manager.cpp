#include "firmware/prov/prov_manager.h"

#include "firmware/core/enum_names.h"
#include "firmware/core/log.h"
#include "firmware/prov/internal/custom_endpoint.h"
#include "firmware/prov/internal/security0.h"
#include "firmware/prov/internal/security1.h"
#include "firmware/prov/internal/version_endpoint.h"
#include "firmware/prov/security2.h"

namespace fw::prov {
namespace {

constexpr const char* kTag = "wifi_prov";

// Failures that retrying will not fix: the password is wrong or the network is not there. A
// WPA2 handshake timeout is how a wrong password usually shows on a chip, so it counts too.
bool is_definite(hal::WifiReason r) {
    return r == hal::WifiReason::AuthFail || r == hal::WifiReason::HandshakeTimeout || r == hal::WifiReason::NoApFound;
}

WifiStatus::FailReason fail_reason_for(hal::WifiReason r) {
    return r == hal::WifiReason::AuthFail || r == hal::WifiReason::HandshakeTimeout
               ? WifiStatus::FailReason::AuthError
               : WifiStatus::FailReason::NetworkNotFound;
}

constexpr fw::EnumName<hal::WifiReason> kWifiReasonNames[] = {
    {hal::WifiReason::None, "none"},
    {hal::WifiReason::AssocLeave, "assoc leave"},
    {hal::WifiReason::BeaconTimeout, "beacon timeout"},
    {hal::WifiReason::NoApFound, "no AP found"},
    {hal::WifiReason::AuthFail, "auth fail"},
    {hal::WifiReason::AssocFail, "assoc fail"},
    {hal::WifiReason::HandshakeTimeout, "handshake timeout"},
};

const char* name_of(hal::WifiReason r) { return fw::name_in(kWifiReasonNames, r); }

std::unique_ptr<Security> make_security(const ProvManagerConfig& cfg, hal::Rng& rng, hal::Clock& clock) {
    if (cfg.sec_ver == 0) return std::make_unique<Security0>();
    if (cfg.sec_ver == 1) return std::make_unique<Security1>(rng, clock, cfg.pop);
    if (cfg.sec_ver == 2 && check_sec2_verifier(cfg.sec2).ok())
        return std::make_unique<Security2>(rng, clock, cfg.sec2);
    return nullptr;
}

}  // namespace

ProvManager::ProvManager(EventLoop& loop, hal::Wifi& wifi, hal::ProvTransport& transport, hal::Rng& rng,
                         CredentialStore& store, ProvManagerConfig config)
    : loop_(loop),
      wifi_(wifi),
      store_(store),
      cfg_(std::move(config)),
      backoff_(rng, cfg_.backoff_base_ms, cfg_.backoff_cap_ms, cfg_.backoff_floor_ms),
      security_(make_security(cfg_, rng, loop.clock())) {
    if (!security_) return;
    protocomm_ = std::make_unique<Protocomm>(*security_);
    protocomm_->add_endpoint(kVersionEndpoint, make_version_handler(cfg_.sec_ver, !cfg_.pop.empty()), false);
    protocomm_->add_endpoint(kConfigEndpoint, make_config_handler(*this));
    protocomm_->add_endpoint(kScanEndpoint, make_scan_handler(*this));
    protocomm_->add_endpoint(kCtrlEndpoint, make_ctrl_handler(*this));
    protocomm_->add_endpoint(kCustomEndpoint, make_custom_handler([this](const std::string& data) {
                                 custom_data_ = data;
                                 if (on_custom_) on_custom_(data);
                             }));
    server_ = std::make_unique<ProvServer>(loop, transport, *protocomm_);
    // The client read its result and left: no need to wait for the grace period.
    server_->on_session_closed([this](uint32_t) {
        if (state_ == State::Connected) schedule_service_stop(0);
    });
}

ProvManager::~ProvManager() {
    cancel_timers();
    if (wifi_poller_ != 0) loop_.remove_poller(wifi_poller_);
}

constexpr EnumName<ProvManager::State> kProvStateNames[] = {
    {ProvManager::State::Unprovisioned, "unprovisioned"},
    {ProvManager::State::Provisioning, "provisioning"},
    {ProvManager::State::Connecting, "connecting"},
    {ProvManager::State::Connected, "connected"},
};

const char* ProvManager::state_name(State s) { return name_in(kProvStateNames, s); }

Status ProvManager::start() {
    if (!security_) {
        FW_LOGE(kTag, "unsupported security version %u", static_cast<unsigned>(cfg_.sec_ver));
        return Err::Unsupported;
    }
    if (state_ != State::Unprovisioned) return Err::BadState;
    wifi_poller_ = loop_.add_poller([this] { poll_wifi(); });
    auto stored = store_.load();
    if (stored.ok()) {
        known_ = stored.value();
        has_known_ = true;
        set_state(State::Connecting);
        join(Join::Known);
        return ok_status();
    }
    if (stored.err() != Err::NotFound)
        FW_LOGW(kTag, "credential store unreadable (%s): provisioning", name_of(stored.err()));
    enter_provisioning();
    return server_->running() ? ok_status() : Status(Err::Io);
}

void ProvManager::factory_reset() {
    FW_LOGW(kTag, "factory reset: erasing Wi-Fi credentials");
    Status st = store_.erase();
    if (!st.ok()) FW_LOGE(kTag, "erasing credentials failed: %s", name_of(st.err()));
    cancel_timers();
    if (joining_ != Join::None || state_ == State::Connected) wifi_.disconnect();
    joining_ = Join::None;
    known_ = WifiCredentials{};
    has_known_ = false;
    pending_ = WifiCredentials{};
    has_pending_ = false;
    connected_once_ = false;
    definite_failures_ = 0;
    status_ = WifiStatus{};
    if (state_ != State::Unprovisioned) enter_provisioning();
}

Status ProvManager::set_config(const WifiCredentials& creds) {
    if (state_ != State::Provisioning) return Err::BadState;
    if (creds.ssid.empty() || creds.ssid.size() > WifiCredentials::kMaxSsid ||
        creds.passphrase.size() > WifiCredentials::kMaxPassphrase ||
        (!creds.passphrase.empty() && creds.passphrase.size() < 8)) {
        FW_LOGW(kTag, "SetConfig refused: ssid/passphrase length out of range");
        return Err::InvalidArg;
    }
    pending_ = creds;
    has_pending_ = true;
    FW_LOGI(kTag, "received credentials for '%s'", creds.ssid.c_str());
    return ok_status();
}

Status ProvManager::apply_config() {
    if (state_ != State::Provisioning || !has_pending_) return Err::BadState;
    loop_.cancel(retry_timer_);
    if (joining_ != Join::None) wifi_.disconnect();  // abandon a background try of the stored network
    joining_ = Join::None;
    applied_ = pending_;
    applied_attempts_ = 0;
    backoff_.reset();
    status_ = WifiStatus{};
    status_.state = WifiStatus::State::Connecting;
    set_state(State::Connecting);
    join(Join::Applied);
    return ok_status();
}

Status ProvManager::scan_start(bool, bool, uint32_t, uint32_t) {
    scan_done_ = false;
    scan_.clear();
    hal::Status st = wifi_.scan(scan_);
    if (st != hal::Status::Ok) return from_hal(st);
    scan_done_ = true;
    return ok_status();
}

Status ProvManager::ctrl_reset() {
    if (state_ != State::Provisioning || !status_.has_fail_reason) {
        FW_LOGW(kTag, "CtrlReset refused: only after a failed attempt (state %s)", state_name(state_));
        return Err::BadState;
    }
    FW_LOGI(kTag, "CtrlReset: failure cleared, waiting for new credentials");
    status_ = WifiStatus{};
    has_pending_ = false;
    return ok_status();
}

Status ProvManager::ctrl_reprov() {
    if (state_ == State::Unprovisioned) return Err::BadState;
    FW_LOGI(kTag, "CtrlReprov: back to provisioning (stored credentials kept until new ones join)");
    cancel_timers();
    if (joining_ != Join::None || state_ == State::Connected) wifi_.disconnect();
    joining_ = Join::None;
    has_pending_ = false;
    status_ = WifiStatus{};
    set_state(State::Provisioning);
    return ok_status();
}

void ProvManager::set_state(State s) {
    if (s == state_) return;
    FW_LOGI(kTag, "%s -> %s", state_name(state_), state_name(s));
    state_ = s;
    if (on_state_) on_state_(s);
}

void ProvManager::enter_provisioning() {
    set_state(State::Provisioning);
    if (!server_->start(cfg_.service_name).ok()) FW_LOGE(kTag, "provisioning service unavailable");
    arm_background_retry();
}

void ProvManager::join(Join kind) {
    const WifiCredentials& c = kind == Join::Applied ? applied_ : known_;
    joining_ = kind;
    FW_LOGI(kTag, "joining '%s'", c.ssid.c_str());
    hal::Status st = wifi_.connect(c.ssid, c.passphrase);
    if (st != hal::Status::Ok) {
        FW_LOGW(kTag, "radio refused to connect: %s", name_of(st));
        joining_ = Join::None;
        join_failed(kind, hal::WifiReason::AssocFail);
    }
}

void ProvManager::retry(Join kind, uint32_t delay_ms) {
    loop_.cancel(retry_timer_);
    FW_LOGI(kTag, "retrying in %u ms", static_cast<unsigned>(delay_ms));
    retry_timer_ = loop_.add_timer(delay_ms, [this, kind] {
        retry_timer_ = EventLoop::kNoTimer;
        join(kind);
    });
}

void ProvManager::poll_wifi() {
    hal::WifiEvent ev;
    while (wifi_.poll_event(ev)) {
        if (ev.kind == hal::WifiEvent::Kind::Connected) {
            if (joining_ != Join::None) joined();
            continue;
        }
        if (ev.reason == hal::WifiReason::AssocLeave) continue;  // our own disconnect()
        if (state_ == State::Connected) {
            link_lost(ev.reason);
            continue;
        }
        Join kind = joining_;
        if (kind == Join::None) continue;  // nothing of ours was in flight
        joining_ = Join::None;
        join_failed(kind, ev.reason);
    }
}

void ProvManager::joined() {
    Join kind = joining_;
    joining_ = Join::None;
    loop_.cancel(retry_timer_);
    connected_once_ = true;
    definite_failures_ = 0;
    backoff_.reset();
    if (kind == Join::Applied) {
        known_ = applied_;
        has_known_ = true;
        has_pending_ = false;
        Status st = store_.save(known_);
        if (st.ok())
            FW_LOGI(kTag, "credentials saved");
        else
            FW_LOGE(kTag, "saving credentials failed: %s", name_of(st.err()));
    }
    status_ = WifiStatus{};
    status_.state = WifiStatus::State::Connected;
    status_.ssid = known_.ssid;
    FW_LOGI(kTag, "connected to '%s'", known_.ssid.c_str());
    set_state(State::Connected);
    if (service_running()) schedule_service_stop(cfg_.stop_grace_ms);
}

void ProvManager::join_failed(Join kind, hal::WifiReason reason) {
    const WifiCredentials& c = kind == Join::Applied ? applied_ : known_;
    FW_LOGW(kTag, "joining '%s' failed: %s (%u)", c.ssid.c_str(), name_of(reason), static_cast<unsigned>(reason));
    if (kind == Join::Applied) {
        if (!is_definite(reason) && ++applied_attempts_ < cfg_.prov_max_attempts) {
            status_ = WifiStatus{};
            status_.state = WifiStatus::State::Connecting;
            status_.has_attempts_remaining = true;
            status_.attempts_remaining = cfg_.prov_max_attempts - applied_attempts_;
            retry(Join::Applied, backoff_.next_ms());
            return;
        }
        status_ = WifiStatus{};
        status_.has_fail_reason = true;
        status_.fail_reason = fail_reason_for(reason);
        set_state(State::Provisioning);
        arm_background_retry();
        return;
    }
    if (state_ == State::Provisioning) {  // a background try of the stored network
        arm_background_retry();
        return;
    }
    if (!connected_once_ && is_definite(reason) && ++definite_failures_ >= cfg_.max_boot_failures) {
        FW_LOGW(kTag, "stored network unusable after %u attempts: starting provisioning",
                static_cast<unsigned>(definite_failures_));
        enter_provisioning();
        return;
    }
    retry(Join::Known, backoff_.next_ms());
}

void ProvManager::link_lost(hal::WifiReason reason) {
    FW_LOGW(kTag, "link lost: %s (%u)", name_of(reason), static_cast<unsigned>(reason));
    set_state(State::Connecting);
    backoff_.reset();
    retry(Join::Known, backoff_.next_ms());
}

void ProvManager::arm_background_retry() {
    if (!has_known_ || state_ != State::Provisioning) return;
    loop_.cancel(retry_timer_);
    retry_timer_ = loop_.add_timer(cfg_.stored_retry_ms, [this] {
        retry_timer_ = EventLoop::kNoTimer;
        if (state_ == State::Provisioning && joining_ == Join::None) join(Join::Known);
    });
}

void ProvManager::schedule_service_stop(uint32_t delay_ms) {
    loop_.cancel(stop_timer_);
    stop_timer_ = loop_.add_timer(delay_ms, [this] {
        stop_timer_ = EventLoop::kNoTimer;
        if (state_ != State::Provisioning) server_->stop();
    });
}

void ProvManager::cancel_timers() {
    loop_.cancel(retry_timer_);
    loop_.cancel(stop_timer_);
    retry_timer_ = stop_timer_ = EventLoop::kNoTimer;
}

}  // namespace fw::prov
