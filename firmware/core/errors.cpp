#include "firmware/core/result.h"

namespace fw {

const char* err_name(Err e) {
    switch (e) {
        case Err::Ok: return "ok";
        case Err::InvalidArg: return "invalid argument";
        case Err::NotFound: return "not found";
        case Err::NoSpace: return "no space";
        case Err::Corrupt: return "corrupt data";
        case Err::Io: return "i/o error";
        case Err::PowerLost: return "power lost";
        case Err::Timeout: return "timeout";
        case Err::WouldBlock: return "would block";
        case Err::Closed: return "closed";
        case Err::TooLarge: return "too large";
        case Err::Unsupported: return "unsupported";
        case Err::BadState: return "bad state";
        case Err::NoMem: return "out of memory";
        case Err::Protocol: return "protocol error";
        case Err::Refused: return "refused";
        case Err::VerifyFailed: return "verification failed";
    }
    return "?";
}

Err from_hal(hal::Status s) {
    switch (s) {
        case hal::Status::Ok: return Err::Ok;
        case hal::Status::OutOfRange:
        case hal::Status::Unaligned: return Err::InvalidArg;
        case hal::Status::PowerLost: return Err::PowerLost;
        case hal::Status::WouldBlock: return Err::WouldBlock;
        case hal::Status::Closed:
        case hal::Status::Reset: return Err::Closed;
        case hal::Status::Refused:
        case hal::Status::WriteProtected: return Err::Refused;
        case hal::Status::Timeout: return Err::Timeout;
        case hal::Status::NotFound: return Err::NotFound;
        case hal::Status::Unsupported: return Err::Unsupported;
        case hal::Status::NoMem: return Err::NoMem;
        case hal::Status::Io: break;
    }
    return Err::Io;
}

const char* hal_status_name(hal::Status s) {
    switch (s) {
        case hal::Status::Ok: return "ok";
        case hal::Status::Io: return "i/o error";
        case hal::Status::OutOfRange: return "out of range";
        case hal::Status::Unaligned: return "unaligned";
        case hal::Status::PowerLost: return "power lost";
        case hal::Status::WouldBlock: return "would block";
        case hal::Status::Closed: return "closed by peer";
        case hal::Status::Reset: return "connection reset";
        case hal::Status::Refused: return "connection refused";
        case hal::Status::Timeout: return "timeout";
        case hal::Status::NotFound: return "not found";
        case hal::Status::Unsupported: return "unsupported";
        case hal::Status::NoMem: return "out of memory";
        case hal::Status::WriteProtected: return "write-protected";
    }
    return "?";
}

const char* reset_reason_name(hal::ResetReason r) {
    switch (r) {
        case hal::ResetReason::PowerOn: return "POWERON";
        case hal::ResetReason::External: return "EXT";
        case hal::ResetReason::Software: return "SW";
        case hal::ResetReason::Panic: return "PANIC";
        case hal::ResetReason::Watchdog: return "WDT";
        case hal::ResetReason::Brownout: return "BROWNOUT";
        case hal::ResetReason::Unknown: break;
    }
    return "UNKNOWN";
}

}  // namespace fw
