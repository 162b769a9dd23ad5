#pragma once
// What `devcloud send` publishes to a device and which answer it waits for, per platform
// profile (the device side is firmware/app/profile_*.cpp):
//   generic      devices/{id}/cmd  {"id":"<cid>","cmd":"<name>","params":<json>}
//                -> devices/{id}/cmd/response with the same "id"; ok = "ok"
//   thingsboard  v1/devices/me/rpc/request/<n>  {"method":"<name>","params":<json>}
//                -> v1/devices/me/rpc/response/<n>; ok = "success"
//   openremote   {realm}/{id}/attributevalue/command/{assetId}  the generic command
//                -> {realm}/{id}/writeattributevalue/commandResponse/{assetId} with the same "id"
//   cumulocity   s/ds  511,{id},<name> [<params as words>]
//                -> s/us  503,c8y_Command[,result] (ok) or 502,c8y_Command,<reason>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "tools/src/devcloud/message.h"
#include "tools/src/devcloud/registry.h"

namespace devcloud {

enum class CommandProfile { Generic, ThingsBoard, OpenRemote, Cumulocity };

std::optional<CommandProfile> command_profile(std::string_view name);

struct CommandSpec {
    CommandProfile profile = CommandProfile::Generic;
    std::string device;
    std::string name;
    // JSON text; empty: none. Cumulocity has no JSON: a string or number goes after the name as it
    // is, an array's items as words, an object as key=value words (set_config).
    std::string params;
};

struct OutgoingCommand {
    CommandProfile profile = CommandProfile::Generic;
    Message request;
    std::string answer_topic;  // subscribe to this before publishing
    std::string correlation;   // generic/OpenRemote "id"; ThingsBoard request number
};

struct CommandAnswer {
    bool ok = false;
    std::string text;  // what the device said: its JSON answer, or the 502/503 row
};

// The command to publish, or an error for people (params that are not JSON, an OpenRemote device
// not in the registry, a ThingsBoard correlation that is not a number). `correlation` makes the answer recognisable:
// callers pass a fresh random one.
std::variant<OutgoingCommand, std::string> build_command(const CommandSpec& spec, const std::string& correlation,
                                                         const Registry& registry);

// The device's answer to `cmd` when this message is it; nullopt for anything else.
std::optional<CommandAnswer> match_answer(const OutgoingCommand& cmd, const std::string& topic,
                                          const std::string& payload);

}  // namespace devcloud
