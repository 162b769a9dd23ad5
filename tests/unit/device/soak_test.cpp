// Ten minutes of simulated time on the whole board, in five two-minute cycles: telemetry every
// second, a command every 20 s, the broker dropping the connection and a 15 s network outage in
// each cycle. The first cycle is the warm-up (buffers reach their high-water marks); after it the
// heap must not grow: the allocator's count of bytes in use is sampled at the end of each cycle.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "device_board.h"

#if defined(__SANITIZE_ADDRESS__)
// libasan's allocator statistics (GCC ships no header for it).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#else
#include "hal_posix/heap_count.h"
#endif

namespace {

using device_test::Board;
using State = fw::app::Device::State;

size_t heap_in_use() {
#if defined(__SANITIZE_ADDRESS__)
    return __sanitizer_get_current_allocated_bytes();  // ASan replaces malloc: ask it
#else
    return heap_count_current();
#endif
}

constexpr int kCycles = 5;

TEST(DeviceSoak, TenSimulatedMinutesWithoutHeapGrowth) {
    Board b;
    b.log.keep = false;
    b.boot();
    ASSERT_TRUE(b.run_until([&] { return b.state() == State::Online; }, 10000));

    std::vector<size_t> heap;  // at the end of each cycle
    const size_t timers = b.loop.timer_count(), pollers = b.loop.poller_count();
    size_t telemetry = 0, answers = 0;
    for (int cycle = 0; cycle < kCycles; ++cycle) {
        for (int second = 1; second <= 120; ++second) {
            b.run_for(1000);
            if (second % 20 == 0) b.broker.publish("devices/dev-1/cmd", R"({"id":"s","cmd":"get_status"})");
            if (second == 20) b.broker.drop();
            if (second == 60) b.broker.network_up = false;
            if (second == 75) b.broker.network_up = true;
            // The broker's records are not the device's memory: count them and let them go.
            for (const auto& m : b.broker.received) {
                telemetry += m.topic == "devices/dev-1/telemetry";
                answers += m.topic == "devices/dev-1/cmd/response";
            }
            b.broker.received.clear();
            b.broker.received.shrink_to_fit();
            b.broker.subscriptions.clear();
            b.broker.subscriptions.shrink_to_fit();
        }
        // Sampled while online, never in the middle of a reconnect's handshake.
        ASSERT_TRUE(b.run_until([&] { return b.state() == State::Online && b.broker.online(); }, 150000));
        b.run_for(5000);
        heap.push_back(heap_in_use());
        // Nothing left registered by the reconnects: the same timers and pollers each cycle.
        EXPECT_EQ(b.loop.timer_count(), timers);
        EXPECT_EQ(b.loop.poller_count(), pollers);
    }

    EXPECT_GE(telemetry, 450u);        // ~600 readings, the ones from each outage batched
    EXPECT_GE(answers, 10u);           // commands sent while the device was offline are lost (QoS 1, clean session)
    EXPECT_GE(b.broker.sessions, 11);  // back after every drop and every outage
    std::printf(
        "soak: heap in use at the end of each 2-minute cycle: %s bytes; %zu log lines, %zu telemetry "
        "messages, %d sessions\n",
        ::testing::PrintToString(heap).c_str(), b.log.count, telemetry, b.broker.sessions);
    size_t lo = *std::min_element(heap.begin() + 1, heap.end());
    size_t hi = *std::max_element(heap.begin() + 1, heap.end());
    // What is in flight at a sample (a batch in the outbox, a session ticket) varies by ~2 KiB
    // (flat over 60 cycles); a leak of a few bytes per reading or message, or of anything per
    // reconnect, would add more than that in four cycles.
    EXPECT_LT(hi - lo, 3072u) << ::testing::PrintToString(heap);
}

}  // namespace
