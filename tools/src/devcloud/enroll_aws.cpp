// AWS IoT fleet provisioning by CSR: CreateCertificateFromCsr issues a certificate and an
// ownership token, RegisterThing (with the token) makes the device a registered thing.
#include "tools/src/devcloud/enrollment_service.h"

#include <nlohmann/json.hpp>
#include "tools/src/devcloud/enrollment_topics.h"
#include "tools/src/devcloud/json_fields.h"

namespace devcloud {
namespace {

using nlohmann::json;

struct Rejection {
    int status;
    const char* code;
    std::string message;
};

json rejection_body(const Rejection& r) {
    return {{"statusCode", r.status}, {"errorCode", r.code}, {"errorMessage", r.message}};
}

}  // namespace

std::vector<Message> EnrollmentService::aws_create_from_csr(const std::string& payload) {
    const std::string topic(topics::kAwsCreateFromCsr);
    auto req = json_object(payload);
    auto reject = [&](const Rejection& r) {
        note("", "aws/create-from-csr", std::string("rejected ") + r.code + ": " + r.message);
        return std::vector<Message>{{topic + "/rejected", with_client_token(rejection_body(r), req)}};
    };
    if (!req) return reject({400, "InvalidPayload", "request is not a JSON object"});
    const std::string* csr = string_field(*req, "certificateSigningRequest");
    if (csr == nullptr) return reject({400, "InvalidPayload", "certificateSigningRequest must be a string"});
    int64_t now = now_ms_();
    auto issued = ca_.sign_csr(*csr, now / 1000);
    if (const auto* e = std::get_if<CaError>(&issued)) return reject({400, "InvalidCsr", e->message});
    const IssuedCert& cert = std::get<IssuedCert>(issued);
    std::string token = tokens_.issue(cert, now, int64_t{cfg_.token_ttl_s} * 1000);
    note(cert.common_name, "aws/create-from-csr", "accepted: certificate " + cert.certificate_id.substr(0, 16) + "...");
    json answer = {{"certificateOwnershipToken", token},
                   {"certificateId", cert.certificate_id},
                   {"certificatePem", cert.chain_pem}};
    return {{topic + "/accepted", with_client_token(answer, req)}};
}

std::vector<Message> EnrollmentService::aws_register_thing(const std::string& template_name,
                                                           const std::string& payload) {
    const std::string topic =
        std::string(topics::kAwsTemplatePrefix) + template_name + std::string(topics::kAwsProvisionSuffix);
    const std::string endpoint = "aws/register-thing(" + template_name + ")";
    std::string device;
    auto req = json_object(payload);
    auto reject = [&](const Rejection& r) {
        note(device, endpoint, std::string("rejected ") + r.code + ": " + r.message);
        return std::vector<Message>{{topic + "/rejected", with_client_token(rejection_body(r), req)}};
    };
    if (!req) return reject({400, "InvalidPayload", "request is not a JSON object"});
    auto params = req->find("parameters");
    const std::string* serial = params != req->end() ? string_field(*params, "SerialNumber") : nullptr;
    if (serial != nullptr) device = *serial;
    if (!cfg_.aws_templates.contains(template_name))
        return reject({404, "ResourceNotFound", "provisioning template '" + template_name + "' does not exist"});
    const std::string* token = string_field(*req, "certificateOwnershipToken");
    if (token == nullptr) return reject({400, "InvalidPayload", "certificateOwnershipToken must be a string"});
    if (params != req->end() && !params->is_object())
        return reject({400, "InvalidPayload", "parameters must be a JSON object"});
    if (serial == nullptr) return reject({400, "InvalidParameters", "parameters.SerialNumber (a string) is required"});
    auto checked = tokens_.check(*token, now_ms_());
    if (const auto* why = std::get_if<std::string>(&checked))
        return reject({400, "InvalidCertificateOwnershipToken", "certificateOwnershipToken is " + *why});
    const IssuedCert& cert = std::get<IssuedCert>(checked);
    if (cert.common_name != *serial)
        return reject({400, "InvalidParameters",
                       "certificate CN '" + cert.common_name + "' does not match SerialNumber '" + *serial + "'"});
    if (auto err = record({*serial, "aws", cert.certificate_id, "", "", now_ms_()}))
        return reject({500, "InternalFailure", "cannot register the thing: " + *err});
    tokens_.spend(*token);
    note(device, endpoint, "accepted: thing registered");
    json answer = {{"deviceConfiguration", json::object()}, {"thingName", *serial}};
    return {{topic + "/accepted", with_client_token(answer, req)}};
}

}  // namespace devcloud
