#include "firmware/net/sntp/sntp_client.h"

#include <algorithm>
#include <cstdio>

#include "firmware/core/civil_time.h"
#include "firmware/core/log.h"

namespace fw::net::sntp {
namespace {

constexpr const char* kTag = "sntp";
constexpr uint32_t kMaxHoldMs = 24u * 60 * 60 * 1000;
constexpr size_t kDatagramCap = 128;  // a 48-byte packet; extension fields beyond are not read

// "2026-12-06 22:40:00Z" for the log.
std::string utc_text(int64_t unix_ms) {
    CivilTime t = civil_from_unix_ms(unix_ms);
    char buf[32];
    (void)std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02u:%02u:%02uZ", static_cast<long long>(t.year), t.month,
                        t.day, t.hour, t.minute, t.second);
    return buf;
}

}  // namespace

SntpClient::SntpClient(EventLoop& loop, hal::Net& net, hal::Rng& rng, std::vector<HostPort> servers, SntpOptions opt,
                       OnSync on_sync)
    : loop_(loop),
      net_(net),
      rng_(rng),
      opt_(opt),
      on_sync_(std::move(on_sync)),
      backoff_(rng, opt.retry_floor_ms, opt.retry_cap_ms, opt.retry_floor_ms) {
    for (auto& hp : servers) {
        Server s;
        s.name = host_port_text(hp.host, hp.port);
        s.where = std::move(hp);
        s.next_hold_ms = opt_.rate_hold_ms;
        servers_.push_back(std::move(s));
    }
}

SntpClient::~SntpClient() { stop(); }

void SntpClient::start() {
    stop();
    gave_up_ = false;
    poller_ = loop_.add_poller([this] { poll(); });
    begin_round();
}

void SntpClient::stop() {
    close_socket();
    loop_.cancel(timer_);
    timer_ = EventLoop::kNoTimer;
    if (poller_ != 0) loop_.remove_poller(poller_);
    poller_ = 0;
}

void SntpClient::close_socket() {
    if (sock_ != hal::kNoSocket) net_.close(sock_);
    sock_ = hal::kNoSocket;
}

void SntpClient::begin_round() {
    next_server_ = 0;
    query_next();
}

// Asks the next server of this round that may be asked; the round fails when none is left.
void SntpClient::query_next() {
    loop_.cancel(timer_);
    timer_ = EventLoop::kNoTimer;
    uint64_t now = loop_.now_ms();
    while (next_server_ < servers_.size()) {
        current_ = next_server_++;
        Server& s = servers_[current_];
        if (s.denied || s.held_until > now) continue;
        if (send_query(s)) return;
    }
    round_failed();
}

bool SntpClient::send_query(Server& s) {
    hal::Endpoint ep;
    if (hal::Status st = net_.resolve(s.where.host.c_str(), s.where.port, ep); st != hal::Status::Ok) {
        FW_LOGW(kTag, "%s: cannot resolve (%s)", s.name.c_str(), name_of(st));
        return false;
    }
    if (hal::Status st = net_.udp_open(ep, sock_); st != hal::Status::Ok) {
        sock_ = hal::kNoSocket;
        FW_LOGW(kTag, "%s: no UDP socket (%s)", s.name.c_str(), name_of(st));
        return false;
    }
    do rng_.fill(&nonce_, sizeof nonce_);
    while (nonce_ == 0);
    auto req = encode_request(nonce_);
    if (hal::Status st = net_.udp_send(sock_, req.data(), req.size()); st != hal::Status::Ok) {
        close_socket();
        FW_LOGW(kTag, "%s: request not sent (%s)", s.name.c_str(), name_of(st));
        return false;
    }
    sent_at_ = loop_.now_ms();
    FW_LOGD(kTag, "%s: request sent", s.name.c_str());
    timer_ = loop_.add_timer(opt_.answer_timeout_ms, [this] {
        timer_ = EventLoop::kNoTimer;
        FW_LOGW(kTag, "%s: no answer within %u ms", servers_[current_].name.c_str(),
                static_cast<unsigned>(opt_.answer_timeout_ms));
        close_socket();
        query_next();
    });
    return true;
}

void SntpClient::poll() {
    uint8_t buf[kDatagramCap];
    while (sock_ != hal::kNoSocket) {
        size_t got = 0;
        hal::Status st = net_.udp_recv(sock_, buf, sizeof buf, got);
        if (st == hal::Status::WouldBlock) return;
        if (st != hal::Status::Ok) {
            // Refused: nothing listens on the server's port (an ICMP error came back).
            FW_LOGW(kTag, "%s: %s", servers_[current_].name.c_str(),
                    st == hal::Status::Refused ? "no NTP server on that port" : name_of(st));
            close_socket();
            query_next();
            return;
        }
        on_datagram(buf, got);
    }
}

