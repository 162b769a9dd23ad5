#include "tools/src/devcloud/enrollment_service.h"

#include "tools/src/broker/reply_route.h"
#include "tools/src/cloud/printable.h"
#include "tools/src/devcloud/enrollment_topics.h"

namespace devcloud {

std::optional<std::string> topics::middle_level(std::string_view topic, std::string_view prefix,
                                                std::string_view suffix) {
    if (topic.size() <= prefix.size() + suffix.size() || !topic.starts_with(prefix) || !topic.ends_with(suffix))
        return std::nullopt;
    std::string_view level = topic.substr(prefix.size(), topic.size() - prefix.size() - suffix.size());
    if (level.find('/') != std::string_view::npos) return std::nullopt;
    return std::string(level);
}

EnrollmentService::EnrollmentService(FleetCa& ca, Registry& registry, ServiceConfig cfg,
                                     std::function<int64_t()> now_ms, std::function<void(const std::string&)> log)
    : ca_(ca), registry_(registry), cfg_(std::move(cfg)), now_ms_(std::move(now_ms)), log_(std::move(log)) {}

std::vector<std::string> EnrollmentService::request_filters() {
    using namespace topics;
    auto wildcard = [](std::string_view prefix, std::string_view suffix) {
        std::string f(prefix);
        return f.append("+").append(suffix);
    };
    std::vector<std::string> plain = {std::string(kAwsCreateFromCsr), wildcard(kAwsTemplatePrefix, kAwsProvisionSuffix),
                                      std::string(kTbRequest), wildcard(kOrPrefix, kOrRequestSuffix)};
    std::vector<std::string> all = plain;
    for (const auto& f : plain) all.push_back(std::string(REPLY_ROUTE_PREFIX) + "+/" + f);
    return all;
}

std::vector<Message> EnrollmentService::handle(const std::string& topic, const std::string& payload) {
    const char* inner = nullptr;
    size_t client_len = reply_route_split(topic.c_str(), &inner);
    if (client_len == 0) return answer(topic, payload);
    // Routed by the broker's reply_route plugin: each answer goes back to that client alone.
    std::string back = topic.substr(0, sizeof REPLY_ROUTE_PREFIX - 1 + client_len + 1);
    auto answers = answer(inner, payload);
    for (auto& m : answers) m.topic = back + m.topic;
    return answers;
}

std::vector<Message> EnrollmentService::answer(const std::string& topic, const std::string& payload) {
    using namespace topics;
    if (topic == kAwsCreateFromCsr) return aws_create_from_csr(payload);
    if (auto name = middle_level(topic, kAwsTemplatePrefix, kAwsProvisionSuffix))
        return aws_register_thing(*name, payload);
    if (topic == kTbRequest) return tb_provision(payload);
    if (auto id = middle_level(topic, kOrPrefix, kOrRequestSuffix)) return or_provision(*id, payload);
    return {};
}

void EnrollmentService::note(const std::string& device, const std::string& endpoint, const std::string& outcome) const {
    if (log_)
        log_("enroll " + (device.empty() ? std::string("?") : cloud::printable(device, 64)) + " " + endpoint + " " +
             outcome);
}

std::optional<std::string> EnrollmentService::record(const DeviceRecord& r) {
    try {
        registry_.put(r);
        return std::nullopt;
    } catch (const std::exception& e) {
        return std::string(e.what());
    }
}

}  // namespace devcloud
