#pragma once
// Runs the registration a platform requires on every connection (connection_provisioning.h) over
// the device's broker connection, between CONNACK and online. A refusal stops the session and
// starts it again after a backoff, so a refusing server sees no connect storm; what an answer
// teaches is stored in the configuration, and the device reconnects with it.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "firmware/app/device_storage.h"
#include "firmware/app/enroll/broker_connection.h"
#include "firmware/app/enroll/connection_provisioning.h"
#include "firmware/core/backoff.h"
#include "firmware/core/event_loop.h"

namespace fw::app {

class ProvisioningRunner {
public:
    struct Hooks {
        std::function<void(const std::string& reason)> refused;    // the session is stopped until retry
        std::function<void()> retry;                               // the backoff is over: start the session
        std::function<void()> online;                              // provisioned, nothing new learned
        std::function<void(const std::string& reason)> reconnect;  // what was learned is in the config
    };

    // `cfg` and `storage` are the device's: read when a connection is provisioned, `cfg` updated
    // with what it teaches.
    ProvisioningRunner(hal::Rng& rng, EventLoop& loop, BrokerConnection& conn, DeviceConfig& cfg,
                       DeviceStorage& storage, Hooks hooks);
    ~ProvisioningRunner();
    ProvisioningRunner(const ProvisioningRunner&) = delete;
    ProvisioningRunner& operator=(const ProvisioningRunner&) = delete;

    // Picks the provisioning the configuration's enrollment flow requires, if any.
    void configure() { provisioning_ = make_connection_provisioning(cfg_); }
    // False: the flow provisions only once (enrollment), connections go online at CONNACK.
    bool needed() const { return provisioning_ != nullptr; }
    // The client to connect as while the profile waits for what provisioning teaches.
    std::optional<ConnectOptions> unprovisioned_client() const;
    // The certificate chain the requests present.
    void use_certificate(std::string cert_chain_pem) { cert_pem_ = std::move(cert_chain_pem); }
    // On CONNACK: sends this connection's request and waits for its answer.
    void begin();
    // Drops a retry in wait: the connection is being made anew.
    void cancel();

private:
    void on_outcome(const StepOutcome& o);

    EventLoop& loop_;
    BrokerConnection& conn_;
    DeviceConfig& cfg_;
    DeviceStorage& storage_;
    Hooks hooks_;
    std::unique_ptr<ConnectionProvisioning> provisioning_;  // null: the flow provisions only once
    std::string cert_pem_;
    Backoff backoff_;
    EventLoop::TimerId retry_timer_ = EventLoop::kNoTimer;
};

}  // namespace fw::app
