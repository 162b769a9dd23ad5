#pragma once
// Shared fixtures for the app tests: one device, one reading, and a profile built the way the
// app builds it (through make_profile).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "firmware/app/platform/profile.h"

namespace app_test {

inline fw::app::DeviceConfig config(fw::app::ProfileKind kind) {
    fw::app::DeviceConfig c;
    c.broker = {"broker.local", 8883};
    c.device_id = "ESP32_123456";
    c.profile = kind;
    c.or_realm = "master";
    c.or_asset_id = "6xIa9MkpZuR7slaUGB6OTZ";
    return c;
}

inline std::unique_ptr<fw::app::Profile> profile(const fw::app::DeviceConfig& c, size_t session_max = 1 << 20) {
    auto p = fw::app::make_profile(c, session_max);
    EXPECT_TRUE(p.ok());
    return p.ok() ? std::move(p.value()) : nullptr;
}

// 2023-11-14T22:13:20.000Z
constexpr int64_t kT0 = 1700000000000;

inline fw::app::TimedReading reading(int64_t unix_ms = kT0, float t = 21.5f, float h = 45.0f) {
    return {unix_ms, {t, h}};
}

inline fw::app::SessionInfo session() {
    fw::app::SessionInfo s;
    s.firmware_name = "iotfw";
    s.firmware_version = "1.0.0";
    s.model = "ESP32-D0WD";
    s.revision = "1";
    s.interval_s = 60;
    return s;
}

}  // namespace app_test
