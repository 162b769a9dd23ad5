#pragma once
// A small HTTPS/1.1 file server for tests (mbedtls, its own thread, 127.0.0.1 on a free port):
// serves files by path, honours "Range: bytes=N-" with 206 (or ignores it, like a server without
// range support, answering 200), can cut the connection after N body bytes of the next response
// (no close_notify: a dropped link), and requires a client certificate from the given CA.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace testsupport {

class HttpsFileServer {
public:
    HttpsFileServer() = default;
    ~HttpsFileServer();
    HttpsFileServer(const HttpsFileServer&) = delete;
    HttpsFileServer& operator=(const HttpsFileServer&) = delete;

    // PEM files: the server's certificate chain and key, and the CA client certificates must
    // chain to. False (see error()) when they do not load or nothing can listen.
    bool start(const std::string& chain_file, const std::string& key_file, const std::string& client_ca_file);
    void stop();
    uint16_t port() const { return port_; }
    const std::string& error() const { return error_; }

    void add_file(const std::string& path, std::vector<uint8_t> content);
    // The next response is cut after `n` body bytes.
    void drop_next_after(size_t n);
    void set_honour_range(bool on) { honour_range_ = on; }
    // The request heads received so far, in order.
    std::vector<std::string> requests();

private:
    void run();
    void handle(int fd);

    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> honour_range_{true};
    int listen_fd_ = -1;
    uint16_t port_ = 0;
    std::string error_;
    std::string chain_, key_, ca_;
    std::mutex mu_;
    std::map<std::string, std::vector<uint8_t>> files_;
    std::vector<std::string> requests_;
    long drop_after_ = -1;
};

}  // namespace testsupport
