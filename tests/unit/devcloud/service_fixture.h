#pragma once
// An EnrollmentService over the test PKI, a registry file in a temp dir, a clock the test moves
// and the log lines it wrote.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "test_pki.h"
#include "tools/src/devcloud/enrollment_service.h"

namespace devcloud_test {

struct Answer {
    std::string topic;
    nlohmann::json body;
};

class ServiceTest : public ::testing::Test {
protected:
    devcloud::FleetCa ca_ = make_ca();
    testsupport::TempDir dir_{"devcloud-service"};
    std::string registry_path_ = dir_.path() + "/registry.json";
    devcloud::Registry registry_{registry_path_};
    int64_t clock_ms_ = now_s() * 1000;
    std::vector<std::string> logs_;

    devcloud::EnrollmentService service(devcloud::ServiceConfig cfg = {}) {
        return devcloud::EnrollmentService(
            ca_, registry_, std::move(cfg), [this] { return clock_ms_; },
            [this](const std::string& line) { logs_.push_back(line); });
    }

    // The one answer to a request, its payload parsed as JSON.
    static Answer ask(devcloud::EnrollmentService& s, const std::string& topic, const std::string& payload) {
        auto out = s.handle(topic, payload);
        EXPECT_EQ(out.size(), 1u) << "answers to " << topic;
        if (out.empty()) return {};
        EXPECT_FALSE(out[0].retain);
        return {out[0].topic, nlohmann::json::parse(out[0].payload)};
    }
};

}  // namespace devcloud_test
