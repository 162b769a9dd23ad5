// Images built by the real fwtool binary mount on the device (the firmware's stores over the
// chip's file-backed flash), and what the device writes there is what `fwtool nvs dump` and
// `fwtool certfs ls|extract` read back, from an image file or from a whole flash.bin.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "firmware/storage/certfs.h"
#include "firmware/storage/kv_store.h"
#include "firmware/storage/partition_table.h"
#include "hal_posix/file_flash.h"

namespace {

namespace stdfs = std::filesystem;
using fw::storage::CertFs;
using fw::storage::FlashRegion;
using fw::storage::KvStore;

class TempDir {
public:
    TempDir() {
        std::string tmpl = (stdfs::temp_directory_path() / "storage_fwtool_XXXXXX").string();
        path_ = mkdtemp(tmpl.data());
    }
    ~TempDir() { stdfs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return (stdfs::path(path_) / name).string(); }

private:
    std::string path_;
};

struct ToolRun {
    int rc = -1;
    std::string out;  // stdout and stderr
};

ToolRun run_fwtool(const std::string& args) {
    ToolRun r;
    FILE* p = popen((std::string(FWTOOL) + " " + args + " 2>&1").c_str(), "r");
    if (p == nullptr) return r;
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    int status = pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::unique_ptr<hal_posix::FileFlash> open_flash(const std::string& path) {
    std::string error;
    auto f = hal_posix::FileFlash::open(path, error);
    EXPECT_NE(f, nullptr) << error;
    return f;
}

// PEM-shaped text (not real key material).
std::string fake_pem(const char* kind, size_t lines, char fill) {
    std::string s = std::string("-----BEGIN ") + kind + "-----\n";
    for (size_t i = 0; i < lines; ++i) s += std::string(64, static_cast<char>(fill + i % 20)) + "\n";
    return s + "-----END " + kind + "-----\n";
}

const char* kConfig =
    "key,type,encoding,value\n"
    "wifi,namespace,,\n"
    "ssid,data,string,\"Home, sweet home\"\n"
    "channel,data,u8,11\n"
    "cfg,namespace,,\n"
    "port,data,u16,8883\n"
    "cal,data,hex2bin,deadbeef\n"
    "motd,file,string,motd.txt\n";

void make_nvs_image(const TempDir& d) {
    write_file(d / "cfg.csv", kConfig);
    write_file(d / "motd.txt", "hello from a file");
    ToolRun r = run_fwtool("nvs gen " + d / "cfg.csv" + " -o " + d / "nvs.bin");
    ASSERT_EQ(r.rc, 0) << r.out;
}

void make_certfs_image(const TempDir& d) {
    stdfs::create_directory(d / "certs");
    write_file(d / "certs/device.crt", fake_pem("CERTIFICATE", 20, 'A'));
    write_file(d / "certs/device.key", fake_pem("PRIVATE KEY", 4, 'k'));
    write_file(d / "certs/server_chain.pem", fake_pem("CERTIFICATE", 140, 'a'));  // ~9 KiB
    ToolRun r = run_fwtool("certfs pack " + d / "certs" + " -o " + d / "storage.bin --size 64K");
    ASSERT_EQ(r.rc, 0) << r.out;
}

// The device side: read what the image holds, then change it.
void device_uses_nvs(const FlashRegion& region) {
    KvStore kv(region);
    ASSERT_TRUE(kv.mount().ok());
    auto wifi = kv.open("wifi");
    ASSERT_TRUE(wifi.ok());
    EXPECT_EQ(wifi->get_str("ssid").value(), "Home, sweet home");
    EXPECT_EQ(wifi->get_u8("channel").value(), 11);
    auto cfg = kv.open("cfg", fw::storage::KvMode::ReadOnly);
    ASSERT_TRUE(cfg.ok());
    EXPECT_EQ(cfg->get_u16("port").value(), 8883);
    EXPECT_EQ(cfg->get_blob("cal").value(), (std::vector<uint8_t>{0xde, 0xad, 0xbe, 0xef}));
    EXPECT_EQ(cfg->get_str("motd").value(), "hello from a file");
    ASSERT_TRUE(wifi->set_str("ssid", "Provisioned").ok());
    ASSERT_TRUE(wifi->set_u32("boots", 7).ok());
    ASSERT_TRUE(wifi->commit().ok());
}

void device_uses_certfs(const FlashRegion& region, const TempDir& d) {
    CertFs fs(region);
    ASSERT_TRUE(fs.mount().ok());
    for (const char* name : {"device.crt", "device.key", "server_chain.pem"}) {
        auto data = fs.read(name);
        ASSERT_TRUE(data.ok()) << name;
        EXPECT_EQ(std::string(data->begin(), data->end()), read_file(d / (std::string("certs/") + name))) << name;
    }
    std::string renewed = fake_pem("CERTIFICATE", 22, 'R');
    ASSERT_TRUE(fs.write("device.crt", renewed.data(), renewed.size()).ok());
    ASSERT_TRUE(fs.write("ota_ca.pem", "ca", 2).ok());
}

void expect_tool_sees_device_writes(const std::string& nvs_src, const std::string& fs_src, const TempDir& d) {
    ToolRun dump = run_fwtool("nvs dump " + nvs_src);
    ASSERT_EQ(dump.rc, 0) << dump.out;
    EXPECT_NE(dump.out.find("ssid,data,string,\"Provisioned\""), std::string::npos) << dump.out;
    EXPECT_NE(dump.out.find("boots,data,u32,7"), std::string::npos) << dump.out;
    EXPECT_NE(dump.out.find("cal,data,hex2bin,deadbeef"), std::string::npos) << dump.out;

    ToolRun ls = run_fwtool("certfs ls " + fs_src);
    ASSERT_EQ(ls.rc, 0) << ls.out;
    for (const char* name : {"device.crt", "device.key", "server_chain.pem", "ota_ca.pem"})
        EXPECT_NE(ls.out.find(name), std::string::npos) << ls.out;
    ToolRun ex = run_fwtool("certfs extract " + fs_src + " device.crt -o " + d / "out.crt");
    ASSERT_EQ(ex.rc, 0) << ex.out;
    EXPECT_EQ(read_file(d / "out.crt"), fake_pem("CERTIFICATE", 22, 'R'));
}

}  // namespace

TEST(FwtoolImages, ImageFilesRoundTripThroughTheDevice) {
    TempDir d;
    make_nvs_image(d);
    make_certfs_image(d);
    {
        auto nvs = open_flash(d / "nvs.bin");
        ASSERT_NE(nvs, nullptr);
        device_uses_nvs(FlashRegion(*nvs, 0, nvs->size()));
        auto storage = open_flash(d / "storage.bin");
        ASSERT_NE(storage, nullptr);
        device_uses_certfs(FlashRegion(*storage, 0, storage->size()), d);
    }
    expect_tool_sees_device_writes(d / "nvs.bin", d / "storage.bin", d);
}

TEST(FwtoolImages, PartitionsOfAFlashBinRoundTripThroughTheDevice) {
    TempDir d;
    make_nvs_image(d);
    make_certfs_image(d);
    write_file(d / "parts.csv",
               "nvs,data,nvs,0x11000,0x6000\notadata,data,ota,0x17000,0x2000\nstorage,data,spiffs,0x20000,0x10000\n");
    ToolRun pt = run_fwtool("partition gen " + d / "parts.csv" + " -o " + d / "pt.bin");
    ASSERT_EQ(pt.rc, 0) << pt.out;
    std::string flash(0x40000, '\xFF');
    flash.replace(fw::storage::kPartitionTableOffset, fw::storage::kPartitionTableMaxLen, read_file(d / "pt.bin"));
    write_file(d / "flash.bin", flash);
    for (const auto& [part, image] : {std::pair{"nvs", "nvs.bin"}, std::pair{"storage", "storage.bin"}}) {
        ToolRun r = run_fwtool("flash write " + d / "flash.bin" + " --partition " + part + " " + d / image);
        ASSERT_EQ(r.rc, 0) << r.out;
    }
    {
        auto chip = open_flash(d / "flash.bin");
        ASSERT_NE(chip, nullptr);
        auto table = fw::storage::PartitionTable::read(*chip);
        ASSERT_TRUE(table.ok());
        const auto* nvs = table->find(fw::storage::PartType::Data, fw::storage::subtype::kNvs);
        const auto* storage = table->find("storage");
        ASSERT_TRUE(nvs != nullptr && storage != nullptr);
        device_uses_nvs(FlashRegion(*chip, nvs->offset, nvs->size));
        device_uses_certfs(FlashRegion(*chip, storage->offset, storage->size), d);
    }
    expect_tool_sees_device_writes("--flash " + d / "flash.bin", "--flash " + d / "flash.bin", d);
}

TEST(FwtoolImages, BadInputsNameTheFileAndProblem) {
    TempDir d;
    write_file(d / "bad.csv", "key,type,encoding,value\nns,namespace,,\nk,data,u8,256\n");
    ToolRun r = run_fwtool("nvs gen " + d / "bad.csv" + " -o " + d / "out.bin");
    EXPECT_NE(r.rc, 0);
    EXPECT_NE(r.out.find("bad.csv:3: '256' is not a valid u8"), std::string::npos) << r.out;
    EXPECT_FALSE(stdfs::exists(d / "out.bin")) << "no output on an error";
    write_file(d / "junk.bin", std::string(0x4000, 'j'));
    r = run_fwtool("certfs ls " + d / "junk.bin");
    EXPECT_NE(r.rc, 0);
    EXPECT_NE(r.out.find("junk.bin: not a certfs image"), std::string::npos) << r.out;
}
