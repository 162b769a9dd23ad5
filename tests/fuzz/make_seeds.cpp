// Writes the fuzz harnesses' seed corpora (tests/fuzz/corpus/<harness>/) from valid inputs made
// by the firmware's own code: formatted and filled partitions, a partition table, otadata, an app
// image with a signature sector, protobuf requests, framed transport requests, platform commands.
// The corpora are committed; run this again (tools/fuzz --seeds) when a format changes.
// Usage: make_seeds CORPUS_DIR
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fake_hal/fake_hal.h"
#include "firmware/core/hex.h"
#include "firmware/core/log.h"
#include "firmware/prov/pb.h"
#include "firmware/prov/proto/wifi_config.pb-c.h"
#include "firmware/prov/proto/wifi_scan.pb-c.h"
#include "firmware/storage/app_image.h"
#include "firmware/storage/certfs.h"
#include "firmware/storage/kv_store.h"
#include "firmware/storage/otadata.h"
#include "firmware/storage/partition_table.h"
#include "firmware/storage/secure_boot.h"
#include "hal_posix/prov_ble.h"
#include "sec1_messages.h"

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

fs::path g_root;

void write(const std::string& harness, const std::string& name, const Bytes& data) {
    fs::create_directories(g_root / harness);
    std::ofstream(g_root / harness / name, std::ios::binary)
        .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

// A control byte (the harness's steering) followed by the data.
Bytes with(uint8_t control, const Bytes& data) {
    Bytes out{control};
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

// Flash contents without the erased tail the harnesses fill in themselves.
Bytes trimmed(const Bytes& flash) {
    size_t end = flash.size();
    while (end > 0 && flash[end - 1] == 0xFF) --end;
    return Bytes(flash.begin(), flash.begin() + static_cast<std::ptrdiff_t>(end));
}

// SNTP replies as chrony sends them (local stratum 8), then each lie: a kiss-o'-death, an
// unsynchronized leap indicator, a zero transmit timestamp, a time before the floor. One datagram
// each (a length byte, then the packet), the nonce echoed by the harness (control bit 0); the
// last seed adds a silent second server and a stray datagram before the answer.
void sntp() {
    Bytes chrony;
    fw::hex_decode("240800e600000000000000007f7f0101eec0625ceea0f1a7123456789abcdef0eec0625e689ab479eec0625e68b2ddba",
                   chrony);
    auto one = [](const Bytes& packet) {
        Bytes d{static_cast<uint8_t>(packet.size())};
        d.insert(d.end(), packet.begin(), packet.end());
        return d;
    };
    auto changed = [&](std::initializer_list<std::pair<size_t, uint8_t>> edits) {
        Bytes p = chrony;
        for (auto [at, v] : edits) p[at] = v;
        return p;
    };
    write("sntp_reply_fuzz", "chrony", with(0x01, one(chrony)));
    write("sntp_reply_fuzz", "kiss_rate",
          with(0x01, one(changed({{1, 0}, {12, 'R'}, {13, 'A'}, {14, 'T'}, {15, 'E'}}))));
    write("sntp_reply_fuzz", "kiss_deny",
          with(0x03, one(changed({{1, 0}, {12, 'D'}, {13, 'E'}, {14, 'N'}, {15, 'Y'}}))));
    write("sntp_reply_fuzz", "leap3", with(0x01, one(changed({{0, 0xE4}}))));
    Bytes zero_tx = chrony;
    std::fill(zero_tx.begin() + 40, zero_tx.end(), 0);
    write("sntp_reply_fuzz", "zero_transmit", with(0x01, one(zero_tx)));
    write("sntp_reply_fuzz", "before_floor", with(0x01, one(changed({{40, 0xD0}}))));
    write("sntp_reply_fuzz", "unechoed", with(0x00, one(chrony)));
    Bytes two = one(changed({{0, 0x23}}));
    Bytes real = one(chrony);
    two.insert(two.end(), real.begin(), real.end());
    write("sntp_reply_fuzz", "stray_then_answer", with(0x03, two));
}

void http() {
    const char* responses[][2] = {
        {"length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: application/octet-stream\r\n\r\nhello"},
        {"chunked",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\n"
         "X-Trailer: t\r\n\r\n"},
        {"range",
         "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-104/2000\r\nContent-Length: 5\r\n\r\nabcde"},
        {"range_star", "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-3/*\r\nContent-Length: 4\r\n\r\nabcd"},
        {"interim", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"},
        {"close_delimited", "HTTP/1.0 200 ok\r\nServer: s_server\r\n\r\nbody until close"},
        {"not_found", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"},
    };
    for (const auto& r : responses) write("http_response_fuzz", r[0], with(0x80, text(r[1])));
    write("http_response_fuzz", "chunked_bytewise", with(0x81, text(responses[1][1])));
}

// One prov_sec1_fuzz record: op, 16-bit length, payload.
void record(Bytes& out, uint8_t op, const Bytes& payload) {
    out.push_back(op);
    out.push_back(static_cast<uint8_t>(payload.size()));
    out.push_back(static_cast<uint8_t>(payload.size() >> 8));
    out.insert(out.end(), payload.begin(), payload.end());
}

Bytes config_msg(WiFiConfigMsgType type) {
    WiFiConfigPayload p = WI_FI_CONFIG_PAYLOAD__INIT;
    CmdGetStatus get = CMD_GET_STATUS__INIT;
    CmdSetConfig set = CMD_SET_CONFIG__INIT;
    CmdApplyConfig apply = CMD_APPLY_CONFIG__INIT;
    p.msg = type;
    if (type == WI_FI_CONFIG_MSG_TYPE__TypeCmdGetStatus) {
        p.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_GET_STATUS;
        p.cmd_get_status = &get;
    } else if (type == WI_FI_CONFIG_MSG_TYPE__TypeCmdSetConfig) {
        set.ssid = fw::prov::pb_bytes(std::string("HomeNet"));
        set.passphrase = fw::prov::pb_bytes(std::string("secret123"));
        p.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_SET_CONFIG;
        p.cmd_set_config = &set;
    } else {
        p.payload_case = WI_FI_CONFIG_PAYLOAD__PAYLOAD_CMD_APPLY_CONFIG;
        p.cmd_apply_config = &apply;
    }
    return fw::prov::pb_pack(&p.base);
}

Bytes scan_msg(WiFiScanMsgType type) {
    WiFiScanPayload p = WI_FI_SCAN_PAYLOAD__INIT;
    CmdScanStart start = CMD_SCAN_START__INIT;
    CmdScanStatus status = CMD_SCAN_STATUS__INIT;
    CmdScanResult result = CMD_SCAN_RESULT__INIT;
    p.msg = type;
    if (type == WI_FI_SCAN_MSG_TYPE__TypeCmdScanStart) {
        start.blocking = 1;
        start.period_ms = 120;
        p.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_START;
        p.cmd_scan_start = &start;
    } else if (type == WI_FI_SCAN_MSG_TYPE__TypeCmdScanStatus) {
        p.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_STATUS;
        p.cmd_scan_status = &status;
    } else {
        result.start_index = 2;
        result.count = 4;
        p.payload_case = WI_FI_SCAN_PAYLOAD__PAYLOAD_CMD_SCAN_RESULT;
        p.cmd_scan_result = &result;
    }
    return fw::prov::pb_pack(&p.base);
}

Bytes session_cmd0() {
    uint8_t pub[32];
    std::memset(pub, 9, sizeof pub);
    return fuzz::sec1_command0(pub);
}

void prov() {
    const Bytes get = config_msg(WI_FI_CONFIG_MSG_TYPE__TypeCmdGetStatus);
    const Bytes set = config_msg(WI_FI_CONFIG_MSG_TYPE__TypeCmdSetConfig);
    const Bytes apply = config_msg(WI_FI_CONFIG_MSG_TYPE__TypeCmdApplyConfig);
    const Bytes start = scan_msg(WI_FI_SCAN_MSG_TYPE__TypeCmdScanStart);
    const Bytes status = scan_msg(WI_FI_SCAN_MSG_TYPE__TypeCmdScanStatus);
    const Bytes result = scan_msg(WI_FI_SCAN_MSG_TYPE__TypeCmdScanResult);
    Bytes b{1};  // session 1 established first
    record(b, 1, set);
    record(b, 1, apply);
    record(b, 1, get);
    write("prov_sec1_fuzz", "config_flow", b);
    b = {1};
    record(b, 2, start);
    record(b, 2, status);
    record(b, 2, result);
    write("prov_sec1_fuzz", "scan_flow", b);
    b = {1};
    record(b, 3, text("mqtts://broker.example:8883"));
    record(b, 4, text("any"));
    write("prov_sec1_fuzz", "custom_and_version", b);
    b = {0};
    record(b, 0, session_cmd0());
    record(b, 0x08, session_cmd0());
    record(b, 7, {});
    record(b, 0x08, session_cmd0());
    record(b, 1, get);
    write("prov_sec1_fuzz", "handshake_takeover", b);
    b = {1};
    record(b, 0x09, get);
    record(b, 6, {});
    record(b, 1, get);
    record(b, 5, get);
    write("prov_sec1_fuzz", "other_session_and_close", b);

    std::string http =
        "POST /prov-config HTTP/1.1\r\nHost: 192.168.4.1\r\nContent-Type: "
        "application/x-www-form-urlencoded\r\nContent-Length: " +
        std::to_string(get.size()) + "\r\n\r\n" + std::string(get.begin(), get.end());
    write("prov_transport_fuzz", "softap_keepalive", with(0, text(http + http)));
    write("prov_transport_fuzz", "softap_pieces", with(0x0E, text(http)));
    write("prov_transport_fuzz", "softap_close",
          with(0, text("POST /proto-ver HTTP/1.0\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")));
    write("prov_transport_fuzz", "softap_errors",
          with(0, text("GET /proto-ver HTTP/1.1\r\nContent-Length: 0\r\n\r\nPOST /nope HTTP/1.1\r\n"
                       "Content-Length: 1\r\n\r\nx")));
    std::string ble = hal_posix::ble_frame::encode("prov-session", session_cmd0()) +
                      hal_posix::ble_frame::encode("prov-config", get) + hal_posix::ble_frame::encode("nope", {1});
    write("prov_transport_fuzz", "ble_frames", with(1, text(ble)));
    write("prov_transport_fuzz", "ble_pieces", with(0x07, text(ble)));
}

void storage() {
    constexpr uint32_t kSize = 3 * hal::Flash::kSectorSize;  // as storage_mount_fuzz mounts
    {
        fake::MemFlash flash(kSize);
        fw::storage::FlashRegion region(flash, 0, kSize);
        fw::storage::FlashLog log(region);
        (void)log.format();
        (void)log.write("alpha", "one", 3);
        (void)log.write("beta", "two", 3);
        (void)log.write("alpha", "three", 5);
        (void)log.remove("beta");
        write("storage_mount_fuzz", "flash_log", with(0, trimmed(flash.bytes())));
    }
    {
        fake::MemFlash flash(kSize);
        fw::storage::FlashRegion region(flash, 0, kSize);
        fw::storage::KvStore kv(region);
        (void)kv.format();
        auto h = kv.open("config");
        (void)h.value().set_str("broker", "mqtts://broker.local:8883");
        (void)h.value().set_u32("interval_s", 60);
        (void)h.value().set_i8("level", -3);
        (void)h.value().set_u64("big", 1ull << 40);
        const uint8_t blob[] = {1, 2, 3, 4, 5, 6, 7, 8};
        (void)h.value().set_blob("key", blob, sizeof blob);
        (void)h.value().commit();
        auto w = kv.open("wifi");
        (void)w.value().set_str("ssid", "HomeNet");
        (void)w.value().commit();
        write("storage_mount_fuzz", "kv_store", with(1, trimmed(flash.bytes())));
    }
    {
        fake::MemFlash flash(kSize);
        fw::storage::FlashRegion region(flash, 0, kSize);
        fw::storage::CertFs certfs(region);
        (void)certfs.format();
        std::string crt(1200, 'c'), key(200, 'k');
        (void)certfs.write("device.crt", crt.data(), crt.size());
        (void)certfs.write("device.key", key.data(), key.size());
        write("storage_mount_fuzz", "certfs", with(2, trimmed(flash.bytes())));
    }
}

void images() {
    using namespace fw::storage;
    std::vector<Partition> parts = {
        {static_cast<uint8_t>(PartType::Data), subtype::kNvs, 0x9000, 0x6000, "nvs", 0},
        {static_cast<uint8_t>(PartType::Data), subtype::kOta, 0xF000, 0x2000, "otadata", 0},
        {static_cast<uint8_t>(PartType::App), subtype::kFactory, 0x10000, 0x100000, "factory", 0},
        {static_cast<uint8_t>(PartType::App), subtype::kOtaMin, 0x110000, 0x100000, "ota_0", 0},
        {static_cast<uint8_t>(PartType::App), subtype::kOtaMin + 1, 0x210000, 0x100000, "ota_1", 0},
        {static_cast<uint8_t>(PartType::Data), subtype::kSpiffs, 0x310000, 0x10000, "storage", flags::kReadonly},
    };
    write("flash_image_fuzz", "partition_table", with(0, trimmed(PartitionTable(parts).serialize())));
    {
        fake::MemFlash flash(kOtaDataSize);
        FlashRegion region(flash, 0, kOtaDataSize);
        auto d = OtaData::load(region);
        (void)d.value().write_entry(0, 3, OtaState::Valid);
        (void)d.value().write_entry(1, 4, OtaState::PendingVerify);
        write("flash_image_fuzz", "otadata", with(1, trimmed(flash.bytes())));
    }
    AppDesc desc;
    desc.secure_version = 2;
    desc.version = "1.2.3";
    desc.project_name = "iotfw";
    desc.time = "12:00:00";
    desc.date = "Dec  6 2026";
    desc.idf_ver = "v5.1";
    Bytes image = build_image(desc, Bytes(300, 0x5A));
    write("flash_image_fuzz", "app_image", with(2, image));
    // The same image followed by a signature sector (a well-formed block; the signature itself is
    // not valid, which the harness's verification reports).
    SigBlock block;
    for (size_t i = 0; i < sizeof block.key; ++i) block.key[i] = static_cast<uint8_t>(i + 1);
    uint8_t encoded[kSigBlockSize];
    encode_sig_block(block, encoded);
    Bytes signed_image = image;
    signed_image.resize(signature_offset(static_cast<uint32_t>(image.size())), 0xFF);
    signed_image.insert(signed_image.end(), encoded, encoded + sizeof encoded);
    write("flash_image_fuzz", "signed_app_image", with(2, signed_image));
    write("flash_image_fuzz", "signature_block", with(3, Bytes(encoded, encoded + sizeof encoded)));
    write("flash_image_fuzz", "app_desc", with(4, image));
}

// app_command_fuzz: profile (byte 0), topic index (byte 1, 0xFF: first payload line), payload.
void commands() {
    auto cmd = [](const std::string& name, uint8_t profile, uint8_t topic, const std::string& payload) {
        Bytes b{profile, topic};
        b.insert(b.end(), payload.begin(), payload.end());
        write("app_command_fuzz", name, b);
    };
    cmd("generic_set_interval", 0, 0, R"({"id":"7","cmd":"set_interval","params":{"interval_s":30}})");
    cmd("generic_ota", 0, 0, R"({"id":"8","cmd":"ota","params":{"url":"https://h/fw.img","version":"2.0"}})");
    cmd("generic_set_config", 0, 0, R"({"id":"9","cmd":"set_config","params":{"interval_s":5,"units":"F"}})");
    cmd("thingsboard_rpc", 1, 0, R"({"method":"get_status","params":{}})");
    cmd("thingsboard_attributes", 1, 1,
        R"({"fw_title":"iotfw","fw_version":"2.0","fw_size":1024,"fw_checksum":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff","fw_checksum_algorithm":"SHA256"})");
    cmd("thingsboard_chunk", 1, 0xFF, "v2/fw/response/5/chunk/0\nbinarydata");
    cmd("cumulocity_restart", 2, 0, "510,ESP32_123456\n");
    cmd("cumulocity_shell", 2, 0, "511,ESP32_123456,\"set_interval 30\"\r\n513,ESP32_123456,\"a,\"\"b\\\"c\"\n");
    cmd("cumulocity_firmware", 2, 0, "515,ESP32_123456,iotfw,2.0,https://h/fw.img\n");
    cmd("cumulocity_error", 2, 1, "41,100,Bad request\n");
    cmd("openremote_write", 3, 0, R"({"id":"1","cmd":"reboot"})");
    cmd("openremote_provisioning", 3, 0xFF,
        "provisioning/ESP32_123456/response\n{\"type\":\"success\",\"realm\":\"r\"}");
}

void efuse() {
    write("efuse_file_fuzz", "full",
          text(R"({"mac":"24:0a:c4:12:34:56","device_secret":")" + std::string(64, 'a') +
               R"(","secure_version":3,"key_digest":")" + std::string(64, '0') + "\"}\n"));
    write("efuse_file_fuzz", "minimal",
          text(R"({"mac":"240ac4123456","device_secret":")" + std::string(64, 'f') + "\"}"));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds CORPUS_DIR\n");
        return 2;
    }
    static fake::ManualClock clock;
    static fake::RecordingLog log;
    fw::log::init(log, clock);
    g_root = argv[1];
    http();
    sntp();
    prov();
    storage();
    images();
    commands();
    efuse();
    return 0;
}
