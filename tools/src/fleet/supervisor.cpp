#include "supervisor.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "summary.h"

namespace fleet {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

uint64_t now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

constexpr uint64_t kTickMs = 200;

// The wifi chaos picks an even share of the fleet: device k (1-based) when floor(k*f) steps.
bool picked(unsigned k, double fraction) { return std::floor(k * fraction) != std::floor((k - 1) * fraction); }

bool alive(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    size_t close = text.rfind(')');
    return close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z';
}

}  // namespace

uint64_t line_count(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    uint64_t n = 0;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0)
        for (std::streamsize i = 0; i < in.gcount(); ++i) n += buf[i] == '\n';
    return n;
}

Supervisor::Supervisor(Options o) : o_(std::move(o)) {
    chip_.template_path = o_.template_path;
    chip_.device_bin = o_.device_bin;
    chip_.workdir = o_.workdir;
    chip_.image_share_dir = o_.workdir + "/images";
}

bool Supervisor::start(std::string& error) {
    if (!chip_.load(o_.radio_path, error)) return false;
    if (o_.chaos == Chaos::Wifi && chip_.radio.is_null()) {
        error = "--chaos wifi needs --radio";
        return false;
    }
    std::error_code ec;
    if (!std::filesystem::create_directories(chip_.image_share_dir, ec) && ec) {
        error = chip_.image_share_dir + ": " + ec.message();
        return false;
    }
    std::ofstream(o_.workdir + "/fleet.pid") << getpid() << "\n";
    struct sigaction sa = {};
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    devices_.resize(o_.devices);
    for (unsigned i = 0; i < o_.devices; ++i) devices_[i].number = o_.first_id + i;
    t0_ = now_ms();
    return true;
}

void Supervisor::power_on_due(uint64_t now) {
    for (unsigned i = 0; i < devices_.size(); ++i) {
        Device& d = devices_[i];
        if (d.powered_at != 0) continue;
        uint64_t due = t0_ + static_cast<uint64_t>(i * 1000.0 / o_.ramp);
        if (now < due) return;
        // A machine that cannot keep the ramp (each power-on copies the template) still reads the
        // logs and shows the counts every tick; the summary reports the ramp reached.
        if (now_ms() - now > kTickMs) return;
        std::optional<Outage> outage;
        double at = o_.chaos_at_s - (now_ms() - t0_) / 1000.0;
        if (o_.chaos == Chaos::Wifi && at > 0 && picked(i + 1, o_.chaos_fraction)) outage = Outage{at, o_.chaos_for_s};
        std::string error;
        d.powered_at = now_ms();
        d.pid = power_on(chip_, d.number, outage, d.log_fd, error);
        d.outage = outage.has_value();
        if (d.pid < 0) {
            d.state.fail(error);
            errors_.push_back(error);
        }
    }
}

void Supervisor::read_logs(uint64_t now) {
    char buf[16384];
    std::vector<Transition> ts;
    for (Device& d : devices_) {
        if (d.log_fd < 0) continue;
        ssize_t n;
        while ((n = read(d.log_fd, buf, sizeof buf)) > 0) d.log.feed(buf, static_cast<size_t>(n), ts);
        for (const Transition& t : ts) d.state.apply(t, now);
        ts.clear();
    }
}

void Supervisor::reap() {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == own_broker_) {
            errors_.push_back("the broker exited (status " + std::to_string(status) + ")");
            own_broker_ = 0;
            continue;
        }
        for (Device& d : devices_) {
            if (d.pid != pid) continue;
            read_logs(now_ms());
            std::string how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                                : "killed by signal " + std::to_string(WTERMSIG(status));
            d.state.fail("device process " + how + (d.log.last_line().empty() ? "" : ": " + d.log.last_line()));
            d.pid = -1;
            close(d.log_fd);
            d.log_fd = -1;
        }
    }
}

void Supervisor::chaos_step(uint64_t now) {
    if (o_.chaos == Chaos::None) return;
    if (chaos_.struck_at == 0) {
        uint64_t at = t0_ + static_cast<uint64_t>(o_.chaos_at_s * 1000);
        if (now < at) return;
        if (o_.chaos == Chaos::Broker) {
            if (all_online_at_ == 0) return;  // the restart meets a fleet that is all online
            kill(o_.broker_pid, SIGTERM);
        }
        chaos_.struck_at = now;
        for (Device& d : devices_) d.affected = d.state.online() && (o_.chaos == Chaos::Broker || d.outage);
        return;
    }
    uint64_t down_until = chaos_.struck_at + static_cast<uint64_t>(o_.chaos_for_s * 1000);
    if (chaos_.restored_at == 0) {
        if (now < down_until) return;
        if (o_.chaos == Chaos::Broker) {
            if (alive(o_.broker_pid)) return;  // its port is free once it is gone
            own_broker_ = fork();
            if (own_broker_ == 0) {
                setsid();
                execl("/bin/sh", "sh", "-c", o_.broker_cmd.c_str(), static_cast<char*>(nullptr));
                _exit(127);
            }
        }
        chaos_.restored_at = now;
    }
    if (chaos_.recovered_at == 0) {
        for (const Device& d : devices_)
            if (d.affected && !(d.state.online() && d.state.back_since(chaos_.struck_at))) return;
        chaos_.recovered_at = now;
    }
}

