#include "firmware/app/ota/ota_pending.h"

#include <nlohmann/json.hpp>

#include "firmware/app/platform/telemetry.h"

namespace fw::app {
namespace {

constexpr const char* kPendingKey = "pending";
constexpr const char* kRollbackKey = "rb_seq";

}  // namespace

Command OtaPending::command() const {
    Command c;
    c.id = cmd_id;
    c.reply_to = reply_to;
    c.name = CommandName::Ota;
    c.name_text = name_of(CommandName::Ota);
    c.ota.source = source;
    c.ota.version = version;
    return c;
}

std::optional<OtaPending> OtaPendingStore::load() {
    if (kv_ == nullptr) return std::nullopt;
    auto h = kv_->open(kOtaNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return std::nullopt;
    auto text = h->get_str(kPendingKey);
    if (!text.ok()) return std::nullopt;
    Json j = Json::parse(text.value(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    // Read type-checked: another image or damage may have left a field of another type, and
    // value() would abort on it. Without a version there is nothing to report; any other bad
    // field takes its default.
    const std::string* version = string_member(j, "version");
    if (version == nullptr || version->empty()) return std::nullopt;
    auto member_text = [&j](const char* key) {
        const std::string* s = string_member(j, key);
        return s != nullptr ? *s : std::string();
    };
    OtaPending p;
    p.version = *version;
    p.from_version = member_text("from");
    p.source = bool_member(j, "chunks").value_or(false) ? OtaSource::MqttChunks : OtaSource::Https;
    p.cmd_id = member_text("id");
    p.reply_to = member_text("reply_to");
    p.answered = bool_member(j, "answered").value_or(false);
    return p;
}

Status OtaPendingStore::save(const OtaPending& p) {
    if (kv_ == nullptr) return Err::NotFound;
    Json j;
    j["version"] = p.version;
    j["from"] = p.from_version;
    j["chunks"] = p.source == OtaSource::MqttChunks;
    j["id"] = p.cmd_id;
    j["reply_to"] = p.reply_to;
    j["answered"] = p.answered;
    auto h = kv_->open(kOtaNamespace);
    if (!h.ok()) return h.err();
    FW_TRY(h->set_str(kPendingKey, json_text(j)));
    return h->commit();
}

Status OtaPendingStore::clear() {
    if (kv_ == nullptr) return ok_status();
    auto h = kv_->open(kOtaNamespace);
    if (!h.ok()) return h.err();
    Status s = h->erase_key(kPendingKey);
    if (!s.ok() && s.err() != Err::NotFound) return s;
    return h->commit();
}

std::optional<uint32_t> OtaPendingStore::reported_rollback() {
    if (kv_ == nullptr) return std::nullopt;
    auto h = kv_->open(kOtaNamespace, storage::KvMode::ReadOnly);
    if (!h.ok()) return std::nullopt;
    auto v = h->get_u32(kRollbackKey);
    if (!v.ok()) return std::nullopt;
    return v.value();
}

Status OtaPendingStore::set_reported_rollback(uint32_t seq) {
    if (kv_ == nullptr) return Err::NotFound;
    auto h = kv_->open(kOtaNamespace);
    if (!h.ok()) return h.err();
    FW_TRY(h->set_u32(kRollbackKey, seq));
    return h->commit();
}

}  // namespace fw::app
