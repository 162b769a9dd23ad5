#pragma once
// Helpers shared by the flash-image tests: files, and a flash holding images in its slots.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "firmware/storage/app_image.h"
#include "hal_posix/nor_flash.h"

namespace fixtures {

inline std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string read_text(const std::string& path) {
    auto b = read_bytes(path);
    return std::string(b.begin(), b.end());
}

// A fake executable: any bytes stand in for the ELF as far as the image format is concerned.
inline std::vector<uint8_t> fake_elf(size_t n, uint8_t seed) {
    std::vector<uint8_t> v(n);
    v[0] = 0x7F, v[1] = 'E', v[2] = 'L', v[3] = 'F';
    for (size_t i = 4; i < n; ++i) v[i] = static_cast<uint8_t>(i * 31 + seed);
    return v;
}

inline std::vector<uint8_t> image(const std::string& version, uint32_t secure_version = 0, size_t elf_len = 3000) {
    fw::storage::AppDesc d;
    d.version = version;
    d.project_name = "iotfw";
    d.secure_version = secure_version;
    return fw::storage::build_image(d, fake_elf(elf_len, static_cast<uint8_t>(version.size())));
}

inline void put(hal_posix::MemFlash& f, uint32_t offset, const std::vector<uint8_t>& data) {
    std::copy(data.begin(), data.end(), f.bytes().begin() + offset);
}

}  // namespace fixtures
