// Commands: what each profile's request looks like and which message answers it.
#include "tools/src/devcloud/command.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace devcloud_test {
namespace {

using devcloud::CommandProfile;
using devcloud::CommandSpec;
using devcloud::OutgoingCommand;
using nlohmann::json;

devcloud::Registry registry_with_asset() {
    devcloud::Registry r("");
    r.put({"dev-or", "openremote", "ab", "building-7", "5Nd2kPq0a9ZxY3wV7uT1sR", 1});
    r.put({"dev-aws", "aws", "cd", "", "", 1});
    return r;
}

OutgoingCommand built(const CommandSpec& spec, const std::string& correlation = "c1") {
    auto r = devcloud::build_command(spec, correlation, registry_with_asset());
    if (const auto* err = std::get_if<std::string>(&r)) ADD_FAILURE() << *err;
    return std::holds_alternative<OutgoingCommand>(r) ? std::get<OutgoingCommand>(r) : OutgoingCommand{};
}

std::string refused(const CommandSpec& spec, const std::string& correlation = "c1") {
    auto r = devcloud::build_command(spec, correlation, registry_with_asset());
    EXPECT_TRUE(std::holds_alternative<std::string>(r));
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "";
}

TEST(devcloudCommand, ProfileNames) {
    EXPECT_EQ(devcloud::command_profile("generic"), CommandProfile::Generic);
    EXPECT_EQ(devcloud::command_profile("thingsboard"), CommandProfile::ThingsBoard);
    EXPECT_EQ(devcloud::command_profile("openremote"), CommandProfile::OpenRemote);
    EXPECT_EQ(devcloud::command_profile("cumulocity"), CommandProfile::Cumulocity);
    EXPECT_FALSE(devcloud::command_profile("aws").has_value());
}

TEST(devcloudCommand, Generic) {
    OutgoingCommand c = built({CommandProfile::Generic, "dev-1", "set_interval", "30"});
    EXPECT_EQ(c.request.topic, "devices/dev-1/cmd");
    EXPECT_EQ(json::parse(c.request.payload), json::parse(R"({"id":"c1","cmd":"set_interval","params":30})"));
    EXPECT_EQ(c.answer_topic, "devices/dev-1/cmd/response");
    EXPECT_EQ(built({CommandProfile::Generic, "dev-1", "reboot", ""}).request.payload, R"({"cmd":"reboot","id":"c1"})");

    auto ok = devcloud::match_answer(c, "devices/dev-1/cmd/response", R"({"id":"c1","ok":true,"result":{"a":1}})");
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(ok->ok);
    EXPECT_EQ(ok->text, R"({"id":"c1","ok":true,"result":{"a":1}})");
    auto err = devcloud::match_answer(c, "devices/dev-1/cmd/response", R"({"id":"c1","ok":false,"error":"no"})");
    ASSERT_TRUE(err.has_value());
    EXPECT_FALSE(err->ok);
    EXPECT_FALSE(devcloud::match_answer(c, "devices/dev-1/cmd/response", R"({"id":"c0","ok":true})"))
        << "another command's";
    EXPECT_FALSE(devcloud::match_answer(c, "devices/dev-1/cmd/response", R"({"ok":true})"));
    EXPECT_FALSE(devcloud::match_answer(c, "devices/dev-1/cmd/response", "not json"));
    EXPECT_FALSE(devcloud::match_answer(c, "devices/dev-2/cmd/response", R"({"id":"c1","ok":true})"));
}

TEST(devcloudCommand, ThingsBoardRpc) {
    OutgoingCommand c = built({CommandProfile::ThingsBoard, "dev-1", "setInterval", "30"}, "42");
    EXPECT_EQ(c.request.topic, "v1/devices/me/rpc/request/42");
    EXPECT_EQ(c.request.payload, R"({"method":"setInterval","params":30})");
    EXPECT_EQ(c.answer_topic, "v1/devices/me/rpc/response/42");
    auto ok = devcloud::match_answer(c, "v1/devices/me/rpc/response/42", R"({"success":true})");
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(ok->ok);
    auto err =
        devcloud::match_answer(c, "v1/devices/me/rpc/response/42", R"({"success":false,"error":"unknown method"})");
    ASSERT_TRUE(err.has_value());
    EXPECT_FALSE(err->ok);
    EXPECT_FALSE(devcloud::match_answer(c, "v1/devices/me/rpc/response/43", R"({"success":true})"));
    EXPECT_EQ(refused({CommandProfile::ThingsBoard, "dev-1", "reboot", ""}, "c1"),
              "a ThingsBoard RPC id must be a number, not 'c1'");
}

TEST(devcloudCommand, ParamsThatAreNotJsonAreRefused) {
    EXPECT_EQ(refused({CommandProfile::Generic, "dev-1", "set_interval", "{30"}), "params are not JSON: {30");
}

TEST(devcloudCommand, OpenRemoteUsesTheRegisteredAsset) {
    OutgoingCommand c = built({CommandProfile::OpenRemote, "dev-or", "get_status", ""});
    EXPECT_EQ(c.request.topic, "building-7/dev-or/attributevalue/command/5Nd2kPq0a9ZxY3wV7uT1sR");
    EXPECT_EQ(c.request.payload, R"({"cmd":"get_status","id":"c1"})");
    EXPECT_EQ(c.answer_topic, "building-7/dev-or/writeattributevalue/commandResponse/5Nd2kPq0a9ZxY3wV7uT1sR");
    auto ok = devcloud::match_answer(c, c.answer_topic, R"({"id":"c1","ok":true})");
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(ok->ok);
    EXPECT_FALSE(devcloud::match_answer(c, c.answer_topic, R"({"id":"other","ok":true})"));
    EXPECT_NE(
        refused({CommandProfile::OpenRemote, "dev-9", "reboot", ""}).find("device 'dev-9' has no OpenRemote asset"),
        std::string::npos);
    EXPECT_NE(refused({CommandProfile::OpenRemote, "dev-aws", "reboot", ""}).find("no OpenRemote asset"),
              std::string::npos);
}

TEST(devcloudCommand, CumulocityShellCommand) {
    OutgoingCommand c = built({CommandProfile::Cumulocity, "dev-1", "get_status", ""});
    EXPECT_EQ(c.request.topic, "s/ds");
    EXPECT_EQ(c.request.payload, "511,dev-1,get_status");
    EXPECT_EQ(c.answer_topic, "s/us");
    EXPECT_EQ(built({CommandProfile::Cumulocity, "dev-1", "set_interval", "30"}).request.payload,
              "511,dev-1,set_interval 30");
    EXPECT_EQ(built({CommandProfile::Cumulocity, "dev-1", "ota", R"(["https://h/fw.img","1.1.0"])"}).request.payload,
              "511,dev-1,ota https://h/fw.img 1.1.0");
    EXPECT_EQ(built({CommandProfile::Cumulocity, "dev-1", "set_config", R"({"interval_s":5,"units":"fahrenheit"})"})
                  .request.payload,
              "511,dev-1,set_config interval_s=5 units=fahrenheit");
    EXPECT_EQ(built({CommandProfile::Cumulocity, "dev-1", "set_config", R"({"a":"x,y"})"}).request.payload,
              "511,dev-1,\"set_config a=x,y\"");

    EXPECT_FALSE(devcloud::match_answer(c, "s/us", "501,c8y_Command")) << "executing is not the answer yet";
    auto ok = devcloud::match_answer(c, "s/us", "501,c8y_Command\n503,c8y_Command,\"{\"\"uptime_s\"\":5}\"");
    ASSERT_TRUE(ok.has_value());
    EXPECT_TRUE(ok->ok);
    EXPECT_EQ(ok->text, "503,c8y_Command,\"{\\\"uptime_s\\\":5}\"");
    auto err = devcloud::match_answer(c, "s/us", "502,c8y_Command,unknown command: x");
    ASSERT_TRUE(err.has_value());
    EXPECT_FALSE(err->ok);
    EXPECT_EQ(err->text, "502,c8y_Command,unknown command: x");
    EXPECT_FALSE(devcloud::match_answer(c, "s/us", "503,c8y_Restart"));
    EXPECT_FALSE(devcloud::match_answer(c, "s/us", "211,21.5"));
    EXPECT_FALSE(devcloud::match_answer(c, "s/ds", "503,c8y_Command"));
}

}  // namespace
}  // namespace devcloud_test
