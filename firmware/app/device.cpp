#include "firmware/app/device.h"

#include "firmware/core/enum_names.h"
#include "firmware/core/log.h"
#include "firmware/net/host_port.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "device";

}  // namespace

constexpr EnumName<Device::State> kDeviceStateNames[] = {
    {Device::State::Boot, "boot"},
    {Device::State::MountStorage, "mount-storage"},
    {Device::State::Wifi, "wifi"},
    {Device::State::WaitingForTime, "waiting-for-time"},
    {Device::State::CheckCredentials, "check-credentials"},
    {Device::State::NeedsCertificate, "needs-certificate"},
    {Device::State::Enrolling, "enrolling"},
    {Device::State::Connecting, "connecting"},
    {Device::State::Online, "online"},
};

const char* Device::state_name(State s) { return name_in(kDeviceStateNames, s); }

Device::Device(const hal::Hal& hal, EventLoop& loop, BootInfo boot)
    : hal_(hal),
      loop_(loop),
      boot_(std::move(boot)),
      time_(hal, loop, boot_),
      restart_(hal, loop,
               [this] {
                   if (mqtt()) mqtt()->stop();
               }),
      conn_(hal, loop),
      provisioning_(
          *hal.rng, loop, conn_, cfg_, storage_,
          {[this](const std::string& reason) { set_state(State::Connecting, reason); }, [this] { start_session(); },
           [this] { go_online(false); }, [this](const std::string& reason) { restart_mqtt(reason); }}),
      telemetry_(
          hal, loop, [this] { return profile_.get(); }, [this](const Publish& p) { return publish(p); }),
      ota_tls_(*hal.net, *hal.clock, *hal.rng) {}

Device::~Device() {
    loop_.remove_poller(button_poller_);
    enrollment_.reset();
    conn_.close();
}

void Device::set_state(State s, const std::string& reason) {
    FW_LOGI(kTag, "state %s -> %s: %s", state_name(state_), state_name(s), reason.c_str());
    state_ = s;
    if (s != State::Online) telemetry_.set_online(false);
    if (ota_) ota_->note(std::string(state_name(s)) + ": " + reason);
}

void Device::start() {
    button_poller_ = loop_.add_poller([this] {
        if (hal_.system->poll_button()) {
            FW_LOGW(kTag, "BOOT button pressed");
            factory_reset();
        }
    });
    set_state(State::MountStorage, "power-on");
    storage_.mount(*hal_.flash);
    commands_ = std::make_unique<CommandHandler>(
        storage_.kv.get(), [this](const Command& cmd) { return execute(cmd); },
        [this](const Publish& p) { publish(p); });
    cfg_ = storage_.load_config(*hal_.efuse, boot_.mac);
    provisioning_.configure();
    start_ota();
    telemetry_.schedule(cfg_.interval_s, cfg_.offline_max);
    start_wifi();
}

void Device::start_wifi() {
    set_state(State::Wifi, hal_.wifi ? "joining Wi-Fi" : "no radio on this board");
    if (hal_.wifi == nullptr || hal_.prov == nullptr || !storage_.wifi) {
        await_time("network up");
        return;
    }
    prov_ = start_provisioning(hal_, loop_, cfg_, *storage_.config, *storage_.wifi, boot_.mac,
                               [this](prov::ProvManager::State s) { on_wifi(s); });
}

void Device::on_wifi(prov::ProvManager::State s) {
    using PS = prov::ProvManager::State;
    if (s == PS::Connected) {
        if (state_ == State::Wifi)
            await_time("network up");
        else if (state_ == State::WaitingForTime)
            time_.retry_now();
        else if (mqtt())
            mqtt()->network_restored();  // rejoined after a drop: reconnect soon
        return;
    }
    if (s == PS::Provisioning)
        FW_LOGI(kTag, "waiting for provisioning (service %s)", provisioning_service_name(boot_.mac).c_str());
}

void Device::await_time(const char* why) {
    // With no broker configured there is nothing to connect to, so nothing needs the time yet
    // (check_credentials says what is missing), and a device still being set up asks no server.
    if (time_.known() || !cfg_.broker.configured()) {
        check_credentials(why);
        return;
    }
    set_state(State::WaitingForTime,
              std::string(why) + "; wall clock unset, asking SNTP (" + net::host_ports_text(cfg_.ntp_servers) + ")");
    time_.sync(cfg_.ntp_servers, [this](const std::string& how) {
        if (state_ == State::WaitingForTime) check_credentials(("time set by " + how).c_str());
    });
}

