#include "firmware/app/device.h"

#include <cstdio>

#include "firmware/app/enroll_openremote.h"
#include "firmware/app/prov_sec2_config.h"
#include "firmware/core/log.h"
#include "firmware/net/mqtt_topic.h"
#include "firmware/prov/device_pop.h"
#include "firmware/storage/partition_table.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "device";
constexpr uint32_t kRestartDelayMs = 1500;  // lets the command's answer reach the broker first
constexpr uint32_t kProvisionTimeoutMs = 30000;

// The credential problems a new certificate from enrollment cures. A key that exists but does not
// open (another chip's flash, damage) or a missing CA is left to a person: replacing them
// silently would hide the fault.
bool enrollment_cures(const CredentialCheck& c) {
    if (c.file == nullptr) return false;
    std::string_view file = c.file;
    if (file == kDeviceKeyFile) return c.problem == CredentialProblem::Missing || c.problem == CredentialProblem::KeyMismatch;
    if (file != kDeviceCertFile) return false;
    return c.problem == CredentialProblem::Missing || c.problem == CredentialProblem::Unparsable ||
           c.problem == CredentialProblem::Expired;
}

std::string hex_suffix(const uint8_t mac[6]) {
    char b[8];
    std::snprintf(b, sizeof b, "%02X%02X%02X", mac[3], mac[4], mac[5]);
    return b;
}

}  // namespace

const char* Device::state_name(State s) {
    switch (s) {
        case State::Boot: return "boot";
        case State::MountStorage: return "mount-storage";
        case State::Wifi: return "wifi";
        case State::CheckCredentials: return "check-credentials";
        case State::NeedsCertificate: return "needs-certificate";
        case State::Enrolling: return "enrolling";
        case State::Connecting: return "connecting";
        case State::Online: return "online";
    }
    return "?";
}

Device::Device(const hal::Hal& hal, EventLoop& loop, BootInfo boot)
    : hal_(hal), loop_(loop), boot_(std::move(boot)), conn_(hal, loop),
      or_backoff_(*hal.rng, 5000, 10 * 60 * 1000, 2000), ota_tls_(*hal.net, *hal.clock, *hal.rng) {}

Device::~Device() {
    loop_.remove_poller(button_poller_);
    loop_.cancel(sample_timer_);
    loop_.cancel(or_timer_);
    loop_.cancel(restart_timer_);
    enrollment_.reset();
    conn_.close();
}

void Device::set_state(State s, const std::string& reason) {
    FW_LOGI(kTag, "state %s -> %s: %s", state_name(state_), state_name(s), reason.c_str());
    state_ = s;
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
    mount_storage();
    recent_ = std::make_unique<RecentCommands>(kv_.get());
    load_config();
    start_ota();
    schedule_sampling();
    start_wifi();
}

void Device::mount_storage() {
    auto table = storage::PartitionTable::read(*hal_.flash);
    if (!table.ok()) {
        FW_LOGE(kTag, "no partition table: running without storage");
        return;
    }
    if (const auto* p = table->find(storage::PartType::Data, storage::subtype::kNvs)) {
        kv_ = std::make_unique<storage::KvStore>(storage::FlashRegion(*hal_.flash, p->offset, p->size));
        // An unmountable nvs may be a factory partition this firmware cannot read: it is never
        // erased behind the user's back (ESP-IDF leaves this choice to the application).
        if (Status s = kv_->mount(); !s.ok())
            FW_LOGE(kTag,
                    "nvs unmountable (%s): left untouched, running on defaults, settings cannot be saved; "
                    "the console command 'nvs-format confirm' erases it",
                    err_name(s.err()));
    }
    if (const auto* p = table->find("storage")) {
        certs_ = std::make_unique<storage::CertFs>(storage::FlashRegion(*hal_.flash, p->offset, p->size));
        if (Status s = certs_->mount(); !s.ok()) {
            FW_LOGE(kTag, "cert store unmountable (%s)", err_name(s.err()));
            certs_.reset();
        }
    }
    if (kv_) {
        config_src_ = std::make_unique<KvConfigSource>(*kv_);
        wifi_store_ = std::make_unique<prov::KvCredentialStore>(*kv_);
    }
}

