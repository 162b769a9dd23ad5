// libFuzzer harness for the flash log and the stores on top of it: whatever a partition holds
// (a cut, worn bits, another format, an attacker with the flash chip) is mounted, every key and
// file is read, one change is written (which may repair or garbage-collect what the mount left)
// and the partition is mounted and read again.
//
// Input: byte 0 picks the store (0 flash log, 1 kv store, 2 certfs), the rest is the start of a
// 3-sector partition in a RAM flash; what the input does not cover is erased (0xFF).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/storage/certfs.h"
#include "firmware/storage/flash_log.h"
#include "firmware/storage/kv_store.h"
#include "fuzz_support.h"

namespace {

using namespace fw::storage;

constexpr uint32_t kSectors = 3;
constexpr uint32_t kPartitionSize = kSectors * hal::Flash::kSectorSize;
volatile uint64_t g_sink;

uint64_t sum(const std::vector<uint8_t>& v) {
    uint64_t s = v.size();
    for (uint8_t b : v) s += b;
    return s;
}

uint64_t read_log(FlashLog& log) {
    uint64_t s = 0;
    for (const auto& key : log.keys()) {
        auto v = log.read(key);
        if (v.ok()) s += sum(v.value());
    }
    return s;
}

uint64_t fuzz_log(const FlashRegion& region) {
    FlashLog log(region);
    if (!log.mount().ok()) return 0;
    uint64_t s = read_log(log);
    const uint8_t value[] = {1, 2, 3, 4, 5};
    if (log.write("fuzz", value, sizeof value).ok()) {
        auto back = log.read("fuzz");
        fuzz::check(back.ok() && back.value() == std::vector<uint8_t>(value, value + sizeof value));
    }
    FlashLog again(region);
    if (again.mount().ok()) s += read_log(again);
    return s;
}

uint64_t read_kv(KvStore& kv) {
    uint64_t s = 0;
    for (const auto& e : kv.entries()) {
        auto h = kv.open(e.ns, KvMode::ReadOnly);
        if (!h.ok()) continue;
        auto& handle = h.value();
        switch (e.type) {
            case KvType::Str: {
                auto v = handle.get_str(e.key);
                if (v.ok()) s += v.value().size();
                break;
            }
            case KvType::Blob: {
                auto v = handle.get_blob(e.key);
                if (v.ok()) s += sum(v.value());
                break;
            }
            default: {
                auto v = handle.get_u64(e.key);
                auto w = handle.get_i8(e.key);
                s += (v.ok() ? v.value() : 0) + (w.ok() ? static_cast<uint8_t>(w.value()) : 0);
                auto t = handle.type_of(e.key);
                if (t.ok()) s += static_cast<uint8_t>(t.value());
            }
        }
    }
    return s;
}

uint64_t fuzz_kv(const FlashRegion& region) {
    KvStore kv(region);
    if (!kv.mount().ok()) return 0;
    uint64_t s = read_kv(kv);
    auto h = kv.open("wifi");
    if (h.ok() && h.value().set_str("ssid", "fuzz-net").ok() && h.value().commit().ok()) {
        auto back = h.value().get_str("ssid");
        fuzz::check(back.ok() && back.value() == "fuzz-net");
    }
    KvStore again(region);
    if (again.mount().ok()) s += read_kv(again);
    return s;
}

uint64_t read_certfs(CertFs& fs) {
    uint64_t s = 0;
    for (const auto& f : fs.list()) {
        auto v = fs.read(f.name);
        if (v.ok()) {
            fuzz::check(v.value().size() == f.size);
            s += sum(v.value());
        }
        auto st = fs.stat(f.name);
        if (st.ok()) s += st.value().size;
    }
    return s;
}

uint64_t fuzz_certfs(const FlashRegion& region) {
    CertFs fs(region);
    if (!fs.mount().ok()) return 0;
    uint64_t s = read_certfs(fs);
    std::vector<uint8_t> cert(1500, 'C');  // two chunks
    if (fs.write("device.crt", cert.data(), cert.size()).ok()) {
        auto back = fs.read("device.crt");
        fuzz::check(back.ok() && back.value() == cert);
    }
    CertFs again(region);
    if (again.mount().ok()) s += read_certfs(again);
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::init_log();
    if (size == 0) return 0;
    // One flash for all inputs (a fresh one each time costs more than the run): rewritten whole.
    static fake::MemFlash flash(kPartitionSize);
    const size_t n = std::min<size_t>(size - 1, kPartitionSize);
    std::memcpy(flash.bytes().data(), data + 1, n);
    std::memset(flash.bytes().data() + n, 0xFF, kPartitionSize - n);
    FlashRegion region(flash, 0, kPartitionSize);
    switch (data[0] % 3) {
        case 0: g_sink = fuzz_log(region); break;
        case 1: g_sink = fuzz_kv(region); break;
        default: g_sink = fuzz_certfs(region); break;
    }
    return 0;
}
