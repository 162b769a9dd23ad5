// Cuts power at every single flash write/erase of a scripted workload (writes, overwrites,
// removes; enough data to force many GCs), then powers back and remounts: everything committed
// before the cut must read back exactly, the operation in flight must read old or new, and the
// store must mount every time and keep working.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "storage_test_util.h"
#include "store_adapters.h"

using fw::Err;
using fw::Status;
using storage_test::CertFsAdapter;
using storage_test::KvAdapter;
using storage_test::Part;

namespace {

struct Op {
    bool remove = false;
    std::string key;
    std::string value;
};
using Model = std::map<std::string, std::string>;  // what must be on flash; absent = removed

template <class Store>
Status perform(Store& s, const Op& op) {
    return op.remove ? s.remove(op.key) : s.put(op.key, op.value);
}

void record(Model& m, const Op& op) {
    if (op.remove)
        m.erase(op.key);
    else
        m[op.key] = op.value;
}

// `cold` keys written once (data wear spreading has to move), then random writes, overwrites and
// removes over `hot` keys, removing only keys that exist.
std::vector<Op> make_script(const std::vector<std::string>& cold, const std::vector<std::string>& hot, size_t count,
                            size_t min_len, size_t max_len, uint64_t seed) {
    fake::SeededRng rng(seed);
    std::vector<Op> script;
    for (const auto& k : cold) script.push_back(Op{false, k, storage_test::random_text(rng, max_len)});
    Model m;
    while (script.size() < cold.size() + count) {
        const std::string& k = hot[rng.next() % hot.size()];
        Op op;
        op.key = k;
        op.remove = m.count(k) != 0 && rng.next() % 5 == 0;
        if (!op.remove) op.value = storage_test::random_text(rng, min_len + rng.next() % (max_len - min_len + 1));
        record(m, op);
        script.push_back(op);
    }
    return script;
}

template <class Store>
void expect_contents(Store& s, const std::set<std::string>& universe, const Model& committed, const Op* in_flight,
                     uint64_t cut) {
    size_t present = 0;
    for (const auto& k : universe) {
        auto got = s.get(k);
        ASSERT_TRUE(got.ok() || got.err() == Err::NotFound)
            << "cut " << cut << ": " << k << " reads as " << fw::name_of(got.err());
        std::optional<std::string> now = got.ok() ? std::optional<std::string>(*got) : std::nullopt;
        present += now ? 1 : 0;
        auto it = committed.find(k);
        std::optional<std::string> old = it == committed.end() ? std::nullopt : std::optional<std::string>(it->second);
        if (in_flight && in_flight->key == k) {
            std::optional<std::string> fresh =
                in_flight->remove ? std::nullopt : std::optional<std::string>(in_flight->value);
            EXPECT_TRUE(now == old || now == fresh)
                << "cut " << cut << ": in-flight " << k << " is neither old nor new";
        } else {
            EXPECT_TRUE(now == old) << "cut " << cut << ": committed " << k << " changed";
        }
    }
    EXPECT_EQ(s.keys().size(), present) << "cut " << cut << ": keys appeared from nowhere";
}

// The mount after a cut may repair (erase, redo a GC, retire, seal): cut power at each of those
// flash operations too, and check the next mount still finds everything. Returns the cuts tried.
template <class Store>
uint64_t cut_during_repair(const std::vector<uint8_t>& after_cut, const std::set<std::string>& universe,
                           const Model& committed, const Op* in_flight, uint64_t cut) {
    uint64_t repairs = 0;
    {
        Part probe(after_cut);
        Store s(probe.region);
        EXPECT_TRUE(s.mount().ok()) << "cut " << cut;
        repairs = probe.flash.mutating_ops();
    }
    for (uint64_t m = 1; m <= repairs; ++m) {
        Part p(after_cut);
        {
            Store s(p.region);
            p.flash.cut_power_after(m);
            EXPECT_EQ(s.mount().err(), Err::PowerLost) << "cut " << cut << ", repair cut " << m;
        }
        p.flash.cut_power_after(0);
        Store s(p.region);
        EXPECT_TRUE(s.mount().ok()) << "cut " << cut << ", repair cut " << m << ": no mount";
        expect_contents(s, universe, committed, in_flight, cut);
    }
    return repairs;
}

template <class Store>
void cut_everywhere(const char* name, uint32_t sectors, const std::vector<Op>& script) {
    std::set<std::string> universe{"x:after-cut"};
    for (const auto& op : script) universe.insert(op.key);

    Part base(sectors);
    ASSERT_TRUE(Store(base.region).format().ok());
    const std::vector<uint8_t> image = base.flash.bytes();

    uint64_t total = 0, gc_runs = 0, repair_ops = 0;
    {
        Part p(image);
        Store s(p.region);
        ASSERT_TRUE(s.mount().ok());
        for (const auto& op : script) ASSERT_TRUE(perform(s, op).ok()) << "the script must run without a cut";
        total = p.flash.mutating_ops();
        gc_runs = s.gc_runs();
    }
    ASSERT_GT(gc_runs, 3u) << "the script must exercise garbage collection";

    for (uint64_t n = 1; n <= total; ++n) {
        Part p(image);
        Model committed;
        const Op* in_flight = nullptr;
        {
            Store s(p.region);
            ASSERT_TRUE(s.mount().ok());
            p.flash.cut_power_after(n);
            for (const auto& op : script) {
                Status st = perform(s, op);
                if (!st.ok()) {
                    ASSERT_EQ(st.err(), Err::PowerLost) << "cut " << n;
                    in_flight = &op;
                    break;
                }
                record(committed, op);
            }
            ASSERT_NE(in_flight, nullptr) << "cut " << n << " never happened";
        }
        p.flash.cut_power_after(0);
        repair_ops += cut_during_repair<Store>(p.flash.bytes(), universe, committed, in_flight, n);
        {
            Store s(p.region);
            ASSERT_TRUE(s.mount().ok()) << "cut " << n << ": no mount after power came back";
            expect_contents(s, universe, committed, in_flight, n);
            // Whichever outcome the in-flight operation had, it must not change on later boots.
            auto seen = s.get(in_flight->key);
            if (seen.ok())
                committed[in_flight->key] = *seen;
            else
                committed.erase(in_flight->key);
            ASSERT_TRUE(s.put("x:after-cut", "still writable").ok()) << "cut " << n;
            committed["x:after-cut"] = "still writable";
        }
        Store again(p.region);
        ASSERT_TRUE(again.mount().ok()) << "cut " << n << ": second mount";
        expect_contents(again, universe, committed, nullptr, n);
        if (::testing::Test::HasFailure()) return;
    }

    std::printf(
        "[ power-cut ] %s: %llu cut points tried (script of %zu ops, %llu GCs), plus %llu cuts during the "
        "repairs of the following mount; all remounted intact\n",
        name, static_cast<unsigned long long>(total), script.size(), static_cast<unsigned long long>(gc_runs),
        static_cast<unsigned long long>(repair_ops));
}

}  // namespace

TEST(PowerCut, KvStoreSurvivesACutAtEveryFlashOperation) {
    std::vector<std::string> cold = {"cfg:name", "cfg:bcal", "ota:bhash"};
    std::vector<std::string> hot = {"wifi:ssid", "wifi:pass", "wifi:bmac", "cfg:port", "ota:state"};
    // A small nvs partition (4 sectors): more GCs per operation.
    cut_everywhere<KvAdapter>("kv", 4, make_script(cold, hot, 200, 8, 1200, 42));
}

TEST(PowerCut, CertFsSurvivesACutAtEveryFlashOperation) {
    std::vector<std::string> cold = {"device.key", "server_chain.pem"};
    std::vector<std::string> hot = {"device.crt", "ca.pem", "extra.bin"};
    cut_everywhere<CertFsAdapter>("certfs", 6, make_script(cold, hot, 60, 100, 3000, 7));
}