void Device::load_config() {
    DeviceIdentity id;
    std::copy(boot_.mac, boot_.mac + 6, id.mac.begin());
    if (certs_) {
        // The certificate CN is the default device id; a broken certificate is reported later.
        CredentialCheck c = load_credentials(*certs_, *hal_.efuse, 0);
        if (c.ok()) id.cert_cn = c.creds.common_name;
    }
    if (config_src_ && kv_->mounted()) {
        ConfigLoad l = load_device_config(*config_src_, id);
        for (const auto& e : l.errors) FW_LOGE(kTag, "config: %s", e.c_str());
        cfg_ = l.config;
    } else {
        cfg_.device_id = id.cert_cn.empty() ? device_id_from_mac(id.mac) : id.cert_cn;
    }
    log::set_level(cfg_.log_level);
    FW_LOGI(kTag, "device id %s, profile %s, broker %s:%u, interval %us", cfg_.device_id.c_str(),
            profile_kind_name(cfg_.profile), cfg_.broker.configured() ? cfg_.broker.host.c_str() : "(none)",
            cfg_.broker.port, static_cast<unsigned>(cfg_.interval_s));
    if (cfg_.prov_open)
        FW_LOGW(kTag, "config/prov_open is on: Wi-Fi provisioning needs no proof of possession, anyone in radio "
                      "range can provision this device; set prov_open to 0 for the per-device PoP");
}

void Device::start_wifi() {
    set_state(State::Wifi, hal_.wifi ? "joining Wi-Fi" : "no radio on this board");
    if (hal_.wifi == nullptr || hal_.prov == nullptr || !wifi_store_) {
        check_credentials("network up");
        return;
    }
    prov::ProvManagerConfig pc;
    pc.service_name = "PROV_" + hex_suffix(boot_.mac);
    if (load_sec2_config(*config_src_, pc)) {
        FW_LOGI(kTag, "provisioning with security 2 (SRP6a)");
    } else {
        auto pop = provisioning_pop();
        if (!pop.ok()) {
            FW_LOGE(kTag, "cannot derive the provisioning PoP from the eFuse secret (%s): provisioning not started",
                    err_name(pop.err()));
            return;
        }
        pc.pop = std::move(pop.value());
    }
    prov_ = std::make_unique<prov::ProvManager>(loop_, *hal_.wifi, *hal_.prov, *hal_.rng, *wifi_store_, pc);
    prov_->on_state_change([this](prov::ProvManager::State s) { on_wifi(s); });
    if (Status s = prov_->start(); !s.ok()) FW_LOGE(kTag, "provisioning manager failed to start (%s)", err_name(s.err()));
}

Result<std::string> Device::provisioning_pop() const {
    if (cfg_.prov_open) return std::string();
    if (!cfg_.prov_pop.empty()) return cfg_.prov_pop;
    return prov::device_pop(*hal_.efuse);
}

void Device::log_provisioning_pop() const {
    auto pop = provisioning_pop();
    if (!pop.ok())
        FW_LOGE(kTag, "provisioning PoP: cannot be derived from the eFuse secret (%s)", err_name(pop.err()));
    else if (cfg_.prov_open)
        FW_LOGW(kTag, "provisioning PoP: none (config/prov_open is on: provisioning is open)");
    else
        FW_LOGI(kTag, "provisioning PoP: %s (%s)", pop->c_str(),
                cfg_.prov_pop.empty() ? "derived from the eFuse device secret" : "config/prov_pop");
}

void Device::on_wifi(prov::ProvManager::State s) {
    using PS = prov::ProvManager::State;
    if (s == PS::Connected) {
        if (state_ == State::Wifi) check_credentials("network up");
        else if (mqtt()) mqtt()->network_restored();  // rejoined after a drop: reconnect soon
        return;
    }
    if (s == PS::Provisioning) FW_LOGI(kTag, "waiting for provisioning (service PROV_%s)", hex_suffix(boot_.mac).c_str());
}

