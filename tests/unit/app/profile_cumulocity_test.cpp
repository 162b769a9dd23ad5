#include "firmware/app/platform/internal/profile_cumulocity.h"

#include "app_test_util.h"
#include "firmware/app/platform/smartrest_csv.h"

using namespace app_test;
using fw::app::CommandName;
using fw::app::CommandResult;
using fw::app::CumulocityProfile;
using fw::app::ProfileKind;

TEST(CumulocityProfile, ConnectsAsDeviceSerialWithAConnectionLostWill) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto o = p->connect_options();
    EXPECT_EQ(o.client_id, "d:ESP32_123456");
    EXPECT_FALSE(o.username.has_value());
    EXPECT_TRUE(o.clean_session);
    ASSERT_TRUE(o.will.has_value());
    EXPECT_EQ(o.will->topic, "s/us");
    EXPECT_EQ(o.will->payload, "400,c8y_ConnectionEvent,Device connection was lost.");
    auto subs = p->subscriptions();
    ASSERT_EQ(subs.size(), 2u);
    EXPECT_EQ(subs[0].filter, "s/ds");
    EXPECT_EQ(subs[1].filter, "s/e");
}

TEST(CumulocityProfile, StartupRowsAreByteExactAndEscaped) {
    auto c = config(ProfileKind::Cumulocity);
    c.c8y_device_name = "Lab sensor, room \"2\"";
    auto s = profile(c)->startup_messages(session());
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].topic, "s/us");
    EXPECT_EQ(s[0].payload,
              "100,\"Lab sensor, room \\\"2\\\"\",c8y_MQTTDevice\n"
              "110,ESP32_123456,ESP32-D0WD,1\n"
              "114,c8y_Restart,c8y_Command,c8y_Firmware\n"
              "115,iotfw,1.0.0\n"
              "117,3\n"
              "500");
    // Without a configured name the device is named after its serial.
    EXPECT_EQ(profile(config(ProfileKind::Cumulocity))->startup_messages(session())[0].payload.substr(0, 33),
              "100,ESP32_123456,c8y_MQTTDevice\n1");
}

TEST(CumulocityProfile, RequiredIntervalIsThreePeriodsInWholeMinutes) {
    EXPECT_EQ(CumulocityProfile::required_interval_min(1), 1u);
    EXPECT_EQ(CumulocityProfile::required_interval_min(20), 1u);
    EXPECT_EQ(CumulocityProfile::required_interval_min(21), 2u);
    EXPECT_EQ(CumulocityProfile::required_interval_min(60), 3u);
    EXPECT_EQ(CumulocityProfile::required_interval_min(86400), 4320u);
}

TEST(CumulocityProfile, IntervalChangeRepeatsTheAvailabilityRow) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto out = p->format_interval_changed(600);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].topic, "s/us");
    EXPECT_EQ(out[0].payload, "117,30");
}

TEST(CumulocityProfile, MeasurementRowsAreByteExact) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto live = p->format_live(reading());
    ASSERT_TRUE(live.ok());
    ASSERT_EQ(live->size(), 1u);
    EXPECT_EQ((*live)[0].topic, "s/us");
    EXPECT_EQ((*live)[0].payload,
              "211,21.5,2023-11-14T22:13:20.000Z\n200,c8y_Humidity,h,45.0,%RH,2023-11-14T22:13:20.000Z");
    EXPECT_EQ((*p->format_live(reading(0)))[0].payload, "211,21.5\n200,c8y_Humidity,h,45.0,%RH");

    auto f = config(ProfileKind::Cumulocity);
    f.units = fw::app::Units::Fahrenheit;
    EXPECT_EQ((*profile(f)->format_live(reading()))[0].payload,
              "200,c8y_TemperatureMeasurement,T,70.7,F,2023-11-14T22:13:20.000Z\n"
              "200,c8y_Humidity,h,45.0,%RH,2023-11-14T22:13:20.000Z");
}

