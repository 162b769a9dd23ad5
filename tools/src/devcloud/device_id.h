#pragma once
// What the platforms and the firmware accept as a device id (certificate CN, client id, topic
// level): 1..64 characters of [A-Za-z0-9._-].
#include <string_view>

namespace devcloud {

bool valid_device_id(std::string_view id);

}  // namespace devcloud