void Device::check_credentials(const char* why) {
    set_state(State::CheckCredentials, why);
    if (!certs_) {
        set_state(State::NeedsCertificate, "no cert store");
        return;
    }
    CredentialCheck c = load_credentials(*certs_, *hal_.efuse, hal_.clock->unix_ms());
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
    device_cert_pem_ = c.creds.cert_pem;
    if (!cfg_.broker.configured()) {
        set_state(State::NeedsCertificate, "no broker configured (config/broker_uri)");
        return;
    }
    if (Status s = conn_.use_identity(c.creds); !s.ok()) {
        set_state(State::NeedsCertificate, std::string("TLS refused the credentials: ") + net::link_error_name(conn_.tls_error()));
        return;
    }
    if (!ota_tls_.configure(tls_config(c.creds)).ok()) FW_LOGE(kTag, "HTTPS client refused the credentials: updates from a URL will fail");
    start_mqtt();
}

void Device::start_enrollment(const std::string& reason) {
    EnrollSettings es;
    es.flow = cfg_.enroll;
    es.device_id = cfg_.device_id;
    es.broker = cfg_.broker;
    es.aws_template = cfg_.enroll_template;
    es.tb_key = cfg_.tb_prov_key;
    es.tb_secret = cfg_.tb_prov_secret;
    enrollment_ = std::make_unique<Enrollment>(
        hal_, loop_, *certs_, es,
        [this] {
            enrollment_.reset();
            check_credentials("enrolled");
        },
        [this](const std::string& why, uint32_t retry_ms) {
            set_state(State::Enrolling, why + "; retry in " + std::to_string(retry_ms) + " ms");
        });
    set_state(State::Enrolling, reason + ": enrolling (" + enroll_flow_name(cfg_.enroll) + " flow)");
    if (std::string err = enrollment_->start(); !err.empty()) {
        enrollment_.reset();
        set_state(State::NeedsCertificate, "cannot enroll: " + err);
    }
}

void Device::start_mqtt() {
    ConnectOptions co;
    if (cfg_.profile == ProfileKind::OpenRemote && cfg_.enroll == EnrollFlow::OpenRemote && cfg_.or_asset_id.empty()) {
        // The asset id comes from the first provisioning answer; the last will names it from the
        // next connection on.
        profile_.reset();
        co.client_id = cfg_.device_id;
    } else {
        auto prof = make_profile(cfg_, BrokerConnection::max_payload());
        if (!prof.ok()) {
            set_state(State::NeedsCertificate, std::string("profile configuration incomplete: ") + err_name(prof.err()));
            return;
        }
        profile_ = std::move(prof.value());
        co = profile_->connect_options();
    }
    BrokerEvents ev;
    ev.connected = [this](bool sp) { on_connected(sp); };
    ev.disconnected = [this](const net::MqttDisconnect& d) { on_disconnected(d); };
    ev.message = [this](const net::MqttMessage& m) { on_message(m); };
    ev.published = [this](uint16_t) { confirm_image(); };
    ev.subscribed = [](uint16_t id, std::span<const uint8_t> granted) {
        for (uint8_t g : granted) {
            if (g == net::mqtt::kSubackFailure)
                FW_LOGW(kTag, "the broker refused a subscription (packet %u)", id);
            else
                FW_LOGI(kTag, "subscription granted (packet %u, QoS %u)", id, g);
        }
    };
    conn_.open(cfg_.broker, co, std::move(ev), cfg_.reconnect_max_s * 1000);
    set_state(State::Connecting, "credentials ok, connecting to " + cfg_.broker.host + ":" + std::to_string(cfg_.broker.port));
    start_session();
}

// The session checks its configuration when it starts: a refusal is not cured by trying again, it
// waits for a person like a missing certificate does.
void Device::start_session() {
    if (Status s = mqtt()->start(); !s.ok())
        set_state(State::NeedsCertificate, std::string("MQTT session not started: ") + err_name(s.err()));
}

