// Telemetry: which topics are telemetry of which profile, and the JSON lines of the log.
#include "tools/src/devcloud/telemetry.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace devcloud_test {
namespace {

using devcloud::classify_telemetry;
using devcloud::TelemetryEvent;

void expect_event(const std::string& topic, const std::string& device, const std::string& profile) {
    auto e = classify_telemetry(topic, "1");
    ASSERT_TRUE(e.has_value()) << topic;
    EXPECT_EQ(e->device, device) << topic;
    EXPECT_EQ(e->profile, profile) << topic;
    EXPECT_EQ(e->topic, topic);
    EXPECT_EQ(e->payload, "1");
}

TEST(devcloudTelemetry, FiltersCoverEveryProfile) {
    EXPECT_EQ(devcloud::telemetry_filters(),
              (std::vector<std::string>{"devices/+/telemetry", "v1/devices/me/telemetry", "+/+/writeattributevalue/+/+",
                                        "+/+/writeattribute/+/+", "s/us"}));
}

TEST(devcloudTelemetry, ClassifiesEachProfilesTopics) {
    expect_event("devices/dev-1/telemetry", "dev-1", "generic");
    expect_event("v1/devices/me/telemetry", "", "thingsboard");
    expect_event("master/dev-1/writeattributevalue/temperature/5xyz", "dev-1", "openremote");
    expect_event("master/dev-1/writeattribute/humidity/5xyz", "dev-1", "openremote");
    expect_event("s/us", "", "cumulocity");
}

TEST(devcloudTelemetry, IgnoresOtherTopics) {
    for (const char* t :
         {"devices/dev-1/cmd", "devices//telemetry", "devices/a/b/telemetry", "v1/devices/me/attributes",
          "master/dev-1/attributevalue/command/5xyz", "master/dev-1/writeattributevalue/temperature",
          "master//writeattributevalue/temperature/5xyz", "s/ds", "provisioning/dev-1/request"})
        EXPECT_FALSE(classify_telemetry(t, "1").has_value()) << t;
}

TEST(devcloudTelemetry, LinesKeepJsonPayloadsAsJsonAndTextAsText) {
    TelemetryEvent json_event{"dev-1", "generic", "devices/dev-1/telemetry", R"({"t":21.5,"h":40})"};
    EXPECT_EQ(
        devcloud::telemetry_line(json_event, 1700000000123),
        R"({"ts":1700000000123,"device":"dev-1","profile":"generic","topic":"devices/dev-1/telemetry","payload":{"t":21.5,"h":40}})");
    TelemetryEvent number{"dev-1", "openremote", "master/dev-1/writeattributevalue/temperature/a", "21.5"};
    EXPECT_EQ(
        devcloud::telemetry_line(number, 5),
        R"({"ts":5,"device":"dev-1","profile":"openremote","topic":"master/dev-1/writeattributevalue/temperature/a","payload":21.5})");
    TelemetryEvent rows{"", "cumulocity", "s/us", "211,21.5\n200,c8y_Humidity,h,40,%RH"};
    EXPECT_EQ(
        devcloud::telemetry_line(rows, 5),
        R"({"ts":5,"device":"","profile":"cumulocity","topic":"s/us","payload":"211,21.5\n200,c8y_Humidity,h,40,%RH"})");
    TelemetryEvent binary{"dev-1", "generic", "devices/dev-1/telemetry", std::string("a\xff", 2)};
    EXPECT_EQ(devcloud::telemetry_line(binary, 5),
              "{\"ts\":5,\"device\":\"dev-1\",\"profile\":\"generic\",\"topic\":\"devices/dev-1/"
              "telemetry\",\"payload\":\"a\xEF\xBF\xBD\"}");
}

TEST(devcloudTelemetry, LogAppendsOneFlushedLinePerEvent) {
    testsupport::TempDir dir("devcloud-telemetry");
    std::string path = dir.path() + "/telemetry.jsonl";
    TelemetryEvent e{"dev-1", "generic", "devices/dev-1/telemetry", R"({"t":1})"};
    {
        devcloud::TelemetryLog log(path);
        EXPECT_EQ(log.record(e, 1), R"(telemetry dev-1 devices/dev-1/telemetry {"t":1})");
        EXPECT_EQ(testsupport::read_file(path), devcloud::telemetry_line(e, 1) + "\n") << "flushed at once";
    }
    devcloud::TelemetryLog again(path);
    TelemetryEvent tb{"", "thingsboard", "v1/devices/me/telemetry", "{}"};
    EXPECT_EQ(again.record(tb, 2), "telemetry - v1/devices/me/telemetry {}");
    EXPECT_EQ(testsupport::read_file(path),
              devcloud::telemetry_line(e, 1) + "\n" + devcloud::telemetry_line(tb, 2) + "\n");
}

TEST(devcloudTelemetry, ConsoleLineStaysOnOneLine) {
    testsupport::TempDir dir("devcloud-telemetry");
    devcloud::TelemetryLog log(dir.path() + "/t.jsonl");
    EXPECT_EQ(log.record({"", "cumulocity", "s/us", "211,21.5\n400,e"}, 1), "telemetry - s/us 211,21.5\\n400,e");
}

TEST(devcloudTelemetry, AnUnopenableLogNamesTheFile) {
    try {
        devcloud::TelemetryLog log("/nonexistent-dir/t.jsonl");
        ADD_FAILURE() << "opened";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/t.jsonl"), std::string::npos);
    }
}

}  // namespace
}  // namespace devcloud_test
