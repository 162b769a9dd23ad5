// libFuzzer harness for what the bootloader and the OTA path read from flash before trusting it:
// the partition table, otadata, app images (header, segments, descriptor, checksum, SHA-256) and
// the secure boot signature block after them.
//
// The flash is kept from one input to the next (a fresh one each time costs more than the run)
// and rewritten whole.
//
// Input: byte 0 picks the format, the rest is the data as stored:
//   0: partition table (0xC00 bytes at 0x8000)   1: otadata (two 4 KiB sectors)
//   2: an app image with its signature sector in a 64 KiB slot
//   3: a signature block alone                    4: an app descriptor segment alone
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/storage/app_image.h"
#include "firmware/storage/otadata.h"
#include "firmware/storage/partition_table.h"
#include "firmware/storage/secure_boot.h"
#include "fuzz_support.h"

namespace {

using namespace fw::storage;

volatile uint64_t g_sink;

uint64_t partition_table(const uint8_t* data, size_t size) {
    auto t = PartitionTable::parse(data, size, 4 * 1024 * 1024);
    if (!t.ok()) return 0;
    uint64_t s = t.value().partitions().size() + t.value().ota_slots().size();
    if (const Partition* p = t.value().find(PartType::Data, subtype::kOta)) s += p->size;
    if (const Partition* p = t.value().find("nvs")) s += p->offset;
    // What was accepted is written back the same way and reads back the same.
    auto bin = t.value().serialize();
    auto again = PartitionTable::parse(bin.data(), bin.size(), 4 * 1024 * 1024);
    fuzz::check(again.ok() && again.value().partitions().size() == t.value().partitions().size());
    return s;
}

// A flash of `size` bytes holding `data` at its start, erased after it.
fake::MemFlash& flash_with(uint32_t size, const uint8_t* data, size_t len) {
    static fake::MemFlash flash(64 * 1024);
    len = std::min<size_t>(len, size);
    std::memcpy(flash.bytes().data(), data, len);
    std::memset(flash.bytes().data() + len, 0xFF, size - len);
    return flash;
}

uint64_t otadata(const uint8_t* data, size_t size) {
    FlashRegion region(flash_with(kOtaDataSize, data, size), 0, kOtaDataSize);
    auto d = OtaData::load(region);
    if (!d.ok()) return 0;
    uint64_t s = static_cast<uint64_t>(d.value().active_sector() + 1);
    for (uint32_t slots = 1; slots <= 16; ++slots) {
        if (auto a = d.value().active_slot(slots)) {
            fuzz::check(*a < slots);
            s += *a;
        }
        if (auto p = d.value().previous_slot(slots)) s += *p;
    }
    s += std::strlen(name_of(d.value().entry(0).state)) + std::strlen(name_of(d.value().entry(1).state));
    // Switching slots from whatever was stored selects that slot.
    if (d.value().select_slot(1, 2, OtaState::New).ok()) {
        auto after = OtaData::load(region);
        fuzz::check(after.ok() && after.value().active_slot(2) == 1u);
        s += after.value().set_active_state(OtaState::PendingVerify).ok();
    }
    return s;
}

uint64_t app_image(const uint8_t* data, size_t size) {
    constexpr uint32_t kSlot = 64 * 1024;
    FlashRegion region(flash_with(kSlot, data, size), 0, kSlot);
    auto info = verify_image(region);
    uint64_t s = std::strlen(name_of(info.err()));
    if (!info.ok()) return s;
    fuzz::check(info.err() == ImageError::None && info.value().image_len <= kSlot);
    for (const auto& seg : info.value().segments) s += seg.data_len;
    s += info.value().payload_len + info.value().desc.secure_version;
    SigBlock block;
    uint8_t trusted[32] = {};
    s += static_cast<uint8_t>(verify_signature(region, info.value().image_len, nullptr, &block));
    s += static_cast<uint8_t>(verify_signature(region, info.value().image_len, trusted));
    return s;
}

uint64_t signature_block(const uint8_t* data, size_t size) {
    uint8_t in[kSigBlockSize];
    std::memset(in, 0xFF, sizeof in);
    std::memcpy(in, data, std::min(size, sizeof in));
    SigBlock b;
    if (decode_sig_block(in, b) != SigError::None) return 0;
    // A block that decodes encodes back to the same bytes.
    uint8_t out[kSigBlockSize];
    encode_sig_block(b, out);
    SigBlock again;
    fuzz::check(decode_sig_block(out, again) == SigError::None && std::memcmp(&again, &b, sizeof b) == 0);
    uint8_t digest[32];
    public_key_digest(b, digest);
    return digest[0];
}

uint64_t app_desc(const uint8_t* data, size_t size) {
    auto d = parse_app_desc(data, size);
    return d.ok() ? d.value().secure_version + 1 : 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::init_log();
    if (size == 0) return 0;
    const uint8_t* in = data + 1;
    const size_t n = size - 1;
    switch (data[0] % 5) {
        case 0: g_sink = partition_table(in, n); break;
        case 1: g_sink = otadata(in, n); break;
        case 2: g_sink = app_image(in, n); break;
        case 3: g_sink = signature_block(in, n); break;
        default: g_sink = app_desc(in, n); break;
    }
    return 0;
}
