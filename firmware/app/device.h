#pragma once
// The device application's state machine, driven by events on the one event loop:
//
//   Boot -> MountStorage -> Wifi (provisioning if needed) -> CheckCredentials -> Connecting -> Online
//                                                              |        ^            ^   |
//                                                              v        |            |   v
//                                                       NeedsCertificate  Enrolling  (reconnect with backoff)
//
// Without a usable certificate the device enrolls (enrollment.h) when config/enroll names a
// flow, else it waits in NeedsCertificate. With the OpenRemote flow the device provisions itself
// on every connection before it goes Online.
// Every transition is logged with its reason. Telemetry is sampled on a timer in every state;
// readings taken while offline are kept (bounded, oldest dropped and counted) and published with
// their original timestamps once online. Commands arrive through the platform profile and are
// always answered, with an error when they cannot be executed. The first acknowledged publish is
// the self-test of a freshly updated image: only then is it marked valid (no rollback).
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "firmware/app/banner.h"
#include "firmware/app/broker_connection.h"
#include "firmware/app/command_replay.h"
#include "firmware/app/credentials.h"
#include "firmware/app/device_config.h"
#include "firmware/app/enrollment.h"
#include "firmware/app/kv_adapters.h"
#include "firmware/app/ota_agent.h"
#include "firmware/app/profile.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/mqtt_session.h"
#include "firmware/net/tls_transport.h"
#include "firmware/prov/kv_credential_store.h"
#include "firmware/prov/prov_manager.h"
#include "firmware/storage/certfs.h"
#include "firmware/storage/kv_store.h"
#include "hal/hal.h"

namespace fw::app {

class Device {
public:
    enum class State : uint8_t { Boot, MountStorage, Wifi, CheckCredentials, NeedsCertificate, Enrolling, Connecting, Online };
    static const char* state_name(State s);

    Device(const hal::Hal& hal, EventLoop& loop, BootInfo boot);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    void start();
    State state() const { return state_; }
    DeviceStatus status() const;
    const DeviceConfig& config() const { return cfg_; }
    // Console and BOOT-button entry points.
    void factory_reset();
    // Erases the nvs partition (the only way an unmountable one is ever erased).
    Status format_nvs();
    void log_status() const;
    // The provisioning PoP as the device's label carries it, and where it comes from.
    void log_provisioning_pop() const;
    // The PoP provisioning uses: config/prov_pop, else the per-device one from the eFuse secret;
    // empty only with config/prov_open on.
    Result<std::string> provisioning_pop() const;
    // Console debugging with the device's own identity: publish (QoS 1), and subscribe and log
    // what arrives. The broker's ACL decides what is delivered.
    void debug_publish(const std::string& topic, const std::string& payload);
    void debug_subscribe(const std::string& filter);

private:
    net::MqttSession* mqtt() const { return conn_.session(); }
    void set_state(State s, const std::string& reason);
    void mount_storage();
    void load_config();
    void start_wifi();
    void on_wifi(prov::ProvManager::State s);
    void check_credentials(const char* why);
    void start_enrollment(const std::string& reason);
    void start_mqtt();
    void start_session();
    void restart_mqtt(const std::string& why);
    void on_connected(bool session_present);
    void go_online(bool session_present);
    void provision_openremote();
    void on_openremote_provisioned(const StepOutcome& o);
    void on_disconnected(const net::MqttDisconnect& d);
    void on_message(const net::MqttMessage& m);
    void sample();
    void schedule_sampling();
    void flush_offline();
    bool publish(const Publish& p);
    void publish_readings(const std::vector<Publish>& pubs, size_t readings);
    void handle(const Command& cmd, bool retained);
    CommandResult execute(const Command& cmd);
    void restart_soon(const char* why);
    void confirm_image();
    void start_ota();

    const hal::Hal& hal_;
    EventLoop& loop_;
    BootInfo boot_;
    State state_ = State::Boot;
    std::unique_ptr<storage::KvStore> kv_;
    std::unique_ptr<storage::CertFs> certs_;
    std::unique_ptr<RecentCommands> recent_;
    std::unique_ptr<KvConfigSource> config_src_;
    std::unique_ptr<prov::KvCredentialStore> wifi_store_;
    DeviceConfig cfg_;
    std::unique_ptr<Profile> profile_;
    std::unique_ptr<prov::ProvManager> prov_;
    BrokerConnection conn_;
    std::string device_cert_pem_;
    std::unique_ptr<Enrollment> enrollment_;
    // OpenRemote provisioning, repeated on every connection.
    EnrollState or_state_;
    std::unique_ptr<EnrollStep> or_step_;
    Backoff or_backoff_;
    EventLoop::TimerId or_timer_ = EventLoop::kNoTimer;  // the retry after a refusal
    std::vector<std::string> debug_filters_;
    std::deque<TimedReading> offline_;
    uint32_t dropped_readings_ = 0;  // telemetry readings lost: offline buffer full, unpublishable or refused
    uint32_t sensor_errors_ = 0;
    EventLoop::TimerId sample_timer_ = EventLoop::kNoTimer;
    EventLoop::TimerId restart_timer_ = EventLoop::kNoTimer;  // restart_soon()
    net::TlsTransport ota_tls_;  // HTTPS image downloads: a second connection, same identity
    std::unique_ptr<OtaAgent> ota_;
    uint32_t button_poller_ = 0;
};

}  // namespace fw::app
