// Credentials on the kv store: round trip across a reboot, erase, malformed data, power cuts.
#include "firmware/prov/kv_credential_store.h"

#include <gtest/gtest.h>

#include "fake_hal/fake_hal.h"
#include "firmware/storage/flash_region.h"

namespace {

using fw::prov::KvCredentialStore;
using fw::prov::WifiCredentials;
using fw::storage::KvStore;

constexpr uint32_t kSize = 4 * hal::Flash::kSectorSize;

struct Nvs {
    explicit Nvs(const std::vector<uint8_t>* image = nullptr) : flash(kSize), region(flash, 0, kSize), kv(region) {
        if (image != nullptr) flash.bytes() = *image;
        EXPECT_TRUE(kv.mount().ok());
    }
    fake::MemFlash flash;
    fw::storage::FlashRegion region;
    KvStore kv;
};

bool same(const WifiCredentials& a, const WifiCredentials& b) {
    return a.ssid == b.ssid && a.passphrase == b.passphrase;
}

TEST(KvCredentialStore, RoundTripAcrossRebootAndErase) {
    Nvs nvs;
    KvCredentialStore store(nvs.kv);
    EXPECT_EQ(store.load().err(), fw::Err::NotFound);
    ASSERT_TRUE(store.save({"HomeNet", "secret123"}).ok());
    ASSERT_TRUE(store.save({"Office", std::string(64, 'p')}).ok());

    Nvs again(&nvs.flash.bytes());
    KvCredentialStore after(again.kv);
    auto c = after.load();
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(same(*c, {"Office", std::string(64, 'p')}));
    ASSERT_TRUE(after.erase().ok());
    EXPECT_EQ(after.load().err(), fw::Err::NotFound);
    Nvs third(&again.flash.bytes());
    EXPECT_EQ(KvCredentialStore(third.kv).load().err(), fw::Err::NotFound);
}

TEST(KvCredentialStore, OpenNetworkAndLimits) {
    Nvs nvs;
    KvCredentialStore store(nvs.kv);
    ASSERT_TRUE(store.save({"Cafe", ""}).ok());
    EXPECT_TRUE(same(*store.load(), {"Cafe", ""}));
    EXPECT_EQ(store.save({"", "x"}).err(), fw::Err::InvalidArg);
    EXPECT_EQ(store.save({std::string(33, 's'), ""}).err(), fw::Err::InvalidArg);
    EXPECT_EQ(store.save({"a", std::string(65, 'p')}).err(), fw::Err::InvalidArg);
    EXPECT_TRUE(same(*store.load(), {"Cafe", ""}));
}

TEST(KvCredentialStore, MalformedBlobIsCorrupt) {
    const std::vector<std::vector<uint8_t>> bad = {
        {}, {0, 0}, {5, 'a', 'b'}, {1, 'a', 3, 'x'}, {1, 'a', 0, 'x'}, {33}, {1, 'a', 65},
    };
    for (const auto& b : bad) {
        Nvs nvs;
        auto h = nvs.kv.open(KvCredentialStore::kNamespace);
        ASSERT_TRUE(h.ok());
        ASSERT_TRUE(h->set_blob(KvCredentialStore::kKey, b.data(), b.size()).ok());
        ASSERT_TRUE(h->commit().ok());
        EXPECT_EQ(KvCredentialStore(nvs.kv).load().err(), fw::Err::Corrupt) << b.size();
    }
}

// Power cut at every write of a save: after the reboot the store holds the old pair or the new
// one, never a mix.
TEST(KvCredentialStore, PowerCutDuringSaveKeepsAWholePair) {
    const WifiCredentials old_c{"HomeNet", "secret123"}, new_c{"Office", "another-pass"};
    Nvs base;
    ASSERT_TRUE(KvCredentialStore(base.kv).save(old_c).ok());
    const std::vector<uint8_t> image = base.flash.bytes();
    bool completed = false;
    int cut_short = 0;
    for (uint64_t n = 1; !completed && n < 64; ++n) {
        Nvs nvs(&image);
        nvs.flash.cut_power_after(n);
        completed = KvCredentialStore(nvs.kv).save(new_c).ok();
        cut_short += completed ? 0 : 1;
        Nvs rebooted(&nvs.flash.bytes());
        auto c = KvCredentialStore(rebooted.kv).load();
        ASSERT_TRUE(c.ok()) << "cut at " << n;
        EXPECT_TRUE(same(*c, old_c) || same(*c, new_c)) << "cut at " << n;
        if (completed) {
            EXPECT_TRUE(same(*c, new_c));
        }
    }
    EXPECT_TRUE(completed);
    EXPECT_GT(cut_short, 0);
}

}  // namespace
