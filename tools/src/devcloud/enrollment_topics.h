#pragma once
// The enrollment endpoints' topics, shared by the dispatcher and the flows.
#include <optional>
#include <string>
#include <string_view>

namespace devcloud::topics {

inline constexpr std::string_view kAwsCreateFromCsr = "$aws/certificates/create-from-csr/json";
inline constexpr std::string_view kAwsTemplatePrefix = "$aws/provisioning-templates/";
inline constexpr std::string_view kAwsProvisionSuffix = "/provision/json";
inline constexpr std::string_view kTbRequest = "/provision/request";
inline constexpr std::string_view kTbResponse = "/provision/response";
inline constexpr std::string_view kOrPrefix = "provisioning/";
inline constexpr std::string_view kOrRequestSuffix = "/request";
inline constexpr std::string_view kOrResponseSuffix = "/response";

// The single topic level between `prefix` and `suffix` ("a" of "p/a/s"), or nullopt.
std::optional<std::string> middle_level(std::string_view topic, std::string_view prefix, std::string_view suffix);

}  // namespace devcloud::topics
