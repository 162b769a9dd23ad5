#include "support/https_file_server.h"

#include <arpa/inet.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "support/tls_server_context.h"

namespace testsupport {
namespace {

// mbedtls_net_send() writes without MSG_NOSIGNAL: a client hanging up would kill the test with SIGPIPE.
int send_nosignal(void* ctx, const unsigned char* buf, size_t len) {
    ssize_t n = ::send(static_cast<mbedtls_net_context*>(ctx)->fd, buf, len, MSG_NOSIGNAL);
    return n < 0 ? MBEDTLS_ERR_NET_SEND_FAILED : static_cast<int>(n);
}

bool write_all(mbedtls_ssl_context* ssl, const uint8_t* data, size_t len) {
    while (len > 0) {
        int n = mbedtls_ssl_write(ssl, data, len);
        if (n == MBEDTLS_ERR_SSL_WANT_WRITE || n == MBEDTLS_ERR_SSL_WANT_READ) continue;
        if (n <= 0) return false;
        data += n;
        len -= static_cast<size_t>(n);
    }
    return true;
}

bool write_text(mbedtls_ssl_context* ssl, const std::string& s) {
    return write_all(ssl, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace

HttpsFileServer::~HttpsFileServer() { stop(); }

bool HttpsFileServer::start(const std::string& chain_file, const std::string& key_file,
                            const std::string& client_ca_file) {
    chain_ = chain_file;
    key_ = key_file;
    ca_ = client_ca_file;
    TlsServerContext probe;
    if (!probe.load(chain_, key_, ca_)) {
        error_ = "cannot load the server certificate, key or client CA";
        return false;
    }
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;  // a free port, chosen by the kernel
    socklen_t alen = sizeof a;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(listen_fd_, 8) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &alen) != 0) {
        error_ = std::string("cannot listen on 127.0.0.1: ") + std::strerror(errno);
        return false;
    }
    port_ = ntohs(a.sin_port);
    stop_ = false;
    thread_ = std::thread([this] { run(); });
    return true;
}

void HttpsFileServer::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
}

void HttpsFileServer::add_file(const std::string& path, std::vector<uint8_t> content) {
    std::lock_guard<std::mutex> l(mu_);
    files_[path] = std::move(content);
}

void HttpsFileServer::drop_next_after(size_t n) {
    std::lock_guard<std::mutex> l(mu_);
    drop_after_ = static_cast<long>(n);
}

std::vector<std::string> HttpsFileServer::requests() {
    std::lock_guard<std::mutex> l(mu_);
    return requests_;
}

void HttpsFileServer::run() {
    while (!stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) continue;
        handle(fd);
        ::close(fd);
    }
}

void HttpsFileServer::handle(int fd) {
    TlsServerContext ctx;
    if (!ctx.load(chain_, key_, ca_)) return;
    mbedtls_net_context net;
    net.fd = fd;
    mbedtls_ssl_context ssl;
    mbedtls_ssl_init(&ssl);
    mbedtls_ssl_setup(&ssl, &ctx.conf);
    mbedtls_ssl_set_bio(&ssl, &net, send_nosignal, mbedtls_net_recv, nullptr);
    int ret;
    while ((ret = mbedtls_ssl_handshake(&ssl)) == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {}
    std::string head;
    while (ret == 0 && head.find("\r\n\r\n") == std::string::npos && head.size() < 8192) {
        unsigned char buf[512];
        int n = mbedtls_ssl_read(&ssl, buf, sizeof buf);
        if (n == MBEDTLS_ERR_SSL_WANT_READ) continue;
        if (n <= 0)
            ret = -1;
        else
            head.append(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
    }
    if (ret != 0) {
        mbedtls_ssl_free(&ssl);
        return;
    }
    std::vector<uint8_t> file;
    bool found = false;
    long drop = -1;
    {
        std::lock_guard<std::mutex> l(mu_);
        requests_.push_back(head);
        size_t sp = head.find(' '), sp2 = head.find(' ', sp + 1);
        auto it = files_.find(head.substr(sp + 1, sp2 - sp - 1));
        if (it != files_.end()) {
            file = it->second;
            found = true;
        }
        drop = drop_after_;
        drop_after_ = -1;
    }
    size_t from = 0;
    size_t r = head.find("\r\nRange: bytes=");
    if (r != std::string::npos && honour_range_) from = std::stoul(head.substr(r + 15));
    std::string status;
    if (!found) {
        status = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        file.clear();
    } else if (from > 0 && from < file.size()) {
        status = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(from) + "-" +
                 std::to_string(file.size() - 1) + "/" + std::to_string(file.size()) +
                 "\r\nContent-Length: " + std::to_string(file.size() - from) + "\r\n\r\n";
    } else {
        from = 0;
        status = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(file.size()) + "\r\n\r\n";
    }
    size_t len = file.size() - from;
    bool cut = drop >= 0 && static_cast<size_t>(drop) < len;
    if (cut) len = static_cast<size_t>(drop);
    if (write_text(&ssl, status) && write_all(&ssl, file.data() + from, len) && !cut) mbedtls_ssl_close_notify(&ssl);
    mbedtls_ssl_free(&ssl);  // the caller closes the socket: without close_notify it is a dropped link
}

}  // namespace testsupport
