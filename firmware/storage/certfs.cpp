#include "firmware/storage/certfs.h"

#include <mbedtls/sha256.h>

#include <algorithm>
#include <set>

#include "firmware/core/bytes.h"
#include "firmware/core/log.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "certfs";
constexpr char kInodePrefix = 'F';  // 'F' name -> inode
constexpr char kChunkPrefix = 'C';  // 'C' id(be32) index(be16) -> file bytes
constexpr size_t kChunkKeyLen = 7;
constexpr size_t kInodeLen = 40;  // id(le32) size(le32) sha256

std::string inode_key(std::string_view name) { return std::string(1, kInodePrefix).append(name); }

// Big-endian id and index keep a file's chunks adjacent and in order in the index.
std::string chunk_prefix(uint32_t id) {
    std::string k(1, kChunkPrefix);
    for (int shift = 24; shift >= 0; shift -= 8) k.push_back(static_cast<char>(id >> shift));
    return k;
}

std::string chunk_key(uint32_t id, uint32_t index) {
    std::string k = chunk_prefix(id);
    k.push_back(static_cast<char>(index >> 8));
    k.push_back(static_cast<char>(index));
    return k;
}

uint32_t chunk_id(const std::string& key) {
    uint32_t id = 0;
    for (size_t i = 1; i < 5; ++i) id = (id << 8) | static_cast<uint8_t>(key[i]);
    return id;
}

std::array<uint8_t, 32> sha256(const void* data, size_t len) {
    std::array<uint8_t, 32> out{};
    mbedtls_sha256(static_cast<const unsigned char*>(data), len, out.data(), 0);
    return out;
}

}  // namespace

bool CertFs::valid_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxName) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 0x7F && c != '/'; });
}

Status CertFs::mount() {
    FW_TRY(log_.mount());
    return remove_orphans();
}

Status CertFs::format() {
    next_id_ = 1;
    return log_.format();
}

Result<CertFs::Inode> CertFs::inode(std::string_view name) const {
    if (!valid_name(name)) return Err::InvalidArg;
    uint8_t raw[kInodeLen];
    auto size = log_.size_of(inode_key(name));
    if (!size.ok()) return size.err();
    if (*size != kInodeLen) return Err::Corrupt;
    FW_TRY(log_.read(inode_key(name), raw, sizeof raw));
    Inode ino;
    ino.id = get_le32(raw);
    ino.size = get_le32(raw + 4);
    std::copy(raw + 8, raw + kInodeLen, ino.sha256.begin());
    // The size comes from flash: nothing is sized by it unless such a file could be stored here.
    if (ino.size > max_file_size()) {
        FW_LOGE(kTag, "%.*s: inode claims %u bytes, more than the partition can hold (%zu): ignoring it",
                static_cast<int>(name.size()), name.data(), static_cast<unsigned>(ino.size), max_file_size());
        return Err::Corrupt;
    }
    return ino;
}

Status CertFs::remove_chunks(uint32_t id) {
    for (const auto& k : log_.keys(chunk_prefix(id))) FW_TRY(log_.remove(k));
    return ok_status();
}

// A cut between the chunks and the inode of a write, or between the inode and the old chunks of a
// replace or remove, leaves chunks that no inode refers to.
Status CertFs::remove_orphans() {
    std::set<uint32_t> referenced;
    next_id_ = 1;
    for (const auto& k : log_.keys(std::string(1, kInodePrefix))) {
        auto ino = inode(std::string_view(k).substr(1));
        if (!ino.ok() && ino.err() != Err::Corrupt && ino.err() != Err::InvalidArg) return ino.err();
        if (!ino.ok()) continue;  // malformed: its chunks count as orphans
        referenced.insert(ino->id);
        next_id_ = std::max(next_id_, ino->id + 1);
    }
    for (const auto& k : log_.keys(std::string(1, kChunkPrefix))) {
        uint32_t id = k.size() == kChunkKeyLen ? chunk_id(k) : 0;
        next_id_ = std::max(next_id_, id + 1);
        if (k.size() == kChunkKeyLen && referenced.count(id) != 0) continue;
        FW_LOGW(kTag, "removing a chunk of file id %u that no file refers to", static_cast<unsigned>(id));
        FW_TRY(log_.remove(k));
    }
    return ok_status();
}

