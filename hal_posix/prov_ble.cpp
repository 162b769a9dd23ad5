#include "hal_posix/prov_ble.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hal_posix {
namespace ble_frame {
namespace {

void put_le(std::string& out, uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint32_t get_le(const std::string& in, size_t at, int bytes) {
    uint32_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(in[at + i])) << (8 * i);
    return v;
}

}  // namespace

std::string encode(const std::string& name, const std::vector<uint8_t>& payload) {
    std::string out;
    put_le(out, static_cast<uint32_t>(name.size()), 2);
    out += name;
    put_le(out, static_cast<uint32_t>(payload.size()), 4);
    out.append(payload.begin(), payload.end());
    return out;
}

Decoded decode(const std::string& buf, size_t& consumed, std::string& name, std::vector<uint8_t>& payload) {
    if (buf.size() < 2) return Decoded::Incomplete;
    size_t name_len = get_le(buf, 0, 2);
    if (name_len == 0 || name_len > kMaxName) return Decoded::Bad;
    if (buf.size() < 2 + name_len + 4) return Decoded::Incomplete;
    size_t payload_len = get_le(buf, 2 + name_len, 4);
    if (payload_len > kMaxPayload) return Decoded::Bad;
    size_t total = 2 + name_len + 4 + payload_len;
    if (buf.size() < total) return Decoded::Incomplete;
    name = buf.substr(2, name_len);
    payload.assign(buf.begin() + static_cast<std::ptrdiff_t>(2 + name_len + 4),
                   buf.begin() + static_cast<std::ptrdiff_t>(total));
    consumed = total;
    return Decoded::Frame;
}

}  // namespace ble_frame

int ProvBle::open_listener() {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path_.empty() || path_.size() >= sizeof a.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    std::memcpy(a.sun_path, path_.c_str(), path_.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    ::unlink(path_.c_str());  // a socket file left by a previous boot
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 8) != 0) {
        int e = errno;
        ::close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

void ProvBle::after_close_listener() { ::unlink(path_.c_str()); }

ProvStreamServer::Parsed ProvBle::parse(Conn& c, hal::ProvRequest& req) {
    size_t used = 0;
    std::string name;
    std::vector<uint8_t> payload;
    switch (ble_frame::decode(c.in, used, name, payload)) {
        case ble_frame::Decoded::Incomplete: return Parsed::Incomplete;
        case ble_frame::Decoded::Bad: return Parsed::Rejected;
        case ble_frame::Decoded::Frame: break;
    }
    c.in.erase(0, used);
    if (payload.empty() || !known_endpoint(name)) {
        c.out += ble_frame::encode(name, {});
        return Parsed::Answered;
    }
    req.endpoint = std::move(name);
    req.body = std::move(payload);
    return Parsed::Request;
}

std::string ProvBle::frame(Conn& c, const std::vector<uint8_t>& body) { return ble_frame::encode(c.endpoint, body); }

}  // namespace hal_posix
