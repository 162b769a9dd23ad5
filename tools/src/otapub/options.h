#pragma once
// Command line of `otapub`.
#include <cstdint>
#include <optional>
#include <string>

namespace otapub {

struct Options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string cafile, cert, key;  // broker CA; operator certificate chain and key
    std::string image;
    std::string title = "iotfw";
    std::string version;
    std::optional<uint64_t> size;         // announce this fw_size instead of the file's
    std::optional<std::string> checksum;  // announce this fw_checksum instead of the file's SHA-256
    std::string until = "UPDATED";
    int timeout_s = 120;
    bool retain = false;
};

// False with `err` set on a bad command line; `help` set for --help.
bool parse_options(int argc, char** argv, Options& o, bool& help, std::string& err);
extern const char* const kUsage;

}  // namespace otapub
