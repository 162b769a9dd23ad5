// Power cut at every flash write and erase of a first-boot enrollment (the sealed key, the
// certificate): when the power comes back the device must boot, finish enrolling by itself and
// come online under its own identity, never stuck with half a key or half a certificate.
#include <gtest/gtest.h>

#include <cstdio>

#include "device_board.h"
#include "enroll_cloud.h"
#include "firmware/storage/key_seal.h"

namespace {

using device_test::Board;
using device_test::Cloud;
using device_test::online;
using State = fw::app::Device::State;

device_test::BoardConfig fleet_device() {
    device_test::BoardConfig c;
    c.identity = "";
    c.claim = true;
    c.extra_json = R"("enroll": "aws")";
    return c;
}

TEST(EnrollmentPowerCut, EveryCutEndsOnlineWithOneCompleteIdentity) {
    uint64_t ops = 0;
    {
        Board ref(fleet_device());
        Cloud cloud(ref);
        uint64_t before = ref.flash.mutating_ops();
        ref.boot();
        ASSERT_TRUE(online(ref, 60000));
        ops = ref.flash.mutating_ops() - before;
    }
    ASSERT_GE(ops, 4u) << "the key and the certificate are at least two records each";
    std::printf("enrollment makes %llu flash writes/erases: cutting power at each\n",
                static_cast<unsigned long long>(ops));
    for (uint64_t n = 1; n <= ops; ++n) {
        SCOPED_TRACE("power cut at flash operation " + std::to_string(n) + " of " + std::to_string(ops));
        Board b(fleet_device());
        Cloud cloud(b);
        b.flash.cut_power_after(n);
        b.boot();
        ASSERT_TRUE(b.run_until([&] { return b.flash.power_lost(); }, 60000));
        b.device.reset();
        b.flash.cut_power_after(0);  // power is back: the chip boots again
        b.boot();
        ASSERT_TRUE(online(b, 5 * 60 * 1000)) << "state " << fw::app::Device::state_name(b.state());
        EXPECT_EQ(b.broker.session_cns.back(), "ESP32_123456");
        std::string key = b.cert_file("device.key");
        EXPECT_TRUE(fw::storage::is_sealed({reinterpret_cast<const uint8_t*>(key.data()), key.size()}));
    }
}

}  // namespace
