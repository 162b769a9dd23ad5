#include "firmware/app/enroll/enrollment.h"

#include "firmware/app/enroll/internal/enroll_aws.h"
#include "firmware/app/enroll/internal/enroll_thingsboard.h"
#include "firmware/app/identity/credentials.h"
#include "firmware/app/identity/device_key.h"
#include "firmware/core/log.h"

namespace fw::app {
namespace {
constexpr const char* kTag = "enroll";

// 96 random bits in hex: a client token nobody else on the answer topics can guess.
std::string client_token(hal::Rng& rng) {
    static constexpr char kHex[] = "0123456789abcdef";
    uint8_t b[12];
    rng.fill(b, sizeof b);
    std::string t;
    for (uint8_t x : b) {
        t += kHex[x >> 4];
        t += kHex[x & 15];
    }
    return t;
}
}  // namespace

bool enrollment_cures(const CredentialCheck& c) {
    if (c.file == nullptr) return false;
    std::string_view file = c.file;
    if (file == kDeviceKeyFile)
        return c.problem == CredentialProblem::Missing || c.problem == CredentialProblem::KeyMismatch;
    if (file != kDeviceCertFile) return false;
    return c.problem == CredentialProblem::Missing || c.problem == CredentialProblem::Unparsable ||
           c.problem == CredentialProblem::Expired;
}

EnrollSettings enroll_settings(const DeviceConfig& cfg) {
    EnrollSettings es;
    es.flow = cfg.enroll;
    es.device_id = cfg.device_id;
    es.broker = cfg.broker;
    es.aws_template = cfg.enroll_template;
    es.tb_key = cfg.tb_prov_key;
    es.tb_secret = cfg.tb_prov_secret;
    return es;
}

std::vector<std::unique_ptr<EnrollStep>> enroll_steps(const EnrollSettings& s, EnrollState& st) {
    std::vector<std::unique_ptr<EnrollStep>> steps;
    steps.push_back(std::make_unique<aws::CreateCertificateFromCsr>(st));
    if (s.flow == EnrollFlow::Aws) steps.push_back(std::make_unique<aws::RegisterThing>(st, s.aws_template));
    if (s.flow == EnrollFlow::ThingsBoard)
        steps.push_back(std::make_unique<thingsboard::ProvisionDevice>(st, s.tb_key, s.tb_secret));
    return steps;
}

Enrollment::Enrollment(const hal::Hal& hal, EventLoop& loop, storage::CertFs& fs, EnrollSettings settings,
                       Enrolled on_enrolled, Failed on_failed)
    : hal_(hal),
      loop_(loop),
      fs_(fs),
      s_(std::move(settings)),
      on_enrolled_(std::move(on_enrolled)),
      on_failed_(std::move(on_failed)),
      conn_(hal, loop),
      backoff_(*hal.rng, s_.retry_base_ms, s_.retry_cap_ms, s_.retry_floor_ms) {}

Enrollment::~Enrollment() { loop_.cancel(timer_); }

Result<void, Error<Err>> Enrollment::start() {
    if (s_.flow == EnrollFlow::None)
        return Error<Err>(Err::InvalidArg, "no enrollment flow configured (config/enroll)");
    if (!s_.broker.configured()) return Error<Err>(Err::InvalidArg, "no broker configured (config/broker_uri)");
    if (s_.flow == EnrollFlow::ThingsBoard && (s_.tb_key.empty() || s_.tb_secret.empty()))
        return Error<Err>(Err::InvalidArg, "enroll thingsboard needs tb_prov_key and tb_prov_secret");
    CredentialCheck claim = load_credentials(fs_, *hal_.efuse, hal_.clock->unix_ms(), kClaimIdentity);
    if (!claim.ok()) return Error<Err>(Err::NotFound, "no usable claim identity: " + claim.detail);
    auto key = load_or_create_device_key(fs_, *hal_.efuse, *hal_.rng);
    if (!key.ok()) return Error<Err>(key.err(), std::string(kDeviceKeyFile) + " unusable (" + name_of(key.err()) + ")");
    auto csr = make_csr(key->pem.str(), s_.device_id, *hal_.rng);
    if (!csr.ok()) return Error<Err>(csr.err(), std::string("cannot make a CSR (") + name_of(csr.err()) + ")");
    st_.device_id = s_.device_id;
    st_.key_pem = std::move(key->pem);
    st_.csr_pem = std::move(csr.value());
    st_.ca_pem = claim.creds.ca_pem;
    steps_ = enroll_steps(s_, st_);

    if (Status st = conn_.use_identity(claim.creds); !st.ok())
        return Error<Err>(st.err(), "TLS refused the claim identity");
    ConnectOptions client;
    client.client_id = s_.device_id;
    if (s_.flow == EnrollFlow::ThingsBoard) client.username = thingsboard::kProvisionUsername;
    BrokerEvents ev;
    ev.connected = [this](bool) { on_connected(); };
    ev.disconnected = [this](const net::MqttDisconnect& d) { on_disconnected(d); };
    ev.message = [this](const net::MqttMessage& m) { on_message(m); };
    conn_.open(s_.broker, client, std::move(ev));
    if (Status st = conn_.session()->start(); !st.ok())
        return Error<Err>(st.err(), std::string("MQTT config invalid (") + name_of(st.err()) + ")");
    FW_LOGI(kTag, "enrolling as %s (%s flow) with %s's identity CN=%s, key %s", s_.device_id.c_str(), name_of(s_.flow),
            kClaimCertFile, claim.creds.common_name.c_str(), key->created ? "made now" : "from an earlier boot");
    return {};
}

void Enrollment::on_connected() {
    ++attempts_;
    step_ = 0;
    st_.now_unix_ms = hal_.clock->unix_ms();
    st_.client_token = client_token(*hal_.rng);
    next_step();
}

void Enrollment::on_disconnected(const net::MqttDisconnect& d) {
    if (d.cause == net::MqttDisconnectCause::Stopped) return;
    // The connection dropped the exchange in progress: the flow starts over on the next one.
    std::string why = std::string("claim connection: ") + net::name_of(d.cause) + ": " + net::disconnect_detail(d);
    if (d.cause == net::MqttDisconnectCause::Refused) why += " (is the claim certificate allowed on the broker?)";
    on_failed_(why, d.retry_in_ms);
}

void Enrollment::on_message(const net::MqttMessage& m) {
    FW_LOGD(kTag, "ignored a message on %.*s", static_cast<int>(m.topic.size()), m.topic.data());
}

void Enrollment::next_step() {
    EnrollStep& step = *steps_[step_];
    conn_.run_exchange(step, s_.answer_timeout_ms, [this](const StepOutcome& o) { step_done(o); });
}

void Enrollment::step_done(const StepOutcome& o) {
    conn_.cancel_exchange();
    if (o.kind != StepOutcome::Kind::Done) {
        fail(std::string(steps_[step_]->name()) + " " + o.error);
        return;
    }
    FW_LOGI(kTag, "%s: accepted", steps_[step_]->name());
    if (++step_ < steps_.size()) {
        next_step();
        return;
    }
    finish();
}

void Enrollment::fail(const std::string& reason) {
    conn_.session()->stop();
    uint32_t delay = backoff_.next_ms();
    FW_LOGE(kTag, "enrollment attempt %u failed: %s; next attempt in %u.%01u s", static_cast<unsigned>(attempts_),
            reason.c_str(), static_cast<unsigned>(delay / 1000), static_cast<unsigned>(delay % 1000 / 100));
    on_failed_(reason, delay);
    loop_.cancel(timer_);
    timer_ = loop_.add_timer(delay, [this] {
        timer_ = EventLoop::kNoTimer;
        if (Status s = conn_.session()->start(); !s.ok())
            fail(std::string("claim connection not started (") + name_of(s.err()) + ")");
    });
}

void Enrollment::finish() {
    const std::string& pem = st_.cert_chain_pem;
    if (Status s = fs_.write(kDeviceCertFile, pem.data(), pem.size()); !s.ok()) {
        fail(std::string("cannot store ") + kDeviceCertFile + " (" + name_of(s.err()) + ")");
        return;
    }
    FW_LOGI(kTag, "enrolled as %s after %u attempt(s): certificate stored as %s", s_.device_id.c_str(),
            static_cast<unsigned>(attempts_), kDeviceCertFile);
    conn_.session()->stop();
    Enrolled done = std::move(on_enrolled_);  // it may destroy this Enrollment: nothing follows
    done();
}

}  // namespace fw::app
