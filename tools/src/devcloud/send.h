#pragma once
// `devcloud send`: one command to one device, and its answer.
#include "tools/src/devcloud/options.h"

namespace devcloud {

// 0 ok answer, 3 error answer, 1 no answer in time, 2 usage or connection error.
int send(const Options& o);

}  // namespace devcloud
