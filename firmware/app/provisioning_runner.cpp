#include "firmware/app/provisioning_runner.h"

#include "firmware/app/config_update.h"
#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "device";
constexpr uint32_t kProvisionTimeoutMs = 30000;

}  // namespace

ProvisioningRunner::ProvisioningRunner(hal::Rng& rng, EventLoop& loop, BrokerConnection& conn, DeviceConfig& cfg,
                                       DeviceStorage& storage, Hooks hooks)
    : loop_(loop),
      conn_(conn),
      cfg_(cfg),
      storage_(storage),
      hooks_(std::move(hooks)),
      backoff_(rng, 5000, 10 * 60 * 1000, 2000) {}

ProvisioningRunner::~ProvisioningRunner() { loop_.cancel(retry_timer_); }

std::optional<ConnectOptions> ProvisioningRunner::unprovisioned_client() const {
    return provisioning_ ? provisioning_->unprovisioned_client(cfg_) : std::nullopt;
}

void ProvisioningRunner::begin() {
    EnrollStep& step = provisioning_->begin(cfg_, cert_pem_);
    conn_.run_exchange(step, kProvisionTimeoutMs, [this](const StepOutcome& o) { on_outcome(o); });
}

void ProvisioningRunner::cancel() {
    loop_.cancel(retry_timer_);
    retry_timer_ = EventLoop::kNoTimer;
}

void ProvisioningRunner::on_outcome(const StepOutcome& o) {
    conn_.cancel_exchange();
    net::MqttSession* session = conn_.session();
    if (!session || !session->connected()) return;  // the link dropped meanwhile: the next connection asks again
    if (o.kind != StepOutcome::Kind::Done) {
        uint32_t delay = backoff_.next_ms();
        session->stop();
        hooks_.refused(std::string(provisioning_->platform()) + " provisioning refused: " + o.error + "; retry in " +
                       std::to_string(delay) + " ms");
        loop_.cancel(retry_timer_);
        retry_timer_ = loop_.add_timer(delay, [this] {
            retry_timer_ = EventLoop::kNoTimer;
            hooks_.retry();
        });
        return;
    }
    backoff_.reset();
    Provisioned p = provisioning_->provisioned(cfg_);
    if (p.changes.empty()) {
        hooks_.online();
        return;
    }
    if (!apply_learned(cfg_, p.changes, storage_.config.get()))
        FW_LOGE(kTag, "could not store what %s provisioning taught", provisioning_->platform());
    hooks_.reconnect(p.reconnect_why);
}

}  // namespace fw::app
