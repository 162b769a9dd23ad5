// mosquitto with the reply_route plugin: a request reaches the responder with its sender's id,
// the answer reaches that sender alone, and nobody else sees either; an answer from anyone but
// the responder is not routed.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/broker.h"
#include "tools/src/cloud/mqtt_link.h"

namespace {

constexpr int kWaitMs = 10000;

struct Received {
    std::string topic, payload;
};

class ReplyRoute : public ::testing::Test {
protected:
    static testsupport::BrokerOptions options() {
        testsupport::BrokerOptions o;
        // Devices publish requests and read answers; the platform (the responder) and the
        // observer may read and write everything.
        o.acl_lines = {"pattern write requests/x", "pattern write requests/+/y",
                       "pattern read answers/x",   "user platform",
                       "topic readwrite #",        "user observer",
                       "topic readwrite #"};
        o.extra_config = std::string("plugin ") + FW_REPLY_ROUTE_PLUGIN +
                         "\nplugin_opt_responder platform\nplugin_opt_requests requests/x requests/+/y\n";
        return o;
    }
    void SetUp() override {
        ASSERT_TRUE(broker_.start()) << broker_.error() << broker_.log();
        for (const char* id : {"dev-a", "dev-b", "platform", "observer"}) {
            ASSERT_TRUE(broker_.pki().make_device(id)) << broker_.pki().error();
        }
        dev_a_ = link("dev-a");
        dev_b_ = link("dev-b");
        platform_ = link("platform");
        observer_ = link("observer");
        dev_a_->subscribe("answers/x", 1);
        dev_b_->subscribe("answers/x", 1);
        platform_->subscribe("iotfw-route/+/requests/x", 1);
        platform_->subscribe("iotfw-route/+/requests/+/y", 1);
        // Everything but the routed requests, which are the responder's (the rigs' ACL lets only
        // the responder read them).
        for (const char* f : {"requests/#", "answers/#", "iotfw-route/+/answers/#"}) observer_->subscribe(f, 1);
    }
    std::unique_ptr<cloud::MqttLink> link(const std::string& id) {
        auto& pki = broker_.pki();
        cloud::TlsFiles tls{pki.ca_file(), pki.device_chain_file(id), pki.device_key_file(id)};
        return std::make_unique<cloud::MqttLink>(broker_.host(), broker_.port(), tls, cloud::LinkOptions{id});
    }
    static Received next(cloud::MqttLink& l) {
        Received r;
        if (!l.receive(kWaitMs, r.topic, r.payload)) r.topic = "(nothing)";
        return r;
    }
    static void expect_next(cloud::MqttLink& l, const std::string& topic, const std::string& payload, const char* who) {
        Received r = next(l);
        EXPECT_EQ(r.topic, topic) << who;
        EXPECT_EQ(r.payload, payload) << who << " got " << r.topic;
    }
    // A plain message every subscriber of answers/x gets: whoever's next message it is got
    // nothing else before it (one connection delivers in order, and it was sent after the rest).
    static void expect_only_the_marker(cloud::MqttLink& l, const char* who) {
        expect_next(l, "answers/x", "marker", who);
    }

    testsupport::TestBroker broker_{options()};
    std::unique_ptr<cloud::MqttLink> dev_a_, dev_b_, platform_, observer_;
};

TEST_F(ReplyRoute, TheAnswerReachesOnlyTheClientThatAsked) {
    dev_a_->publish("requests/x", "question of a", false, true);
    expect_next(*platform_, "iotfw-route/dev-a/requests/x", "question of a", "the platform");

    platform_->publish("iotfw-route/dev-a/answers/x", "answer for a", false, true);
    expect_next(*dev_a_, "answers/x", "answer for a", "dev-a");

    platform_->publish("answers/x", "marker", false, true);
    expect_only_the_marker(*dev_a_, "dev-a");
    expect_only_the_marker(*dev_b_, "dev-b");
    expect_only_the_marker(*observer_, "the observer");
}

TEST_F(ReplyRoute, EveryRequestFilterIsRouted) {
    dev_b_->publish("requests/abc/y", "q", false, true);
    expect_next(*platform_, "iotfw-route/dev-b/requests/abc/y", "q", "the platform");
}

TEST_F(ReplyRoute, OnlyTheResponderRoutesAnswers) {
    // The observer may write anywhere, but it is not the responder: its message on a routed topic
    // is an ordinary one, delivered to the routed topic's subscribers, never to dev-a.
    observer_->publish("iotfw-route/dev-a/answers/x", "forged", false, true);
    expect_next(*observer_, "iotfw-route/dev-a/answers/x", "forged", "the observer");
    platform_->publish("answers/x", "marker", false, true);
    expect_only_the_marker(*dev_a_, "dev-a");
}

TEST_F(ReplyRoute, OtherTopicsPassUnchanged) {
    platform_->publish("answers/x", "marker", false, true);
    expect_only_the_marker(*dev_a_, "dev-a");
    expect_only_the_marker(*observer_, "the observer");
}

}  // namespace
