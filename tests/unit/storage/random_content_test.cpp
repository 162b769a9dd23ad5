// Mounting a partition of random bytes, or a real store with sectors half erased, overwritten or
// bit-flipped, must fail cleanly (Corrupt) or recover; it must never crash (this test is meant to
// run under ASan/UBSan too), and whatever reads back must be a value that was really written.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "firmware/storage/flash_log_format.h"
#include "firmware/storage/nvs_format.h"
#include "storage_test_util.h"
#include "store_adapters.h"

using fw::Err;
using storage_test::CertFsAdapter;
using storage_test::kSector;
using storage_test::KvAdapter;
using storage_test::Part;
namespace flog = fw::storage::flog;
namespace nvs = fw::storage::nvs;

namespace {

using History = std::map<std::string, std::set<std::string>>;  // every value each key ever had

// Reads everything a mounted store lists, then checks it still takes a write.
template <class Store>
void exercise(Store& s, const History& history, const char* what) {
    for (const auto& k : s.keys()) {
        auto v = s.get(k);
        if (!v.ok()) {
            EXPECT_TRUE(v.err() == Err::Corrupt || v.err() == Err::NotFound || v.err() == Err::InvalidArg)
                << what << ": " << k << " -> " << fw::name_of(v.err());
            continue;
        }
        auto h = history.find(k);
        EXPECT_TRUE(h != history.end() && h->second.count(*v) != 0) << what << ": " << k << " reads garbage";
    }
    fw::Status st = s.put("p:probe", "probe value");
    if (st.ok()) {
        auto v = s.get("p:probe");
        ASSERT_TRUE(v.ok()) << what;
        EXPECT_EQ(*v, "probe value") << what;
    } else {
        EXPECT_EQ(st.err(), Err::NoSpace) << what;
    }
}

template <class Store>
int mount_and_exercise(Part& p, const History& history, const char* what) {
    Store s(p.region);
    fw::Status st = s.mount();
    if (!st.ok()) {
        EXPECT_EQ(st.err(), Err::Corrupt) << what;
        return 0;
    }
    exercise(s, history, what);
    Store again(p.region);
    EXPECT_TRUE(again.mount().ok()) << what << ": a repaired store must mount again";
    return 1;
}

// Valid sector headers over the random bytes, with plausible record headers (valid CRC, random
// lengths) at the first few offsets.
void plant_headers(CertFsAdapter*, std::vector<uint8_t>& b, fake::SeededRng& rng) {
    for (uint32_t s = 0; s < 6; ++s) {
        uint8_t* sec = b.data() + s * kSector;
        uint8_t a[flog::kPartASize], bb[flog::kPartBSize];
        flog::encode_part_a(a, static_cast<uint32_t>(rng.next() % 8));
        flog::encode_part_b(bb, static_cast<uint32_t>(1 + rng.next() % 10));
        std::copy(a, a + sizeof a, sec + flog::kPartAOffset);
        if (rng.next() % 4 != 0) std::copy(bb, bb + sizeof bb, sec + flog::kPartBOffset);
        for (uint32_t off = flog::kSectorHeaderSize; off < 400; off += 4 * (1 + rng.next() % 8)) {
            flog::RecordHeader h;
            h.flags = rng.next() % 2 ? flog::kLive : 0;
            h.key_len = static_cast<uint8_t>(rng.next() % 80);
            h.value_len = static_cast<uint16_t>(rng.next() % (rng.next() % 2 ? 100 : 65536));
            h.data_crc = static_cast<uint32_t>(rng.next());
            uint8_t raw[flog::kRecordHeaderSize];
            flog::encode_record_header(raw, h);
            std::copy(raw, raw + sizeof raw, sec + off);
        }
    }
}

// Valid NVS page headers (any state, random sequence numbers) over random bitmaps, with items of
// valid CRC but random types, spans, sizes, chunk indexes and blob indexes among random entries.
void plant_headers(KvAdapter*, std::vector<uint8_t>& b, fake::SeededRng& rng) {
    static const nvs::PageState kStates[] = {nvs::PageState::Active, nvs::PageState::Full, nvs::PageState::Freeing,
                                             nvs::PageState::Corrupt};
    static const uint8_t kTypes[] = {0x01, 0x14, 0x08, 0x21, 0x41, 0x42, 0x48, 0x42, 0x48, 0x77};
    for (uint32_t s = 0; s < 6; ++s) {
        uint8_t* sec = b.data() + s * kSector;
        nvs::encode_page_header(sec, kStates[rng.next() % 4], static_cast<uint32_t>(rng.next() % 10));
        for (size_t e = 0; e < nvs::kEntryCount; e += 1 + rng.next() % 6) {
            nvs::Item it = nvs::make_item(static_cast<uint8_t>(rng.next() % 3), nvs::ItemType::U8,
                                          "k" + std::to_string(rng.next() % 4),
                                          static_cast<uint8_t>(rng.next() % 2 ? 0xFF : rng.next() % 200));
            it.type = kTypes[rng.next() % (sizeof kTypes)];
            it.span = static_cast<uint8_t>(rng.next() % 3 ? 1 + rng.next() % 5 : rng.next());
            rng.fill(it.data, sizeof it.data);
            if (rng.next() % 2) it.data[1] = 0;  // sizes a span can match
            nvs::encode_item(sec + nvs::kEntriesOffset + e * nvs::kEntrySize, it);
        }
    }
}

template <class Store>
void random_partitions(const char* name) {
    int recovered = 0, runs = 0;
    for (uint64_t seed = 1; seed <= 30; ++seed, ++runs) {
        Part p(6);
        fake::SeededRng rng(seed);
        rng.fill(p.flash.bytes().data(), p.flash.bytes().size());
        recovered += mount_and_exercise<Store>(p, {}, "random bytes");
    }
    // Valid sector headers over random record areas: mount has to walk the garbage.
    for (uint64_t seed = 100; seed < 160; ++seed, ++runs) {
        Part p(6);
        fake::SeededRng rng(seed);
        auto& b = p.flash.bytes();
        rng.fill(b.data(), b.size());
        plant_headers(static_cast<Store*>(nullptr), b, rng);
        recovered += mount_and_exercise<Store>(p, {}, "valid headers over random records");
    }
    std::printf("[ random   ] %s: %d random partitions, %d recovered, %d refused as Corrupt\n", name, runs, recovered,
                runs - recovered);
}

// A store with history (overwrites, removes, GCs), then damaged in many ways.
template <class Store>
void damaged_stores(const char* name, size_t value_len) {
    Part base(6);
    History history;
    {
        Store s(base.region);
        ASSERT_TRUE(s.mount().ok());
        fake::SeededRng rng(5);
        for (int i = 0; i < 120; ++i) {
            std::string k = "d:k" + std::to_string(rng.next() % 8);
            std::string v = storage_test::random_text(rng, 1 + rng.next() % value_len);
            ASSERT_TRUE(s.put(k, v).ok());
            history[k].insert(v);
            if (rng.next() % 6 == 0) {
                ASSERT_TRUE(s.remove(k).ok());
            }
        }
        ASSERT_GT(s.gc_runs(), 0u);
    }
    const std::vector<uint8_t> image = base.flash.bytes();
    int recovered = 0, runs = 0;
    for (uint64_t seed = 1; seed <= 60; ++seed, ++runs) {
        Part p(image);
        auto& b = p.flash.bytes();
        fake::SeededRng rng(seed);
        uint32_t s = static_cast<uint32_t>(rng.next() % 6) * kSector;
        switch (seed % 4) {
            case 0:  // an erase cut halfway, as the flash model does it
                std::fill(b.begin() + s, b.begin() + s + kSector / 2, 0xFF);
                break;
            case 1:  // the other half
                std::fill(b.begin() + s + kSector / 2, b.begin() + s + kSector, 0xFF);
                break;
            case 2: {  // a burst of garbage
                uint32_t at = s + static_cast<uint32_t>(rng.next() % kSector);
                uint32_t len = std::min<uint32_t>(1 + static_cast<uint32_t>(rng.next() % 300), s + kSector - at);
                rng.fill(b.data() + at, len);
                break;
            }
            default:  // scattered bit flips over the whole partition
                for (int i = 0; i < 12; ++i) b[rng.next() % b.size()] ^= static_cast<uint8_t>(1u << (rng.next() % 8));
                break;
        }
        recovered += mount_and_exercise<Store>(p, history, "damaged store");
    }
    std::printf("[ random   ] %s: %d damaged stores, %d recovered, %d refused as Corrupt\n", name, runs, recovered,
                runs - recovered);
}

}  // namespace

TEST(RandomContent, KvRandomPartitions) { random_partitions<KvAdapter>("kv"); }
TEST(RandomContent, CertFsRandomPartitions) { random_partitions<CertFsAdapter>("certfs"); }
TEST(RandomContent, KvDamagedStores) { damaged_stores<KvAdapter>("kv", 400); }
TEST(RandomContent, CertFsDamagedStores) { damaged_stores<CertFsAdapter>("certfs", 3000); }