void Device::restart_mqtt(const std::string& why) {
    FW_LOGI(kTag, "reconnecting: %s", why.c_str());
    loop_.cancel(or_timer_);
    or_timer_ = EventLoop::kNoTimer;
    conn_.close();
    start_mqtt();
}

void Device::on_connected(bool session_present) {
    if (cfg_.enroll == EnrollFlow::OpenRemote) {
        provision_openremote();
        return;
    }
    go_online(session_present);
}

void Device::provision_openremote() {
    or_state_ = EnrollState{};
    or_state_.device_id = cfg_.device_id;
    or_state_.cert_chain_pem = device_cert_pem_;
    or_step_ = std::make_unique<openremote::Provision>(or_state_);
    conn_.run_exchange(*or_step_, kProvisionTimeoutMs, [this](const StepOutcome& o) { on_openremote_provisioned(o); });
}

void Device::on_openremote_provisioned(const StepOutcome& o) {
    conn_.cancel_exchange();
    if (!mqtt() || !mqtt()->connected()) return;  // the link dropped meanwhile: the next connection asks again
    if (o.kind != StepOutcome::Kind::Done) {
        uint32_t delay = or_backoff_.next_ms();
        mqtt()->stop();
        set_state(State::Connecting, "OpenRemote provisioning refused: " + o.error + "; retry in " + std::to_string(delay) + " ms");
        loop_.cancel(or_timer_);
        or_timer_ = loop_.add_timer(delay, [this] {
            or_timer_ = EventLoop::kNoTimer;
            start_session();
        });
        return;
    }
    or_backoff_.reset();
    bool learned = or_state_.realm != cfg_.or_realm || or_state_.asset_id != cfg_.or_asset_id;
    if (learned) {
        FW_LOGI(kTag, "OpenRemote provisioned: realm %s, asset %s", or_state_.realm.c_str(), or_state_.asset_id.c_str());
        std::vector<ConfigChange> ch{ConfigChange{cfg_key::kOrRealm, false, or_state_.realm, 0},
                                     ConfigChange{cfg_key::kOrAssetId, false, or_state_.asset_id, 0}};
        if (config_src_ && !config_src_->save(ch).ok()) FW_LOGE(kTag, "could not store the OpenRemote asset id");
        cfg_.or_realm = or_state_.realm;
        cfg_.or_asset_id = or_state_.asset_id;
        restart_mqtt("the last will and the topics name the asset now");
        return;
    }
    go_online(false);
}

void Device::go_online(bool session_present) {
    set_state(State::Online, std::string("MQTT connected") + (session_present ? " (session present)" : "") +
                                 (conn_.tls_resumed() ? ", TLS session resumed" : ""));
    for (const auto& sub : profile_->subscriptions()) {
        auto r = mqtt()->subscribe(sub.filter, sub.qos);
        if (!r.ok()) FW_LOGE(kTag, "subscribe %s failed (%s)", sub.filter.c_str(), err_name(r.err()));
    }
    SessionInfo info{boot_.desc.project_name, boot_.desc.version, "ESP32-D0WD", "1", cfg_.interval_s};
    for (const auto& p : profile_->startup_messages(info)) publish(p);
    ota_->on_connected();
    flush_offline();
}

void Device::on_disconnected(const net::MqttDisconnect& d) {
    if (d.cause == net::MqttDisconnectCause::Stopped) return;
    std::string why = std::string(net::disconnect_cause_name(d.cause)) + ": " + net::disconnect_detail(d);
    if (d.cause == net::MqttDisconnectCause::Refused && profile_)
        why += " (" + profile_->connack_error(static_cast<uint8_t>(d.connack)) + ")";
    set_state(State::Connecting, why + ", retry in " + std::to_string(d.retry_in_ms) + " ms");
}

