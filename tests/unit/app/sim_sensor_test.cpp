#include "hal_posix/sim_sensor.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "fake_hal/fake_hal.h"

using hal::Status;
using hal_posix::SimSensor;

namespace {

std::vector<hal::Reading> sample(SimSensor& s, fake::ManualClock& clock, int n, uint32_t step_ms) {
    std::vector<hal::Reading> out;
    for (int i = 0; i < n; ++i) {
        hal::Reading r{};
        EXPECT_EQ(s.read(r), Status::Ok);
        out.push_back(r);
        clock.advance(step_ms);
    }
    return out;
}

bool same(const std::vector<hal::Reading>& a, const std::vector<hal::Reading>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].temperature_c != b[i].temperature_c || a[i].humidity_pct != b[i].humidity_pct) return false;
    return true;
}

}  // namespace

TEST(SimSensor, WaveformIsDeterministicForASeed) {
    fake::ManualClock c1, c2, c3;
    SimSensor::Waveform w;
    w.seed = 7;
    SimSensor a(c1, w), b(c2, w);
    w.seed = 8;
    SimSensor other(c3, w);
    auto ra = sample(a, c1, 200, 30000);
    EXPECT_TRUE(same(ra, sample(b, c2, 200, 30000)));
    EXPECT_FALSE(same(ra, sample(other, c3, 200, 30000)));
}

TEST(SimSensor, NoiseDependsOnTimeNotOnHowOftenItIsRead) {
    fake::ManualClock c;
    SimSensor s(c);
    c.advance(123456);
    hal::Reading r1{}, r2{};
    ASSERT_EQ(s.read(r1), Status::Ok);
    ASSERT_EQ(s.read(r2), Status::Ok);
    EXPECT_EQ(r1.temperature_c, r2.temperature_c);
    EXPECT_EQ(r1.humidity_pct, r2.humidity_pct);
}

TEST(SimSensor, FollowsASlowSineWithinItsBoundsAtTenthResolution) {
    fake::ManualClock c;
    SimSensor::Waveform w;  // 22 +- 3 C, 45 -+ 10 %RH, period 1 h, noise 0.2
    SimSensor s(c, w);
    c.advance(900000);  // a quarter period: the peak
    hal::Reading peak{};
    ASSERT_EQ(s.read(peak), Status::Ok);
    EXPECT_NEAR(peak.temperature_c, 25.0, 0.25);
    EXPECT_NEAR(peak.humidity_pct, 35.0, 0.25);
    for (const auto& r : sample(s, c, 500, 17000)) {
        EXPECT_GE(r.temperature_c, 18.8f);
        EXPECT_LE(r.temperature_c, 25.2f);
        EXPECT_GE(r.humidity_pct, 34.8f);
        EXPECT_LE(r.humidity_pct, 55.2f);
        EXPECT_NEAR(r.temperature_c * 10.0, std::round(r.temperature_c * 10.0), 1e-3);
        EXPECT_NEAR(r.humidity_pct * 10.0, std::round(r.humidity_pct * 10.0), 1e-3);
    }
}

TEST(SimSensor, FailsEveryNthRead) {
    fake::ManualClock c;
    SimSensor s(c);
    s.fail_every(3, Status::Io);
    for (int i = 1; i <= 9; ++i) {
        hal::Reading r{};
        EXPECT_EQ(s.read(r), i % 3 == 0 ? Status::Io : Status::Ok) << i;
    }
    EXPECT_EQ(s.reads(), 9u);
    EXPECT_EQ(s.failures(), 3u);
    s.fail_every(0);
    hal::Reading r{};
    EXPECT_EQ(s.read(r), Status::Ok);
}

