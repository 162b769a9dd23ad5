#pragma once
// The reference: paho-mqtt-c's MQTTAsync over TLS (OpenSSL), driven the way an application does,
// with callbacks on paho's threads handed back to the bench through a condition variable.
#include <MQTTAsync.h>

#include <condition_variable>
#include <mutex>
#include <string>

#include "bench_common.h"

namespace bench {

class PahoClient {
public:
    PahoClient(const Target& target, const Identity& identity);  // both must outlive the client
    ~PahoClient();

    // MQTTAsync_connect() to onSuccess (TCP + TLS + CONNECT/CONNACK), each on a fresh client, so
    // every handshake is a full one (paho-mqtt-c does not resume TLS sessions).
    Samples connects(int n);

    void connect();
    void disconnect();
    // QoS 0 messages handed to paho and not yet confirmed by onSuccess, at most.
    static constexpr size_t kWindow = 1000;

    // As FwClient::publish(). QoS 1/2: at most 16 messages unacknowledged, as the firmware's
    // in-flight window; QoS 0: at most kWindow handed over and not yet written.
    Throughput publish(int qos, size_t payload, size_t count);

private:
    void create();
    void destroy();
    // Waits for the callbacks to satisfy `done` (then dies, naming `what`).
    template <typename Pred>
    void wait(Pred done, const char* what);

    static void on_connect(void* ctx, MQTTAsync_successData* d);
    static void on_connect_failure(void* ctx, MQTTAsync_failureData* d);
    static void on_disconnect(void* ctx, MQTTAsync_successData* d);
    static void on_sent(void* ctx, MQTTAsync_successData* d);
    static void on_send_failure(void* ctx, MQTTAsync_failureData* d);

    const Target& target_;
    const Identity& identity_;
    std::string uri_;
    MQTTAsync client_ = nullptr;
    std::mutex mu_;
    std::condition_variable cv_;
    bool connected_ = false;
    bool disconnected_ = false;
    std::string failure_;
    size_t completed_ = 0;
};

}  // namespace bench