TEST(CumulocityProfile, BatchFillsPublishesUpTo16184BytePackets) {
    auto p = profile(config(ProfileKind::Cumulocity));
    // 16184 minus fixed header (1 + 4), topic length (2), "s/us" (4) and packet id (2).
    EXPECT_EQ(p->max_payload(), 16171u);
    std::vector<fw::app::TimedReading> rs;
    for (int i = 0; i < 500; ++i) rs.push_back(reading(kT0 + i * 1000LL, 20.0f + static_cast<float>(i % 50) / 10.0f));
    auto pubs = p->format_batch(rs);
    ASSERT_TRUE(pubs.ok());
    ASSERT_GT(pubs->size(), 2u);
    std::vector<std::string> rows;
    for (size_t k = 0; k < pubs->size(); ++k) {
        const auto& pub = (*pubs)[k];
        EXPECT_EQ(pub.topic, "s/us");
        EXPECT_LE(pub.payload.size(), 16171u);
        auto parsed = fw::app::csv::parse_rows(pub.payload);
        ASSERT_TRUE(parsed.ok());
        EXPECT_EQ(parsed->size() % 2, 0u);  // a reading's two rows stay together
        for (const auto& r : *parsed) rows.push_back(fw::app::csv::make_row(r));
        if (k + 1 < pubs->size()) {
            // Greedy: the next reading would not have fitted.
            size_t next = (*p->format_live(rs[rows.size() / 2]))[0].payload.size();
            EXPECT_GT(pub.payload.size() + 1 + next, 16171u);
        }
    }
    ASSERT_EQ(rows.size(), 1000u);
    for (size_t i = 0; i < rs.size(); ++i) {
        auto one = (*p->format_live(rs[i]))[0].payload;
        EXPECT_EQ(rows[2 * i] + "\n" + rows[2 * i + 1], one);
    }
}

TEST(CumulocityProfile, RestartOperationRunsExecutingThenSuccessful) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto in = p->parse_inbound("s/ds", "510,ESP32_123456");
    ASSERT_EQ(in.commands.size(), 1u);
    const auto& c = in.commands[0];
    EXPECT_TRUE(c.valid());
    EXPECT_EQ(c.name, CommandName::Reboot);
    auto a = p->format_accepted(c);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].topic, "s/us");
    EXPECT_EQ(a[0].payload, "501,c8y_Restart");
    EXPECT_EQ(p->format_response(c, CommandResult::success())[0].payload, "503,c8y_Restart");
}

TEST(CumulocityProfile, ShellCommandsParseAndCarryTheirResult) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto in = p->parse_inbound("s/ds",
                               "511,ESP32_123456,set_interval 30\n"
                               "511,ESP32_123456,get_status\n"
                               "511,ESP32_123456,\"set_config units=fahrenheit  interval_s=15\"\n"
                               "511,ESP32_123456,factory_reset\n");
    ASSERT_EQ(in.commands.size(), 4u);
    EXPECT_TRUE(in.errors.empty());
    EXPECT_EQ(in.commands[0].name, CommandName::SetInterval);
    EXPECT_EQ(in.commands[0].interval_s, 30u);
    EXPECT_EQ(in.commands[1].name, CommandName::GetStatus);
    EXPECT_EQ(in.commands[2].name, CommandName::SetConfig);
    EXPECT_EQ(fw::app::json_text(*in.commands[2].params), R"({"units":"fahrenheit","interval_s":"15"})");
    EXPECT_EQ(in.commands[3].name, CommandName::FactoryReset);
    for (const auto& c : in.commands) EXPECT_EQ(p->format_accepted(c)[0].payload, "501,c8y_Command");

    EXPECT_EQ(p->format_response(in.commands[0], CommandResult::success())[0].payload, "503,c8y_Command");
    EXPECT_EQ(p->format_response(in.commands[0], CommandResult::success("interval set to 30 s"))[0].payload,
              "503,c8y_Command,interval set to 30 s");
    EXPECT_EQ(p->format_response(in.commands[1], CommandResult::success(
                                                     fw::app::Json::parse(R"({"uptime_s":5,"firmware":"1.0.0"})")))[0]
                  .payload,
              "503,c8y_Command,\"{\\\"uptime_s\\\":5,\\\"firmware\\\":\\\"1.0.0\\\"}\"");
    EXPECT_EQ(p->format_response(in.commands[0], CommandResult::failure("storage says \"no\", try later"))[0].payload,
              "502,c8y_Command,\"storage says \\\"no\\\", try later\"");
}

TEST(CumulocityProfile, RefusedOperationsAreMovedToExecutingThenFailed) {
    auto p = profile(config(ProfileKind::Cumulocity));
    struct Case {
        const char* row;
        const char* answer;
    } cases[] = {
        {"511,ESP32_123456,dance", "501,c8y_Command\n502,c8y_Command,unknown command: dance"},
        {"511,ESP32_123456,set_interval", "501,c8y_Command\n502,c8y_Command,usage: set_interval <seconds>"},
        {"511,ESP32_123456,set_interval 0", "501,c8y_Command\n502,c8y_Command,set_interval: 0 s is outside 1..86400"},
        {"511,ESP32_123456,set_config units", "501,c8y_Command\n502,c8y_Command,usage: set_config <key>=<value> ..."},
        {"511,ESP32_123456,\"  \"", "501,c8y_Command\n502,c8y_Command,empty command text"},
        {"511,ESP32_123456", "501,c8y_Command\n502,c8y_Command,511 without a command text"},
        {"515,ESP32_123456,app,2.0", "501,c8y_Firmware\n502,c8y_Firmware,\"515 needs firmware name, version and url\""},
        {"515,ESP32_123456,app,2.0,http://fw/app.bin",
         "501,c8y_Firmware\n502,c8y_Firmware,\"ota: \\\"url\\\" must be an https:// URL\""},
    };
    for (const auto& k : cases) {
        auto in = p->parse_inbound("s/ds", k.row);
        ASSERT_EQ(in.commands.size(), 1u) << k.row;
        const auto& c = in.commands[0];
        EXPECT_FALSE(c.valid()) << k.row;
        EXPECT_EQ(p->format_response(c, CommandResult::failure(c.error))[0].payload, k.answer) << k.row;
    }
}

