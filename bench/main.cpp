// fw_bench: the firmware's TLS and MQTT costs next to paho-mqtt-c (OpenSSL), in one run against
// one mosquitto with mutual TLS on loopback started here. Writes a markdown report and a JSON
// file and prints the markdown. Never a test: nothing here is asserted.
//
//   fw_bench [--quick] [--connections N] [--md FILE] [--json FILE] [--chart FILE.png] [--boot-ms MS,...]
#include <MQTTAsync.h>
#include <mbedtls/version.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "bench_common.h"
#include "firmware/core/log.h"
#include "hal_posix/io_wait.h"
#include "hal_posix/posix_clock.h"
#include "report.h"
#include "sections.h"
#include "sizes.h"
#include "support/broker.h"
#include "support/process.h"
#include "wire.h"

namespace {

// The firmware's UART log, on stderr so that stdout carries only the report.
class StderrLog : public hal::Log {
public:
    void write_line(const char* line, size_t len) override {
        std::fprintf(stderr, "%.*s\n", static_cast<int>(len), line);
    }
    bool read_line(std::string&) override { return false; }
};

struct Args {
    bench::Options opts;
    std::string md = "bench-results.md";
    std::string json = "bench-results.json";
    std::string chart;            // empty: no chart
    std::vector<double> boot_ms;  // boot to first telemetry, as bench/boot_to_telemetry.sh measured it
};

std::vector<double> parse_ms_list(const std::string& text) {
    std::vector<double> out;
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find(',', at);
        if (end == std::string::npos) end = text.size();
        char* stop = nullptr;
        const std::string item = text.substr(at, end - at);
        const double v = std::strtod(item.c_str(), &stop);
        if (item.empty() || *stop != '\0' || v < 0) bench::die("--boot-ms takes milliseconds, comma-separated");
        out.push_back(v);
        at = end + 1;
    }
    return out;
}

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        bool has_value = i + 1 < argc;
        if (arg == "--quick") {
            a.opts.connections = 5;
            a.opts.scale_down = 10;
        } else if (arg == "--connections" && has_value) {
            a.opts.connections = std::atoi(argv[++i]);
            if (a.opts.connections < 1) bench::die("--connections needs a positive number");
        } else if (arg == "--md" && has_value) {
            a.md = argv[++i];
        } else if (arg == "--json" && has_value) {
            a.json = argv[++i];
        } else if (arg == "--chart" && has_value) {
            a.chart = argv[++i];
        } else if (arg == "--boot-ms" && has_value) {
            a.boot_ms = parse_ms_list(argv[++i]);
        } else {
            bench::die(
                "usage: fw_bench [--quick] [--connections N] [--md FILE] [--json FILE] [--chart FILE.png] "
                "[--boot-ms MS,MS,...]");
        }
    }
    return a;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

std::string first_line_of(const std::vector<std::string>& argv) {
    std::string out;
    testsupport::run_command(argv, &out);
    return out.substr(0, out.find('\n'));
}

std::string paho_info(const char* name) {
    for (MQTTAsync_nameValue* nv = MQTTAsync_getVersionInfo(); nv && nv->name; ++nv)
        if (std::strcmp(nv->name, name) == 0) return nv->value;
    return "unknown";
}

bench::Identity make_identity(testsupport::Pki& pki, const std::string& id, bool rsa) {
    testsupport::DeviceCertOptions opt;
    opt.rsa = rsa;
    if (!pki.make_device(id, opt)) bench::die("pki: " + pki.error());
    return bench::Identity{id, pki.device_pem(id), pki.ca_file(), pki.device_chain_file(id), pki.device_key_file(id)};
}

void describe_machine(bench::Report& r, const std::string& mosquitto) {
    char when[32];
    std::time_t now = std::time(nullptr);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    const std::string cpu = cpu_model();
    const unsigned cores = std::thread::hardware_concurrency();
    const std::string paho = paho_info("Version"), openssl = paho_info("OpenSSL version");
    bench::Table t;
    t.title = "Machine";
    t.columns = {"item", "value"};
    t.rows = {{"date", when},
              {"CPU", cpu},
              {"cores (online)", std::to_string(cores)},
              {"broker", mosquitto},
              {"firmware TLS", "mbedtls " MBEDTLS_VERSION_STRING},
              {"reference", "paho-mqtt-c " + paho + " (MQTTAsync), " + openssl}};
    r.add(std::move(t));
    r.json()["machine"] = {{"date", when},
                           {"cpu", cpu},
                           {"cores", cores},
                           {"broker", mosquitto},
                           {"paho", paho},
                           {"openssl", openssl},
                           {"mbedtls", MBEDTLS_VERSION_STRING}};
}

}  // namespace

int main(int argc, char** argv) {
    Args args = parse_args(argc, argv);

    // Firmware log lines at Warn and above go to stderr; a bench run prints no routine logging.
    static hal_posix::IoWait log_io;
    static hal_posix::PosixClock log_clock(log_io);
    static StderrLog log_sink;
    fw::log::init(log_sink, log_clock);
    fw::log::set_level(fw::log::Level::Warn);

    auto broker = std::make_unique<testsupport::TestBroker>();
    // The same broker with mosquitto's default Nagle, for one connect row (set_tcp_nodelay).
    std::unique_ptr<testsupport::TestBroker> nagle_broker;
    bench::on_die([&broker, &nagle_broker] {  // kills mosquitto, removes its temp dir
        nagle_broker.reset();
        broker.reset();
    });
    if (!broker->start()) bench::die("broker: " + broker->error());
    testsupport::BrokerOptions nagle;
    nagle.pki_dir = broker->pki().dir();
    nagle.tcp_nodelay = false;
    nagle_broker = std::make_unique<testsupport::TestBroker>(nagle);
    if (!nagle_broker->start()) bench::die("broker with Nagle: " + nagle_broker->error());
    bench::Target target{broker->host(), broker->port(), broker->server_name()};
    bench::Target nagle_target{nagle_broker->host(), nagle_broker->port(), nagle_broker->server_name()};
    const bench::Identity ec = make_identity(broker->pki(), "bench-ec", false);
    const bench::Identity rsa = make_identity(broker->pki(), "bench-rsa", true);

    bench::Report report;
    describe_machine(report, first_line_of({"/usr/sbin/mosquitto", "-h"}));
    report.json()["options"] = {{"connections", args.opts.connections}, {"scale_down", args.opts.scale_down}};
    std::fprintf(stderr, "bench: memory\n");
    bench::memory_section(report, target, ec, broker->pki(), args.opts);
    bench::handshake_section(report, target, nagle_target, ec, rsa, args.opts);
    bench::throughput_section(report, target, ec, args.opts);
    bench::identity_section(report, args.opts);
    bench::boot_section(report, args.boot_ms);
    bench::wire_efficiency(report);
    bench::code_sizes(report);
    bench::goals_section(report);
    if (!args.chart.empty() && bench::throughput_chart(report, args.chart)) report.json()["chart"] = args.chart;

    const std::string heading = "Benchmarks: firmware vs paho-mqtt-c (OpenSSL)";
    if (!report.write(args.md, args.json, heading)) bench::die("cannot write " + args.md + " / " + args.json);
    std::fputs(report.markdown(heading).c_str(), stdout);
    return 0;
}
