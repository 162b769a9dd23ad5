#include "file_io.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

namespace fwtool {

bool read_file(const std::string& path, std::vector<uint8_t>& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": " + std::strerror(errno);
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

bool read_text(const std::string& path, std::string& out, std::string& error) {
    std::vector<uint8_t> bytes;
    if (!read_file(path, bytes, error)) return false;
    out.assign(bytes.begin(), bytes.end());
    return true;
}

bool write_file_atomic(const std::string& path, const std::vector<uint8_t>& data, std::string& error) {
    std::string tmp = path + ".tmp." + std::to_string(getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            error = tmp + ": " + std::strerror(errno);
            return false;
        }
        out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
        out.flush();
        if (!out) {
            error = tmp + ": write failed";
            std::remove(tmp.c_str());
            return false;
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        error = path + ": " + std::strerror(errno);
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

std::string hex(uint64_t v) {
    char b[24];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}

bool parse_size(const std::string& s, uint64_t& out) {
    if (s.empty()) return false;
    std::string t = s;
    uint64_t mult = 1;
    char last = t.back();
    if (last == 'K' || last == 'k') mult = 1024;
    if (last == 'M' || last == 'm') mult = 1024 * 1024;
    if (mult != 1) t.pop_back();
    if (t.empty()) return false;
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(t.c_str(), &end, 0);
    if (errno != 0 || end == t.c_str() || *end != '\0' || t[0] == '-') return false;
    out = static_cast<uint64_t>(v) * mult;
    return true;
}

int fail(const std::string& msg) {
    std::cerr << "fwtool: " << msg << "\n";
    return 1;
}

}  // namespace fwtool
