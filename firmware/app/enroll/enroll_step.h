#pragma once
// One request/answer of an enrollment flow (AWS CreateCertificateFromCsr, RegisterThing,
// ThingsBoard /provision/request, OpenRemote provisioning/{ID}/request). A step is pure: it makes
// its request and judges each message on its answer topics, with no I/O, so every flow is
// unit-tested byte for byte; mqtt_exchange.h runs a step over an MQTT session.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/app/identity/secret_text.h"
#include "firmware/app/platform/profile.h"

namespace fw::app {

// What the steps of one flow learn and pass on.
struct EnrollState {
    std::string device_id;
    SecretText key_pem;  // the device's own key (never sent; wiped with the state)
    std::string csr_pem;
    std::string ca_pem;           // the fleet CA an issued certificate must chain to
    std::string cert_chain_pem;   // issued certificate (+ intermediates)
    std::string ownership_token;  // AWS: proves the certificate is ours at RegisterThing
    std::string realm, asset_id;  // OpenRemote
    // Fresh for each attempt and sent in every request as "clientToken"; the service echoes it
    // in its answers. The claim identity may not publish on the answer topics (the broker's ACL),
    // and a rejection, which names no device, is taken as ours only when it carries this token.
    std::string client_token;
    int64_t now_unix_ms = 0;  // for the validity check of an issued certificate
};

struct StepOutcome {
    enum class Kind : uint8_t {
        NotForUs,  // an answer meant for another device (shared answer topics): keep waiting
        Done,
        Failed,
    };
    Kind kind = Kind::Failed;
    std::string error;  // Failed: the service's error code and message, or what was wrong with the answer

    static StepOutcome not_for_us() { return {Kind::NotForUs, ""}; }
    static StepOutcome done() { return {Kind::Done, ""}; }
    static StepOutcome failed(std::string why) { return {Kind::Failed, std::move(why)}; }
};

// Whether an answer echoes our request's client token (false when either is missing).
bool echoes_client_token(const Json& answer, const EnrollState& st);
// Adds "clientToken" to a request when the state has one.
void add_client_token(Json& request, const EnrollState& st);

class EnrollStep {
public:
    virtual ~EnrollStep() = default;
    virtual const char* name() const = 0;
    // Subscribed before the request goes out (the services answer only live subscribers).
    virtual std::vector<std::string> answer_filters() const = 0;
    virtual Publish request() const = 0;
    // Judges one message on an answer topic; on Done it has updated the state.
    virtual StepOutcome on_answer(std::string_view topic, std::string_view payload) = 0;
};

}  // namespace fw::app
