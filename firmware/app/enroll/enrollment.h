#pragma once
// First-boot enrollment: a device built from the fleet's one image, with no certificate of its
// own, gets one without any key leaving it.
//
//   1. device.key: loaded, or made now (EC P-256 from the hardware RNG) and stored sealed with
//      the eFuse secret (device_key.h).
//   2. A CSR with CN = device id, signed with that key.
//   3. Over the fleet's shared claim identity (claim.crt/claim.key, whose ACL allows only the
//      enrollment topics), the flow's steps: AWS CreateCertificateFromCsr, then RegisterThing
//      (aws) or ThingsBoard's /provision/request (thingsboard); OpenRemote (openremote) needs
//      the certificate only, and registers on every connection of the device itself.
//   4. The issued certificate, checked (issued_cert.h), replaces device.crt atomically (certfs);
//      the device then connects with it.
//
// A rejection is surfaced with the service's error code and retried after a growing backoff
// with full jitter, as is an answer the device refuses (malformed, another CA, expired, wrong
// name) and silence; connection failures follow the MQTT session's own backoff. Never a loop.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "firmware/app/enroll/broker_connection.h"
#include "firmware/app/enroll/enroll_step.h"
#include "firmware/app/identity/credentials.h"
#include "firmware/app/platform/device_config.h"
#include "firmware/core/backoff.h"
#include "firmware/core/event_loop.h"
#include "firmware/storage/certfs.h"
#include "hal/hal.h"

namespace fw::app {

struct EnrollSettings {
    EnrollFlow flow = EnrollFlow::Aws;
    std::string device_id;
    BrokerUri broker;
    std::string aws_template = "iotfw-fleet";
    std::string tb_key, tb_secret;
    uint32_t answer_timeout_ms = 30000;
    // Delay before attempt n+1 after a failed one: uniform in [floor, min(cap, base * 2^n)].
    uint32_t retry_base_ms = 10000;
    uint32_t retry_cap_ms = 15 * 60 * 1000;
    uint32_t retry_floor_ms = 5000;
};

// Whether a new certificate from enrollment cures this credential problem. A key that exists but
// does not open (another chip's flash, damage) or a missing CA is left to a person: replacing
// them silently would hide the fault.
bool enrollment_cures(const CredentialCheck& c);

// The settings of the enrollment cfg asks for.
EnrollSettings enroll_settings(const DeviceConfig& cfg);

// The steps of `flow`, in order, over `st`.
std::vector<std::unique_ptr<EnrollStep>> enroll_steps(const EnrollSettings& s, EnrollState& st);

class Enrollment {
public:
    using Enrolled = std::function<void()>;  // device.crt is stored; may destroy the Enrollment
    using Failed = std::function<void(const std::string& reason, uint32_t retry_in_ms)>;

    Enrollment(const hal::Hal& hal, EventLoop& loop, storage::CertFs& fs, EnrollSettings settings, Enrolled on_enrolled,
               Failed on_failed);
    ~Enrollment();
    Enrollment(const Enrollment&) = delete;
    Enrollment& operator=(const Enrollment&) = delete;

    // Prepares the key, the CSR and the claim identity and starts the first attempt. Fails when
    // enrollment cannot run at all (no usable claim identity or CA, key unreadable), with the
    // reason saying what is missing: then only a person can help.
    Result<void, Error<Err>> start();

private:
    void on_connected();
    void on_disconnected(const net::MqttDisconnect& d);
    void on_message(const net::MqttMessage& m);
    void next_step();
    void step_done(const StepOutcome& o);
    void fail(const std::string& reason);
    void finish();

    const hal::Hal& hal_;
    EventLoop& loop_;
    storage::CertFs& fs_;
    EnrollSettings s_;
    Enrolled on_enrolled_;
    Failed on_failed_;
    EnrollState st_;
    std::vector<std::unique_ptr<EnrollStep>> steps_;
    size_t step_ = 0;
    BrokerConnection conn_;  // after the steps: its exchange refers to one
    Backoff backoff_;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;  // the next attempt
    uint32_t attempts_ = 0;
};

}  // namespace fw::app
