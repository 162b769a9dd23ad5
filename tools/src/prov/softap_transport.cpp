// SoftAP transport: HTTP/1.1 POST /<endpoint> on one keep-alive connection (esp_prov's
// transport_http), so the device sees one session for the whole exchange.
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <cctype>
#include <cstdlib>
#include <memory>

#include "tools/src/prov/fd_io.h"
#include "tools/src/prov/transport.h"

namespace provcli {
namespace {

// The raw value of header `name` (lower case) in a response head, or "".
std::string header(const std::string& head, const std::string& name) {
    for (size_t pos = head.find("\r\n"); pos != std::string::npos; pos = head.find("\r\n", pos)) {
        pos += 2;
        std::string line = head.substr(pos, head.find("\r\n", pos) - pos);
        size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = line.substr(0, colon);
        for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (key == name) return line.substr(colon + 1);
    }
    return "";
}

class SoftapTransport : public Transport {
public:
    SoftapTransport(int fd, std::string host, int timeout_ms) : io_(fd, timeout_ms), host_(std::move(host)) {}

    std::vector<uint8_t> send(const std::string& endpoint, const std::vector<uint8_t>& body) override {
        std::string req = "POST /" + endpoint + " HTTP/1.1\r\nHost: " + host_ +
                          "\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: text/plain\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n";
        req.append(body.begin(), body.end());
        io_.send_all(req);
        return read_response();
    }

private:
    std::vector<uint8_t> read_response() {
        size_t head_end;
        while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos) io_.read_more(buf_);
        std::string head = buf_.substr(0, head_end);
        if (head.compare(0, 9, "HTTP/1.1 ") != 0 && head.compare(0, 9, "HTTP/1.0 ") != 0)
            throw TransportError("not an HTTP response");
        int code = std::atoi(head.c_str() + 9);
        size_t len = std::strtoul(header(head, "content-length").c_str(), nullptr, 10);
        while (buf_.size() < head_end + 4 + len) io_.read_more(buf_);
        std::vector<uint8_t> body(buf_.begin() + static_cast<std::ptrdiff_t>(head_end + 4),
                                  buf_.begin() + static_cast<std::ptrdiff_t>(head_end + 4 + len));
        buf_.erase(0, head_end + 4 + len);
        if (code != 200) throw Refused("HTTP " + head.substr(9, head.find("\r\n") - 9));
        return body;
    }

    FdIo io_;
    std::string host_;
    std::string buf_;
};

}  // namespace

std::unique_ptr<Transport> connect_softap(const std::string& host_port, int timeout_ms) {
    size_t colon = host_port.rfind(':');
    if (colon == std::string::npos) throw TransportError("service name must be host:port, got '" + host_port + "'");
    std::string host = host_port.substr(0, colon), port = host_port.substr(colon + 1);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || res == nullptr)
        throw TransportError("cannot resolve " + host_port);
    int fd = ::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int rc = fd < 0 ? -1 : ::connect(fd, res->ai_addr, res->ai_addrlen);
    int e = errno;
    freeaddrinfo(res);
    if (rc != 0) {
        if (fd >= 0) ::close(fd);
        throw TransportError("cannot connect to " + host_port + ": " + std::strerror(e));
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return std::make_unique<SoftapTransport>(fd, host_port, timeout_ms);
}

}  // namespace provcli
