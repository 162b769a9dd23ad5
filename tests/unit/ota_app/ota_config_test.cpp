// The OTA configuration keys: config/ota_selftest_s and config/ota_chunk.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "firmware/app/device_config.h"

namespace {

using fw::app::DeviceConfig;
using fw::app::Json;

class OneKey : public fw::app::ConfigSource {
public:
    OneKey(const char* key, uint32_t v) : key_(key), v_(v) {}
    fw::Result<std::string> get_string(const char*) override { return fw::Err::NotFound; }
    fw::Result<uint32_t> get_u32(const char* key) override {
        if (std::string(key) != key_) return fw::Err::NotFound;
        return v_;
    }

private:
    std::string key_;
    uint32_t v_;
};

TEST(OtaConfig, Defaults) {
    DeviceConfig c;
    EXPECT_EQ(c.ota_selftest_s, 300u);
    EXPECT_EQ(c.ota_chunk, 4096u);
}

TEST(OtaConfig, LoadedWithinTheirBoundsOrKeptAtTheDefault) {
    const struct {
        const char* key;
        uint32_t value;
        bool taken;
    } cases[] = {{"ota_selftest_s", 10, true},  {"ota_selftest_s", 3600, true}, {"ota_selftest_s", 9, false},
                 {"ota_selftest_s", 3601, false}, {"ota_chunk", 256, true},     {"ota_chunk", 16384, true},
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
    std::string error;
    ASSERT_TRUE(fw::app::apply_config(c, Json::parse(R"({"ota_selftest_s":"120","ota_chunk":1024})"), changes, error).ok())
        << error;
    EXPECT_EQ(c.ota_selftest_s, 120u);
    EXPECT_EQ(c.ota_chunk, 1024u);
    EXPECT_FALSE(fw::app::apply_config(c, Json::parse(R"({"ota_chunk":100})"), changes, error).ok());
    EXPECT_EQ(error, "ota_chunk: 100 is outside 256..16384");
}

}  // namespace
