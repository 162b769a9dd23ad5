#include "summary.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "stats.h"
#include "supervisor.h"

namespace fleet {

namespace {

using nlohmann::json;

// A reason with its numbers taken out ("retry in 995 ms" -> "retry in N ms"), so that failures
// of one kind count together.
std::string reason_kind(const std::string& reason) {
    std::string out;
    for (char c : reason) {
        bool digit = c >= '0' && c <= '9';
        if (!digit)
            out.push_back(c);
        else if (out.empty() || out.back() != 'N')
            out.push_back('N');
    }
    return out;
}

double seconds(uint64_t from, uint64_t to) { return from == 0 || to == 0 ? -1 : (to - from) / 1000.0; }
json seconds_or_null(uint64_t from, uint64_t to) {
    return from == 0 || to == 0 ? json(nullptr) : json(seconds(from, to));
}

// "Max open files  1024  4096  files" in /proc/PID/limits: the soft limit; 0 if unknown.
uint64_t open_files_limit(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("Max open files", 0) == 0) {
            try {
                return std::stoull(line.substr(26));
            } catch (const std::exception&) {
                return 0;
            }
        }
    return 0;
}

}  // namespace

json Supervisor::usage_json(uint64_t now) const {
    Usage end_total, settled_total;
    unsigned live = 0;
    std::set<uint64_t> images;
    for (size_t i = 0; i < usage_end_.size(); ++i) {
        const Usage& u = usage_end_[i];
        if (u.processes == 0) continue;
        ++live;
        if (u.image_inode != 0) images.insert(u.image_inode);
        end_total.rss_kb += u.rss_kb;
        end_total.pss_kb += u.pss_kb;
        end_total.cpu_ms += u.cpu_ms;
        end_total.processes += u.processes;
        end_total.fds += u.fds;
        if (i < usage_settled_.size()) settled_total.cpu_ms += usage_settled_[i].cpu_ms;
    }
    json j = {{"devices_measured", live}};
    if (live == 0) return j;
    j["rss_kb_per_device"] = end_total.rss_kb / live;
    j["pss_kb_per_device"] = end_total.pss_kb / live;
    j["fleet_pss_mb"] = end_total.pss_kb / 1024;
    j["processes_per_device"] = static_cast<double>(end_total.processes) / live;
    j["fds_per_device"] = static_cast<double>(end_total.fds) / live;
    j["image_copies"] = images.size();
    if (settled_at_ != 0) {
        j["cpu_ms_to_settle_per_device"] = settled_total.cpu_ms / live;
        if (now > settled_at_ + 1000) {
            double steady = static_cast<double>(end_total.cpu_ms - settled_total.cpu_ms) / (now - settled_at_);
            j["steady_seconds"] = (now - settled_at_) / 1000.0;
            j["steady_cpu_percent_per_device"] = 100.0 * steady / live;
            j["steady_cpu_percent_fleet"] = 100.0 * steady;
        }
    }
    rusage self;
    getrusage(RUSAGE_SELF, &self);
    j["supervisor_cpu_s"] =
        self.ru_utime.tv_sec + self.ru_stime.tv_sec + (self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6;
    j["supervisor_max_rss_kb"] = self.ru_maxrss;
    pid_t broker = broker_pid();
    if (broker > 0) {
        Usage b = tree_usage(broker);
        j["broker"] = {{"rss_kb", b.rss_kb},
                       {"cpu_s", b.cpu_ms / 1000.0},
                       {"open_fds", b.fds},
                       {"open_files_limit", open_files_limit(broker)}};
    }
    // What would stop a larger fleet on this machine, each as a number of devices.
    rlimit nofile;
    getrlimit(RLIMIT_NOFILE, &nofile);
    uint64_t pss = std::max<uint64_t>(1, end_total.pss_kb / live);
    json limits = {
        {"memory", (mem_available_kb() + end_total.pss_kb) / pss},
        {"pids", proc_sys_number("/proc/sys/kernel/pid_max") * live / std::max(1u, end_total.processes)},
        {"supervisor_open_files", nofile.rlim_cur},
    };
    if (broker > 0) limits["broker_open_files"] = open_files_limit(broker);
    if (j.contains("steady_cpu_percent_per_device") && j["steady_cpu_percent_per_device"].get<double>() > 0)
        limits["cpu_idle_fleet"] = static_cast<uint64_t>(100.0 * sysconf(_SC_NPROCESSORS_ONLN) /
                                                         j["steady_cpu_percent_per_device"].get<double>());
    std::string least;
    uint64_t most = UINT64_MAX;
    for (auto& [k, v] : limits.items())
        if (v.get<uint64_t>() < most) most = v.get<uint64_t>(), least = k;
    j["max_devices_by"] = limits;
    j["limited_by"] = least;
    j["mem_available_mb"] = mem_available_kb() / 1024;
    return j;
}

// Devices powered on per second, from the first to the last power-on.
double Supervisor::ramp_reached() const {
    uint64_t first = UINT64_MAX, last = 0;
    unsigned n = 0;
    for (const Device& d : devices_) {
        if (d.powered_at == 0) continue;
        first = std::min(first, d.powered_at);
        last = std::max(last, d.powered_at);
        ++n;
    }
    return n < 2 || last == first ? 0.0 : (n - 1) * 1000.0 / (last - first);
}

json Supervisor::summary(uint64_t now) const {
    std::vector<uint64_t> to_online, enroll, connect, offline;
    unsigned online = 0, reconnects = 0;
    std::map<std::string, unsigned> reasons;
    json failures = json::array();
    for (const Device& d : devices_) {
        const DeviceState& s = d.state;
        if (s.boot_to_online_ms) to_online.push_back(*s.boot_to_online_ms);
        if (s.enroll_ms) enroll.push_back(*s.enroll_ms);
        if (s.connect_ms) connect.push_back(*s.connect_ms);
        reconnects += s.reconnects.size();
        if (d.affected)
            for (const Reconnect& r : s.reconnects)
                if (r.lost_at >= chaos_.struck_at && r.back_at != 0) offline.push_back(r.offline_ms);
        if (s.online()) {
            ++online;
            continue;
        }
        std::string what = std::string(phase_name(s.phase())) + ": " + reason_kind(s.reason());
        ++reasons[what];
        if (failures.size() < 100)
            failures.push_back({{"device", device_id(d.number)},
                                {"phase", phase_name(s.phase())},
                                {"state", s.state()},
                                {"reason", s.reason()}});
    }
    json j = {{"devices", devices_.size()},
              {"first_id", device_id(o_.first_id)},
              {"ramp_per_s", o_.ramp},
              {"ramp_reached_per_s", ramp_reached()},
              {"run_s", (now - t0_) / 1000.0},
              {"online_at_end", online},
              {"time_to_all_online_s", seconds_or_null(t0_, all_online_at_)},
              {"latency_ms",
               {{"boot_to_online", percentiles(to_online)},
                {"enroll", percentiles(enroll)},
                {"connect", percentiles(connect)}}},
              {"reconnects", reconnects},
              {"not_online", reasons},
              {"not_online_devices", failures},
              {"errors", errors_}};
    if (!o_.telemetry.empty() && settled_at_ != 0 && now > settled_at_ + 1000)
        j["messages_per_s"] = (telemetry_end_ - telemetry_settled_) / ((now - settled_at_) / 1000.0);
    else
        j["messages_per_s"] = nullptr;
    if (o_.chaos != Chaos::None) {
        unsigned affected = 0, back = 0;
        for (const Device& d : devices_) {
            affected += d.affected;
            back += d.affected && d.state.online() && d.state.back_since(chaos_.struck_at);
        }
        j["chaos"] = {{"kind", o_.chaos == Chaos::Broker ? "broker-restart" : "wifi-outage"},
                      {"at_s", seconds_or_null(t0_, chaos_.struck_at)},
                      {"down_s", o_.chaos_for_s},
                      {"affected", affected},
                      {"recovered", back},
                      {"recovery_s", seconds_or_null(chaos_.struck_at, chaos_.recovered_at)},
                      {"recovery_after_restore_s", seconds_or_null(chaos_.restored_at, chaos_.recovered_at)},
                      {"offline_ms", percentiles(offline)},
                      {"offline_histogram", histogram(offline, 10)}};
    }
    j["resources"] = usage_json(now);
    return j;
}

void print_summary(const json& s, std::FILE* out) {
    auto pct = [](const json& p) {
        if (p.value("n", 0) == 0) return std::string("none");
        char b[128];
        std::snprintf(b, sizeof b, "p50 %llu  p90 %llu  p99 %llu  max %llu ms (%llu devices)",
                      p["p50"].get<unsigned long long>(), p["p90"].get<unsigned long long>(),
                      p["p99"].get<unsigned long long>(), p["max"].get<unsigned long long>(),
                      p["n"].get<unsigned long long>());
        return std::string(b);
    };
    std::fprintf(out, "== fleet summary: %s of %s devices online at the end, after %.1f s\n",
                 s["online_at_end"].dump().c_str(), s["devices"].dump().c_str(), s["run_s"].get<double>());
    std::fprintf(out, "time to all online: %s s (ramp %s devices/s, reached %.1f)\n",
                 s["time_to_all_online_s"].dump().c_str(), s["ramp_per_s"].dump().c_str(),
                 s["ramp_reached_per_s"].get<double>());
    std::fprintf(out, "boot to online: %s\n", pct(s["latency_ms"]["boot_to_online"]).c_str());
    std::fprintf(out, "enrollment:     %s\n", pct(s["latency_ms"]["enroll"]).c_str());
    std::fprintf(out, "connect:        %s\n", pct(s["latency_ms"]["connect"]).c_str());
    std::fprintf(out, "messages/s received: %s; reconnects: %s\n", s["messages_per_s"].dump().c_str(),
                 s["reconnects"].dump().c_str());
    for (auto& [what, n] : s["not_online"].items())
        std::fprintf(out, "not online: %s x %s\n", n.dump().c_str(), what.c_str());
    for (const auto& e : s["errors"]) std::fprintf(out, "error: %s\n", e.get<std::string>().c_str());
    if (s.contains("chaos")) {
        const json& c = s["chaos"];
        std::fprintf(out,
                     "chaos %s at %s s for %s s: %s of %s affected devices back, recovery %s s (%s s after restore)\n",
                     c["kind"].get<std::string>().c_str(), c["at_s"].dump().c_str(), c["down_s"].dump().c_str(),
                     c["recovered"].dump().c_str(), c["affected"].dump().c_str(), c["recovery_s"].dump().c_str(),
                     c["recovery_after_restore_s"].dump().c_str());
        std::fprintf(out, "time offline: %s\n", pct(c["offline_ms"]).c_str());
        for (const auto& b : c["offline_histogram"]) {
            unsigned n = b["devices"].get<unsigned>();
            std::fprintf(out, "  %7.1f-%7.1f s %5u %s\n", b["from_ms"].get<double>() / 1000,
                         b["to_ms"].get<double>() / 1000, n, std::string(std::min(n, 60u), '#').c_str());
        }
    }
    const json& r = s["resources"];
    if (r.value("devices_measured", 0) > 0) {
        std::fprintf(out,
                     "per device: RSS %s kB, PSS %s kB, %s processes, %s fds; fleet PSS %s MB; %s copies of the "
                     "images run\n",
                     r["rss_kb_per_device"].dump().c_str(), r["pss_kb_per_device"].dump().c_str(),
                     r["processes_per_device"].dump().c_str(), r["fds_per_device"].dump().c_str(),
                     r["fleet_pss_mb"].dump().c_str(), r.value("image_copies", json(0)).dump().c_str());
        if (r.contains("steady_cpu_percent_per_device"))
            std::fprintf(out,
                         "steady state: %.3f%% CPU per device, %.1f%% for the fleet; %s CPU ms per device to settle\n",
                         r["steady_cpu_percent_per_device"].get<double>(), r["steady_cpu_percent_fleet"].get<double>(),
                         r["cpu_ms_to_settle_per_device"].dump().c_str());
        std::fprintf(out, "max devices by %s; limited by %s\n", r["max_devices_by"].dump().c_str(),
                     r["limited_by"].get<std::string>().c_str());
    }
}

}  // namespace fleet