void Device::check_credentials(const char* why) {
    set_state(State::CheckCredentials, why);
    if (!storage_.certs) {
        set_state(State::NeedsCertificate, "no cert store");
        return;
    }
    CredentialCheck c = load_credentials(*storage_.certs, *hal_.efuse, hal_.clock->unix_ms());
    if (!c.ok()) {
        if (cfg_.enroll != EnrollFlow::None && enrollment_cures(c)) {
            start_enrollment(c.detail);
            return;
        }
        // No connect storm: the device waits for a certificate (a new image or certfs);
        // telemetry keeps being buffered meanwhile.
        set_state(State::NeedsCertificate, c.detail);
        return;
    }
    provisioning_.use_certificate(c.creds.cert_pem);
    if (!cfg_.broker.configured()) {
        set_state(State::NeedsCertificate, "no broker configured (config/broker_uri)");
        return;
    }
    const TlsPolicy policy = tls_policy(cfg_, time_.floor_unix_ms());
    if (Status s = conn_.use_identity(c.creds, policy); !s.ok()) {
        set_state(State::NeedsCertificate,
                  std::string("TLS refused the credentials: ") + net::name_of(conn_.tls_error()));
        return;
    }
    if (!ota_tls_.configure(tls_config(conn_.identity(), policy)).ok())
        FW_LOGE(kTag, "HTTPS client refused the credentials: updates from a URL will fail");
    start_mqtt();
}

void Device::start_enrollment(const std::string& reason) {
    enrollment_ = std::make_unique<Enrollment>(
        hal_, loop_, *storage_.certs, enroll_settings(cfg_),
        [this] {
            enrollment_.reset();
            check_credentials("enrolled");
        },
        [this](const std::string& reason, uint32_t retry_ms) {
            set_state(State::Enrolling, reason + "; retry in " + std::to_string(retry_ms) + " ms");
        });
    set_state(State::Enrolling, reason + ": enrolling (" + name_of(cfg_.enroll) + " flow)");
    if (auto started = enrollment_->start(); !started.ok()) {
        enrollment_.reset();
        set_state(State::NeedsCertificate, "cannot enroll: " + started.err().reason);
    }
}

void Device::start_mqtt() {
    ConnectOptions co;
    if (auto bare = provisioning_.unprovisioned_client()) {
        profile_.reset();  // made once provisioning taught what it needs
        co = *bare;
    } else if (auto prof = make_profile(cfg_, BrokerConnection::max_payload()); prof.ok()) {
        profile_ = std::move(prof.value());
        co = profile_->connect_options();
    } else {
        set_state(State::NeedsCertificate, std::string("profile configuration incomplete: ") + name_of(prof.err()));
        return;
    }
    BrokerEvents ev{[this](bool sp) { on_connected(sp); }, [this](const net::MqttDisconnect& d) { on_disconnected(d); },
                    [this](const net::MqttMessage& m) { on_message(m); }, [this](uint16_t) { ota_->on_published(); },
                    log_suback};
    conn_.open(cfg_.broker, co, std::move(ev), cfg_.reconnect_max_s * 1000);
    set_state(State::Connecting,
              "credentials ok, connecting to " + net::host_port_text(cfg_.broker.host, cfg_.broker.port));
    start_session();
}

// The session checks its configuration when it starts: a refusal is not cured by trying again, it
// waits for a person like a missing certificate does.
void Device::start_session() {
    if (Status s = mqtt()->start(); !s.ok())
        set_state(State::NeedsCertificate, std::string("MQTT session not started: ") + name_of(s.err()));
}

void Device::restart_mqtt(const std::string& reason) {
    FW_LOGI(kTag, "reconnecting: %s", reason.c_str());
    provisioning_.cancel();
    conn_.close();
    start_mqtt();
}

void Device::on_connected(bool session_present) {
    if (provisioning_.needed())
        provisioning_.begin();
    else
        go_online(session_present);
}

