#include "firmware/app/platform/json_input.h"

#include <nlohmann/json.hpp>

#include "firmware/core/log.h"

namespace fw::app {
namespace {

constexpr const char* kTag = "json";

}  // namespace

bool json_nests_deeper_than(std::string_view text, size_t limit) {
    size_t depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

Json parse_json_input(std::string_view text) {
    if (json_nests_deeper_than(text, kMaxJsonDepth)) {
        FW_LOGW(kTag, "JSON input of %zu bytes refused: nested deeper than %zu levels (the sender must flatten it)",
                text.size(), kMaxJsonDepth);
        return Json(nlohmann::json::value_t::discarded);
    }
    return Json::parse(text, nullptr, false);
}

}  // namespace fw::app
