// When the simulated radio is down, the POSIX Net fails as the chip's lwIP would.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hal_posix/io_wait.h"
#include "hal_posix/posix_clock.h"
#include "hal_posix/posix_net.h"
#include "hal_posix/sim_wifi.h"

namespace {

TEST(SimWifiLink, SocketsFailWhileTheRadioIsDown) {
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len), 0);
    uint16_t port = ntohs(a.sin_port);

    hal_posix::IoWait io;
    hal_posix::PosixClock clock(io);
    hal_posix::PosixNet net(io);
    hal_posix::SimWifi::Environment env;
    std::string err;
    ASSERT_TRUE(hal_posix::SimWifi::parse(
        R"({"networks": [{"ssid": "HomeNet", "password": "secret123"}],
            "outages": [{"at_s": 0.4, "for_s": 30}], "join_ms": 20})",
        env, err))
        << err;
    hal_posix::SimWifi wifi(clock, &io, env, [&net](bool up) { net.set_link_up(up); });

    hal::Socket s = hal::kNoSocket;
    EXPECT_EQ(net.connect("127.0.0.1", port, s), hal::Status::Reset);  // not associated yet

    ASSERT_EQ(wifi.connect("HomeNet", "secret123"), hal::Status::Ok);
    hal::WifiEvent ev;
    while (!wifi.poll_event(ev)) io.wait(1000);  // the radio's timer wakes the wait
    ASSERT_EQ(ev.kind, hal::WifiEvent::Kind::Connected);
    ASSERT_EQ(net.connect("127.0.0.1", port, s), hal::Status::Ok);
    hal::Status st;
    while ((st = net.connect_result(s)) == hal::Status::WouldBlock) io.wait(100);
    ASSERT_EQ(st, hal::Status::Ok);
    size_t sent = 0;
    EXPECT_EQ(net.send(s, "ping", 4, sent), hal::Status::Ok);

    while (!wifi.poll_event(ev)) io.wait(1000);  // the outage
    EXPECT_EQ(ev.kind, hal::WifiEvent::Kind::Disconnected);
    EXPECT_EQ(ev.reason, hal::WifiReason::BeaconTimeout);
    EXPECT_EQ(net.send(s, "ping", 4, sent), hal::Status::Reset);
    char buf[8];
    size_t got = 0;
    EXPECT_EQ(net.recv(s, buf, sizeof buf, got), hal::Status::Reset);
    net.close(s);
    ::close(listener);
}

}  // namespace
