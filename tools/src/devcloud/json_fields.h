#pragma once
// Reading request payloads: a JSON object or nothing, and string members that are strings.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace devcloud {

// The payload parsed, when it is a JSON object.
std::optional<nlohmann::json> json_object(const std::string& payload);

// The member `key` when it exists and is a string; nullptr otherwise (also when `j` is no object).
const std::string* string_field(const nlohmann::json& j, const char* key);

}  // namespace devcloud
