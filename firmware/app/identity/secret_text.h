#pragma once
// Text that must not stay in RAM after its use, such as a private key's PEM: zeroized
// (mbedtls_platform_zeroize, which the compiler may not drop) when it is destroyed, replaced or
// moved from. Move-only, so that no unwiped copy is made by accident; str() lends it out.
#include <mbedtls/platform_util.h>

#include <string>
#include <utility>

namespace fw::app {

class SecretText {
public:
    SecretText() = default;
    SecretText(std::string text) : s_(std::move(text)) {}  // NOLINT(google-explicit-constructor): takes ownership
    SecretText(SecretText&& other) noexcept : s_(std::move(other.s_)) { other.wipe(); }
    SecretText& operator=(SecretText&& other) noexcept {
        if (this != &other) {
            wipe();
            s_ = std::move(other.s_);
            other.wipe();
        }
        return *this;
    }
    SecretText(const SecretText&) = delete;
    SecretText& operator=(const SecretText&) = delete;
    ~SecretText() { wipe(); }

    const std::string& str() const { return s_; }
    const char* c_str() const { return s_.c_str(); }
    const char* data() const { return s_.data(); }
    size_t size() const { return s_.size(); }
    bool empty() const { return s_.empty(); }
    bool operator==(const SecretText& other) const { return s_ == other.s_; }

    void wipe() {
        // A moved-from or short string may keep bytes in its buffer beyond size(): wipe its capacity
        // (growing to it never reallocates).
        s_.resize(s_.capacity());
        mbedtls_platform_zeroize(s_.data(), s_.size());
        s_.clear();
    }

private:
    std::string s_;
};

}  // namespace fw::app
