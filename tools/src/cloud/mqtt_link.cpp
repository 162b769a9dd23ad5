#include "tools/src/cloud/mqtt_link.h"

namespace cloud {
namespace {

constexpr unsigned long kPublishWaitMs = 10000;

void check(int rc, const std::string& what) {
    if (rc != MQTTCLIENT_SUCCESS && rc != MQTTCLIENT_TOPICNAME_TRUNCATED)
        throw LinkError(what + ": " + MQTTClient_strerror(rc));
}

}  // namespace

MqttLink::MqttLink(const std::string& host, int port, const TlsFiles& tls, const LinkOptions& options) {
    std::string uri = "ssl://" + host + ":" + std::to_string(port);
    check(MQTTClient_create(&client_, uri.c_str(), options.client_id.c_str(), MQTTCLIENT_PERSISTENCE_NONE, nullptr),
          "cannot create a client for " + uri);
    MQTTClient_SSLOptions ssl = MQTTClient_SSLOptions_initializer;
    ssl.trustStore = tls.cafile.c_str();
    ssl.keyStore = tls.cert.c_str();
    ssl.privateKey = tls.key.c_str();
    ssl.enableServerCertAuth = 1;
    ssl.verify = 1;
    MQTTClient_connectOptions co = MQTTClient_connectOptions_initializer;
    co.keepAliveInterval = 20;
    co.cleansession = 1;
    co.reliable = 0;
    co.maxInflightMessages = options.max_inflight;
    co.ssl = &ssl;
    int rc = MQTTClient_connect(client_, &co);
    if (rc != MQTTCLIENT_SUCCESS) {
        MQTTClient_destroy(&client_);
        throw LinkError("cannot connect to " + uri + ": " +
                        (rc > 0 ? "CONNACK code " + std::to_string(rc) : std::string(MQTTClient_strerror(rc))));
    }
}

MqttLink::~MqttLink() {
    if (MQTTClient_isConnected(client_)) MQTTClient_disconnect(client_, 1000);
    MQTTClient_destroy(&client_);
}

void MqttLink::subscribe(const std::string& filter, int qos) {
    check(MQTTClient_subscribe(client_, filter.c_str(), qos), "subscribe " + filter);
}

void MqttLink::publish(const std::string& topic, const void* data, size_t len, bool retain, bool wait) {
    MQTTClient_message m = MQTTClient_message_initializer;
    m.payload = const_cast<void*>(data);
    m.payloadlen = static_cast<int>(len);
    m.qos = 1;
    m.retained = retain ? 1 : 0;
    MQTTClient_deliveryToken token = 0;
    check(MQTTClient_publishMessage(client_, topic.c_str(), &m, &token), "publish " + topic);
    if (wait) check(MQTTClient_waitForCompletion(client_, token, kPublishWaitMs), "publish " + topic);
}

bool MqttLink::receive(int timeout_ms, std::string& topic, std::string& payload) {
    char* name = nullptr;
    int name_len = 0;
    MQTTClient_message* m = nullptr;
    int rc = MQTTClient_receive(client_, &name, &name_len, &m, static_cast<unsigned long>(timeout_ms));
    if (m == nullptr) {
        if (!MQTTClient_isConnected(client_)) throw LinkError("connection to the broker lost");
        check(rc, "receive");
        return false;
    }
    topic = name_len > 0 ? std::string(name, static_cast<size_t>(name_len)) : std::string(name);
    payload.assign(static_cast<const char*>(m->payload), static_cast<size_t>(m->payloadlen));
    MQTTClient_freeMessage(&m);
    MQTTClient_free(name);
    return true;
}

}  // namespace cloud