void Device::on_message(const net::MqttMessage& m) {
    for (const auto& f : debug_filters_) {
        if (net::mqtt::topic_matches(f, m.topic)) {
            FW_LOGI(kTag, "console subscription %s: message on %.*s (%zu bytes): %.*s", f.c_str(),
                    static_cast<int>(m.topic.size()), m.topic.data(), m.total_len, static_cast<int>(m.data.size()),
                    reinterpret_cast<const char*>(m.data.data()));
            return;
        }
    }
    if (!profile_) return;
    if (ota_->on_message(m)) return;  // firmware chunks are streamed, whatever their size
    if (!m.first()) return;
    std::string_view payload(reinterpret_cast<const char*>(m.data.data()), m.data.size());
    Inbound in = m.last() ? profile_->parse_inbound(m.topic, payload) : profile_->parse_oversized(m.topic, m.total_len);
    for (const auto& e : in.errors) FW_LOGE(kTag, "platform: %s", e.c_str());
    for (const auto& cmd : in.commands) handle(cmd, m.retained);
}

void Device::schedule_sampling() {
    loop_.cancel(sample_timer_);
    uint32_t period = cfg_.interval_s * 1000;
    sample_timer_ = loop_.add_timer(period, [this] { sample(); }, period);
}

void Device::sample() {
    if (hal_.sensor == nullptr) return;
    hal::Reading r{};
    if (hal::Status s = hal_.sensor->read(r); s != hal::Status::Ok) {
        ++sensor_errors_;
        FW_LOGW(kTag, "sensor read failed (%s), %u failures so far; next try in %us", hal_status_name(s),
                static_cast<unsigned>(sensor_errors_), static_cast<unsigned>(cfg_.interval_s));
        return;
    }
    TimedReading tr{hal_.clock->unix_ms(), r};
    FW_LOGD(kTag, "reading %.2f C %.1f %%RH", static_cast<double>(r.temperature_c), static_cast<double>(r.humidity_pct));
    if (state_ != State::Online) {
        if (offline_.empty())
            FW_LOGI(kTag, "offline: keeping readings until online (at most %u)", static_cast<unsigned>(cfg_.offline_max));
        // Bounded (config offline_max): the oldest reading goes first, and is counted.
        while (offline_.size() >= cfg_.offline_max) {
            offline_.pop_front();
            ++dropped_readings_;
            FW_LOGW(kTag, "offline buffer full: oldest reading dropped (%u so far)", static_cast<unsigned>(dropped_readings_));
        }
        offline_.push_back(tr);
        return;
    }
    auto pubs = profile_->format_live(tr);
    if (!pubs.ok()) {
        FW_LOGE(kTag, "reading not publishable (%s)", err_name(pubs.err()));
        return;
    }
    publish_readings(pubs.value(), 1);
}

void Device::flush_offline() {
    if (offline_.empty()) return;
    std::vector<TimedReading> batch(offline_.begin(), offline_.end());
    auto pubs = profile_->format_batch(batch);
    if (!pubs.ok()) {
        FW_LOGE(kTag, "buffered readings not publishable (%s): dropped", err_name(pubs.err()));
        dropped_readings_ += static_cast<uint32_t>(batch.size());
    } else {
        FW_LOGI(kTag, "publishing %zu readings buffered while offline", batch.size());
        publish_readings(pubs.value(), batch.size());
    }
    offline_.clear();
}

bool Device::publish(const Publish& p) {
    auto r = mqtt()->publish(p.topic, p.payload, p.qos, p.retain);
    if (!r.ok()) FW_LOGE(kTag, "publish to %s refused (%s)", p.topic.c_str(), err_name(r.err()));
    return r.ok();
}

// A refused message loses the readings it carries. Which readings a batch message carries is the
// profile's business; they are spread over its messages in order and about evenly, so the refused
// messages' share of the readings is counted (rounded up).
void Device::publish_readings(const std::vector<Publish>& pubs, size_t readings) {
    size_t refused = 0;
    for (const auto& p : pubs)
        if (!publish(p)) ++refused;
    if (refused > 0) dropped_readings_ += static_cast<uint32_t>((readings * refused + pubs.size() - 1) / pubs.size());
}