void Device::go_online(bool session_present) {
    set_state(State::Online, std::string("MQTT connected") + (session_present ? " (session present)" : "") +
                                 (conn_.tls_resumed() ? ", TLS session resumed" : ""));
    for (const auto& sub : profile_->subscriptions()) {
        auto r = mqtt()->subscribe(sub.filter, sub.qos);
        if (!r.ok()) FW_LOGE(kTag, "subscribe %s failed (%s)", sub.filter.c_str(), name_of(r.err()));
    }
    SessionInfo info{boot_.desc.project_name, boot_.desc.version, "ESP32-D0WD", "1", cfg_.interval_s};
    for (const auto& p : profile_->startup_messages(info)) publish(p);
    ota_->on_connected();
    telemetry_.set_online(true);
}

void Device::on_disconnected(const net::MqttDisconnect& d) {
    if (d.cause == net::MqttDisconnectCause::Stopped) return;
    std::string why = std::string(net::name_of(d.cause)) + ": " + net::disconnect_detail(d);
    if (d.cause == net::MqttDisconnectCause::Refused && profile_)
        why += " (" + profile_->connack_error(static_cast<uint8_t>(d.connack)) + ")";
    set_state(State::Connecting, why + ", retry in " + std::to_string(d.retry_in_ms) + " ms");
}

void Device::on_message(const net::MqttMessage& m) {
    if (console_.on_message(m) || !profile_) return;
    if (ota_->on_message(m)) return;  // firmware chunks are streamed, whatever their size
    if (!m.first()) return;
    std::string_view payload(reinterpret_cast<const char*>(m.data.data()), m.data.size());
    Inbound in = m.last() ? profile_->parse_inbound(m.topic, payload) : profile_->parse_oversized(m.topic, m.total_len);
    for (const auto& e : in.errors) FW_LOGE(kTag, "platform: %s", e.c_str());
    for (const auto& cmd : in.commands) commands_->handle(*profile_, cmd, m.retained);
}

CommandResult Device::execute(const Command& cmd) {
    switch (cmd.name) {
        case CommandName::Reboot: restart_.request("reboot command"); return CommandResult::success();
        case CommandName::GetStatus: return status_result(status());
        case CommandName::FactoryReset: factory_reset(); return CommandResult::success();
        case CommandName::SetInterval:
            return reconfigured(update_interval(cfg_, cmd.interval_s, storage_.config.get()));
        case CommandName::SetConfig: return reconfigured(update_config(cfg_, *cmd.params, storage_.config.get()));
        case CommandName::Ota: return ota_->handle(cmd);
        case CommandName::Unknown: break;
    }
    return CommandResult::failure("unknown command '" + cmd.name_text + "'");
}

CommandResult Device::reconfigured(const ConfigUpdate& u) {
    if (!u.error.empty()) return CommandResult::failure(u.error);
    log::set_level(cfg_.log_level);
    telemetry_.schedule(cfg_.interval_s, cfg_.offline_max);
    if (u.report_interval)
        for (const auto& p : profile_->format_interval_changed(cfg_.interval_s)) publish(p);
    if (u.reconnect) restart_.request("connection settings changed");
    return CommandResult::success();
}

bool Device::publish(const Publish& p) {
    auto r = mqtt()->publish(p.topic, p.payload, p.qos, p.retain);
    if (!r.ok()) FW_LOGE(kTag, "publish to %s refused (%s)", p.topic.c_str(), name_of(r.err()));
    return r.ok();
}

void Device::start_ota() {
    OtaHooks h;
    h.publish = [this](const Publish& p) { return mqtt() != nullptr && publish(p); };
    h.restart = [this](const char* why) { restart_.request(why); };
    h.profile = [this] { return profile_.get(); };
    ota_ = std::make_unique<OtaAgent>(hal_, loop_, boot_, storage_.kv.get(), ota_tls_, ota_agent_config(cfg_),
                                      std::move(h));
    ota_->start();
}

void Device::factory_reset() {
    FW_LOGW(kTag, "factory reset: erasing Wi-Fi credentials");
    if (storage_.wifi && !storage_.wifi->erase().ok()) FW_LOGE(kTag, "could not erase the Wi-Fi credentials");
    restart_.request("factory reset");
}

DeviceStatus Device::status() const {
    DeviceStatus s =
        read_status(hal_, boot_.desc.version, telemetry_.dropped() + (mqtt() ? mqtt()->outbox().dropped() : 0),
                    telemetry_.sensor_errors(), cfg_.interval_s);
    s.time_source = time_.source();
    s.tls_version = conn_.tls_version();
    return s;
}

}  // namespace fw::app
