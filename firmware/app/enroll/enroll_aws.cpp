#include "firmware/app/enroll/internal/enroll_aws.h"

#include <nlohmann/json.hpp>

#include "firmware/app/identity/issued_cert.h"
#include "firmware/app/platform/json_input.h"

namespace fw::app::aws {
namespace {

constexpr const char* kAccepted = "/accepted";
constexpr const char* kRejected = "/rejected";

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// An answer on .../accepted or .../rejected: Done with the parsed accepted body, or the outcome
// that ends the step (malformed, or a rejection of our own request).
StepOutcome read_answer(std::string_view topic, std::string_view payload, const EnrollState& st, Json& body) {
    body = parse_json_input(payload);
    if (body.is_discarded() || !body.is_object())
        return StepOutcome::failed("answer on " + std::string(topic) + " is not a JSON object");
    if (ends_with(topic, kAccepted)) return StepOutcome::done();
    if (!echoes_client_token(body, st)) return StepOutcome::not_for_us();
    return StepOutcome::failed(rejection_text(body));
}

}  // namespace

std::string provision_topic(const std::string& template_name) {
    return "$aws/provisioning-templates/" + template_name + "/provision/json";
}

std::string rejection_text(const Json& j) {
    std::string code = string_member(j, "errorCode") != nullptr ? *string_member(j, "errorCode") : "(no errorCode)";
    std::string text = string_member(j, "errorMessage") != nullptr ? *string_member(j, "errorMessage") : "";
    auto status = j.find("statusCode");
    std::string head =
        status != j.end() && status->is_number_integer() ? std::to_string(status->get<int64_t>()) + " " : "";
    return "rejected: " + head + code + (text.empty() ? "" : ": " + text);
}

std::vector<std::string> CreateCertificateFromCsr::answer_filters() const {
    return {std::string(kCreateFromCsrTopic) + kAccepted, std::string(kCreateFromCsrTopic) + kRejected};
}

Publish CreateCertificateFromCsr::request() const {
    Json j;
    j["certificateSigningRequest"] = st_.csr_pem;
    add_client_token(j, st_);
    return {kCreateFromCsrTopic, json_text(j), 1, false};
}

StepOutcome CreateCertificateFromCsr::on_answer(std::string_view topic, std::string_view payload) {
    Json body;
    if (StepOutcome o = read_answer(topic, payload, st_, body); o.kind != StepOutcome::Kind::Done) return o;
    const std::string* pem = string_member(body, "certificatePem");
    const std::string* token = string_member(body, "certificateOwnershipToken");
    if (pem == nullptr || token == nullptr || token->empty())
        return StepOutcome::failed("accepted answer lacks certificatePem or certificateOwnershipToken");
    IssuedCertCheck c = check_issued_cert(*pem, st_.ca_pem, st_.key_pem.str(), st_.device_id, st_.now_unix_ms);
    if (c.verdict == IssuedCertVerdict::OtherDevice) return StepOutcome::not_for_us();
    if (!c.ok()) return StepOutcome::failed("certificate refused: " + c.detail);
    st_.cert_chain_pem = *pem;
    st_.ownership_token = *token;
    return StepOutcome::done();
}

std::vector<std::string> RegisterThing::answer_filters() const {
    return {provision_topic(template_) + kAccepted, provision_topic(template_) + kRejected};
}

Publish RegisterThing::request() const {
    Json j;
    j["certificateOwnershipToken"] = st_.ownership_token;
    j["parameters"] = Json{{"SerialNumber", st_.device_id}};
    add_client_token(j, st_);
    return {provision_topic(template_), json_text(j), 1, false};
}

StepOutcome RegisterThing::on_answer(std::string_view topic, std::string_view payload) {
    Json body;
    if (StepOutcome o = read_answer(topic, payload, st_, body); o.kind != StepOutcome::Kind::Done) return o;
    const std::string* thing = string_member(body, "thingName");
    if (thing == nullptr) return StepOutcome::failed("accepted answer lacks thingName");
    if (*thing != st_.device_id) return StepOutcome::not_for_us();
    return StepOutcome::done();
}

}  // namespace fw::app::aws
