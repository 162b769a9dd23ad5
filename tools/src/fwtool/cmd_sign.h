#pragma once
// `fwtool image sign|verify` and the signature line of `fwtool image info` (secure boot v2).
#include <cstdint>
#include <vector>

#include "commands.h"

namespace fwtool {

int image_sign(const Args& args);    // IMG --key KEY.pem [-o OUT]
int image_verify(const Args& args);  // IMG [--key KEY.pem | --digest HEX]
// Prints "signature: ..." for a file whose app image (verified) is `image_len` bytes long.
void print_signature_info(const std::vector<uint8_t>& file, uint32_t image_len);

}  // namespace fwtool
