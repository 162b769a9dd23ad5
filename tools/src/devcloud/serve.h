#pragma once
// `devcloud serve`: the cloud on a broker until SIGINT/SIGTERM, reconnecting when it goes away.
#include "tools/src/devcloud/options.h"

namespace devcloud {

int serve(const Options& o);  // 0 when stopped by a signal, 2 on a configuration error

}  // namespace devcloud