TEST(SimSensor, FailRateIsSeededAndRoughlyThatRate) {
    auto pattern = [](double p, uint64_t seed) {
        fake::ManualClock c;
        SimSensor s(c);
        s.fail_rate(p, seed);
        std::vector<bool> failed;
        for (int i = 0; i < 4000; ++i) {
            hal::Reading r{};
            Status st = s.read(r);
            EXPECT_TRUE(st == Status::Ok || st == Status::Timeout);
            failed.push_back(st != Status::Ok);
        }
        return failed;
    };
    auto a = pattern(0.25, 99);
    EXPECT_EQ(a, pattern(0.25, 99));
    EXPECT_NE(a, pattern(0.25, 100));
    long n = std::count(a.begin(), a.end(), true);
    EXPECT_GT(n, 850);
    EXPECT_LT(n, 1150);
    auto none = pattern(0.0, 1);
    EXPECT_EQ(std::count(none.begin(), none.end(), true), 0);
    auto all = pattern(1.0, 1);
    EXPECT_EQ(std::count(all.begin(), all.end(), true), 4000);
}

TEST(SimSensor, ReplaysCsvRowsByClockWithInjectedErrors) {
    fake::ManualClock c;
    std::string error;
    auto s = SimSensor::from_csv_text(c,
                                      "ts_s,temperature,humidity,error\n"
                                      "# warm-up\n"
                                      "0,20.0,50.0\n"
                                      "10,20.5,49.0,\n"
                                      "20,,,timeout\n"
                                      "30,21.0,48.0\n"
                                      "40,0,0,io\n",
                                      error);
    ASSERT_NE(s, nullptr) << error;
    auto at = [&](uint64_t ms, hal::Reading& r) {
        c.advance(ms - c.now_ms());
        return s->read(r);
    };
    hal::Reading r{};
    ASSERT_EQ(at(0, r), Status::Ok);
    EXPECT_EQ(r.temperature_c, 20.0f);
    ASSERT_EQ(at(9999, r), Status::Ok);
    EXPECT_EQ(r.temperature_c, 20.0f);
    ASSERT_EQ(at(10000, r), Status::Ok);
    EXPECT_EQ(r.temperature_c, 20.5f);
    EXPECT_EQ(r.humidity_pct, 49.0f);
    EXPECT_EQ(at(25000, r), Status::Timeout);
    ASSERT_EQ(at(30000, r), Status::Ok);
    EXPECT_EQ(r.temperature_c, 21.0f);
    EXPECT_EQ(at(40000, r), Status::Io);
    EXPECT_EQ(at(999000, r), Status::Io);  // the last row holds
    EXPECT_EQ(s->failures(), 3u);
}

TEST(SimSensor, MalformedCsvNamesTheLine) {
    fake::ManualClock c;
    struct Case {
        const char* text;
        const char* error;
    } cases[] = {
        {"0,20,50\n5,20\n", "line 2: expected ts_s,temperature,humidity[,error]"},
        {"10,20,50\n5,20,50\n", "line 2: ts_s goes backwards"},
        {"0,20,50,broken\n", "line 1: error must be empty, timeout or io, not 'broken'"},
        {"0,warm,50\n", "line 1: bad temperature or humidity"},
        {"x,20,50\n", "line 1: bad ts_s 'x'"},
        {"0,20,150\n", "line 1: humidity outside 0..100"},
        {"ts_s,temperature,humidity\n", "no readings"},
    };
    for (const auto& k : cases) {
        std::string error;
        EXPECT_EQ(SimSensor::from_csv_text(c, k.text, error), nullptr) << k.text;
        EXPECT_EQ(error, k.error) << k.text;
    }
}

TEST(SimSensor, LoadsACsvFile) {
    fake::ManualClock c;
    char path[] = "/tmp/sim_sensor_XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    {
        std::ofstream f(path);
        f << "0,18.5,60\n";
    }
    std::string error;
    auto s = SimSensor::from_csv_file(c, path, error);
    std::remove(path);
    ASSERT_NE(s, nullptr) << error;
    hal::Reading r{};
    ASSERT_EQ(s->read(r), Status::Ok);
    EXPECT_EQ(r.temperature_c, 18.5f);
    EXPECT_EQ(SimSensor::from_csv_file(c, "/nonexistent/sensor.csv", error), nullptr);
    EXPECT_EQ(error, "cannot open /nonexistent/sensor.csv");
}
