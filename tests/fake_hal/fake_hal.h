#pragma once
// Deterministic HAL for unit tests: in-memory NOR flash (with the same fault injection as the
// chip's), a manual clock that advances only when the firmware sleeps or the test says so,
// a seeded RNG, a log that records lines, and an eFuse block in RAM.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "hal/hal.h"
#include "hal_posix/nor_flash.h"

namespace fake {

using hal_posix::MemFlash;

class ManualClock : public hal::Clock {
public:
    uint64_t now_ms() override { return now_; }
    void sleep_ms(uint32_t ms) override { now_ += ms; }
    int64_t unix_ms() override { return unix_base_ == 0 ? 0 : unix_base_ + static_cast<int64_t>(now_); }
    void set_unix_ms(int64_t ms) override { unix_base_ = ms - static_cast<int64_t>(now_); }
    void advance(uint64_t ms) { now_ += ms; }
    // The wall time at now_ms() == 0; 0: unknown, as a chip's clock after power-on.
    void set_unix_base(int64_t ms) { unix_base_ = ms; }

private:
    uint64_t now_ = 0;
    int64_t unix_base_ = 1700000000000;
};

// xorshift64*: reproducible across runs and platforms.
class SeededRng : public hal::Rng {
public:
    explicit SeededRng(uint64_t seed = 0x9E3779B97F4A7C15ull) : s_(seed ? seed : 1) {}
    void fill(void* dst, size_t len) override {
        auto* p = static_cast<uint8_t*>(dst);
        for (size_t i = 0; i < len; ++i) p[i] = static_cast<uint8_t>(next() >> 56);
    }
    uint64_t next() {
        s_ ^= s_ >> 12;
        s_ ^= s_ << 25;
        s_ ^= s_ >> 27;
        return s_ * 0x2545F4914F6CDD1Dull;
    }

private:
    uint64_t s_;
};

class RecordingLog : public hal::Log {
public:
    void write_line(const char* line, size_t len) override { lines.emplace_back(line, len); }
    bool read_line(std::string& out) override {
        if (input.empty()) return false;
        out = input.front();
        input.erase(input.begin());
        return true;
    }
    bool contains(const std::string& needle) const {
        for (const auto& l : lines)
            if (l.find(needle) != std::string::npos) return true;
        return false;
    }
    std::vector<std::string> lines;
    std::vector<std::string> input;
};

class RamEfuse : public hal::Efuse {
public:
    void mac(uint8_t out[6]) override { std::memcpy(out, mac_bytes, 6); }
    bool key_digest(uint8_t out[32]) override {
        if (has_digest) std::memcpy(out, digest, 32);
        return has_digest;
    }
    uint32_t secure_version() override { return version; }
    hal::Status raise_secure_version(uint32_t v) override {
        if (v < version || v > kMaxSecureVersion) return hal::Status::Io;
        version = v;
        return hal::Status::Ok;
    }
    void device_secret(uint8_t out[32]) override { std::memcpy(out, secret, 32); }

    uint8_t mac_bytes[6] = {0x24, 0x0a, 0xc4, 0x12, 0x34, 0x56};
    uint8_t secret[32] = {1, 2, 3, 4, 5, 6, 7, 8};
    uint8_t digest[32] = {};
    bool has_digest = false;
    uint32_t version = 0;
};

}  // namespace fake
