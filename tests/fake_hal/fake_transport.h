#pragma once
// A scripted, in-memory fw::net::Transport for unit tests. The test plays the server: it pushes
// the bytes the server sends, reads what the client wrote, and decides how connection attempts
// end, when the peer closes, and how many bytes the "network" accepts. Each start_connect() opens
// a fresh connection (nothing from the previous one is carried over).
#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "firmware/net/transport.h"

namespace fake {

class FakeTransport : public fw::net::Transport {
public:
    using LinkError = fw::net::LinkError;

    // ---- script: how the next connection attempts go ----
    bool fail_start = false;      // start_connect() itself fails with `connect_error`
    int connect_polls = 0;        // poll_connect() says WouldBlock this often first (INT_MAX: hangs)
    bool refuse_connect = false;  // then poll_connect() fails with `connect_error`
    LinkError connect_error = LinkError::ConnectRefused;
    size_t recv_chunk = SIZE_MAX;   // at most this many bytes per recv()
    size_t send_budget = SIZE_MAX;  // bytes send() still accepts; 0 -> WouldBlock

    // ---- the server side of the current connection ----
    void push(std::span<const uint8_t> bytes) { inbound_.insert(inbound_.end(), bytes.begin(), bytes.end()); }
    // The server closes after the bytes pushed so far have been read.
    void close_from_peer() { peer_closed_ = true; }
    // The link breaks at once: recv() and send() fail with `e`.
    void break_link(LinkError e) {
        broken_ = true;
        error_ = e;
    }
    // Bytes the client wrote on this connection, removed from the record.
    std::vector<uint8_t> take_sent() {
        std::vector<uint8_t> out;
        out.swap(sent_);
        return out;
    }
    size_t inbound_pending() const { return inbound_.size(); }

    // ---- observations ----
    int connects = 0;  // start_connect() calls
    int sends = 0;     // send() calls that took bytes
    int closes = 0;
    bool open() const { return state_ == Conn::Open; }
    bool connecting() const { return state_ == Conn::Connecting; }
    const std::string& host() const { return host_; }
    uint16_t port() const { return port_; }

    // ---- fw::net::Transport ----
    fw::Status start_connect(const char* host, uint16_t port) override {
        ++connects;
        host_ = host;
        port_ = port;
        inbound_.clear();
        sent_.clear();
        peer_closed_ = broken_ = false;
        error_ = LinkError::None;
        if (fail_start) {
            error_ = connect_error;
            return fw::Err::Refused;
        }
        polls_left_ = connect_polls;
        state_ = Conn::Connecting;
        return fw::ok_status();
    }
    fw::Status poll_connect() override {
        if (state_ == Conn::Open) return fw::ok_status();
        if (state_ != Conn::Connecting) return fw::Err::Closed;
        if (polls_left_ > 0) {
            if (polls_left_ != INT_MAX) --polls_left_;
            return fw::Err::WouldBlock;
        }
        if (refuse_connect) {
            state_ = Conn::Closed;
            error_ = connect_error;
            return fw::Err::Refused;
        }
        state_ = Conn::Open;
        return fw::ok_status();
    }
    fw::Status send(const uint8_t* data, size_t len, size_t& n) override {
        n = 0;
        if (broken_) return fw::Err::Io;
        if (state_ != Conn::Open) return fw::Err::Closed;
        n = std::min(len, send_budget);
        if (n == 0) return fw::Err::WouldBlock;
        if (send_budget != SIZE_MAX) send_budget -= n;
        ++sends;
        sent_.insert(sent_.end(), data, data + n);
        return fw::ok_status();
    }
    fw::Status recv(uint8_t* buf, size_t cap, size_t& n) override {
        n = 0;
        if (broken_) return fw::Err::Io;
        if (state_ != Conn::Open) return fw::Err::Closed;
        if (inbound_.empty()) {
            if (!peer_closed_) return fw::Err::WouldBlock;
            error_ = LinkError::PeerClosed;
            return fw::Err::Closed;
        }
        n = std::min({cap, recv_chunk, inbound_.size()});
        std::copy_n(inbound_.begin(), n, buf);
        inbound_.erase(inbound_.begin(), inbound_.begin() + static_cast<std::ptrdiff_t>(n));
        return fw::ok_status();
    }
    void close() override {
        if (state_ != Conn::Closed) ++closes;
        state_ = Conn::Closed;
        inbound_.clear();
    }
    LinkError last_error() const override { return error_; }

private:
    enum class Conn : uint8_t { Closed, Connecting, Open };

    Conn state_ = Conn::Closed;
    int polls_left_ = 0;
    std::deque<uint8_t> inbound_;
    std::vector<uint8_t> sent_;
    bool peer_closed_ = false;
    bool broken_ = false;
    LinkError error_ = LinkError::None;
    std::string host_;
    uint16_t port_ = 0;
};

}  // namespace fake
