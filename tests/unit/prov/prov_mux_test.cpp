// Two transports served as one: requests from both, answers routed back, unique session ids.
#include "hal_posix/prov_mux.h"

#include <gtest/gtest.h>

#include "prov_fakes.h"

namespace {

TEST(ProvMux, RoutesRequestsAnswersAndClosesOfEveryPart) {
    provtest::MemProvTransport a, b;
    hal_posix::ProvMux mux({&a, &b});
    ASSERT_EQ(mux.start("PROV", {"proto-ver"}), hal::Status::Ok);
    EXPECT_TRUE(a.started && b.started);
    a.requests.push_back({1, "proto-ver", {1}});
    b.requests.push_back({1, "proto-ver", {2}});  // same id inside its own transport
    hal::ProvRequest r1, r2, r3;
    ASSERT_EQ(mux.poll(r1), hal::Status::Ok);
    ASSERT_EQ(mux.poll(r2), hal::Status::Ok);
    EXPECT_EQ(mux.poll(r3), hal::Status::WouldBlock);
    EXPECT_NE(r1.session, r2.session);
    for (const auto& r : {r1, r2})
        ASSERT_EQ(mux.respond(r.session, {static_cast<uint8_t>(r.body[0] + 10)}), hal::Status::Ok);
    ASSERT_EQ(a.answers[1].size(), 1u);
    EXPECT_EQ(a.answers[1].front(), std::vector<uint8_t>{11});
    ASSERT_EQ(b.answers[1].size(), 1u);
    EXPECT_EQ(b.answers[1].front(), std::vector<uint8_t>{12});

    b.closed.push_back(1);
    uint32_t s;
    ASSERT_TRUE(mux.poll_closed(s));
    EXPECT_EQ(s, r1.body[0] == 2 ? r1.session : r2.session);
    EXPECT_FALSE(mux.poll_closed(s));
    mux.stop();
    EXPECT_FALSE(a.started || b.started);
}

// A part that cannot start.
struct Broken : provtest::MemProvTransport {
    hal::Status start(const std::string&, const std::vector<std::string>&) override { return hal::Status::Refused; }
};

TEST(ProvMux, FailedStartStopsTheOthers) {
    provtest::MemProvTransport a;
    Broken b;
    hal_posix::ProvMux mux({&a, &b});
    EXPECT_EQ(mux.start("PROV", {}), hal::Status::Refused);
    EXPECT_FALSE(a.started);
}

}  // namespace
