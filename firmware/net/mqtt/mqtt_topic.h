#pragma once
// MQTT 3.1.1 string and topic rules (sections 1.5.3 and 4.7): what the codec accepts on the wire
// and what the app may publish or subscribe to.
#include <string_view>

namespace fw::net::mqtt {

// Well-formed UTF-8 (no overlong forms, nothing above U+10FFFF), without surrogates (U+D800..
// U+DFFF) and without U+0000, as [MQTT-1.5.3-1..2] require. Other control characters are allowed.
bool valid_utf8(std::string_view s);

// A topic name (PUBLISH): non-empty, at most 65535 bytes, valid UTF-8, no wildcard.
bool valid_topic_name(std::string_view s);

// A topic filter (SUBSCRIBE/UNSUBSCRIBE): like a name, but '+' may fill a whole level and '#' may
// fill the last level only.
bool valid_topic_filter(std::string_view s);

// Whether a valid topic name matches a valid filter. Filters starting with a wildcard do not
// match names starting with '$' [MQTT-4.7.2-1].
bool topic_matches(std::string_view filter, std::string_view name);

}  // namespace fw::net::mqtt
