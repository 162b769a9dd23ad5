#include "hal_posix/sim_sensor.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace hal_posix {
namespace {

// splitmix64: a stateless hash, so a noise value depends only on its inputs.
uint64_t mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Uniform in [-1, 1).
double unit_noise(uint64_t h) { return static_cast<double>(h >> 11) / 4503599627370496.0 - 1.0; }

// A DHT22 reports tenths.
float tenths(double v) { return static_cast<float>(std::round(v * 10.0) / 10.0); }

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, ',')) out.push_back(field);
    if (!line.empty() && line.back() == ',') out.emplace_back();
    return out;
}

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool to_double(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return *end == '\0' && std::isfinite(out);
}

}  // namespace

std::unique_ptr<SimSensor> SimSensor::from_csv_text(hal::Clock& clock, const std::string& text, std::string& error) {
    auto s = std::make_unique<SimSensor>(clock);
    std::istringstream in(text);
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        auto f = split(line);
        for (auto& x : f) x = trim(x);
        if (s->rows_.empty() && f[0] == "ts_s") continue;  // header
        auto fail = [&](const std::string& why) {
            error = "line " + std::to_string(line_no) + ": " + why;
            return nullptr;
        };
        if (f.size() < 3 || f.size() > 4) return fail("expected ts_s,temperature,humidity[,error]");
        Row row{};
        double ts = 0;
        if (!to_double(f[0], ts) || ts < 0) return fail("bad ts_s '" + f[0] + "'");
        row.t_ms = static_cast<uint64_t>(std::llround(ts * 1000.0));
        if (!s->rows_.empty() && row.t_ms < s->rows_.back().t_ms) return fail("ts_s goes backwards");
        std::string err = f.size() == 4 ? f[3] : "";
        if (err.empty()) {
            row.status = hal::Status::Ok;
        } else if (err == "timeout") {
            row.status = hal::Status::Timeout;
        } else if (err == "io") {
            row.status = hal::Status::Io;
        } else {
            return fail("error must be empty, timeout or io, not '" + err + "'");
        }
        double t = 0, h = 0;
        if (row.status == hal::Status::Ok) {
            if (!to_double(f[1], t) || !to_double(f[2], h)) return fail("bad temperature or humidity");
            if (h < 0 || h > 100) return fail("humidity outside 0..100");
        }
        row.value = {static_cast<float>(t), static_cast<float>(h)};
        s->rows_.push_back(row);
    }
    if (s->rows_.empty()) {
        error = "no readings";
        return nullptr;
    }
    return s;
}

std::unique_ptr<SimSensor> SimSensor::from_csv_file(hal::Clock& clock, const std::string& path, std::string& error) {
    std::ifstream f(path);
    if (!f) {
        error = "cannot open " + path;
        return nullptr;
    }
    std::stringstream text;
    text << f.rdbuf();
    auto s = from_csv_text(clock, text.str(), error);
    if (!s) error = path + ": " + error;
    return s;
}

void SimSensor::fail_every(uint32_t n, hal::Status s) {
    every_ = n;
    every_status_ = s;
}

void SimSensor::fail_rate(double p, uint64_t seed, hal::Status s) {
    rate_ = p;
    rate_state_ = seed;
    rate_status_ = s;
}

bool SimSensor::injected_failure(hal::Status& s) {
    if (every_ != 0 && reads_ % every_ == 0) {
        s = every_status_;
        return true;
    }
    if (rate_ > 0.0) {
        rate_state_ = mix(rate_state_);
        if ((unit_noise(rate_state_) + 1.0) / 2.0 < rate_) {
            s = rate_status_;
            return true;
        }
    }
    return false;
}

hal::Reading SimSensor::waveform(uint64_t t_ms) const {
    const double pi = 3.14159265358979323846;
    double phase = wave_.period_s == 0
                       ? 0.0
                       : 2.0 * pi * static_cast<double>(t_ms % (wave_.period_s * 1000ull)) / (wave_.period_s * 1000.0);
    uint64_t second = t_ms / 1000;
    double n_t = wave_.noise * unit_noise(mix(wave_.seed ^ mix(second * 2)));
    double n_h = wave_.noise * unit_noise(mix(wave_.seed ^ mix(second * 2 + 1)));
    double t = wave_.temp_mean_c + wave_.temp_amplitude_c * std::sin(phase) + n_t;
    double h = wave_.hum_mean_pct - wave_.hum_amplitude_pct * std::sin(phase) + n_h;
    return {tenths(t), tenths(std::fmin(100.0, std::fmax(0.0, h)))};
}

hal::Status SimSensor::read(hal::Reading& out) {
    ++reads_;
    hal::Status s = hal::Status::Ok;
    uint64_t now = clock_.now_ms();
    if (!injected_failure(s)) {
        if (rows_.empty()) {
            out = waveform(now);
        } else {
            size_t i = 0;
            while (i + 1 < rows_.size() && rows_[i + 1].t_ms <= now) ++i;
            s = rows_[i].status;
            if (s == hal::Status::Ok) out = rows_[i].value;
        }
    }
    if (s != hal::Status::Ok) ++failures_;
    return s;
}

}  // namespace hal_posix
