#include "mqtt_wire.h"

namespace tlstest {
namespace {

void put_u16(std::vector<uint8_t>& out, size_t v) {
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
}

void put_str(std::vector<uint8_t>& out, const std::string& s) {
    put_u16(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

std::vector<uint8_t> packet(uint8_t header, const std::vector<uint8_t>& body) {
    std::vector<uint8_t> out{header};
    size_t len = body.size();
    do {
        uint8_t b = static_cast<uint8_t>(len % 128);
        len /= 128;
        out.push_back(static_cast<uint8_t>(len > 0 ? b | 0x80 : b));
    } while (len > 0);
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

}  // namespace

std::vector<uint8_t> mqtt_connect(const std::string& client_id) {
    std::vector<uint8_t> body;
    put_str(body, "MQTT");
    body.push_back(4);     // protocol level 3.1.1
    body.push_back(0x02);  // clean session
    put_u16(body, 60);
    put_str(body, client_id);
    return packet(0x10, body);
}

std::vector<uint8_t> mqtt_subscribe(uint16_t packet_id, const std::string& topic) {
    std::vector<uint8_t> body;
    put_u16(body, packet_id);
    put_str(body, topic);
    body.push_back(0);
    return packet(0x82, body);
}

std::vector<uint8_t> mqtt_publish(const std::string& topic, const std::string& payload) {
    std::vector<uint8_t> body;
    put_str(body, topic);
    body.insert(body.end(), payload.begin(), payload.end());
    return packet(0x30, body);
}

bool MqttWire::send(const std::vector<uint8_t>& bytes, uint32_t limit_ms) {
    uint64_t deadline = hal_.clock.now_ms() + limit_ms;
    size_t off = 0;
    while (off < bytes.size()) {
        size_t n = 0;
        last_ = t_.send(bytes.data() + off, bytes.size() - off, n);
        off += n;
        if (last_.ok()) continue;
        if (last_.err() != fw::Err::WouldBlock || hal_.clock.now_ms() >= deadline) return false;
        // Keep reading while the socket is full: the broker may be waiting for us to drain ours.
        uint8_t buf[4096];
        size_t got = 0;
        while (t_.recv(buf, sizeof buf, got).ok()) in_.insert(in_.end(), buf, buf + got);
        hal_.clock.sleep_ms(5);
    }
    return true;
}

bool MqttWire::take_packet(MqttPacket& out) {
    size_t len = 0, shift = 0, i = 1;
    for (;; ++i) {
        if (i >= in_.size() || i > 4) return false;
        len |= static_cast<size_t>(in_[i] & 0x7F) << shift;
        shift += 7;
        if ((in_[i] & 0x80) == 0) break;
    }
    size_t start = i + 1;
    if (in_.size() < start + len) return false;
    out.header = in_[0];
    out.body.assign(in_.begin() + static_cast<long>(start), in_.begin() + static_cast<long>(start + len));
    in_.erase(in_.begin(), in_.begin() + static_cast<long>(start + len));
    return true;
}

bool MqttWire::read(MqttPacket& out, uint32_t limit_ms) {
    uint64_t deadline = hal_.clock.now_ms() + limit_ms;
    uint8_t buf[4096];
    for (;;) {
        if (take_packet(out)) return true;
        size_t got = 0;
        last_ = t_.recv(buf, sizeof buf, got);
        if (last_.ok()) {
            in_.insert(in_.end(), buf, buf + got);
            continue;
        }
        if (last_.err() != fw::Err::WouldBlock || hal_.clock.now_ms() >= deadline) return false;
        hal_.clock.sleep_ms(5);
    }
}

int MqttWire::connect(const std::string& client_id) {
    MqttPacket p;
    if (!send(mqtt_connect(client_id)) || !read(p) || p.type() != kConnack || p.body.size() != 2) return -1;
    return p.body[1];
}

}  // namespace tlstest
