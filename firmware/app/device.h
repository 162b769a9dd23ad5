#pragma once
// The device application's state machine, driven by events on the one event loop:
//
//   Boot -> MountStorage -> Wifi (provisioning if needed) -> WaitingForTime -> CheckCredentials -> Connecting -> Online
//                                                                                 |        ^            ^   |
//                                                                                 v        |            |   v
//                                                                          NeedsCertificate  Enrolling  (reconnect with
//                                                                          backoff)
//
// The wall clock is unset after every power-on: until SNTP sets it (wall_time.h), the device
// waits in WaitingForTime and connects nowhere, so no certificate is taken on trust of an
// unknown clock.
// Without a usable certificate the device enrolls (enrollment.h) when config/enroll names a
// flow, else it waits in NeedsCertificate. A flow that provisions on every connection
// (connection_provisioning.h) runs between CONNACK and Online (provisioning_runner.h).
// Every transition is logged with its reason. Telemetry is sampled on a timer in every state;
// readings taken while offline are kept and published with their original timestamps once online
// (telemetry_publisher.h). Commands arrive through the platform profile and are always answered
// (command_handler.h), with an error when they cannot be executed. The first acknowledged publish
// is the self-test of a freshly updated image: only then is it marked valid (no rollback).
// What is not the state machine lives beside it: storage (device_storage.h), Wi-Fi provisioning
// settings (wifi_setup.h), the broker connection (broker_connection.h), console MQTT debugging
// (console_mqtt.h).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firmware/app/config_update.h"
#include "firmware/app/console_mqtt.h"
#include "firmware/app/delayed_restart.h"
#include "firmware/app/device_status.h"
#include "firmware/app/device_storage.h"
#include "firmware/app/enroll/broker_connection.h"
#include "firmware/app/enroll/enrollment.h"
#include "firmware/app/identity/banner.h"
#include "firmware/app/ota/ota_agent.h"
#include "firmware/app/platform/command_handler.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/app/platform/profile.h"
#include "firmware/app/platform/telemetry_publisher.h"
#include "firmware/app/provisioning_runner.h"
#include "firmware/app/wall_time.h"
#include "firmware/app/wifi_setup.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/tls/tls_transport.h"
#include "firmware/prov/prov_manager.h"
#include "hal/hal.h"

namespace fw::app {

class Device {
public:
    enum class State : uint8_t {
        Boot,
        MountStorage,
        Wifi,
        WaitingForTime,
        CheckCredentials,
        NeedsCertificate,
        Enrolling,
        Connecting,
        Online
    };
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
    Status format_nvs() { return storage_.format_nvs(); }
    void log_status() const { app::log_status(state_name(state_), status(), telemetry_.buffered()); }
    // The provisioning PoP as the device's label carries it, and where it comes from.
    void log_provisioning_pop() const { app::log_provisioning_pop(cfg_, *hal_.efuse); }
    // The PoP provisioning uses: config/prov_pop, else the per-device one from the eFuse secret;
    // empty only with config/prov_open on.
    Result<std::string> provisioning_pop() const { return app::provisioning_pop(cfg_, *hal_.efuse); }
    // Console debugging with the device's own identity (console_mqtt.h).
    void debug_publish(const std::string& topic, const std::string& payload) {
        console_.publish(mqtt(), state_name(state_), topic, payload);
    }
    void debug_subscribe(const std::string& filter) { console_.subscribe(mqtt(), state_name(state_), filter); }

private:
    net::MqttSession* mqtt() const { return conn_.session(); }
    void set_state(State s, const std::string& reason);
    void start_wifi();
    void on_wifi(prov::ProvManager::State s);
    void await_time(const char* why);
    void check_credentials(const char* why);
    void start_enrollment(const std::string& reason);
    void start_mqtt();
    void start_session();
    void restart_mqtt(const std::string& reason);
    void on_connected(bool session_present);
    void go_online(bool session_present);
    void on_disconnected(const net::MqttDisconnect& d);
    void on_message(const net::MqttMessage& m);
    bool publish(const Publish& p);
    CommandResult execute(const Command& cmd);
    CommandResult reconfigured(const ConfigUpdate& u);
    void start_ota();

    const hal::Hal& hal_;
    EventLoop& loop_;
    BootInfo boot_;
    State state_ = State::Boot;
    WallTime time_;
    DeviceStorage storage_;
    DeviceConfig cfg_;
    DelayedRestart restart_;
    std::unique_ptr<Profile> profile_;
    std::unique_ptr<prov::ProvManager> prov_;
    BrokerConnection conn_;
    std::unique_ptr<Enrollment> enrollment_;
    ProvisioningRunner provisioning_;
    std::unique_ptr<CommandHandler> commands_;
    ConsoleMqtt console_;
    TelemetryPublisher telemetry_;
    net::TlsTransport ota_tls_;  // HTTPS image downloads: a second connection, same parsed identity
    std::unique_ptr<OtaAgent> ota_;
    uint32_t button_poller_ = 0;
};

}  // namespace fw::app
