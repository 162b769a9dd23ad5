#pragma once
// Shared pieces of the storage tests: an in-memory partition and deterministic test data.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/storage/flash_region.h"

namespace storage_test {

constexpr uint32_t kSector = hal::Flash::kSectorSize;

// A flash that is one partition, as the stores see it.
struct Part {
    explicit Part(uint32_t sectors) : flash(sectors * kSector), region(flash, 0, sectors * kSector) {}
    // A fresh flash holding a copy of `image` (so a replay starts from the same state).
    explicit Part(const std::vector<uint8_t>& image)
        : flash(static_cast<uint32_t>(image.size())), region(flash, 0, static_cast<uint32_t>(image.size())) {
        std::copy(image.begin(), image.end(), flash.bytes().begin());  // keep the attached buffer
    }
    fake::MemFlash flash;
    fw::storage::FlashRegion region;
};

inline std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

inline std::string random_text(fake::SeededRng& rng, size_t len) {
    std::string s(len, ' ');
    for (auto& c : s) c = static_cast<char>('a' + rng.next() % 26);
    return s;
}

inline std::vector<uint8_t> random_bytes(fake::SeededRng& rng, size_t len) {
    std::vector<uint8_t> v(len);
    rng.fill(v.data(), v.size());
    return v;
}

}  // namespace storage_test
