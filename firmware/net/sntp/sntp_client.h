#pragma once
// The SNTP client (RFC 4330) that sets the device's wall clock (hal::Clock::set_unix_ms): one
// request at a time over a UDP socket from hal::Net, servers tried in the configured order.
//
//   - Each query sends a fresh random nonce as its transmit timestamp on a new socket (a new
//     source port) and waits `answer_timeout_ms` for the reply that echoes it; stray or forged
//     datagrams are ignored while it waits (sntp_packet.h lists the checks).
//   - A round that gets no time from any server is retried after a full-jitter backoff that
//     never goes below 15 s (RFC 4330 section 10: no server is polled more often).
//   - Kiss-o'-death: RATE holds that server back (64 s, doubling with each RATE); DENY or RSTR
//     stop using it until the next restart. With every server refusing, the client gives up
//     and says so.
//   - An answer earlier than `floor_unix_ms` (the image's build time) is a lie and is refused.
//   - Once synchronized it asks again every `resync_ms`, keeping the drift of the chip's clock
//     bounded (ESP-IDF's SNTP does the same, hourly by default).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "firmware/core/backoff.h"
#include "firmware/core/event_loop.h"
#include "firmware/net/host_port.h"
#include "firmware/net/sntp/sntp_packet.h"
#include "hal/net.h"
#include "hal/rng.h"

namespace fw::net::sntp {

struct SntpOptions {
    uint32_t answer_timeout_ms = 3000;
    uint32_t retry_floor_ms = 15000;
    uint32_t retry_cap_ms = 15 * 60 * 1000;
    uint32_t rate_hold_ms = 64000;  // first hold after a RATE kiss; doubles with each further one
    uint32_t resync_ms = 60 * 60 * 1000;
    int64_t floor_unix_ms = 0;  // answers before this are refused; 0: none
};

struct SntpSync {
    std::string server;   // host:port that answered
    int64_t unix_ms = 0;  // what the clock was set to
    int64_t step_ms = 0;  // how far the clock moved (0 at the first synchronization)
    uint32_t round_trip_ms = 0;
    uint8_t stratum = 0;
};

class SntpClient {
public:
    using OnSync = std::function<void(const SntpSync&)>;

    SntpClient(EventLoop& loop, hal::Net& net, hal::Rng& rng, std::vector<HostPort> servers, SntpOptions opt,
               OnSync on_sync);
    ~SntpClient();
    SntpClient(const SntpClient&) = delete;
    SntpClient& operator=(const SntpClient&) = delete;

    // Starts the first round now.
    void start();
    void stop();
    bool synced() const { return !source_.empty(); }
    // host:port of the server of the last synchronization; empty before the first.
    const std::string& source() const { return source_; }
    // Rounds that ended without a time since the last synchronization.
    uint32_t failed_rounds() const { return failed_rounds_; }
    // Every configured server answered DENY or RSTR: the client has stopped.
    bool gave_up() const { return gave_up_; }

private:
    struct Server {
        HostPort where;
        std::string name;         // host:port, for the log
        bool denied = false;      // DENY / RSTR
        uint64_t held_until = 0;  // RATE: not asked before this (loop time)
        uint32_t next_hold_ms = 0;
    };

    void begin_round();
    void query_next();
    bool send_query(Server& s);
    void poll();
    void on_datagram(const uint8_t* data, size_t len);
    void kissed(Server& s, const ReplyCheck& c);
    void accept(const ReplyCheck& c);
    void round_failed();
    void close_socket();

    EventLoop& loop_;
    hal::Net& net_;
    hal::Rng& rng_;
    std::vector<Server> servers_;
    SntpOptions opt_;
    OnSync on_sync_;
    Backoff backoff_;
    size_t next_server_ = 0;  // next one to ask in this round
    size_t current_ = 0;      // the one asked now (while sock_ is open)
    hal::Socket sock_ = hal::kNoSocket;
    NtpTimestamp nonce_ = 0;
    uint64_t sent_at_ = 0;
    EventLoop::TimerId timer_ = EventLoop::kNoTimer;  // answer timeout, next round, or resync
    uint32_t poller_ = 0;
    std::string source_;
    uint32_t failed_rounds_ = 0;
    bool gave_up_ = false;
};

}  // namespace fw::net::sntp
