// Requests whose enum fields hold numbers outside the enum: protobuf-c keeps the wire's int32
// (proto3 enums are open), and the handlers used to load it through the C enum type, which is
// undefined behaviour (UBSan: "not a valid value for type 'WiFiScanMsgType'", found by
// prov_sec1_fuzz). They must be refused as unknown messages.
#include <gtest/gtest.h>

#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/prov/config_endpoint.h"
#include "firmware/prov/internal/security0.h"
#include "firmware/prov/internal/security1.h"
#include "firmware/prov/scan_endpoint.h"

namespace {

// Field 1 (msg), varint 2371798780: the value prov_sec1_fuzz sent.
const std::vector<uint8_t> kMsgOutOfRange = {0x08, 0xfc, 0x8d, 0xfb, 0xea, 0x08};
// SessionData with field 2 (sec_ver) = 0xFFFFFFFF, the same way.
const std::vector<uint8_t> kSecVerOutOfRange = {0x10, 0xff, 0xff, 0xff, 0xff, 0x0f};

struct NoScan : fw::prov::ScanHandlers {
    fw::Status scan_start(bool, bool, uint32_t, uint32_t) override { return fw::ok_status(); }
    bool scan_finished() override { return true; }
    const std::vector<hal::WifiAp>& scan_results() override { return aps; }
    std::vector<hal::WifiAp> aps;
};

struct NoConfig : fw::prov::ConfigHandlers {
    fw::prov::WifiStatus get_status() override { return {}; }
    fw::Status set_config(const fw::prov::WifiCredentials&) override { return fw::ok_status(); }
    fw::Status apply_config() override { return fw::ok_status(); }
};

TEST(EndpointDecode, ScanMessageTypeOutOfRangeIsRefused) {
    NoScan scan;
    std::vector<uint8_t> out;
    EXPECT_EQ(fw::prov::make_scan_handler(scan)(1, kMsgOutOfRange, out).err(), fw::Err::Protocol);
    EXPECT_TRUE(out.empty());
}

TEST(EndpointDecode, ConfigMessageTypeOutOfRangeIsRefused) {
    NoConfig config;
    std::vector<uint8_t> out;
    EXPECT_FALSE(fw::prov::make_config_handler(config)(1, kMsgOutOfRange, out).ok());
    EXPECT_TRUE(out.empty());
}

TEST(EndpointDecode, SessionVersionOutOfRangeIsRefused) {
    fake::SeededRng rng;
    fake::ManualClock clock;
    fw::prov::Security1 sec1(rng, clock, "pop");
    fw::prov::Security0 sec0;
    std::vector<uint8_t> out;
    EXPECT_EQ(sec1.handle_session(1, kSecVerOutOfRange, out).err(), fw::Err::Protocol);
    EXPECT_FALSE(sec0.handle_session(1, kSecVerOutOfRange, out).ok());
}

}  // namespace
