// Fills a store to 95% of its capacity and churns it: every write must still succeed through GC,
// the erase counts must stay close together, and a store with no room left must say NoSpace and
// lose nothing. Prints write amplification and the erase-count spread (reported, not asserted
// beyond a sanity bound: performance is never a unit-test pass criterion).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "firmware/storage/certfs.h"
#include "firmware/storage/kv_store.h"
#include "storage_test_util.h"

using fw::Err;
using fw::storage::KvHandle;
using fw::storage::KvStore;
using storage_test::Part;

namespace {

struct Spread {
    uint64_t min = UINT64_MAX, max = 0;
};

Spread erase_spread(const fake::MemFlash& f) {
    Spread s;
    for (uint32_t i = 0; i < f.sector_count(); ++i) {
        s.min = std::min(s.min, f.sector(i).erases);
        s.max = std::max(s.max, f.sector(i).erases);
    }
    return s;
}

void expect_all(KvStore& kv, const std::map<std::string, std::vector<uint8_t>>& model) {
    auto h = kv.open("fill");
    ASSERT_TRUE(h.ok());
    for (const auto& [k, v] : model) EXPECT_EQ(h->get_blob(k).value(), v) << k;
    EXPECT_EQ(kv.entries().size(), model.size());
}

}  // namespace

TEST(Fill, KvAt95PercentWithChurn) {
    Part p(16);
    KvStore kv(p.region);
    ASSERT_TRUE(kv.mount().ok());
    KvHandle h = kv.open("fill").value();
    fake::SeededRng rng(99);
    std::map<std::string, std::vector<uint8_t>> model;
    auto set = [&](const std::string& k, size_t len) {
        auto v = storage_test::random_bytes(rng, len);
        fw::Status s = h.set_blob(k, v.data(), v.size());
        if (s.ok()) s = h.commit();
        if (s.ok()) model[k] = v;
        return s;
    };

    const size_t target = kv.nvs().capacity() * 95 / 100;
    for (int i = 0; kv.nvs().used() < target; ++i) ASSERT_TRUE(set("k" + std::to_string(i), 40 + i % 17).ok()) << i;
    const size_t keys = model.size();
    const auto before = kv.nvs().stats();

    const int churn = 20000;
    for (int i = 0; i < churn; ++i) {
        auto it = std::next(model.begin(), static_cast<long>(rng.next() % model.size()));
        ASSERT_TRUE(set(it->first, it->second.size()).ok())
            << "churn write " << i << " at " << kv.nvs().used() * 100 / kv.nvs().capacity() << "%";
    }
    const auto& after = kv.nvs().stats();
    double wa = static_cast<double>(after.flash_bytes - before.flash_bytes) /
                static_cast<double>(after.user_bytes - before.user_bytes);
    Spread spread = erase_spread(p.flash);
    std::printf(
        "[ fill     ] kv: %zu keys at %zu%% of %zu B, %d overwrites: %llu GCs, write amplification %.2f, "
        "erase counts %llu..%llu (spread %llu)\n",
        keys, kv.nvs().used() * 100 / kv.nvs().capacity(), kv.nvs().capacity(), churn,
        static_cast<unsigned long long>(after.gc_runs - before.gc_runs), wa,
        static_cast<unsigned long long>(spread.min), static_cast<unsigned long long>(spread.max),
        static_cast<unsigned long long>(spread.max - spread.min));
    EXPECT_GT(after.gc_runs, before.gc_runs);
    EXPECT_GT(spread.min, 0u) << "every sector must take part in the wear";
    EXPECT_LT(spread.max - spread.min, spread.max / 2) << "wear spread far too uneven";
    expect_all(kv, model);

    // Now fill it up: new keys until NoSpace, which must not damage anything.
    fw::Status s;
    for (int i = 0; (s = set("new" + std::to_string(i), 48)).ok(); ++i) {}
    EXPECT_EQ(s.err(), Err::NoSpace);
    expect_all(kv, model);
    KvStore again(p.region);
    ASSERT_TRUE(again.mount().ok());
    expect_all(again, model);
    // Room freed by erases is usable again.
    KvHandle e = again.open("fill").value();
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(e.erase_key(model.begin()->first).ok());
        model.erase(model.begin());
    }
    ASSERT_TRUE(e.commit().ok());
    auto v = storage_test::random_bytes(rng, 48);
    ASSERT_TRUE(e.set_blob("after", v.data(), v.size()).ok());
    ASSERT_TRUE(e.commit().ok());
    model["after"] = v;
    expect_all(again, model);
}

TEST(Fill, CertFsUntilNoSpace) {
    Part p(16);
    fw::storage::CertFs fs(p.region);
    ASSERT_TRUE(fs.mount().ok());
    fake::SeededRng rng(3);
    std::map<std::string, std::vector<uint8_t>> model;
    fw::Status s;
    for (int i = 0;; ++i) {
        std::string name = "f" + std::to_string(i) + ".pem";
        auto data = storage_test::random_bytes(rng, 1500 + rng.next() % 4000);
        if (!(s = fs.write(name, data.data(), data.size())).ok()) break;
        model[name] = data;
        // Churn: replace an earlier file now and then.
        if (i % 3 == 2) {
            auto& [old_name, old_data] = *std::next(model.begin(), static_cast<long>(rng.next() % model.size()));
            auto repl = storage_test::random_bytes(rng, old_data.size());
            if (!(s = fs.write(old_name, repl.data(), repl.size())).ok()) break;
            old_data = repl;
        }
    }
    EXPECT_EQ(s.err(), Err::NoSpace);
    std::printf("[ fill     ] certfs: %zu files, %zu%% of %zu B used when full, %llu GCs\n", model.size(),
                fs.log().used() * 100 / fs.log().capacity(), fs.log().capacity(),
                static_cast<unsigned long long>(fs.log().stats().gc_runs));
    EXPECT_GT(fs.log().used(), fs.log().capacity() * 80 / 100);
    fw::storage::CertFs again(p.region);
    ASSERT_TRUE(again.mount().ok());
    EXPECT_EQ(again.list().size(), model.size());
    for (const auto& [name, data] : model) EXPECT_EQ(again.read(name).value(), data) << name;
}
