#include "firmware/core/enum_names.h"
#include "firmware/core/result.h"

namespace fw {
namespace {

constexpr EnumName<Err> kErrNames[] = {
    {Err::Ok, "ok"},
    {Err::InvalidArg, "invalid argument"},
    {Err::NotFound, "not found"},
    {Err::NoSpace, "no space"},
    {Err::Corrupt, "corrupt data"},
    {Err::Io, "i/o error"},
    {Err::PowerLost, "power lost"},
    {Err::Timeout, "timeout"},
    {Err::WouldBlock, "would block"},
    {Err::Closed, "closed"},
    {Err::TooLarge, "too large"},
    {Err::Unsupported, "unsupported"},
    {Err::BadState, "bad state"},
    {Err::NoMem, "out of memory"},
    {Err::Protocol, "protocol error"},
    {Err::Refused, "refused"},
    {Err::VerifyFailed, "verification failed"},
};

}  // namespace

const char* name_of(Err e) { return name_in(kErrNames, e); }

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

}  // namespace fw

namespace hal {
namespace {

constexpr fw::EnumName<Status> kStatusNames[] = {
    {Status::Ok, "ok"},
    {Status::Io, "i/o error"},
    {Status::OutOfRange, "out of range"},
    {Status::Unaligned, "unaligned"},
    {Status::PowerLost, "power lost"},
    {Status::WouldBlock, "would block"},
    {Status::Closed, "closed by peer"},
    {Status::Reset, "connection reset"},
    {Status::Refused, "connection refused"},
    {Status::Timeout, "timeout"},
    {Status::NotFound, "not found"},
    {Status::Unsupported, "unsupported"},
    {Status::NoMem, "out of memory"},
    {Status::WriteProtected, "write-protected"},
};

constexpr fw::EnumName<ResetReason> kResetReasonNames[] = {
    {ResetReason::PowerOn, "POWERON"}, {ResetReason::External, "EXT"}, {ResetReason::Software, "SW"},
    {ResetReason::Panic, "PANIC"},     {ResetReason::Watchdog, "WDT"}, {ResetReason::Brownout, "BROWNOUT"},
    {ResetReason::Unknown, "UNKNOWN"},
};

}  // namespace

const char* name_of(Status s) { return fw::name_in(kStatusNames, s); }
const char* name_of(ResetReason r) { return fw::name_in(kResetReasonNames, r, "UNKNOWN"); }

}  // namespace hal
