#pragma once
// Certificate store for the `storage` partition (the job SPIFFS does in the ESP32 guides, without
// its power-loss problems): a flat namespace of files such as device.crt, device.key and
// server_chain.pem. Built on FlashLog: a file is a set of chunk records under a fresh file id plus
// one inode record (name -> id, size, SHA-256). Writing a file writes all new chunks first and then
// the inode, so replacing a file is atomic; the old chunks are removed afterwards, and chunks no
// inode refers to (left by a cut) are removed at mount. Layout: STORAGE_FORMAT.md.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/core/result.h"
#include "firmware/storage/flash_log.h"

namespace fw::storage {

struct CertFileInfo {
    std::string name;
    size_t size = 0;
    std::array<uint8_t, 32> sha256{};
};

class CertFs {
public:
    static constexpr size_t kMaxName = 32;  // printable ASCII without '/'
    // File bytes per chunk record: four chunk records and an inode fit one sector.
    static constexpr size_t kChunkSize = 960;

    explicit CertFs(const FlashRegion& region) : log_(region) {}

    // See FlashLog::mount(); also removes chunks that no file refers to.
    Status mount();
    Status format();

    // Creates or atomically replaces `name`. Replacing needs room for both copies until the
    // switch; NoSpace leaves the old file as it was.
    Status write(std::string_view name, const void* data, size_t len);
    // The whole file, checked against its SHA-256 (Corrupt on a mismatch or a missing chunk).
    Result<std::vector<uint8_t>> read(std::string_view name) const;
    Status remove(std::string_view name);
    Result<CertFileInfo> stat(std::string_view name) const;
    std::vector<CertFileInfo> list() const;  // by name
    // Largest file this partition could hold; an inode read from flash claiming more is Corrupt.
    size_t max_file_size() const;
    // About how many more file bytes fit (whole chunk records in the unused space).
    size_t free_space() const;
    const FlashLog& log() const { return log_; }

private:
    struct Inode {
        uint32_t id = 0;
        uint32_t size = 0;
        std::array<uint8_t, 32> sha256{};
    };
    static bool valid_name(std::string_view name);
    Result<Inode> inode(std::string_view name) const;
    Status remove_chunks(uint32_t id);
    Status remove_orphans();

    FlashLog log_;
    uint32_t next_id_ = 1;
};

}  // namespace fw::storage