void Device::handle(const Command& cmd, bool retained) {
    // A retained command would run again at every connect: a retained factory_reset wipes Wi-Fi
    // at each one, a retained reboot loops. Only desired state may be retained.
    if (retained && !cmd.desired_state) {
        FW_LOGW(kTag, "retained command '%s' (id '%s') ignored: commands must be published without the retain flag "
                      "(clear the retained message on the broker)",
                cmd.name_text.c_str(), cmd.id.c_str());
        return;
    }
    if (!cmd.valid()) {
        FW_LOGW(kTag, "command '%s' refused: %s", cmd.name_text.c_str(), cmd.error.c_str());
        for (const auto& p : profile_->format_response(cmd, CommandResult::failure(cmd.error))) publish(p);
        return;
    }
    if (const CommandResult* done = recent_->find(cmd)) {
        FW_LOGW(kTag, "command %s (id '%s') was executed already: %s, not executing it again", command_name_text(cmd.name),
                cmd.id.c_str(), done->deferred ? "its answer follows" : "answering it again");
        if (!done->deferred)
            for (const auto& p : profile_->format_response(cmd, *done)) publish(p);
        return;
    }
    FW_LOGI(kTag, "command %s (id '%s')", command_name_text(cmd.name), cmd.id.c_str());
    for (const auto& p : profile_->format_accepted(cmd)) publish(p);
    CommandResult r = execute(cmd);
    recent_->remember(cmd, r);
    if (r.deferred) return;
    for (const auto& p : profile_->format_response(cmd, r)) publish(p);
}

CommandResult Device::execute(const Command& cmd) {
    switch (cmd.name) {
        case CommandName::Reboot:
            restart_soon("reboot command");
            return CommandResult::success();
        case CommandName::GetStatus: return status_result(status());
        case CommandName::FactoryReset:
            factory_reset();
            return CommandResult::success();
        case CommandName::SetInterval: {
            std::vector<ConfigChange> ch{ConfigChange{cfg_key::kIntervalS, true, "", cmd.interval_s}};
            if (config_src_ && !config_src_->save(ch).ok()) return CommandResult::failure("could not store the interval");
            cfg_.interval_s = cmd.interval_s;
            schedule_sampling();
            for (const auto& p : profile_->format_interval_changed(cfg_.interval_s)) publish(p);
            return CommandResult::success();
        }
        case CommandName::SetConfig: {
            DeviceConfig next = cfg_;
            std::vector<ConfigChange> changes;
            std::string error;
            if (!apply_config(next, *cmd.params, changes, error).ok()) return CommandResult::failure(error);
            if (config_src_ && !config_src_->save(changes).ok()) return CommandResult::failure("could not store the configuration");
            bool reconnect = next.broker.host != cfg_.broker.host || next.broker.port != cfg_.broker.port ||
                             next.profile != cfg_.profile || next.device_id != cfg_.device_id;
            bool interval_changed = next.interval_s != cfg_.interval_s;
            cfg_ = next;
            log::set_level(cfg_.log_level);
            schedule_sampling();
            if (interval_changed)
                for (const auto& p : profile_->format_interval_changed(cfg_.interval_s)) publish(p);
            if (reconnect) restart_soon("connection settings changed");
            return CommandResult::success();
        }
        case CommandName::Ota: return ota_->handle(cmd);
        case CommandName::Unknown: break;
    }
    return CommandResult::failure("unknown command '" + cmd.name_text + "'");
}

void Device::confirm_image() { ota_->on_published(); }

void Device::start_ota() {
    OtaHooks h;
    h.publish = [this](const Publish& p) { return mqtt() != nullptr && publish(p); };
    h.restart = [this](const char* why) { restart_soon(why); };
    h.profile = [this] { return profile_.get(); };
    OtaAgentConfig oc;
    oc.selftest_s = cfg_.ota_selftest_s;
    oc.chunk = cfg_.ota_chunk;
    oc.allow_unsigned = cfg_.ota_unsigned_ok;
    ota_ = std::make_unique<OtaAgent>(hal_, loop_, boot_, kv_.get(), ota_tls_, oc, std::move(h));
    ota_->start();
}