Status CertFs::write(std::string_view name, const void* data, size_t len) {
    if (!valid_name(name) || (len > 0 && data == nullptr) || len > UINT32_MAX) return Err::InvalidArg;
    if (!log_.mounted()) return Err::BadState;
    if (len > max_file_size()) return Err::TooLarge;
    Inode ino{next_id_, static_cast<uint32_t>(len), sha256(data, len)};
    auto old = inode(name);
    if (old.ok() && old->size == ino.size && old->sha256 == ino.sha256) return ok_status();
    ++next_id_;

    const auto* p = static_cast<const uint8_t*>(data);
    Status s;
    for (size_t off = 0; off < len && s.ok(); off += kChunkSize)
        s = log_.write(chunk_key(ino.id, static_cast<uint32_t>(off / kChunkSize)), p + off,
                       std::min(kChunkSize, len - off));
    if (s.ok()) {
        uint8_t raw[kInodeLen];
        put_le32(raw, ino.id);
        put_le32(raw + 4, ino.size);
        std::copy(ino.sha256.begin(), ino.sha256.end(), raw + 8);
        s = log_.write(inode_key(name), raw, sizeof raw);  // the switch to the new content
    }
    if (!s.ok()) {
        FW_LOGW(kTag, "writing %.*s failed: %s", static_cast<int>(name.size()), name.data(), name_of(s.err()));
        if (log_.mounted()) FW_TRY(remove_chunks(ino.id));
        return s;
    }
    return old.ok() ? remove_chunks(old->id) : ok_status();
}

Result<std::vector<uint8_t>> CertFs::read(std::string_view name) const {
    auto ino = inode(name);
    if (!ino.ok()) return ino.err();
    std::vector<uint8_t> out(ino->size);
    for (size_t off = 0; off < out.size(); off += kChunkSize) {
        Status s = log_.read(chunk_key(ino->id, static_cast<uint32_t>(off / kChunkSize)), out.data() + off,
                             std::min(kChunkSize, out.size() - off));
        if (!s.ok()) {
            FW_LOGE(kTag, "%.*s: chunk at %u unreadable (%s)", static_cast<int>(name.size()), name.data(),
                    static_cast<unsigned>(off), name_of(s.err()));
            return s.err() == Err::NotFound || s.err() == Err::InvalidArg ? Err::Corrupt : s.err();
        }
    }
    if (sha256(out.data(), out.size()) != ino->sha256) {
        FW_LOGE(kTag, "%.*s: SHA-256 mismatch", static_cast<int>(name.size()), name.data());
        return Err::Corrupt;
    }
    return out;
}

Status CertFs::remove(std::string_view name) {
    auto ino = inode(name);
    if (!ino.ok()) return ino.err();
    FW_TRY(log_.remove(inode_key(name)));
    return remove_chunks(ino->id);
}

Result<CertFileInfo> CertFs::stat(std::string_view name) const {
    auto ino = inode(name);
    if (!ino.ok()) return ino.err();
    return CertFileInfo{std::string(name), ino->size, ino->sha256};
}

std::vector<CertFileInfo> CertFs::list() const {
    std::vector<CertFileInfo> out;
    for (const auto& k : log_.keys(std::string(1, kInodePrefix))) {
        auto info = stat(std::string_view(k).substr(1));
        if (info.ok()) out.push_back(std::move(info.value()));
    }
    return out;
}

size_t CertFs::max_file_size() const {
    // Chunk indexes are 16 bits, and every chunk needs its own record in the partition.
    constexpr size_t kIndexLimit = (size_t{UINT16_MAX} + 1) * kChunkSize;
    size_t chunks = log_.capacity() / flog::record_size(kChunkKeyLen, kChunkSize) + 1;
    return std::min(kIndexLimit, chunks * kChunkSize);
}

size_t CertFs::free_space() const {
    size_t unused = log_.capacity() - log_.used();
    return unused / flog::record_size(kChunkKeyLen, kChunkSize) * kChunkSize;
}

}  // namespace fw::storage
