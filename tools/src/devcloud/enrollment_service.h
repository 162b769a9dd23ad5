#pragma once
// The cloud side of enrollment, as a pure function of (topic, payload, state) -> answers: AWS
// fleet provisioning (CreateCertificateFromCsr + RegisterThing), ThingsBoard X.509 device
// provisioning and OpenRemote X.509 auto-provisioning. No MQTT here: the caller subscribes to
// request_filters(), passes each request to handle() and publishes what comes back.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tools/src/devcloud/fleet_ca.h"
#include "tools/src/devcloud/message.h"
#include "tools/src/devcloud/ownership_tokens.h"
#include "tools/src/devcloud/random.h"
#include "tools/src/devcloud/registry.h"

namespace devcloud {

struct ServiceConfig {
    std::set<std::string> aws_templates{"iotfw-fleet"};
    std::string tb_key = "iotfw-provision-key", tb_secret = "iotfw-provision-secret";
    std::string or_realm = "master";
    int token_ttl_s = 3600;
};

class EnrollmentService {
public:
    EnrollmentService(FleetCa& ca, Registry& registry, ServiceConfig cfg, std::function<int64_t()> now_ms,
                      std::function<void(const std::string&)> log);

    // What to subscribe to: the request topics, and each as the broker's reply_route plugin hands
    // it over with its sender (tools/src/broker/reply_route.h).
    static std::vector<std::string> request_filters();

    // The answers to one request; empty when the topic is not one of the request topics. Each
    // handled request is also logged in one line: device, endpoint, outcome and error code. A
    // request routed with its sender is answered on the routed form of each answer topic, which
    // the plugin delivers to that sender alone.
    std::vector<Message> handle(const std::string& topic, const std::string& payload);

private:
    std::vector<Message> answer(const std::string& topic, const std::string& payload);
    std::vector<Message> aws_create_from_csr(const std::string& payload);
    std::vector<Message> aws_register_thing(const std::string& template_name, const std::string& payload);
    std::vector<Message> tb_provision(const std::string& payload);
    std::vector<Message> or_provision(const std::string& id, const std::string& payload);

    void note(const std::string& device, const std::string& endpoint, const std::string& outcome) const;
    // Stores the record; the reason when the registry cannot be written.
    std::optional<std::string> record(const DeviceRecord& r);

    FleetCa& ca_;
    Registry& registry_;
    ServiceConfig cfg_;
    std::function<int64_t()> now_ms_;
    std::function<void(const std::string&)> log_;
    Random rng_;
    OwnershipTokens tokens_{rng_};
};

}  // namespace devcloud
