#include "firmware/app/platform/command.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using fw::app::Command;
using fw::app::CommandName;
using fw::app::CommandResult;
using fw::app::Json;

TEST(Command, NamesMapBothWays) {
    for (auto n : {CommandName::Reboot, CommandName::SetInterval, CommandName::GetStatus, CommandName::FactoryReset,
                   CommandName::Ota, CommandName::SetConfig})
        EXPECT_EQ(fw::app::command_name_from(fw::app::name_of(n)), n);
    EXPECT_EQ(fw::app::command_name_from("Reboot"), CommandName::Unknown);
    EXPECT_STREQ(fw::app::name_of(CommandName::Unknown), "unknown");
}

TEST(Command, SetIntervalAcceptsWholeSecondsInTheAllowedRange) {
    for (const Json& p : {Json(30), Json(30.0), Json("30"), Json::parse(R"({"seconds":30})")}) {
        Command c = fw::app::make_command("set_interval", p);
        EXPECT_TRUE(c.valid()) << p.dump() << ": " << c.error;
        EXPECT_EQ(c.interval_s, 30u) << p.dump();
    }
    EXPECT_EQ(fw::app::make_command("set_interval", 1).interval_s, 1u);
    EXPECT_EQ(fw::app::make_command("set_interval", 86400).interval_s, 86400u);
}

TEST(Command, SetIntervalRefusesWhatIsNotAValidPeriod) {
    EXPECT_EQ(fw::app::make_command("set_interval", 0).error, "set_interval: 0 s is outside 1..86400");
    EXPECT_EQ(fw::app::make_command("set_interval", 86401).error, "set_interval: 86401 s is outside 1..86400");
    for (const Json& p : {Json(-5), Json(30.5), Json("3O"), Json(""), Json(true), Json(), Json::parse(R"({"sec":1})"),
                          Json::parse("[30]"), Json(1e300)}) {
        Command c = fw::app::make_command("set_interval", p);
        EXPECT_EQ(c.error, "set_interval: expected a whole number of seconds") << p.dump();
        EXPECT_EQ(c.interval_s, 0u);
    }
}

TEST(Command, OtaNeedsAnHttpsUrlAndAVersion) {
    Command c = fw::app::make_command("ota", Json::parse(R"({"url":"https://fw.local/app.bin","version":"1.2.0"})"));
    ASSERT_TRUE(c.valid()) << c.error;
    EXPECT_EQ(c.ota.url, "https://fw.local/app.bin");
    EXPECT_EQ(c.ota.version, "1.2.0");
    EXPECT_EQ(c.ota.name, "");
    EXPECT_EQ(fw::app::make_command("ota", Json::parse(R"({"url":"http://fw.local/a","version":"1"})")).error,
              "ota: \"url\" must be an https:// URL");
    EXPECT_EQ(fw::app::make_command("ota", Json::parse(R"({"url":"https://fw.local/a"})")).error,
              "ota: \"version\" is required");
    EXPECT_FALSE(fw::app::make_command("ota", "https://x").valid());
}

TEST(Command, UnknownEmptyAndParameterlessCommands) {
    EXPECT_EQ(fw::app::make_command("dance", nullptr).error, "unknown command: dance");
    EXPECT_EQ(fw::app::make_command("", nullptr).error, "missing command name");
    EXPECT_TRUE(fw::app::make_command("reboot", nullptr).valid());
    EXPECT_TRUE(fw::app::make_command("get_status", Json::object()).valid());
    EXPECT_TRUE(fw::app::make_command("factory_reset", nullptr).valid());
    EXPECT_EQ(fw::app::make_command("set_config", Json::object()).error, "set_config: expected {\"key\":value,...}");
    EXPECT_TRUE(fw::app::make_command("set_config", Json::parse(R"({"units":"fahrenheit"})")).valid());
}

TEST(Command, JsonEnvelopeKeepsTheIdEvenWhenTheCommandIsBad) {
    Command c = fw::app::parse_json_command(Json::parse(R"({"id":"c1","cmd":"set_interval","params":{"seconds":15}})"));
    EXPECT_TRUE(c.valid());
    EXPECT_EQ(c.id, "c1");
    EXPECT_EQ(c.name, CommandName::SetInterval);
    EXPECT_EQ(c.interval_s, 15u);

    c = fw::app::parse_json_command(Json::parse(R"({"id":"c2","cmd":"dance"})"));
    EXPECT_EQ(c.id, "c2");
    EXPECT_EQ(c.error, "unknown command: dance");
    c = fw::app::parse_json_command(Json::parse(R"({"id":"c3"})"));
    EXPECT_EQ(c.id, "c3");
    EXPECT_EQ(c.error, "missing \"cmd\" string");
    c = fw::app::parse_json_command(Json::parse(R"({"id":7,"cmd":"reboot"})"));
    EXPECT_EQ(c.error, "\"id\" must be a string");
    c = fw::app::parse_json_command(Json::parse(R"({"cmd":"reboot"})"));
    EXPECT_FALSE(c.valid()) << "no id: a replay could not be recognised";
    c = fw::app::parse_json_command(Json::parse("[1,2]"));
    EXPECT_EQ(c.error, "command must be a JSON object");
}

TEST(Command, JsonAnswerIsByteExact) {
    Command c = fw::app::parse_json_command(Json::parse(R"({"id":"c1","cmd":"reboot"})"));
    EXPECT_EQ(fw::app::json_text(fw::app::json_answer(c, CommandResult::success())), R"({"id":"c1","ok":true})");
    EXPECT_EQ(fw::app::json_text(fw::app::json_answer(c, CommandResult::failure("busy"))),
              R"({"id":"c1","ok":false,"error":"busy"})");
    EXPECT_EQ(fw::app::json_text(fw::app::json_answer(c, CommandResult::success(Json::parse(R"({"a":1})")))),
              R"({"id":"c1","ok":true,"result":{"a":1}})");
    Command anonymous = fw::app::malformed_command("payload is not JSON");
    EXPECT_EQ(fw::app::json_text(fw::app::json_answer(anonymous, CommandResult::failure(anonymous.error))),
              R"({"id":null,"ok":false,"error":"payload is not JSON"})");
}

TEST(Command, StatusReportIsByteExact) {
    fw::app::DeviceStatus s;
    s.uptime_s = 3600;
    s.firmware_version = "1.0.0";
    s.free_heap = 180000;
    s.min_free_heap = 150000;
    s.firmware_heap = 60000;
    s.firmware_heap_peak = 70000;
    s.rssi_dbm = -61;
    s.dropped_messages = 2;
    s.sensor_errors = 1;
    s.interval_s = 60;
    s.time_source = "sntp 127.0.0.1:123";
    s.tls_version = "TLSv1.3";
    EXPECT_EQ(
        fw::app::json_text(fw::app::status_json(s)),
        R"({"uptime_s":3600,"firmware":"1.0.0","free_heap":180000,"min_free_heap":150000,)"
        R"("firmware_heap":60000,"firmware_heap_peak":70000,)"
        R"("rssi_dbm":-61,"dropped_messages":2,"sensor_errors":1,"interval_s":60,"time_source":"sntp 127.0.0.1:123",)"
        R"("tls_version":"TLSv1.3"})");
}
