#pragma once
// The TLS identity devcloud dials the broker with (the operator's certificate).
#include "tools/src/cloud/mqtt_link.h"
#include "tools/src/devcloud/options.h"

namespace devcloud {

// --cafile/--cert/--key, each checked to be readable first (paho would only say that the TLS
// handshake failed). Throws std::runtime_error naming the file.
cloud::TlsFiles operator_tls(const Options& o);

}  // namespace devcloud
