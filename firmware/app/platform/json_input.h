#pragma once
// The one parser of JSON that comes from outside the device: commands, platform attributes and
// enrollment answers. nlohmann-json builds, copies, dumps and frees a tree recursively, so a
// payload nested a few hundred levels deep would overflow a task stack of a few KiB; input nested
// deeper than kMaxJsonDepth is refused before any tree is built.
#include <cstddef>
#include <string_view>

#include "firmware/app/platform/json_value.h"

namespace fw::app {

// Arrays and objects inside one another: {"params":{"a":[1]}} is 3 deep.
constexpr size_t kMaxJsonDepth = 16;

// Whether `text` opens more than `limit` arrays/objects inside one another (brackets inside
// strings do not count). Cheap: one pass, no allocation, stops at the first level too deep.
bool json_nests_deeper_than(std::string_view text, size_t limit);

// The parsed value, or a discarded one (is_discarded()) when `text` is not JSON or nests deeper
// than kMaxJsonDepth (logged).
Json parse_json_input(std::string_view text);

}  // namespace fw::app
