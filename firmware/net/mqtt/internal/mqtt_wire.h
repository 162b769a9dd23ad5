#pragma once
// Bounds-checked cursors over MQTT's big-endian fields, shared by the encoder and the parser.
// The reading cursor never advances past its end: a short read sets a sticky failure instead.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "firmware/core/bytes.h"

namespace fw::net::mqtt::wire {

class Reader {
public:
    explicit Reader(std::span<const uint8_t> data) : data_(data) {}

    bool failed() const { return failed_; }
    size_t left() const { return data_.size() - pos_; }
    size_t pos() const { return pos_; }

    uint8_t u8() { return take(1).empty() ? 0 : data_[pos_ - 1]; }
    uint16_t u16() {
        auto b = take(2);
        return b.empty() ? 0 : get_be16(b.data());
    }
    std::span<const uint8_t> bytes(size_t n) { return take(n); }
    // A 2-byte length followed by that many bytes.
    std::span<const uint8_t> prefixed() { return take(u16()); }
    std::span<const uint8_t> rest() { return take(left()); }

private:
    std::span<const uint8_t> take(size_t n) {
        if (failed_ || n > left()) {
            failed_ = true;
            return {};
        }
        pos_ += n;
        return data_.subspan(pos_ - n, n);
    }

    std::span<const uint8_t> data_;
    size_t pos_ = 0;
    bool failed_ = false;
};

// Writes into a buffer the caller has already checked is large enough.
class Writer {
public:
    explicit Writer(uint8_t* p) : p_(p) {}

    void u8(uint8_t v) { *p_++ = v; }
    void u16(uint16_t v) {
        put_be16(p_, v);
        p_ += 2;
    }
    void bytes(const void* src, size_t n) {
        if (n != 0) std::memcpy(p_, src, n);
        p_ += n;
    }
    void prefixed(std::string_view s) {
        u16(static_cast<uint16_t>(s.size()));
        bytes(s.data(), s.size());
    }
    void prefixed(std::span<const uint8_t> b) {
        u16(static_cast<uint16_t>(b.size()));
        bytes(b.data(), b.size());
    }
    uint8_t* pos() const { return p_; }

private:
    uint8_t* p_;
};

inline std::string_view as_string(std::span<const uint8_t> b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace fw::net::mqtt::wire