void Device::restart_soon(const char* why) {
    FW_LOGI(kTag, "restarting in %u ms: %s", static_cast<unsigned>(kRestartDelayMs), why);
    // A later request moves the restart: its answer needs the delay too.
    loop_.cancel(restart_timer_);
    restart_timer_ = loop_.add_timer(kRestartDelayMs, [this] {
        restart_timer_ = EventLoop::kNoTimer;
        if (mqtt()) mqtt()->stop();
        hal_.system->restart();
    });
}

Status Device::format_nvs() {
    if (!kv_) {
        FW_LOGE(kTag, "nvs-format: this board has no nvs partition");
        return Err::NotFound;
    }
    FW_LOGW(kTag, "nvs-format: erasing the nvs partition; every stored setting is lost");
    if (Status s = kv_->format(); !s.ok()) {
        FW_LOGE(kTag, "nvs-format failed (%s)", err_name(s.err()));
        return s;
    }
    FW_LOGI(kTag, "nvs formatted: empty and writable; restart to boot with it");
    return ok_status();
}

void Device::factory_reset() {
    FW_LOGW(kTag, "factory reset: erasing Wi-Fi credentials");
    if (wifi_store_ && !wifi_store_->erase().ok()) FW_LOGE(kTag, "could not erase the Wi-Fi credentials");
    restart_soon("factory reset");
}

DeviceStatus Device::status() const {
    DeviceStatus s;
    s.uptime_s = hal_.clock->now_ms() / 1000;
    s.firmware_version = boot_.desc.version;
    s.free_heap = static_cast<uint32_t>(hal_.system->free_heap());
    s.min_free_heap = static_cast<uint32_t>(hal_.system->min_free_heap());
    s.rssi_dbm = hal_.wifi ? hal_.wifi->rssi() : 0;
    s.dropped_messages = dropped_readings_ + (mqtt() ? mqtt()->outbox().dropped() : 0);
    s.sensor_errors = sensor_errors_;
    s.interval_s = cfg_.interval_s;
    return s;
}

void Device::debug_publish(const std::string& topic, const std::string& payload) {
    if (!mqtt()) {
        FW_LOGW(kTag, "console publish: no MQTT session (state %s)", state_name(state_));
        return;
    }
    auto r = mqtt()->publish(topic, payload, 1);
    if (r.ok()) FW_LOGI(kTag, "console publish to %s queued (packet %u)", topic.c_str(), r.value());
    else FW_LOGE(kTag, "console publish to %s refused (%s)", topic.c_str(), err_name(r.err()));
}

void Device::debug_subscribe(const std::string& filter) {
    if (!mqtt() || !mqtt()->connected()) {
        FW_LOGW(kTag, "console subscribe: not connected (state %s)", state_name(state_));
        return;
    }
    auto r = mqtt()->subscribe(filter, 1);
    if (!r.ok()) {
        FW_LOGE(kTag, "console subscribe to %s refused (%s)", filter.c_str(), err_name(r.err()));
        return;
    }
    debug_filters_.push_back(filter);
    FW_LOGI(kTag, "console subscribe to %s sent (packet %u)", filter.c_str(), r.value());
}

void Device::log_status() const {
    DeviceStatus s = status();
    FW_LOGI(kTag, "state %s, uptime %llus, version %s, heap %u (min %u), rssi %d, dropped %u, offline buffer %zu, "
                  "sensor errors %u",
            state_name(state_), static_cast<unsigned long long>(s.uptime_s), s.firmware_version.c_str(),
            static_cast<unsigned>(s.free_heap), static_cast<unsigned>(s.min_free_heap), static_cast<int>(s.rssi_dbm),
            static_cast<unsigned>(s.dropped_messages), offline_.size(), static_cast<unsigned>(sensor_errors_));
}

}  // namespace fw::app
