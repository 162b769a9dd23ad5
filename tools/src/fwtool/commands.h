#pragma once
// fwtool subcommands. Each takes the words after its name and returns the process exit code;
// errors go to stderr and name the file and what is wrong.
#include <string>
#include <vector>

namespace fwtool {

using Args = std::vector<std::string>;

int cmd_partition(const Args& args);  // gen CSV -o BIN | dump BIN
int cmd_image(const Args& args);      // create | info | sign | verify
int cmd_flash(const Args& args);      // build | write | read
int cmd_nvs(const Args& args);        // gen CONFIG -o BIN | dump BIN|--flash FLASH
int cmd_certfs(const Args& args);     // pack DIR -o BIN --size N | ls | extract
int cmd_efuse(const Args& args);      // burn-key EFUSE.json --key KEY.pem
int cmd_efuse_pop(const Args& args);  // pop EFUSE.json

}  // namespace fwtool