bool Supervisor::settled() const {
    return all_online_at_ != 0 && (o_.chaos == Chaos::None || chaos_.recovered_at != 0);
}

void Supervisor::progress(uint64_t now, bool final) {
    unsigned counts[7] = {};
    unsigned powered = 0;
    for (const Device& d : devices_) {
        powered += d.powered_at != 0;
        if (d.powered_at != 0) ++counts[static_cast<int>(d.state.phase())];
    }
    bool tty = isatty(2);
    std::fprintf(stderr,
                 "%sfleet %6.1fs: powered %u/%zu  booting %u  enrolling %u  connecting %u  online %u  "
                 "reconnecting %u  failed %u%s",
                 tty ? "\r" : "", (now - t0_) / 1000.0, powered, devices_.size(),
                 counts[static_cast<int>(Phase::Starting)] + counts[static_cast<int>(Phase::Booting)],
                 counts[static_cast<int>(Phase::Enrolling)], counts[static_cast<int>(Phase::Connecting)],
                 counts[static_cast<int>(Phase::Online)], counts[static_cast<int>(Phase::Reconnecting)],
                 counts[static_cast<int>(Phase::Failed)], tty && !final ? "" : "\n");
}

void Supervisor::stop_devices() {
    for (Device& d : devices_)
        if (d.pid > 0) kill(-d.pid, SIGTERM);
    uint64_t deadline = now_ms() + 10000;
    unsigned left;
    do {
        left = 0;
        for (Device& d : devices_) {
            if (d.pid <= 0) continue;
            if (waitpid(d.pid, nullptr, WNOHANG) == d.pid)
                d.pid = -1;
            else
                ++left;
        }
        if (left) usleep(50000);
    } while (left && now_ms() < deadline);
    for (Device& d : devices_) {
        if (d.pid <= 0) continue;
        kill(-d.pid, SIGKILL);
        waitpid(d.pid, nullptr, 0);
    }
    if (own_broker_ > 0) {
        kill(-own_broker_, SIGTERM);
        waitpid(own_broker_, nullptr, 0);
    }
}

int Supervisor::run() {
    std::string error;
    if (!start(error)) {
        std::fprintf(stderr, "fleet: %s\n", error.c_str());
        return 2;
    }
    uint64_t last_progress = 0, end_at = 0;
    uint64_t progress_every = isatty(2) ? 1000 : 5000;
    while (!g_stop) {
        uint64_t now = now_ms();
        power_on_due(now);
        read_logs(now);
        reap();
        if (all_online_at_ == 0) {
            bool all = true;
            for (const Device& d : devices_) all = all && d.state.online();
            if (all) all_online_at_ = now;
        }
        chaos_step(now);
        if (settled_at_ == 0 && settled()) {
            settled_at_ = now;
            for (const Device& d : devices_) usage_settled_.push_back(d.pid > 0 ? tree_usage(d.pid) : Usage{});
            if (!o_.telemetry.empty()) telemetry_settled_ = line_count(o_.telemetry);
            if (o_.hold_s >= 0) end_at = now + static_cast<uint64_t>(o_.hold_s * 1000);
        }
        if (now - last_progress >= progress_every) {
            progress(now, false);
            last_progress = now;
        }
        if (end_at != 0 && now >= end_at) break;
        if (o_.timeout_s > 0 && now - t0_ >= o_.timeout_s * 1000) {
            errors_.push_back("timed out after " + std::to_string(static_cast<unsigned long>(o_.timeout_s)) + " s");
            break;
        }
        usleep(kTickMs * 1000);
    }
    uint64_t now = now_ms();
    read_logs(now);
    progress(now, true);
    for (const Device& d : devices_) usage_end_.push_back(d.pid > 0 ? tree_usage(d.pid) : Usage{});
    if (!o_.telemetry.empty()) telemetry_end_ = line_count(o_.telemetry);
    nlohmann::json s = summary(now);
    stop_devices();
    std::ofstream(o_.summary_path) << s.dump(2) << "\n";
    print_summary(s, stdout);
    std::remove((o_.workdir + "/fleet.pid").c_str());
    return settled_at_ != 0 ? 0 : 1;
}

}  // namespace fleet
