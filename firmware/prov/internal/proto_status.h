#pragma once
// Maps a firmware error to the protocomm Status enum (constants.proto) carried in responses.
#include "firmware/core/result.h"
#include "firmware/prov/proto/constants.pb-c.h"

namespace fw::prov {

// The generated enum is the global ::Status (constants.proto has no package).
inline ::Status proto_status(Status st) {
    switch (st.err()) {
        case Err::Ok: return STATUS__Success;
        case Err::InvalidArg:
        case Err::TooLarge: return STATUS__InvalidArgument;
        case Err::Protocol: return STATUS__InvalidProto;
        default: return STATUS__InternalError;
    }
}

}  // namespace fw::prov
