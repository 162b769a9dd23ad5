// The `prov` command line (through its tools/prov wrapper) against a device: output, exit status,
// and that it never prints the passphrase or the PoP.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "firmware/core/hex.h"
#include "sim_device.h"

namespace {

using provit::Link;
using provit::SimDevice;

const std::string kCliRadio = R"({"networks": [{"ssid": "HomeNet", "password": "secret123", "rssi": -55},
                                            {"ssid": "Guest", "rssi": -80}], "join_ms": 30})";

struct CliRun {
    int status;
    std::string out;
};

CliRun prov(const std::string& args) {
    // The tree's emulator, if it has one (the 32-bit tree, cmake/emulator.cmake), runs the tool.
    std::string cmd =
        "FW_BUILD_DIR='" PROV_BUILD_DIR "' FWCHIP_EMULATOR='" PROV_EMULATOR "' '" PROV_WRAPPER "' " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    CliRun r{-1, {}};
    if (p == nullptr) return r;
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

fw::prov::ProvManagerConfig cli_config() {
    fw::prov::ProvManagerConfig cfg;
    cfg.pop = "abcd1234";
    return cfg;
}

class Cli : public ::testing::TestWithParam<Link> {
protected:
    std::string base(const SimDevice& dev) {
        return std::string("--transport ") + (GetParam() == Link::SoftAp ? "softap" : "ble") + " --service_name '" +
               dev.service_name() + "' --poll_ms 50";
    }
};

TEST_P(Cli, ProvisionsWithPop) {
    SimDevice dev(GetParam(), kCliRadio, cli_config());
    dev.start();
    CliRun r = prov(base(dev) +
                    " --sec_ver 1 --pop abcd1234 --ssid HomeNet --passphrase secret123 --scan"
                    " --custom_data mqtts://127.0.0.1:8883");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("Session Established"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("HomeNet"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Guest"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Custom data answer: SUCCESS"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Provisioning was successful"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("secret123"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("abcd1234"), std::string::npos) << r.out;
    EXPECT_TRUE(dev.wait_for([&] { return dev.state() == SimDevice::State::Connected; }));
}

TEST_P(Cli, WrongPasswordPrintsReasonAndFails) {
    SimDevice dev(GetParam(), kCliRadio, cli_config());
    dev.start();
    CliRun r = prov(base(dev) + " --pop abcd1234 --ssid HomeNet --passphrase wrongpass1");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("Disconnected"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Auth Error"), std::string::npos) << r.out;
    // The user retries with the right password, no reboot.
    r = prov(base(dev) + " --pop abcd1234 --ssid HomeNet --passphrase secret123");
    EXPECT_EQ(r.status, 0) << r.out;
}

TEST_P(Cli, UnknownNetworkAndWrongPopFail) {
    SimDevice dev(GetParam(), kCliRadio, cli_config());
    dev.start();
    CliRun r = prov(base(dev) + " --pop abcd1234 --ssid Elsewhere --passphrase secret123");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("Network Not Found"), std::string::npos) << r.out;
    r = prov(base(dev) + " --pop 9999 --ssid HomeNet --passphrase secret123");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("proof of possession"), std::string::npos) << r.out;
    r = prov(base(dev) + " --ssid HomeNet --passphrase secret123");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("--pop"), std::string::npos) << r.out;
    r = prov(base(dev) + " --sec_ver 0 --ssid HomeNet");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("mismatch"), std::string::npos) << r.out;
}

TEST_P(Cli, SecurityZeroDevice) {
    fw::prov::ProvManagerConfig cfg;
    cfg.sec_ver = 0;
    SimDevice dev(GetParam(), kCliRadio, cfg);
    dev.start();
    CliRun r = prov(base(dev) + " --ssid Guest");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("security 0"), std::string::npos) << r.out;
}

// The device's salt and verifier from the tool's own --sec2_gen_cred output (fwtool nvs gen JSON).
fw::prov::ProvManagerConfig sec2_config(const std::string& user, const std::string& pwd) {
    CliRun gen = prov("--sec_ver 2 --sec2_gen_cred --sec2_username " + user + " --sec2_pwd " + pwd);
    EXPECT_EQ(gen.status, 0) << gen.out;
    auto j = nlohmann::json::parse(gen.out, nullptr, false);
    fw::prov::ProvManagerConfig cfg;
    cfg.sec_ver = 2;
    if (j.is_discarded()) return cfg;
    fw::hex_decode(j["config"].value("sec2_salt", ""), cfg.sec2.salt);
    fw::hex_decode(j["config"].value("sec2_verifier", ""), cfg.sec2.verifier);
    return cfg;
}

TEST_P(Cli, SecurityTwoWrongPasswordIsRefused) {
    SimDevice dev(GetParam(), kCliRadio, sec2_config("wifiprov", "sec2-pass"));
    dev.start();
    CliRun r = prov(base(dev) + " --sec2_username wifiprov --sec2_pwd wrong --ssid HomeNet --passphrase secret123");
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("wrong username or password"), std::string::npos) << r.out;
}

TEST_P(Cli, SecurityTwoWithGeneratedCredentials) {
    SimDevice dev(GetParam(), kCliRadio, sec2_config("wifiprov", "sec2-pass"));
    dev.start();
    CliRun r =
        prov(base(dev) + " --sec2_username wifiprov --sec2_pwd sec2-pass --ssid HomeNet --passphrase wrongpass1");
    EXPECT_EQ(r.status, 2) << r.out;
    r = prov(base(dev) + " --sec2_username wifiprov --sec2_pwd sec2-pass --reset");
    EXPECT_EQ(r.status, 0) << r.out;
    r = prov(base(dev) + " --sec2_username wifiprov --sec2_pwd sec2-pass --reprov");
    EXPECT_EQ(r.status, 0) << r.out;
    r = prov(base(dev) +
             " --sec_ver 2 --sec2_username wifiprov --sec2_pwd sec2-pass --ssid HomeNet"
             " --passphrase secret123 --scan");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("security 2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Guest"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("sec2-pass"), std::string::npos) << r.out;
    EXPECT_TRUE(dev.wait_for([&] { return dev.state() == SimDevice::State::Connected; }));
}

INSTANTIATE_TEST_SUITE_P(Transports, Cli, ::testing::Values(Link::SoftAp, Link::Ble),
                         [](const auto& info) { return info.param == Link::SoftAp ? "SoftAp" : "Ble"; });

TEST(CliUsage, BadCommandLinesExitOne) {
    EXPECT_EQ(prov("--transport carrier-pigeon --service_name x --scan").status, 1);
    EXPECT_EQ(prov("--transport softap --scan").status, 1);
    EXPECT_EQ(prov("--transport softap --service_name 127.0.0.1:1").status, 1);  // nothing to do
    CliRun r = prov("--transport softap --service_name 127.0.0.1:1 --scan");     // nobody listens on port 1
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("cannot connect"), std::string::npos) << r.out;
    EXPECT_EQ(prov("--help").status, 0);
    EXPECT_EQ(prov("--sec2_gen_cred --sec2_username u --sec2_pwd p").status, 1);  // needs --sec_ver 2
    EXPECT_EQ(prov("--transport softap --service_name x --reset --reprov").status, 1);
    EXPECT_EQ(prov("--transport softap --service_name x --reset --ssid Net").status, 1);
}

}  // namespace
