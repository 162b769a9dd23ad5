#include "firmware/prov/session_gate.h"

#include "firmware/core/log.h"

namespace fw::prov {
namespace {

unsigned u(uint64_t v) { return static_cast<unsigned>(v); }

}  // namespace

SessionGate::SessionGate(hal::Clock& clock, const char* tag, const char* secret)
    : clock_(clock), tag_(tag), secret_(secret) {}

bool SessionGate::locked(uint32_t session) const {
    uint64_t now = clock_.now_ms();
    if (now >= locked_until_ms_) return false;
    FW_LOGW(tag_, "session %u refused: locked for %u more ms after %u wrong %ss; retry later", u(session),
            u(locked_until_ms_ - now), u(failures_), secret_);
    return true;
}

bool SessionGate::busy(bool open, uint32_t owner, uint32_t session) const {
    if (!open || owner == session) return false;
    if (clock_.now_ms() - last_used_ms_ < kIdleTakeoverMs) {
        FW_LOGW(tag_, "session %u refused: another provisioning session is open", u(session));
        return true;
    }
    FW_LOGW(tag_, "dropping idle session %u", u(owner));
    return false;
}

void SessionGate::touch() { last_used_ms_ = clock_.now_ms(); }

void SessionGate::failed(uint32_t session) {
    if (failures_ < UINT32_MAX) ++failures_;
    uint32_t delay = kFirstLockoutMs;
    for (uint32_t i = 1; i < failures_ && delay < kMaxLockoutMs; ++i) delay *= 2;
    delay = delay < kMaxLockoutMs ? delay : kMaxLockoutMs;
    locked_until_ms_ = clock_.now_ms() + delay;
    FW_LOGW(tag_, "session %u: client verification failed (wrong %s?), failure %u; session attempts refused for %u ms",
            u(session), secret_, u(failures_), u(delay));
}

void SessionGate::verified() { failures_ = 0; }

}  // namespace fw::prov
