// Power cut at every flash write and erase of an update: streaming the image, switching otadata,
// the first boot (NEW -> PENDING_VERIFY) and mark-valid. After each cut the power comes back and
// the bootloader must find a valid image, the old or the new one, never neither; and the device
// must still be able to complete the update afterwards. As in ESP-IDF, state changes rewrite the
// active otadata entry in place, so a cut before mark-valid has finished means "not confirmed":
// the device is back on the old image and the update is retried.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>

#include "ota_fixtures.h"

namespace {

using namespace ota;

struct Scenario {
    const char* name;
    std::function<void(Board&, TestKey&)> setup;  // leaves the old version booted
    std::string old_boot, new_boot;
    std::vector<uint8_t> file;
};

// Flash operations at the end of each phase: write, otadata switch, first boot, confirm.
struct Phases {
    uint64_t end[4] = {};
};

// One whole update as the device lives it. Under a power cut every step after the cut fails.
Phases run_update(Board& b, const std::vector<uint8_t>& file) {
    Phases p;
    uint64_t start = b.flash.mutating_ops();
    fs::OtaWriter w(b.flash, b.efuse, b.running);
    if (w.begin(static_cast<uint32_t>(file.size())).ok())
        for (size_t at = 0; at < file.size() && w.in_progress(); at += 1024)
            (void)w.write(file.data() + at, std::min<size_t>(1024, file.size() - at));
    p.end[0] = b.flash.mutating_ops() - start;
    (void)w.end();
    p.end[1] = b.flash.mutating_ops() - start;
    std::string booted = b.boot();
    p.end[2] = b.flash.mutating_ops() - start;
    if (booted != "none") (void)b.confirm();
    p.end[3] = b.flash.mutating_ops() - start;
    return p;
}

void fresh_device(Board& b, TestKey& key) {
    key.burn_into(b.efuse);
    b.efuse.version = 1;
    fixtures::put(b.flash, kOta0, key.sign(app_image("1.0", 1)));
    ASSERT_EQ(b.boot(), "ota_0/1.0");
}

// 1.1 confirmed in ota_1 (counter 2), 1.0 still in ota_0 behind the older otadata entry.
void updated_device(Board& b, TestKey& key) {
    fresh_device(b, key);
    ASSERT_TRUE(b.update(key.sign(app_image("1.1", 2))).ok());
    ASSERT_EQ(b.boot(), "ota_1/1.1");
    ASSERT_TRUE(b.confirm().ok());
}

void cut_everywhere(Scenario& s) {
    TestKey key;
    ASSERT_TRUE(key.ok());
    s.file = key.sign(s.file);
    Phases clean;
    {
        Board b;
        s.setup(b, key);
        clean = run_update(b, s.file);
        ASSERT_EQ(b.boot(), s.new_boot) << "the update works without a cut";
        ASSERT_EQ(b.active_state(), fs::OtaState::Valid);
    }
    uint64_t total = clean.end[3];
    ASSERT_GT(clean.end[0], 0u);
    ASSERT_GT(clean.end[1], clean.end[0]);
    ASSERT_GT(clean.end[2], clean.end[1]);
    ASSERT_GT(clean.end[3], clean.end[2]);
    int old_boots = 0, new_boots = 0;
    for (uint64_t n = 1; n <= total; ++n) {
        Board b;
        s.setup(b, key);
        b.flash.cut_power_after(n);
        run_update(b, s.file);
        ASSERT_TRUE(b.flash.power_lost()) << "cut " << n;
        b.flash.cut_power_after(0);  // power comes back
        std::string got = b.boot();
        ASSERT_TRUE(got == s.old_boot || got == s.new_boot) << "cut " << n << " of " << total << ": booted " << got;
        (got == s.old_boot ? old_boots : new_boots)++;
        // Whatever happened, the device completes the update when it tries again.
        run_update(b, s.file);
        auto version = [](const std::string& boot) { return boot.substr(boot.find('/') + 1); };
        ASSERT_EQ(version(b.boot()), version(s.new_boot)) << "retry after cut " << n;
        ASSERT_EQ(b.active_state(), fs::OtaState::Valid) << "retry after cut " << n;
    }
    std::printf(
        "[ power cut ] %s: %llu cut points (write %llu, otadata switch %llu, first boot %llu, mark valid %llu): "
        "%d booted the old image, %d the new one, none bricked\n",
        s.name, static_cast<unsigned long long>(total), static_cast<unsigned long long>(clean.end[0]),
        static_cast<unsigned long long>(clean.end[1] - clean.end[0]),
        static_cast<unsigned long long>(clean.end[2] - clean.end[1]),
        static_cast<unsigned long long>(clean.end[3] - clean.end[2]), old_boots, new_boots);
}

TEST(OtaPowerCut, FirstUpdateOfAFreshDevice) {
    Scenario s{"1.0 -> 1.1, no otadata yet", fresh_device, "ota_0/1.0", "ota_1/1.1",
               app_image("1.1", 2, "iotfw", 20000)};
    cut_everywhere(s);
}

TEST(OtaPowerCut, SecondUpdateRaisingTheCounter) {
    Scenario s{"1.1 -> 1.2, counter 2 -> 3", updated_device, "ota_1/1.1", "ota_0/1.2",
               app_image("1.2", 3, "iotfw", 20000)};
    cut_everywhere(s);
}

}  // namespace
