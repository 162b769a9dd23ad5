#pragma once
// Text from outside (SSIDs, topics, payloads, ids and errors from the cloud) made safe for one
// console line: a newline, carriage return or tab shows as \n, \r, \t and any other control
// character, DEL or non-ASCII byte as \xNN, so that such text can neither start a forged log line
// nor send terminal escapes. The log facade applies it to every message.
#include <cstddef>
#include <string_view>

namespace fw {

// Writes the escaped `in` to `out` (NUL-terminated, at most `cap` - 1 characters; `cap` > 3) and
// returns its length. Text that does not fit ends in "...", and no escape is cut in half.
size_t escape_printable(std::string_view in, char* out, size_t cap);

}  // namespace fw
