#pragma once
// Reading request payloads: a JSON object or nothing, and string members that are strings.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace devcloud {

// Whether `text` is one JSON value.
bool is_json(const std::string& text);

// The payload parsed, when it is a JSON object.
std::optional<nlohmann::json> json_object(const std::string& payload);

// The member `key` when it exists and is a string; nullptr otherwise (also when `j` is no object).
const std::string* string_field(const nlohmann::json& j, const char* key);

// `answer` with the request's "clientToken" echoed, when the request carried a string one: the
// requester tells its own answers (rejections name no device) by it.
std::string with_client_token(nlohmann::json answer, const std::optional<nlohmann::json>& request);

}  // namespace devcloud
