#pragma once
// Bytes on the wire per telemetry reading, for each platform profile (what the device sends).
#include "report.h"

namespace bench {

void wire_efficiency(Report& report);

}  // namespace bench
