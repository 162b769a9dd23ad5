#pragma once
// Errors are values: the firmware builds with -fno-exceptions. Result<T, E> holds a T or an error
// E; Result<void, E> holds only the error (Status is Result<void, Err>). E is a module's error enum
// whose value 0 means "no error" (Err::Ok, CodecError::None, OtaError::None ...), or Error<enum>
// where a person reads why (a log line, a command's reply, the console). Reading the value of a
// failed Result is a bug: FW_ASSERT stops the chip there instead of reading an empty optional.
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "firmware/core/assert.h"
#include "hal/status.h"
#include "hal/system.h"

namespace fw {

enum class Err : uint8_t {
    Ok = 0,
    InvalidArg,
    NotFound,
    NoSpace,
    Corrupt,  // stored data failed a check (CRC, magic, hash)
    Io,       // a HAL device failed
    PowerLost,
    Timeout,
    WouldBlock,
    Closed,
    TooLarge,
    Unsupported,
    BadState,  // call not valid in the current state
    NoMem,
    Protocol,      // the peer broke the protocol
    Refused,       // the peer said no (CONNACK code, TLS alert, provisioning error)
    VerifyFailed,  // signature / certificate / hash did not verify
};

const char* name_of(Err e);
Err from_hal(hal::Status s);

// An error code with the sentence a person reads. The code is what callers branch on; the reason
// names the detail the code cannot (which key, which field, what the peer said).
template <class E>
struct Error {
    E code{};
    std::string reason;

    Error() = default;
    Error(E c, std::string why = {}) : code(c), reason(std::move(why)) {}  // NOLINT: implicit by design
};

// Whether an error value is one: value 0 of every error enum means none.
template <class E>
requires std::is_enum_v<E>
constexpr bool failed(E e) { return e != E{}; }
template <class E>
bool failed(const Error<E>& e) {
    return failed(e.code);
}

template <class T, class E = Err>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
    // From an error, or from what converts to one (a code into Error<code>). Another module's
    // error does not convert: FW_TRY(expr, mapping) names the mapping.
    // The constraint keeps Result itself out (it converts to neither E nor T), so the copy and
    // move constructors are not hidden; clang-tidy 14 does not read requires-clauses.
    template <class C>
    // NOLINTNEXTLINE(bugprone-forwarding-reference-overload)
    requires(std::is_convertible_v<C, E> && !std::is_convertible_v<C, T>) Result(C&& e)
        : err_(std::forward<C>(e)) {}  // NOLINT: implicit by design

    bool ok() const { return !failed(err_); }
    explicit operator bool() const { return ok(); }
    const E& err() const { return err_; }
    T& value() & { return checked(); }
    const T& value() const& {
        FW_ASSERT(ok());
        return *value_;
    }
    T&& value() && { return std::move(checked()); }
    T* operator->() { return &checked(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return checked(); }
    friend bool operator==(const Result& r, const E& e) { return r.err_ == e; }

private:
    T& checked() {
        FW_ASSERT(ok());
        return *value_;
    }

    std::optional<T> value_;
    E err_{};
};

template <class E>
class [[nodiscard]] Result<void, E> {
public:
    Result() = default;
    template <class C>
    requires std::is_convertible_v<C, E> Result(C&& e) : err_(std::forward<C>(e)) {}  // NOLINT: implicit by design

    bool ok() const { return !failed(err_); }
    explicit operator bool() const { return ok(); }
    const E& err() const { return err_; }
    friend bool operator==(const Result& r, const E& e) { return r.err_ == e; }

private:
    E err_{};
};

using Status = Result<void, Err>;

inline Status ok_status() { return Status(); }

}  // namespace fw

// The names of the HAL's codes live with the firmware's; declared in hal's namespace so that
// name_of(status) finds them by argument-dependent lookup like every other enum's.
namespace hal {
const char* name_of(Status s);
const char* name_of(ResetReason r);
}  // namespace hal

// Returns from the enclosing function when a Result (or Result<void, E>) failed:
//   FW_TRY(expr);           passes the error on as it is (the caller returns the same E),
//   FW_TRY(expr, mapping);  passes mapping(error) on, where the caller's E is another module's.
#define FW_TRY(...) FW_TRY_PICK_(__VA_ARGS__, FW_TRY_MAPPED_, FW_TRY_SAME_, )(__VA_ARGS__)
#define FW_TRY_PICK_(a, b, macro, ...) macro
#define FW_TRY_SAME_(expr)                           \
    do {                                             \
        auto&& fw_try_r_ = (expr);                   \
        if (!fw_try_r_.ok()) return fw_try_r_.err(); \
    } while (0)
#define FW_TRY_MAPPED_(expr, mapping)                           \
    do {                                                        \
        auto&& fw_try_r_ = (expr);                              \
        if (!fw_try_r_.ok()) return (mapping)(fw_try_r_.err()); \
    } while (0)