TEST(CumulocityProfile, FirmwareOperationBecomesOta) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto c = p->parse_inbound("s/ds", "515,ESP32_123456,iotfw,1.1.0,https://fw.local/iotfw-1.1.0.bin").commands.at(0);
    ASSERT_TRUE(c.valid()) << c.error;
    EXPECT_EQ(c.name, CommandName::Ota);
    EXPECT_EQ(c.ota.name, "iotfw");
    EXPECT_EQ(c.ota.version, "1.1.0");
    EXPECT_EQ(c.ota.url, "https://fw.local/iotfw-1.1.0.bin");
    EXPECT_EQ(p->format_accepted(c)[0].payload, "501,c8y_Firmware");
    EXPECT_EQ(p->format_response(c, CommandResult::success())[0].payload, "503,c8y_Firmware");
}

TEST(CumulocityProfile, RowsThatAreNotOurOperationsAreReportedOrIgnored) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto in = p->parse_inbound("s/ds", "510,OTHER_DEVICE\n513,ESP32_123456,\"a=1\"\n124,12345\n");
    EXPECT_TRUE(in.commands.empty());
    EXPECT_EQ(in.errors, (std::vector<std::string>{"operation for another device ignored: 510,OTHER_DEVICE",
                                                   "unsupported operation: 513,ESP32_123456,a=1"}));
    auto broken = p->parse_inbound("s/ds", "511,ESP32_123456,\"unterminated");
    EXPECT_TRUE(broken.commands.empty());
    EXPECT_EQ(broken.errors, (std::vector<std::string>{"unparseable s/ds payload: 511,ESP32_123456,\"unterminated"}));
}

TEST(CumulocityProfile, ErrorTopicRowsAreSurfacedAsErrors) {
    auto p = profile(config(ProfileKind::Cumulocity));
    auto in = p->parse_inbound("s/e", "41,100,\"Device name too long, max 128\"\n50,,Internal server error\n");
    EXPECT_TRUE(in.commands.empty());
    EXPECT_EQ(in.errors, (std::vector<std::string>{"cumulocity error 41: 100, Device name too long, max 128",
                                                   "cumulocity error 50: , Internal server error"}));
    EXPECT_EQ(p->parse_inbound("s/e", "41,\"x").errors.size(), 1u);
    EXPECT_EQ(p->parse_inbound("s/other", "510,ESP32_123456").errors.size(), 1u);
}

TEST(CumulocityProfile, ConnackCodesExplainTheCertificateSetup) {
    auto p = profile(config(ProfileKind::Cumulocity));
    EXPECT_EQ(p->connack_error(5),
              "not authorised: is the CA trusted in the tenant and the device certificate's CN its serial?");
    EXPECT_EQ(p->connack_error(3), "server unavailable; retrying");
    EXPECT_TRUE(fw::app::Profile::connack_retryable(3));
    EXPECT_FALSE(fw::app::Profile::connack_retryable(5));
}

TEST(CumulocityProfile, FirmwareOperationIsAnsweredByTheNewImage) {
    auto p = profile(config(ProfileKind::Cumulocity));
    EXPECT_TRUE(p->firmware().answers_ota_after_restart()) << "503 once the new version runs";
    EXPECT_TRUE(p->firmware().format_ota_progress({fw::app::OtaPhase::Downloading, "1.1", ""}).empty());
    auto c = p->parse_inbound("s/ds", "515,ESP32_123456,iotfw,1.1,https://fw.local/a.bin").commands.at(0);
    EXPECT_EQ(p->format_accepted(c).at(0).payload, "501,c8y_Firmware");
    EXPECT_EQ(p->format_response(c, fw::app::CommandResult::failure("HTTP 404")).at(0).payload,
              "502,c8y_Firmware,HTTP 404");
    EXPECT_EQ(p->format_response(c, fw::app::CommandResult::success()).at(0).payload, "503,c8y_Firmware");
}
