#include "tools/src/fwtool/nvs_config.h"

#include <gtest/gtest.h>

using fwtool::NvsEntry;
using fwtool::parse_nvs_config;

namespace {

std::vector<NvsEntry> parse_ok(const std::string& text) {
    std::vector<NvsEntry> out;
    std::string error;
    EXPECT_TRUE(parse_nvs_config(text, "cfg", out, error)) << error;
    return out;
}

std::string parse_error(const std::string& text) {
    std::vector<NvsEntry> out;
    std::string error;
    EXPECT_FALSE(parse_nvs_config(text, "cfg", out, error));
    return error;
}

}  // namespace

TEST(NvsConfig, CsvRowsNamespacesAndQuoting) {
    auto e = parse_ok(
        "key,type,encoding,value\r\n"
        "# a comment\n"
        "\n"
        "wifi,namespace,,\n"
        "ssid , data , string , \"a, \"\"b\"\"\n c\"\n"
        "chan,data,u8,  6  \n"
        "cfg,namespace,,\n"
        "cert,file,string,certs/dev.pem\n");
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].ns, "wifi");
    EXPECT_EQ(e[0].key, "ssid");
    EXPECT_EQ(e[0].type, "data");
    EXPECT_EQ(e[0].encoding, "string");
    EXPECT_EQ(e[0].value, "a, \"b\"\n c");
    EXPECT_EQ(e[0].where, "cfg:5");
    EXPECT_EQ(e[1].value, "6");
    EXPECT_EQ(e[1].where, "cfg:7") << "line numbers count the newline inside the quoted field";
    EXPECT_EQ(e[2].ns, "cfg");
    EXPECT_EQ(e[2].type, "file");
}

TEST(NvsConfig, CsvErrorsNameTheLine) {
    EXPECT_EQ(parse_error("key,type,encoding,value\nk,data,u8,1\n"), "cfg:2: 'k' comes before the first namespace row");
    EXPECT_EQ(parse_error("ns,namespace,,\nk,blob,u8,1\n"), "cfg:2: type 'blob' is not namespace, data or file");
    EXPECT_EQ(parse_error("ns,namespace,,\nk,data,u8,1,extra\n"), "cfg:2: expected key,type,encoding,value");
    EXPECT_EQ(parse_error("ns,namespace,,\nk,data,string,\"open\n"), "cfg:2: unterminated quoted field");
}

TEST(NvsConfig, JsonValuesPickTheirTypes) {
    auto e = parse_ok(R"({"net": {"ssid": "home", "n": -5, "big": 5000000000, "huge": 18446744073709551615,
                         "on": true, "cal": {"encoding": "hex2bin", "value": "0a0b"},
                         "port": {"encoding": "u16", "value": 1883},
                         "pem": {"type": "file", "encoding": "string", "value": "x.pem"}}})");
    std::map<std::string, NvsEntry> by_key;
    for (const auto& x : e) by_key[x.key] = x;
    ASSERT_EQ(by_key.size(), 8u);
    EXPECT_EQ(by_key["ssid"].encoding, "string");
    EXPECT_EQ(by_key["n"].encoding, "i32");
    EXPECT_EQ(by_key["n"].value, "-5");
    EXPECT_EQ(by_key["big"].encoding, "i64");
    EXPECT_EQ(by_key["huge"].encoding, "u64");
    EXPECT_EQ(by_key["huge"].value, "18446744073709551615");
    EXPECT_EQ(by_key["on"].encoding, "u8");
    EXPECT_EQ(by_key["on"].value, "1");
    EXPECT_EQ(by_key["cal"].encoding, "hex2bin");
    EXPECT_EQ(by_key["port"].value, "1883");
    EXPECT_EQ(by_key["pem"].type, "file");
    EXPECT_EQ(by_key["pem"].ns, "net");
}

TEST(NvsConfig, JsonErrors) {
    EXPECT_EQ(parse_error("{\"a\": 1"), "cfg: not a JSON object of namespaces");
    EXPECT_EQ(parse_error("{\"a\": [1]}"), "cfg: namespace 'a' must be an object of keys");
    EXPECT_NE(parse_error("{\"a\": {\"k\": 1.5}}").find("cfg: a.k: expected"), std::string::npos);
}
