// The OTA configuration keys: config/ota_selftest_s, config/ota_chunk and the development switch
// config/ota_unsigned_ok.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "firmware/app/platform/device_config.h"

namespace {

using fw::app::DeviceConfig;
using fw::app::Json;

// One stored value: a u32, or a u8 (how a bool is stored).
class OneKey : public fw::app::ConfigSource {
public:
    OneKey(const char* key, uint32_t v, bool is_u8 = false) : key_(key), v_(v), is_u8_(is_u8) {}
    fw::Result<std::string> get_string(const char*) override { return fw::Err::NotFound; }
    fw::Result<uint32_t> get_u32(const char* key) override {
        if (std::string(key) != key_ || is_u8_) return fw::Err::NotFound;
        return v_;
    }
    fw::Result<uint8_t> get_u8(const char* key) override {
        if (std::string(key) != key_ || !is_u8_) return fw::Err::NotFound;
        return static_cast<uint8_t>(v_);
    }

private:
    std::string key_;
    uint32_t v_;
    bool is_u8_;
};

TEST(OtaConfig, Defaults) {
    DeviceConfig c;
    EXPECT_EQ(c.ota_selftest_s, 300u);
    EXPECT_EQ(c.ota_chunk, 4096u);
    EXPECT_FALSE(c.ota_unsigned_ok) << "unsigned updates are refused unless a developer allows them";
}

TEST(OtaConfig, AllowUnsignedIsABoolStoredAsU8) {
    OneKey on("ota_unsigned_ok", 1, true);
    auto l = fw::app::load_device_config(on, {});
    EXPECT_TRUE(l.config.ota_unsigned_ok);
    OneKey off("ota_unsigned_ok", 0, true);
    EXPECT_FALSE(fw::app::load_device_config(off, {}).config.ota_unsigned_ok);
    OneKey bad("ota_unsigned_ok", 2, true);
    l = fw::app::load_device_config(bad, {});
    EXPECT_FALSE(l.config.ota_unsigned_ok);
    bool reported = false;
    for (const auto& e : l.errors)
        reported = reported || e == "ota_unsigned_ok: 2 is not a bool (0 or 1); default kept";
    EXPECT_TRUE(reported);
    OneKey as_u32("ota_unsigned_ok", 1);  // only a u8 is a bool
    EXPECT_FALSE(fw::app::load_device_config(as_u32, {}).config.ota_unsigned_ok);
}

TEST(OtaConfig, AllowUnsignedCannotBeSetByACommand) {
    DeviceConfig c;
    std::vector<fw::app::ConfigChange> changes;
    fw::app::ConfigStatus applied;
    EXPECT_FALSE((applied = fw::app::apply_config(c, Json::parse(R"({"ota_unsigned_ok":true})"), changes)).ok());
    EXPECT_EQ(applied.err().reason, "ota_unsigned_ok cannot be changed at run time");
    EXPECT_FALSE((applied = fw::app::apply_config(c, Json::parse(R"({"ota_unsigned_ok":1})"), changes)).ok());
    EXPECT_FALSE(c.ota_unsigned_ok);
}

TEST(OtaConfig, LoadedWithinTheirBoundsOrKeptAtTheDefault) {
    const struct {
        const char* key;
        uint32_t value;
        bool taken;
    } cases[] = {{"ota_selftest_s", 10, true},    {"ota_selftest_s", 3600, true}, {"ota_selftest_s", 9, false},
                 {"ota_selftest_s", 3601, false}, {"ota_chunk", 256, true},       {"ota_chunk", 16384, true},
                 {"ota_chunk", 255, false},       {"ota_chunk", 16385, false}};
    for (const auto& c : cases) {
        OneKey src(c.key, c.value);
        auto l = fw::app::load_device_config(src, {});
        uint32_t got = std::string(c.key) == "ota_chunk" ? l.config.ota_chunk : l.config.ota_selftest_s;
        uint32_t def = std::string(c.key) == "ota_chunk" ? 4096 : 300;
        EXPECT_EQ(got, c.taken ? c.value : def) << c.key << "=" << c.value;
        bool reported = false;
        for (const auto& e : l.errors) reported = reported || e.rfind(c.key, 0) == 0;
        EXPECT_EQ(reported, !c.taken) << c.key << "=" << c.value;
    }
}

TEST(OtaConfig, ChangeableAtRunTime) {
    DeviceConfig c;
    std::vector<fw::app::ConfigChange> changes;
    fw::app::ConfigStatus applied;
    ASSERT_TRUE(
        (applied = fw::app::apply_config(c, Json::parse(R"({"ota_selftest_s":"120","ota_chunk":1024})"), changes)).ok())
        << applied.err().reason;
    EXPECT_EQ(c.ota_selftest_s, 120u);
    EXPECT_EQ(c.ota_chunk, 1024u);
    EXPECT_FALSE((applied = fw::app::apply_config(c, Json::parse(R"({"ota_chunk":100})"), changes)).ok());
    EXPECT_EQ(applied.err().reason, "ota_chunk: 100 is outside 256..16384");
}

}  // namespace
