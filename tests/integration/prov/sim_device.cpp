#include "sim_device.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include "firmware/core/event_loop.h"
#include "firmware/core/log.h"
#include "hal_posix/io_wait.h"
#include "hal_posix/posix_clock.h"
#include "hal_posix/posix_net.h"
#include "hal_posix/posix_rng.h"
#include "hal_posix/prov_ble.h"
#include "hal_posix/prov_softap.h"
#include "hal_posix/sim_wifi.h"

namespace provit {
namespace {

// Collects log lines for the test (the device thread writes, the test reads after stop()).
class LockedLog : public hal::Log {
public:
    LockedLog(std::mutex& m, std::vector<std::string>& lines) : m_(m), lines_(lines) {}
    void write_line(const char* line, size_t len) override {
        std::lock_guard<std::mutex> g(m_);
        lines_.emplace_back(line, len);
    }
    bool read_line(std::string&) override { return false; }

private:
    std::mutex& m_;
    std::vector<std::string>& lines_;
};

}  // namespace

SimDevice::SimDevice(Link link, std::string radio_json, fw::prov::ProvManagerConfig cfg)
    : link_(link), radio_json_(std::move(radio_json)), cfg_(std::move(cfg)) {}

SimDevice::~SimDevice() {
    stop();
    if (!ble_dir_.empty()) rmdir(ble_dir_.c_str());
}

void SimDevice::start() {
    if (link_ == Link::Ble) {
        char tmpl[] = "/tmp/prov-ble-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        ble_dir_ = tmpl;
    }
    std::promise<std::string> ready;
    auto fut = ready.get_future();
    thread_ = std::thread([this, p = std::move(ready)]() mutable { run(std::move(p)); });
    service_ = fut.get();
}

void SimDevice::stop() {
    if (!thread_.joinable()) return;
    stop_ = true;
    thread_.join();
}

std::vector<std::string> SimDevice::log_lines() const {
    std::lock_guard<std::mutex> g(log_mutex_);
    return log_;
}

void SimDevice::run(std::promise<std::string> ready) {
    hal_posix::IoWait io;
    hal_posix::PosixClock clock(io);
    hal_posix::PosixRng rng;
    hal_posix::PosixNet net(io);
    LockedLog log(log_mutex_, log_);
    fw::log::init(log, clock);
    fw::log::set_level(fw::log::Level::Verbose);

    hal_posix::SimWifi::Environment env;
    std::string err;
    if (!hal_posix::SimWifi::parse(radio_json_, env, err)) {
        ADD_FAILURE() << "radio: " << err;
        ready.set_value("");
        return;
    }
    hal_posix::SimWifi wifi(clock, &io, env, [this, &net](bool up) {
        net.set_link_up(up);
        if (!up) ++link_downs_;
    });
    hal_posix::ProvSoftAp softap(io, 0);
    hal_posix::ProvBle ble(io, ble_dir_ + "/prov.sock");
    hal::ProvTransport& transport = link_ == Link::SoftAp ? static_cast<hal::ProvTransport&>(softap) : ble;

    fw::EventLoop loop(clock);
    fw::prov::ProvManager mgr(loop, wifi, transport, rng, store_, cfg_);
    mgr.on_state_change([this](State s) {
        state_ = s;
        if (s == State::Connected) ++joins_;
    });
    (void)mgr.start();
    ready.set_value(link_ == Link::SoftAp ? "127.0.0.1:" + std::to_string(softap.port()) : ble.path());
    while (!stop_) loop.run_once(50);
    fw::log::set_level(fw::log::Level::None);  // the sink and clock die with this thread
}

}  // namespace provit
