#pragma once
// Errors are values: the firmware builds with -fno-exceptions. Result<T> holds a T or an Err.
#include <cstdint>
#include <optional>
#include <utility>

#include "hal/status.h"
#include "hal/system.h"

namespace fw {

enum class Err : uint8_t {
    Ok = 0,
    InvalidArg,
    NotFound,
    NoSpace,
    Corrupt,       // stored data failed a check (CRC, magic, hash)
    Io,            // a HAL device failed
    PowerLost,
    Timeout,
    WouldBlock,
    Closed,
    TooLarge,
    Unsupported,
    BadState,      // call not valid in the current state
    NoMem,
    Protocol,      // the peer broke the protocol
    Refused,       // the peer said no (CONNACK code, TLS alert, provisioning error)
    VerifyFailed,  // signature / certificate / hash did not verify
};

const char* err_name(Err e);
Err from_hal(hal::Status s);
const char* hal_status_name(hal::Status s);
const char* reset_reason_name(hal::ResetReason r);

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Err e) : err_(e) {}                      // NOLINT
    bool ok() const { return err_ == Err::Ok; }
    explicit operator bool() const { return ok(); }
    Err err() const { return err_; }
    T& value() & { return *value_; }
    const T& value() const& { return *value_; }
    T&& value() && { return std::move(*value_); }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }
    T& operator*() { return *value_; }

private:
    std::optional<T> value_;
    Err err_ = Err::Ok;
};

class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Err e) : err_(e) {}  // NOLINT
    bool ok() const { return err_ == Err::Ok; }
    explicit operator bool() const { return ok(); }
    Err err() const { return err_; }

private:
    Err err_ = Err::Ok;
};

inline Status ok_status() { return Status(); }

}  // namespace fw

// Propagates a failed Status/Result from the enclosing function.
#define FW_TRY(expr)                                 \
    do {                                             \
        auto fw_try_r_ = (expr);                     \
        if (!fw_try_r_.ok()) return fw_try_r_.err(); \
    } while (0)
