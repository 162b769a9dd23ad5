#include "hal_posix/prov_softap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace hal_posix {
namespace {

std::string lower(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string status_only(int code, const char* reason, bool close) {
    std::string r = "HTTP/1.1 " + std::to_string(code) + " " + reason + "\r\nContent-Length: 0\r\n";
    if (close) r += "Connection: close\r\n";
    return r + "\r\n";
}

struct Head {
    std::string method, path, version;
    long long content_length = -1;  // -1: absent
    bool chunked = false;
    bool close = false;
    bool bad = false;
};

Head parse_head(const std::string& text) {
    Head h;
    size_t eol = text.find("\r\n");
    std::string line = text.substr(0, eol);
    size_t s1 = line.find(' ');
    size_t s2 = line.rfind(' ');
    if (s1 == std::string::npos || s2 == s1) {
        h.bad = true;
        return h;
    }
    h.method = line.substr(0, s1);
    h.path = line.substr(s1 + 1, s2 - s1 - 1);
    h.version = line.substr(s2 + 1);
    if (h.version != "HTTP/1.1" && h.version != "HTTP/1.0") h.bad = true;
    h.close = h.version == "HTTP/1.0";
    size_t pos = eol + 2;
    while (pos < text.size()) {
        size_t end = text.find("\r\n", pos);
        if (end == std::string::npos) end = text.size();
        std::string hdr = text.substr(pos, end - pos);
        pos = end + 2;
        size_t colon = hdr.find(':');
        if (colon == std::string::npos) {
            h.bad = true;
            continue;
        }
        std::string name = lower(trim(hdr.substr(0, colon)));
        std::string value = trim(hdr.substr(colon + 1));
        if (name == "content-length") {
            char* endp = nullptr;
            errno = 0;
            long long v = std::strtoll(value.c_str(), &endp, 10);
            if (value.empty() || *endp != '\0' || errno != 0 || v < 0 || h.content_length >= 0) h.bad = true;
            h.content_length = v;
        } else if (name == "transfer-encoding") {
            h.chunked = true;
        } else if (name == "connection") {
            std::string v = lower(value);
            if (v == "close") h.close = true;
            if (v == "keep-alive") h.close = false;
        }
    }
    return h;
}

}  // namespace

int ProvSoftAp::open_listener() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port_);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 8) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        int e = errno;
        ::close(fd);
        errno = e;
        return -1;
    }
    port_ = ntohs(a.sin_port);
    return fd;
}

ProvStreamServer::Parsed ProvSoftAp::parse(Conn& c, hal::ProvRequest& req) {
    // Errors the connection cannot recover from: answer and close.
    auto reject = [&c](int code, const char* reason) {
        c.out += status_only(code, reason, true);
        return Parsed::Rejected;
    };
    size_t head_end = c.in.find("\r\n\r\n");
    if (head_end == std::string::npos ? c.in.size() > kMaxHeader : head_end > kMaxHeader)
        return reject(431, "Request Header Fields Too Large");
    if (head_end == std::string::npos) return Parsed::Incomplete;
    Head h = parse_head(c.in.substr(0, head_end + 2));
    if (h.bad || h.chunked) return reject(400, "Bad Request");
    if (h.content_length < 0) return reject(411, "Length Required");
    if (h.content_length > static_cast<long long>(kMaxBody)) return reject(413, "Payload Too Large");
    size_t body_len = static_cast<size_t>(h.content_length);
    size_t total = head_end + 4 + body_len;
    if (c.in.size() < total) return Parsed::Incomplete;
    std::string body = c.in.substr(head_end + 4, body_len);
    c.in.erase(0, total);

    // The request was read whole: the connection may go on after an error answer.
    auto answer = [&c, &h](int code, const char* reason) {
        c.out += status_only(code, reason, h.close);
        return h.close ? Parsed::Rejected : Parsed::Answered;
    };
    std::string endpoint = h.path.size() > 1 && h.path[0] == '/' ? h.path.substr(1) : std::string();
    if (h.method != "POST") return answer(405, "Method Not Allowed");
    if (!known_endpoint(endpoint)) return answer(404, "Not Found");
    if (body.empty()) return answer(400, "Bad Request");  // protocomm_httpd refuses empty content
    req.endpoint = endpoint;
    req.body.assign(body.begin(), body.end());
    c.close_after = h.close;
    return Parsed::Request;
}

std::string ProvSoftAp::frame(Conn& c, const std::vector<uint8_t>& body) {
    if (body.empty()) return status_only(500, "Internal Server Error", c.close_after);
    std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n";
    if (c.close_after) r += "Connection: close\r\n";
    r += "\r\n";
    r.append(body.begin(), body.end());
    return r;
}

}  // namespace hal_posix
