#pragma once
// SHA-256 in lower-case hex: firmware checksums and certificate fingerprints.
#include <cstddef>
#include <string>

namespace cloud {

std::string sha256_hex(const void* data, size_t len);

}  // namespace cloud
