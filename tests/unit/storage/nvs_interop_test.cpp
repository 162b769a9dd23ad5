// The kv store against NVS partitions made elsewhere, both ways: a partition written by
// fixtures/make_nvs_fixture.py (from ESP-IDF's documented format, not from this code) must read
// back with every value, and a partition this store wrote, after overwrites, erases and GCs,
// must decode with fixtures/read_nvs.py (idem) to exactly the values the store holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "firmware/storage/kv_store.h"
#include "storage_test_util.h"

using fw::storage::KvHandle;
using fw::storage::KvStore;
using storage_test::Part;

namespace {

std::vector<uint8_t> read_fixture(const std::string& name) {
    std::ifstream in(std::string(NVS_FIXTURE_DIR) + "/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string hex(const std::vector<uint8_t>& v) {
    static const char* kDigits = "0123456789abcdef";
    std::string s;
    for (uint8_t b : v) s += {kDigits[b >> 4], kDigits[b & 15]};
    return s;
}

// Runs the independent reader over `image`; its stdout, or "exit N" when it refused the image.
std::string decode_in_python(const std::vector<uint8_t>& image) {
    auto path = std::filesystem::temp_directory_path() / ("nvs-interop-" + std::to_string(getpid()) + ".bin");
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
    std::string cmd = "python3 " + std::string(NVS_FIXTURE_DIR) + "/read_nvs.py " + path.string();
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    char buf[4096];
    size_t n;
    while (p != nullptr && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int rc = p != nullptr ? pclose(p) : -1;
    if (std::getenv("FW_KEEP_TMP") == nullptr)
        std::filesystem::remove(path);
    else
        std::printf("kept %s\n", path.c_str());  // for a look with other tools, e.g. ESP-IDF's nvs_tool.py
    return rc == 0 ? out : "exit " + std::to_string(rc) + "\n" + out;
}

}  // namespace

TEST(NvsInterop, ReadsAPartitionBuiltFromTheDocumentedFormat) {
    std::vector<uint8_t> image = read_fixture("nvs_fixture.bin");
    ASSERT_EQ(image.size(), 0x6000u) << "run fixtures/make_nvs_fixture.py";
    Part p(image);
    KvStore kv(p.region);
    ASSERT_TRUE(kv.mount().ok());
    EXPECT_EQ(p.flash.bytes(), image) << "mounting a clean partition writes nothing";

    auto app = kv.open("app", fw::storage::KvMode::ReadOnly);
    ASSERT_TRUE(app.ok());
    EXPECT_EQ(app->get_u8("count").value(), 7) << "the newer value, not the erased one";
    EXPECT_EQ(app->get_i32("offset").value(), -123456);
    EXPECT_EQ(app->get_u32("serial").value(), 3000000000u);
    EXPECT_EQ(app->get_str("greeting").value(), "hello from nvs");
    std::vector<uint8_t> small(16);
    for (size_t i = 0; i < small.size(); ++i) small[i] = static_cast<uint8_t>(i);
    EXPECT_EQ(app->get_blob("small").value(), small);

    auto cal = kv.open("cal", fw::storage::KvMode::ReadOnly);
    ASSERT_TRUE(cal.ok());
    EXPECT_EQ(cal->get_str("name").value(), std::string(1500, 'x'));
    EXPECT_EQ(cal->get_u8("level").value(), 200);
    std::vector<uint8_t> table(3000);
    for (size_t i = 0; i < table.size(); ++i) table[i] = static_cast<uint8_t>(i * 7);
    EXPECT_EQ(cal->get_blob("table").value(), table) << "a blob in chunks over two pages";
    EXPECT_EQ(cal->get_i32("last").value(), 42);
    EXPECT_EQ(kv.entries().size(), 9u);

    // And it keeps working as an ordinary store: replace the split blob, add a namespace.
    KvHandle w = kv.open("cal").value();
    std::vector<uint8_t> table2(table.rbegin(), table.rend());
    ASSERT_TRUE(w.set_blob("table", table2.data(), table2.size()).ok());
    ASSERT_TRUE(w.commit().ok());
    KvStore again(p.region);
    ASSERT_TRUE(again.mount().ok());
    EXPECT_EQ(again.open("cal")->get_blob("table").value(), table2);
    EXPECT_EQ(again.open("app")->get_str("greeting").value(), "hello from nvs");
}

TEST(NvsInterop, APartitionThisStoreWroteDecodesIndependently) {
    Part p(6);
    KvStore kv(p.region);
    ASSERT_TRUE(kv.mount().ok());
    fake::SeededRng rng(21);
    std::map<std::string, std::string> want;  // "ns/key" -> "type value"
    KvHandle a = kv.open("app").value();
    KvHandle b = kv.open("wifi").value();
    ASSERT_TRUE(a.set_u8("flag", 1).ok());
    ASSERT_TRUE(a.set_i32("temp", -40).ok());
    ASSERT_TRUE(a.set_u64("big", 0x0123456789abcdefULL).ok());
    ASSERT_TRUE(a.set_i8("gone", -1).ok());
    ASSERT_TRUE(a.commit().ok());
    ASSERT_TRUE(a.erase_key("gone").ok());
    want["app/flag"] = "u8 1";
    want["app/temp"] = "i32 -40";
    want["app/big"] = "u64 81985529216486895";
    // Many overwrites of strings and blobs of all sizes: pages fill, blobs split, GCs run.
    for (int i = 0; i < 300; ++i) {
        std::string k = "k" + std::to_string(i % 7);
        if (i % 2) {
            auto v = storage_test::random_bytes(rng, rng.next() % 2500);
            ASSERT_TRUE(b.set_blob(k, v.data(), v.size()).ok());
            want["wifi/" + k] = "blob " + hex(v);
        } else {
            std::string v = storage_test::random_text(rng, rng.next() % 900);
            ASSERT_TRUE(b.set_str(k, v).ok());
            want["wifi/" + k] = "string " + v;
        }
        ASSERT_TRUE(b.commit().ok()) << i;
    }
    ASSERT_TRUE(a.commit().ok());
    ASSERT_GT(kv.nvs().stats().gc_runs, 5u);

    std::string expected;
    for (const auto& [k, v] : want) expected += k + " " + v + "\n";
    EXPECT_EQ(decode_in_python(p.flash.bytes()), expected);
}
