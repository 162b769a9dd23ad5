// The parts the device's state machine delegates to: the offline buffer, run-time configuration
// updates, the per-connection provisioning hook and a profile's default firmware delivery.
#include <gtest/gtest.h>

#include "app_test_util.h"
#include "firmware/app/config_update.h"
#include "firmware/app/enroll/connection_provisioning.h"
#include "firmware/app/platform/offline_buffer.h"

using fw::app::DeviceConfig;
using fw::app::Json;
using fw::app::ProfileKind;

namespace {

fw::app::TimedReading reading_at(int64_t ms) { return fw::app::TimedReading{ms, {}}; }

}  // namespace

TEST(OfflineBuffer, KeepsTheNewestAndCountsWhatItDrops) {
    fw::app::OfflineBuffer b;
    for (int64_t t = 1; t <= 5; ++t) b.keep(reading_at(t), 3);
    EXPECT_EQ(b.size(), 3u);
    EXPECT_EQ(b.dropped(), 2u);
    auto batch = b.take();
    ASSERT_EQ(batch.size(), 3u);
    EXPECT_EQ(batch[0].unix_ms, 3);
    EXPECT_EQ(batch[2].unix_ms, 5);
    EXPECT_EQ(b.size(), 0u);
    EXPECT_EQ(b.dropped(), 2u) << "the count lasts the boot";
}

TEST(ConfigUpdate, RefusedChangesLeaveTheConfigurationAsItWas) {
    DeviceConfig c = config(ProfileKind::Generic);
    const DeviceConfig before = c;
    auto u = fw::app::update_config(c, Json{{"interval_s", 0}}, nullptr);
    EXPECT_FALSE(u.error.empty());
    EXPECT_EQ(c.interval_s, before.interval_s);
    EXPECT_FALSE(u.reconnect);
}

TEST(ConfigUpdate, SaysWhenToReportTheIntervalAndWhenToReconnect) {
    DeviceConfig c = config(ProfileKind::Generic);
    auto u = fw::app::update_config(c, Json{{"interval_s", c.interval_s + 1}}, nullptr);
    EXPECT_TRUE(u.error.empty()) << u.error;
    EXPECT_TRUE(u.report_interval);
    EXPECT_FALSE(u.reconnect);
    u = fw::app::update_config(c, Json{{"profile", "thingsboard"}}, nullptr);
    EXPECT_TRUE(u.error.empty()) << u.error;
    EXPECT_FALSE(u.report_interval);
    EXPECT_TRUE(u.reconnect);
    EXPECT_EQ(c.profile, ProfileKind::ThingsBoard);
    u = fw::app::update_interval(c, c.interval_s, nullptr);
    EXPECT_TRUE(u.report_interval) << "set_interval always reports the interval";
}

TEST(ConfigUpdate, LearnedSettingsAreApplied) {
    DeviceConfig c = config(ProfileKind::OpenRemote);
    std::vector<fw::app::ConfigChange> learned{{"or_realm", false, "building-7", 0},
                                               {"or_asset_id", false, "5Nd2kPq0a9ZxY3wV7uT1sR", 0}};
    EXPECT_TRUE(fw::app::apply_learned(c, learned, nullptr));
    EXPECT_EQ(c.or_realm, "building-7");
    EXPECT_EQ(c.or_asset_id, "5Nd2kPq0a9ZxY3wV7uT1sR");
}

TEST(ConnectionProvisioning, OnlyTheOpenRemoteFlowProvisionsOnEveryConnection) {
    DeviceConfig c = config(ProfileKind::OpenRemote);
    for (auto flow : {fw::app::EnrollFlow::None, fw::app::EnrollFlow::Aws, fw::app::EnrollFlow::ThingsBoard}) {
        c.enroll = flow;
        EXPECT_EQ(fw::app::make_connection_provisioning(c), nullptr);
    }
    c.enroll = fw::app::EnrollFlow::OpenRemote;
    auto p = fw::app::make_connection_provisioning(c);
    ASSERT_NE(p, nullptr);
    EXPECT_STREQ(p->platform(), "OpenRemote");
    c.or_asset_id.clear();
    auto bare = p->unprovisioned_client(c);
    ASSERT_TRUE(bare.has_value()) << "the profile needs the asset id the first answer brings";
    EXPECT_EQ(bare->client_id, c.device_id);
    EXPECT_FALSE(bare->will.has_value());
    c.or_asset_id = "5Nd2kPq0a9ZxY3wV7uT1sR";
    EXPECT_FALSE(p->unprovisioned_client(c).has_value());
    EXPECT_EQ(p->begin(c, "PEM").name(), std::string("openremote-provision"));
}

TEST(FirmwareDelivery, AProfileWithoutOneDeliversNothing) {
    auto p = profile(config(ProfileKind::OpenRemote));
    const fw::app::FirmwareDelivery& d = p->firmware();
    EXPECT_TRUE(d.format_ota_progress({fw::app::OtaPhase::Downloading, "1.1", ""}).empty());
    EXPECT_FALSE(d.format_fw_chunk_request(1, 0, 4096));
    EXPECT_FALSE(d.parse_fw_chunk_topic("v2/fw/response/1/chunk/0"));
    EXPECT_FALSE(d.answers_ota_after_restart());
}