void SntpClient::on_datagram(const uint8_t* data, size_t len) {
    Server& s = servers_[current_];
    ReplyCheck c = check_reply({data, len}, nonce_);
    switch (c.error) {
        case ReplyError::None: accept(c); return;
        case ReplyError::KissOfDeath: kissed(s, c); break;
        case ReplyError::Unsynchronized:
        case ReplyError::ZeroTransmit:
            FW_LOGW(kTag, "%s: answer refused: %s (stratum %u, leap indicator %u)", s.name.c_str(),
                    reply_error_name(c.error), c.reply.stratum, c.reply.leap);
            break;
        default:
            // Not an answer to our request (or not from an NTP server): wait on for the real one.
            FW_LOGW(kTag, "%s: datagram ignored: %s", s.name.c_str(), reply_error_name(c.error));
            return;
    }
    close_socket();
    query_next();
}

void SntpClient::kissed(Server& s, const ReplyCheck& c) {
    switch (c.kiss) {
        case Kiss::Deny:
            s.denied = true;
            FW_LOGW(kTag, "%s: kiss-o'-death %s: not asking this server again", s.name.c_str(), c.reply.kiss_code);
            break;
        case Kiss::Rate:
            s.held_until = loop_.now_ms() + s.next_hold_ms;
            FW_LOGW(kTag, "%s: kiss-o'-death RATE: not asking this server for %u s", s.name.c_str(),
                    static_cast<unsigned>(s.next_hold_ms / 1000));
            s.next_hold_ms = s.next_hold_ms >= kMaxHoldMs / 2 ? kMaxHoldMs : s.next_hold_ms * 2;
            break;
        default:
            FW_LOGW(kTag, "%s: kiss-o'-death %s: no time in this answer", s.name.c_str(), c.reply.kiss_code);
            break;
    }
}

void SntpClient::accept(const ReplyCheck& c) {
    Server& s = servers_[current_];
    close_socket();
    loop_.cancel(timer_);
    timer_ = EventLoop::kNoTimer;
    // The server's time when its reply left (T3), plus half the network's part of the round trip:
    // the whole exchange as our monotonic clock saw it less the time the server held the request.
    uint64_t elapsed = loop_.now_ms() - sent_at_;
    int64_t held = ntp_to_unix_ms(c.reply.transmit) - ntp_to_unix_ms(c.reply.receive);
    int64_t rtt = static_cast<int64_t>(elapsed) - (held > 0 ? held : 0);
    if (rtt < 0) rtt = 0;
    int64_t now = ntp_to_unix_ms(c.reply.transmit) + rtt / 2;
    if (opt_.floor_unix_ms > 0 && now < opt_.floor_unix_ms) {
        FW_LOGW(kTag, "%s: answer refused: %s is before this image was built (%s)", s.name.c_str(),
                utc_text(now).c_str(), utc_text(opt_.floor_unix_ms).c_str());
        query_next();
        return;
    }
    hal::Clock& clock = loop_.clock();
    int64_t before = clock.unix_ms();
    clock.set_unix_ms(now);
    SntpSync sync{s.name, now, before > 0 ? now - before : 0, static_cast<uint32_t>(rtt), c.reply.stratum};
    FW_LOGI(kTag, "clock set from %s: %s (stratum %u, round trip %u ms%s)", s.name.c_str(), utc_text(now).c_str(),
            c.reply.stratum, static_cast<unsigned>(rtt),
            before > 0 ? (", stepped " + std::to_string(sync.step_ms) + " ms").c_str() : "");
    source_ = s.name;
    failed_rounds_ = 0;
    backoff_.reset();
    timer_ = loop_.add_timer(opt_.resync_ms, [this] {
        timer_ = EventLoop::kNoTimer;
        begin_round();
    });
    if (on_sync_) on_sync_(sync);
}

void SntpClient::round_failed() {
    ++failed_rounds_;
    uint64_t now = loop_.now_ms();
    uint64_t first_free = UINT64_MAX;  // when the first server not denied may be asked again
    for (const Server& s : servers_)
        if (!s.denied) first_free = std::min(first_free, std::max(s.held_until, now));
    if (first_free == UINT64_MAX) {
        gave_up_ = true;
        FW_LOGE(kTag, "every NTP server refused service (kiss-o'-death DENY/RSTR): the clock stays unset");
        stop();
        return;
    }
    uint64_t delay = std::max<uint64_t>(backoff_.next_ms(), first_free - now);
    FW_LOGW(kTag, "no time from any NTP server (round %u); retry in %llu ms", static_cast<unsigned>(failed_rounds_),
            static_cast<unsigned long long>(delay));
    timer_ = loop_.add_timer(static_cast<uint32_t>(delay), [this] {
        timer_ = EventLoop::kNoTimer;
        begin_round();
    });
}

}  // namespace fw::net::sntp
