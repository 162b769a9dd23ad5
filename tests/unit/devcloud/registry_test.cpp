// Registry: records in memory, in their journal and in the JSON snapshot it is folded into.
#include "tools/src/devcloud/registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/temp_dir.h"

namespace devcloud_test {
namespace {

using devcloud::DeviceRecord;
using devcloud::Registry;

DeviceRecord rec(const std::string& id, const std::string& flow = "aws") {
    return DeviceRecord{
        id, flow, "ab" + id, flow == "openremote" ? "master" : "", flow == "openremote" ? "A" + id : "", 1700000000123};
}

void expect_same(const DeviceRecord& a, const DeviceRecord& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.flow, b.flow);
    EXPECT_EQ(a.certificate_id, b.certificate_id);
    EXPECT_EQ(a.realm, b.realm);
    EXPECT_EQ(a.asset_id, b.asset_id);
    EXPECT_EQ(a.registered_ms, b.registered_ms);
}

TEST(devcloudRegistry, InMemoryInsertsReplacesAndLists) {
    Registry r("");
    EXPECT_EQ(r.find("dev-1"), nullptr);
    r.put(rec("dev-2"));
    r.put(rec("dev-1"));
    DeviceRecord changed = rec("dev-2", "thingsboard");
    r.put(changed);
    ASSERT_NE(r.find("dev-2"), nullptr);
    expect_same(*r.find("dev-2"), changed);
    auto all = r.all();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, "dev-1");
    EXPECT_EQ(all[1].id, "dev-2");
}

TEST(devcloudRegistry, SurvivesAReloadFromItsFile) {
    testsupport::TempDir dir("devcloud-registry");
    std::string path = dir.path() + "/registry.json";
    {
        Registry r(path);
        EXPECT_TRUE(r.all().empty());
        r.put(rec("dev-1"));
        r.put(rec("dev-or", "openremote"));
    }
    Registry again(path);
    ASSERT_EQ(again.all().size(), 2u);
    ASSERT_NE(again.find("dev-or"), nullptr);
    expect_same(*again.find("dev-or"), rec("dev-or", "openremote"));
    expect_same(*again.find("dev-1"), rec("dev-1"));
}

std::vector<std::string> files_in(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path().filename());
    std::sort(files.begin(), files.end());
    return files;
}

size_t lines_of(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

// A change is one line appended to the journal, whatever the number of devices; the journal is
// folded into the snapshot once it is as long, so neither grows without bound.
TEST(devcloudRegistry, AChangeIsOneJournalLineAndTheJournalIsFolded) {
    testsupport::TempDir dir("devcloud-registry");
    std::string path = dir.path() + "/registry.json";
    Registry r(path);
    r.put(rec("dev-0"));
    EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{"registry.json.journal"});
    EXPECT_EQ(lines_of(testsupport::read_file(path + ".journal")), 1u);
    for (int i = 1; i < 300; ++i) {
        r.put(rec("dev-" + std::to_string(i)));
        ASSERT_LE(lines_of(testsupport::read_file(path + ".journal")), std::max<size_t>(64, i));
    }
    r.put(rec("dev-7", "openremote"));  // a replacement: one more line, not a rewrite
    for (const auto& f : files_in(dir.path())) EXPECT_EQ(f.find(".tmp"), std::string::npos) << f;
    EXPECT_NE(testsupport::read_file(path).find("\"id\": \"dev-200\""), std::string::npos) << "not folded";
    Registry again(path);
    ASSERT_EQ(again.all().size(), 300u);
    expect_same(*again.find("dev-7"), rec("dev-7", "openremote"));
    expect_same(*again.find("dev-299"), rec("dev-299"));
}

// A crash in the middle of an append leaves a last line without its newline: that change never
// happened (its put threw), and the next change cuts it off before appending.
TEST(devcloudRegistry, ATornLastJournalLineIsNotAChange) {
    testsupport::TempDir dir("devcloud-registry");
    std::string path = dir.path() + "/registry.json";
    {
        Registry r(path);
        r.put(rec("dev-1"));
        r.put(rec("dev-2"));
    }
    std::string journal = testsupport::read_file(path + ".journal");
    ASSERT_TRUE(testsupport::write_file(path + ".journal", journal + "{\"id\":\"dev-3\",\"fl"));
    Registry torn(path);
    EXPECT_EQ(torn.all().size(), 2u);
    EXPECT_EQ(torn.find("dev-3"), nullptr);
    torn.put(rec("dev-4"));
    Registry again(path);
    EXPECT_EQ(again.all().size(), 3u);
    EXPECT_NE(again.find("dev-4"), nullptr);
    EXPECT_EQ(testsupport::read_file(path + ".journal").find("dev-3"), std::string::npos);
}

TEST(devcloudRegistry, RefusesAFileThatIsNotARegistry) {
    testsupport::TempDir dir("devcloud-registry");
    std::string path = dir.path() + "/registry.json";
    auto expect_refused = [&](const std::string& what) {
        try {
            Registry r(path);
            ADD_FAILURE() << "loaded " << what;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        }
    };
    for (const char* text :
         {"{not json", "[1,2]", "{\"devices\":{\"id\":\"x\"}}", "{\"devices\":[{\"flow\":\"aws\"}]}"}) {
        ASSERT_TRUE(testsupport::write_file(path, text));
        expect_refused(text);
    }
    ASSERT_TRUE(testsupport::write_file(path, "{\"devices\":[]}"));
    for (const char* line : {"{not json\n", "{\"flow\":\"aws\"}\n", "[1]\n"}) {
        ASSERT_TRUE(testsupport::write_file(path + ".journal", std::string("{\"id\":\"dev-1\"}\n") + line));
        expect_refused(std::string("a journal line ") + line);
    }
}

TEST(devcloudRegistry, AFailedSaveChangesNothing) {
    Registry r("/nonexistent-dir/registry.json");
    try {
        r.put(rec("dev-1"));
        ADD_FAILURE() << "saved into a missing directory";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/registry.json"), std::string::npos) << e.what();
    }
    EXPECT_EQ(r.find("dev-1"), nullptr);
}

TEST(devcloudRegistry, DescribesADeviceInOneLine) {
    EXPECT_EQ(devcloud::describe(rec("dev-1")), "dev-1 aws cert=abdev-1 registered=2023-11-14T22:13:20Z");
    EXPECT_EQ(devcloud::describe(rec("dev-or", "openremote")),
              "dev-or openremote cert=abdev-or registered=2023-11-14T22:13:20Z realm=master asset=Adev-or");
}

}  // namespace
}  // namespace devcloud_test
