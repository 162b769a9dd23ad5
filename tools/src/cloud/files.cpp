#include "tools/src/cloud/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace cloud {

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string out(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) return std::nullopt;
    return out;
}

void write_file_atomic(const std::string& path, const std::string& content) {
    std::string tmp = path + ".tmp." + std::to_string(getpid());
    auto fail = [&](const std::string& what) {
        std::string reason = std::strerror(errno);
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot " + what + " " + path + ": " + reason);
    };
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) fail("write");
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size() && std::fflush(f) == 0 &&
              fsync(fileno(f)) == 0;
    if (std::fclose(f) != 0 || !ok) fail("write");
    if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("replace");
}

void append_durable(const std::string& path, const std::string& text, size_t keep) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    struct stat st {};
    bool ok = fd >= 0 && fstat(fd, &st) == 0 &&
              (static_cast<size_t>(st.st_size) <= keep || ftruncate(fd, static_cast<off_t>(keep)) == 0) &&
              ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fdatasync(fd) == 0;
    std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    if (!ok) throw std::runtime_error("cannot append to " + path + ": " + reason);
}

}  // namespace cloud
