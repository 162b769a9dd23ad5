#pragma once
// The fleet supervisor: powers devices on at the ramp, follows each one's log, shows the live
// counts, runs the chaos scenario, and at the end (settled and held, a timeout, or a signal)
// measures what the devices cost, writes the summary and stops them.
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "device_log.h"
#include "device_state.h"
#include "options.h"
#include "proc_usage.h"
#include "spawn.h"

namespace fleet {

struct Device {
    uint32_t number = 0;
    pid_t pid = -1;
    int log_fd = -1;
    uint64_t powered_at = 0;
    bool outage = false;    // wifi chaos: its radio file schedules an outage
    bool affected = false;  // chaos: online when it struck
    DeviceLog log;
    DeviceState state;
};

struct ChaosRun {
    uint64_t struck_at = 0;     // broker killed / outages begin; 0: not yet
    uint64_t restored_at = 0;   // broker started again / outages over
    uint64_t recovered_at = 0;  // every affected device online again
};

class Supervisor {
public:
    explicit Supervisor(Options o);
    // Runs the fleet to its end; the process's exit code (0: the fleet settled).
    int run();

private:
    bool start(std::string& error);
    void power_on_due(uint64_t now);
    void read_logs(uint64_t now);
    void reap();
    void chaos_step(uint64_t now);
    bool settled() const;
    void progress(uint64_t now, bool final);
    nlohmann::json summary(uint64_t now) const;
    nlohmann::json usage_json(uint64_t now) const;
    double ramp_reached() const;
    void stop_devices();
    pid_t broker_pid() const { return own_broker_ > 0 ? own_broker_ : o_.broker_pid; }

    Options o_;
    Chip chip_;
    std::vector<Device> devices_;
    uint64_t t0_ = 0;
    uint64_t all_online_at_ = 0;
    uint64_t settled_at_ = 0;
    ChaosRun chaos_;
    pid_t own_broker_ = 0;  // the broker this process started again after a chaos restart
    // Samples at settling (the start of the steady state) and at the end.
    std::vector<Usage> usage_settled_, usage_end_;
    uint64_t telemetry_settled_ = 0, telemetry_end_ = 0;
    std::vector<std::string> errors_;
};

// The number of lines of a file (messages received, in devcloud's record).
uint64_t line_count(const std::string& path);

}  // namespace fleet
