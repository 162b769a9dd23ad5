#pragma once
// File helpers for host tools. Outputs are written to a temporary file and renamed into place,
// so a failed command never leaves a half-written output.
#include <cstdint>
#include <string>
#include <vector>

namespace fwtool {

bool read_file(const std::string& path, std::vector<uint8_t>& out, std::string& error);
bool read_text(const std::string& path, std::string& out, std::string& error);
bool write_file_atomic(const std::string& path, const std::vector<uint8_t>& data, std::string& error);
// Parses "123", "0x1000", "4K", "1M" (ESP-IDF CSV number rules); false when malformed.
bool parse_size(const std::string& s, uint64_t& out);
// "0x8000": offsets and sizes in messages, as the CSV writes them.
std::string hex(uint64_t v);
// Prints "fwtool: <msg>" to stderr and returns 1, for `return fail(...)`.
int fail(const std::string& msg);

}  // namespace fwtool
