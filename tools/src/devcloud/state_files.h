#pragma once
// The files of the state directory (--state-dir).
#include <string>

#include "tools/src/devcloud/options.h"

namespace devcloud {

inline std::string registry_file(const Options& o) { return o.state_dir + "/registry.json"; }
inline std::string telemetry_file(const Options& o) { return o.state_dir + "/telemetry.jsonl"; }

}  // namespace devcloud
