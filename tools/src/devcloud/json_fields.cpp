#include "tools/src/devcloud/json_fields.h"

#include <nlohmann/json.hpp>

namespace devcloud {

bool is_json(const std::string& text) { return !nlohmann::json::parse(text, nullptr, false).is_discarded(); }

std::optional<nlohmann::json> json_object(const std::string& payload) {
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    return j;
}

const std::string* string_field(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::string with_client_token(nlohmann::json answer, const std::optional<nlohmann::json>& request) {
    const std::string* token = request ? string_field(*request, "clientToken") : nullptr;
    if (token != nullptr) answer["clientToken"] = *token;
    return answer.dump();
}

}  // namespace devcloud
