#pragma once
// BLE-like provisioning transport: a Unix stream socket stands for the GATT link (one connection
// = one BLE client = one session) and each endpoint name stands for its characteristic.
//
// Framing, both directions, integers little-endian:
//     u16 name_len | name (1..64 bytes) | u32 payload_len | payload (0..4096 bytes)
// A request names the endpoint it writes; the answer echoes that name. An answer with an empty
// payload means the device refused the request (a GATT error on a real link); a request with an
// empty payload or for an unknown endpoint gets that answer too. A frame with out-of-range
// lengths ends the link. Requests on one link are answered in order.
#include <cstdint>
#include <string>
#include <vector>

#include "hal_posix/prov_stream_server.h"

namespace hal_posix {

namespace ble_frame {

constexpr size_t kMaxName = 64;
constexpr size_t kMaxPayload = ProvStreamServer::kMaxBody;

std::string encode(const std::string& name, const std::vector<uint8_t>& payload);

enum class Decoded { Incomplete, Frame, Bad };
// Decodes one frame from the front of `buf`; on Frame, `consumed` bytes make it up.
Decoded decode(const std::string& buf, size_t& consumed, std::string& name, std::vector<uint8_t>& payload);

}  // namespace ble_frame

class ProvBle : public ProvStreamServer {
public:
    ProvBle(IoWait& io, std::string socket_path) : ProvStreamServer(io), path_(std::move(socket_path)) {}
    ~ProvBle() override { stop(); }
    const std::string& path() const { return path_; }

protected:
    int open_listener() override;
    void after_close_listener() override;
    Parsed parse(Conn& c, hal::ProvRequest& req) override;
    std::string frame(Conn& c, const std::vector<uint8_t>& body) override;

private:
    std::string path_;
};

}  // namespace hal_posix
