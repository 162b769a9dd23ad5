#pragma once
// Status codes every HAL call returns. Kept to what hardware and a network stack can report;
// firmware maps them into its richer fw::Err.
#include <cstdint>

namespace hal {

enum class Status : uint8_t {
    Ok = 0,
    Io,          // the device reported an error
    OutOfRange,  // address/length outside the device
    Unaligned,   // address/length violates the device's alignment rule
    PowerLost,   // power was cut (fault injection): nothing more reaches the device
    WouldBlock,  // non-blocking call has nothing to do yet; call again later
    Closed,      // the peer closed the connection (orderly)
    Reset,       // the connection was reset or the link went down
    Refused,     // the peer refused the connection
    Timeout,     // the operation did not complete in time
    NotFound,    // name does not resolve / item missing
    Unsupported,
    NoMem,
    WriteProtected,  // the address is in a region the running program may not change
};

}  // namespace hal
