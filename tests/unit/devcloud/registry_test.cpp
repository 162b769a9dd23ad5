// Registry: records in memory and in their JSON file, replaced atomically.
#include "tools/src/devcloud/registry.h"

#include <gtest/gtest.h>

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
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) files.push_back(e.path().filename());
    EXPECT_EQ(files, std::vector<std::string>{"registry.json"}) << "no temporary file is left behind";
    EXPECT_NE(testsupport::read_file(path).find("\"asset_id\": \"Adev-or\""), std::string::npos);
}

TEST(devcloudRegistry, RefusesAFileThatIsNotARegistry) {
    testsupport::TempDir dir("devcloud-registry");
    std::string path = dir.path() + "/registry.json";
    for (const char* text :
         {"{not json", "[1,2]", "{\"devices\":{\"id\":\"x\"}}", "{\"devices\":[{\"flow\":\"aws\"}]}"}) {
        ASSERT_TRUE(testsupport::write_file(path, text));
        try {
            Registry r(path);
            ADD_FAILURE() << "loaded " << text;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        }
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
