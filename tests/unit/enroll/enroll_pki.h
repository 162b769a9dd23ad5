#pragma once
// The PKI the enrollment tests share, made once per test program with tools/pki: "dev-1" and
// "dev-2" valid, "dev-old" expired, "dev-long" valid for longer than its intermediate CA, "rogue"
// from an unrelated CA, "claim" the fleet's claim identity.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "support/pki.h"
#include "support/temp_dir.h"

namespace enroll_test {

inline const testsupport::Pki& pki() {
    static testsupport::TempDir dir("enroll-pki");
    static testsupport::Pki p = [] {
        testsupport::Pki k(dir.path());
        testsupport::DeviceCertOptions expired, outlives_ca;
        expired.expired = true;
        outlives_ca.days = 5000;  // longer than the intermediate CA's 10 years
        bool ok = k.init() && k.make_device("dev-1") && k.make_device("dev-2") && k.make_device("dev-old", expired) &&
                  k.make_device("dev-long", outlives_ca) && k.make_device("claim") && k.make_rogue("rogue");
        EXPECT_TRUE(ok) << k.error();
        return k;
    }();
    return p;
}

inline std::string file_text(const std::string& path) { return testsupport::read_file(path); }

// The wall clock in ms: the PKI's certificates are valid around it.
inline int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace enroll_test
