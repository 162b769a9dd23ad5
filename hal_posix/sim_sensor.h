#pragma once
// The simulated temperature/humidity sensor (a DHT22 on the dev board): a deterministic waveform
// driven by hal::Clock (a slow sine plus seeded noise), or values replayed from a CSV file, with
// read failures injectable as a DHT11/DHT22 gives them (Timeout: no answer; Io: bad checksum).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hal/clock.h"
#include "hal/sensor.h"

namespace hal_posix {

class SimSensor : public hal::Sensor {
public:
    struct Waveform {
        float temp_mean_c = 22.0f;
        float temp_amplitude_c = 3.0f;
        float hum_mean_pct = 45.0f;
        float hum_amplitude_pct = 10.0f;  // humidity falls as temperature rises, as in a room
        uint32_t period_s = 3600;
        float noise = 0.2f;  // uniform +-noise on both, a pure function of (seed, second)
        uint64_t seed = 1;
    };

    explicit SimSensor(hal::Clock& clock) : SimSensor(clock, Waveform{}) {}
    SimSensor(hal::Clock& clock, const Waveform& w) : clock_(clock), wave_(w) {}

    // Replays rows "ts_s,temperature,humidity[,error]" (a header line and '#' comments allowed;
    // error is empty, "timeout" or "io"). A row holds from ts_s (seconds since power-on) until
    // the next row; the last one holds forever. nullptr + `error` (with the line) when malformed.
    static std::unique_ptr<SimSensor> from_csv_text(hal::Clock& clock, const std::string& text, std::string& error);
    static std::unique_ptr<SimSensor> from_csv_file(hal::Clock& clock, const std::string& path, std::string& error);

    // Every n-th read fails with `s` (n = 0: never).
    void fail_every(uint32_t n, hal::Status s = hal::Status::Timeout);
    // Each read fails with probability `p`, drawn from a generator seeded with `seed`.
    void fail_rate(double p, uint64_t seed, hal::Status s = hal::Status::Timeout);

    hal::Status read(hal::Reading& out) override;

    uint32_t reads() const { return reads_; }
    uint32_t failures() const { return failures_; }

private:
    struct Row {
        uint64_t t_ms;
        hal::Reading value;
        hal::Status status;
    };

    bool injected_failure(hal::Status& s);
    hal::Reading waveform(uint64_t t_ms) const;

    hal::Clock& clock_;
    Waveform wave_;
    std::vector<Row> rows_;  // non-empty: replay instead of the waveform
    uint32_t every_ = 0;
    hal::Status every_status_ = hal::Status::Timeout;
    double rate_ = 0.0;
    uint64_t rate_state_ = 1;
    hal::Status rate_status_ = hal::Status::Timeout;
    uint32_t reads_ = 0;
    uint32_t failures_ = 0;
};

}  // namespace hal_posix
