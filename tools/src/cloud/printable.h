#pragma once
// Untrusted text (topics, payloads) made safe for a one-line console message.
#include <cstddef>
#include <string>
#include <string_view>

namespace cloud {

// At most `max` characters of `s`, then "..." if it was longer; a newline shows as \n and any
// other control or non-ASCII byte as '?'.
std::string printable(std::string_view s, size_t max = 40);

}  // namespace cloud
