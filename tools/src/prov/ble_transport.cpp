// BLE-like transport: frames of hal_posix/prov_ble.h over the device's Unix socket.
#include <sys/un.h>

#include <memory>

#include "hal_posix/prov_ble.h"
#include "tools/src/prov/fd_io.h"
#include "tools/src/prov/transport.h"

namespace provcli {
namespace {

class BleTransport : public Transport {
public:
    BleTransport(int fd, int timeout_ms) : io_(fd, timeout_ms) {}

    std::vector<uint8_t> send(const std::string& endpoint, const std::vector<uint8_t>& body) override {
        io_.send_all(hal_posix::ble_frame::encode(endpoint, body));
        for (;;) {
            size_t used = 0;
            std::string name;
            std::vector<uint8_t> payload;
            auto d = hal_posix::ble_frame::decode(buf_, used, name, payload);
            if (d == hal_posix::ble_frame::Decoded::Bad) throw TransportError("malformed frame from the device");
            if (d == hal_posix::ble_frame::Decoded::Incomplete) {
                io_.read_more(buf_);
                continue;
            }
            buf_.erase(0, used);
            if (name != endpoint) throw TransportError("answer for '" + name + "', expected '" + endpoint + "'");
            if (payload.empty()) throw Refused("the device refused the write to '" + endpoint + "'");
            return payload;
        }
    }

private:
    FdIo io_;
    std::string buf_;
};

}  // namespace

std::unique_ptr<Transport> connect_ble(const std::string& path, int timeout_ms) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof a.sun_path) throw TransportError("bad socket path '" + path + "'");
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        int e = errno;
        if (fd >= 0) ::close(fd);
        throw TransportError("cannot connect to " + path + ": " + std::strerror(e));
    }
    return std::make_unique<BleTransport>(fd, timeout_ms);
}

}  // namespace provcli
