#pragma once
// What the SoftAP (HTTP) and BLE-like (Unix socket) provisioning transports share: a listening
// stream socket, non-blocking client connections registered with IoWait (so the event loop wakes
// on traffic), bounded per-connection buffers, one session id per connection, one outstanding
// request per connection, and the queue of closed sessions. Subclasses only open the listener and
// speak their framing.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "hal/prov_transport.h"
#include "hal_posix/io_wait.h"

namespace hal_posix {

class ProvStreamServer : public hal::ProvTransport {
public:
    static constexpr size_t kMaxConnections = 8;
    static constexpr size_t kMaxBody = 4096;              // protocomm_httpd's MAX_REQ_BODY_LEN
    static constexpr size_t kMaxBuffered = 3 * kMaxBody;  // a whole request with its headers fits

    // Subclasses call stop() in their own destructors, where after_close_listener() still works.
    ~ProvStreamServer() override = default;

    hal::Status start(const std::string& service_name, const std::vector<std::string>& endpoints) override;
    // Closes every connection; their sessions are reported by poll_closed().
    void stop() override;
    hal::Status poll(hal::ProvRequest& req) override;
    // An empty `body` is the error answer (the request was refused).
    hal::Status respond(uint32_t session, const std::vector<uint8_t>& body) override;
    bool poll_closed(uint32_t& session) override;

    bool running() const { return listen_fd_ >= 0; }

protected:
    struct Conn {
        int fd = -1;
        uint32_t session = 0;
        std::string in, out;
        std::string endpoint;      // of the request being answered
        bool awaiting = false;     // a request was handed out and not answered yet
        bool close_after = false;  // close once the pending answer is sent
        bool closing = false;      // close once `out` is flushed
        bool dead = false;
    };
    enum class Parsed {
        Incomplete,  // need more bytes
        Request,     // `req` filled, bytes consumed
        Answered,    // an error answer was queued in c.out; the connection goes on
        Rejected,    // an error answer (maybe empty) was queued; close after sending it
    };

    explicit ProvStreamServer(IoWait& io) : io_(io) {}
    // Opens the non-blocking listening socket; -1 (errno set) on failure.
    virtual int open_listener() = 0;
    virtual void after_close_listener() {}
    virtual Parsed parse(Conn& c, hal::ProvRequest& req) = 0;
    // Encodes the answer to the request `c` is awaiting (empty body: the error answer).
    virtual std::string frame(Conn& c, const std::vector<uint8_t>& body) = 0;
    bool known_endpoint(const std::string& name) const;

private:
    void accept_all();
    void pump(Conn& c);
    void flush(Conn& c);
    void update_wait(Conn& c);
    void reap();

    IoWait& io_;
    int listen_fd_ = -1;
    std::vector<std::string> endpoints_;
    std::vector<Conn> conns_;
    std::deque<uint32_t> closed_;
    uint32_t next_session_ = 1;
    size_t next_parse_ = 0;  // round-robin start, so one busy client cannot starve the others
};

}  // namespace hal_posix
