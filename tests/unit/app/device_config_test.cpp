#include "firmware/app/platform/device_config.h"
#include "firmware/app/prov_sec2_config.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

using fw::app::ConfigLoad;
using fw::app::DeviceConfig;
using fw::app::Json;
using fw::app::ProfileKind;
using fw::app::Units;

namespace {

// A key/value store in memory; a key can be made unreadable to play a corrupt NVS entry.
class MapSource : public fw::app::ConfigSource {
public:
    fw::Result<std::string> get_string(const char* key) override {
        if (broken.count(key)) return fw::Err::Corrupt;
        auto it = strings.find(key);
        if (it == strings.end()) return fw::Err::NotFound;
        return it->second;
    }
    fw::Result<uint32_t> get_u32(const char* key) override {
        if (broken.count(key)) return fw::Err::Corrupt;
        auto it = numbers.find(key);
        if (it == numbers.end()) return fw::Err::NotFound;
        return it->second;
    }
    fw::Result<uint8_t> get_u8(const char* key) override {
        if (broken.count(key)) return fw::Err::Corrupt;
        auto it = flags.find(key);
        if (it == flags.end()) return fw::Err::NotFound;
        return it->second;
    }
    std::map<std::string, std::string> strings;
    std::map<std::string, uint32_t> numbers;
    std::map<std::string, uint8_t> flags;
    std::map<std::string, bool> broken;
};

fw::app::DeviceIdentity identity(std::string cn = "") { return {std::move(cn), {0x24, 0x0a, 0xc4, 0x12, 0x34, 0x56}}; }

fw::app::BrokerUri broker(std::string_view uri, std::string* why = nullptr) {
    auto r = fw::app::parse_broker_uri(uri);
    if (why) *why = r.err().reason;
    return r.ok() ? *r : fw::app::BrokerUri{};
}

// Security 2 provisioning keys (prov_sec2_config.h).
TEST(ProvSec2Config, SelectedOnlyWhenStored) {
    MapSource src;
    fw::prov::ProvManagerConfig pc;
    EXPECT_FALSE(fw::app::load_sec2_config(src, pc));
    EXPECT_EQ(pc.sec_ver, 1);
    src.strings[fw::app::kSec2SaltKey] = "8A3f0c";
    src.strings[fw::app::kSec2VerifierKey] = "0102ff";
    EXPECT_TRUE(fw::app::load_sec2_config(src, pc));
    EXPECT_EQ(pc.sec_ver, 2);
    EXPECT_EQ(pc.sec2.salt, (std::vector<uint8_t>{0x8a, 0x3f, 0x0c}));
    EXPECT_EQ(pc.sec2.verifier, (std::vector<uint8_t>{0x01, 0x02, 0xff}));
}

TEST(ProvSec2Config, UnusableKeysNeverFallBackToAWeakerScheme) {
    MapSource src;
    fw::prov::ProvManagerConfig pc;
    src.strings[fw::app::kSec2SaltKey] = "8a3f0c";  // the verifier is missing
    EXPECT_TRUE(fw::app::load_sec2_config(src, pc));
    EXPECT_EQ(pc.sec_ver, 2);
    EXPECT_TRUE(pc.sec2.salt.empty());  // the manager then refuses to start
    src.strings[fw::app::kSec2VerifierKey] = "not hex";
    EXPECT_TRUE(fw::app::load_sec2_config(src, pc));
    EXPECT_TRUE(pc.sec2.verifier.empty());
}

TEST(ProvSec2Config, KeyNamesFitNvs) {
    EXPECT_LE(std::string(fw::app::kSec2SaltKey).size(), 15u);  // NVS keys are at most 15 bytes
    EXPECT_LE(std::string(fw::app::kSec2VerifierKey).size(), 15u);
}

}  // namespace

TEST(DeviceConfig, DefaultsWithAnEmptyStoreNameTheDeviceAfterItsMac) {
    MapSource src;
    ConfigLoad l = fw::app::load_device_config(src, identity());
    EXPECT_EQ(l.config.device_id, "ESP32_123456");
    EXPECT_EQ(l.config.profile, ProfileKind::Generic);
    EXPECT_EQ(l.config.interval_s, 60u);
    EXPECT_EQ(l.config.units, Units::Celsius);
    EXPECT_EQ(l.config.log_level, fw::log::Level::Info);
    EXPECT_EQ(l.config.topic_prefix, "devices");
    EXPECT_FALSE(l.config.broker.configured());
    EXPECT_EQ(l.errors, (std::vector<std::string>{"broker_uri: not set; cannot connect"}));
}

TEST(DeviceConfig, MacIdUsesTheLastThreeBytesInUpperCaseHex) {
    EXPECT_EQ(fw::app::device_id_from_mac({0xA4, 0xCF, 0x12, 0xab, 0x0c, 0xef}), "ESP32_AB0CEF");
}

TEST(DeviceConfig, CertificateCnIsTheDefaultIdAndAConfiguredIdOverridesIt) {
    MapSource src;
    src.strings["broker_uri"] = "mqtts://broker.local";
    EXPECT_EQ(fw::app::load_device_config(src, identity("sensor-42")).config.device_id, "sensor-42");
    src.strings["device_id"] = "lab.unit_7";
    EXPECT_EQ(fw::app::load_device_config(src, identity("sensor-42")).config.device_id, "lab.unit_7");
}

TEST(DeviceConfig, UnusableCnFallsBackToTheMacWithAnError) {
    MapSource src;
    src.strings["broker_uri"] = "mqtts://broker.local";
    ConfigLoad l = fw::app::load_device_config(src, identity("d:bad/cn"));
    EXPECT_EQ(l.config.device_id, "ESP32_123456");
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_EQ(l.errors[0],
              "certificate CN 'd:bad/cn' is not usable as a device id ([A-Za-z0-9._-], 1..64); using the MAC");
}

TEST(DeviceConfig, LoadsEveryField) {
    MapSource src;
    src.strings = {{"broker_uri", "mqtts://[::1]:8884"},
                   {"profile", "cumulocity"},
                   {"units", "fahrenheit"},
                   {"log_level", "debug"},
                   {"topic_prefix", "acme/iot"},
                   {"or_realm", "building"},
                   {"or_asset_id", "6xIa9MkpZuR7slaUGB6OTZ"},
                   {"c8y_dev_name", "Lab sensor, room 2"},
                   {"c8y_dev_type", "c8y_ESP32"}};
    src.numbers = {{"interval_s", 15}};
    ConfigLoad l = fw::app::load_device_config(src, identity("sensor-42"));
    EXPECT_TRUE(l.errors.empty()) << l.errors[0];
    const DeviceConfig& c = l.config;
    EXPECT_EQ(c.broker.host, "::1");
    EXPECT_EQ(c.broker.port, 8884);
    EXPECT_EQ(c.profile, ProfileKind::Cumulocity);
    EXPECT_EQ(c.units, Units::Fahrenheit);
    EXPECT_EQ(c.log_level, fw::log::Level::Debug);
    EXPECT_EQ(c.topic_prefix, "acme/iot");
    EXPECT_EQ(c.or_realm, "building");
    EXPECT_EQ(c.or_asset_id, "6xIa9MkpZuR7slaUGB6OTZ");
    EXPECT_EQ(c.c8y_name(), "Lab sensor, room 2");
    EXPECT_EQ(c.c8y_device_type, "c8y_ESP32");
    EXPECT_EQ(c.interval_s, 15u);
}

TEST(DeviceConfig, InvalidValuesAreReportedAndKeepTheirDefaults) {
    MapSource src;
    src.strings = {{"broker_uri", "mqtt://broker.local"},
                   {"profile", "aws"},
                   {"units", "kelvin"},
                   {"log_level", "loud"},
                   {"topic_prefix", "a/+/b"},
                   {"or_realm", "my realm"},
                   {"or_asset_id", "short"},
                   {"c8y_dev_type", "bad type"},
                   {"device_id", "x/y"}};
    src.numbers = {{"interval_s", 0}};
    ConfigLoad l = fw::app::load_device_config(src, identity());
    const DeviceConfig defaults;
    EXPECT_FALSE(l.config.broker.configured());
    EXPECT_EQ(l.config.profile, defaults.profile);
    EXPECT_EQ(l.config.units, defaults.units);
    EXPECT_EQ(l.config.log_level, defaults.log_level);
    EXPECT_EQ(l.config.topic_prefix, defaults.topic_prefix);
    EXPECT_EQ(l.config.or_realm, defaults.or_realm);
    EXPECT_EQ(l.config.c8y_device_type, defaults.c8y_device_type);
    EXPECT_EQ(l.config.interval_s, defaults.interval_s);
    EXPECT_EQ(l.config.device_id, "ESP32_123456");
    EXPECT_EQ(l.errors,
              (std::vector<std::string>{
                  "broker_uri: 'mqtt://broker.local' must start with mqtts:// (TLS is mandatory); default kept",
                  "device_id: 'x/y' is not 1..64 characters of [A-Za-z0-9._-]; default kept",
                  "profile: 'aws' is not generic|thingsboard|cumulocity|openremote; default kept",
                  "interval_s: 0 is outside 1..86400; default kept",
                  "units: 'kelvin' is not celsius|fahrenheit; default kept",
                  "log_level: 'loud' is not none|error|warn|info|debug|verbose; default kept",
                  "topic_prefix: 'a/+/b' must be 1..64 printable characters, no wildcards or empty levels; "
                  "default kept",
                  "or_realm: 'my realm' is not a realm name; default kept",
                  "or_asset_id: 'short' is not a 22-character asset id; default kept",
                  "c8y_dev_type: 'bad type' is not [A-Za-z0-9_]+; default kept",
                  "broker_uri: not set; cannot connect",
              }));
}

TEST(DeviceConfig, UnreadableEntriesAndMissingOpenRemoteAssetAreErrors) {
    MapSource src;
    src.strings = {{"broker_uri", "mqtts://broker.local"}, {"profile", "openremote"}};
    src.broken["interval_s"] = true;
    ConfigLoad l = fw::app::load_device_config(src, identity());
    EXPECT_EQ(l.config.interval_s, 60u);
    EXPECT_EQ(l.errors, (std::vector<std::string>{"interval_s: unreadable (corrupt data); default kept",
                                                  "or_asset_id: required by the openremote profile"}));
}

TEST(DeviceConfig, BrokerUriParsing) {
    EXPECT_EQ(broker("mqtts://broker.local").host, "broker.local");
    EXPECT_EQ(broker("mqtts://broker.local").port, 8883);
    EXPECT_EQ(broker("mqtts://10.0.0.1:1883/").port, 1883);
    EXPECT_EQ(broker("mqtts://127.0.0.1:65535").port, 65535);
    EXPECT_EQ(broker("mqtts://[fe80::1]").host, "fe80::1");
    std::string why;
    for (const char* bad : {"mqtts://", "mqtts://h:", "mqtts://h:0", "mqtts://h:65536", "mqtts://h:12x",
                            "mqtts://user@h", "mqtts://h/path", "mqtts://-h", "mqtts://a..b", "mqtts://[::1",
                            "mqtts://[::1]x", "ssl://h", "MQTTS://h", "mqtt://h:1883"}) {
        EXPECT_FALSE(broker(bad, &why).configured()) << bad;
        EXPECT_FALSE(why.empty()) << bad;
    }
    broker("mqtts://h:99999", &why);
    EXPECT_EQ(why, "'mqtts://h:99999' has a port outside 1..65535");
}

TEST(DeviceConfig, ApplyConfigIsAllOrNothing) {
    DeviceConfig c;
    std::vector<fw::app::ConfigChange> changes;
    fw::app::ConfigStatus applied;
    ASSERT_TRUE(
        (applied = fw::app::apply_config(c, Json::parse(R"({"interval_s":"30","units":"fahrenheit"})"), changes)).ok())
        << applied.err().reason;
    EXPECT_EQ(c.interval_s, 30u);
    EXPECT_EQ(c.units, Units::Fahrenheit);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].key, "interval_s");
    EXPECT_TRUE(changes[0].is_u32);
    EXPECT_EQ(changes[0].number, 30u);
    EXPECT_EQ(changes[1].key, "units");
    EXPECT_FALSE(changes[1].is_u32);
    EXPECT_EQ(changes[1].text, "fahrenheit");

    Json built_in_code;
    built_in_code["interval_s"] = 45;  // a signed integer, unlike parsed JSON
    ASSERT_TRUE((applied = fw::app::apply_config(c, built_in_code, changes)).ok()) << applied.err().reason;
    EXPECT_EQ(c.interval_s, 45u);

    const DeviceConfig before = c;
    auto refused = [&](const char* params, const char* why) {
        std::vector<fw::app::ConfigChange> none;
        EXPECT_FALSE((applied = fw::app::apply_config(c, Json::parse(params), none)).ok()) << params;
        EXPECT_EQ(applied.err().reason, why) << params;
        EXPECT_TRUE(none.empty());
        EXPECT_EQ(c.interval_s, before.interval_s);
        EXPECT_EQ(c.units, before.units);
        EXPECT_EQ(c.log_level, before.log_level);
    };
    refused(R"({"log_level":"debug","interval_s":90000})", "interval_s: 90000 is outside 1..86400");
    refused(R"({"log_level":"debug","colour":"red"})", "unknown config key: colour");
    refused(R"({"device_id":"other"})", "device_id cannot be changed at run time");
    refused(R"({"units":5})", "units: expected a string");
    refused(R"({"interval_s":-1})", "interval_s: expected an unsigned number");
    refused(R"({"interval_s":"4294967296"})", "interval_s: expected an unsigned number");
    refused(R"({"profile":"openremote"})", "the openremote profile needs or_asset_id");
    refused("{}", "expected {\"key\":value,...}");
}

TEST(DeviceConfig, EnrollmentKeys) {
    MapSource src;
    src.strings = {{"broker_uri", "mqtts://b"}, {"enroll", "thingsboard"}, {"enroll_template", "fleet_2"},
                   {"tb_prov_key", "k 1"},      {"tb_prov_secret", "s"},   {"profile", "thingsboard"}};
    ConfigLoad l = fw::app::load_device_config(src, identity());
    EXPECT_TRUE(l.errors.empty()) << l.errors.front();
    EXPECT_EQ(l.config.enroll, fw::app::EnrollFlow::ThingsBoard);
    EXPECT_EQ(l.config.enroll_template, "fleet_2");
    EXPECT_EQ(l.config.tb_prov_key, "k 1");
    EXPECT_EQ(l.config.tb_prov_secret, "s");
    EXPECT_EQ(fw::app::load_device_config(src, identity()).config.device_id,
              "ESP32_123456");  // until a certificate names it
}

TEST(DeviceConfig, EnrollmentErrors) {
    MapSource src;
    src.strings = {{"broker_uri", "mqtts://b"}, {"enroll", "magic"}, {"enroll_template", "a/b"}, {"tb_prov_key", ""}};
    ConfigLoad l = fw::app::load_device_config(src, identity());
    EXPECT_EQ(l.config.enroll, fw::app::EnrollFlow::None);
    EXPECT_EQ(l.config.enroll_template, "iotfw-fleet");
    EXPECT_EQ(l.errors, (std::vector<std::string>{
                            "enroll: 'magic' is not none|aws|thingsboard|openremote; default kept",
                            "enroll_template: 'a/b' is not a template name; default kept",
                            "tb_prov_key: must be 1..128 printable characters; default kept",
                        }));
    src.strings = {{"broker_uri", "mqtts://b"}, {"enroll", "thingsboard"}};
    EXPECT_EQ(fw::app::load_device_config(src, identity()).errors,
              (std::vector<std::string>{"enroll thingsboard needs tb_prov_key and tb_prov_secret"}));
}

TEST(DeviceConfig, OpenRemoteEnrollmentLearnsTheAssetId) {
    MapSource src;
    src.strings = {{"broker_uri", "mqtts://b"}, {"profile", "openremote"}, {"enroll", "openremote"}};
    EXPECT_TRUE(fw::app::load_device_config(src, identity()).errors.empty());
    DeviceConfig c;
    EXPECT_TRUE(fw::app::set_config_text(c, "or_asset_id", "5xJdE5fVbgBRnMYQkBf1Hx").ok());
    EXPECT_EQ(c.or_asset_id, "5xJdE5fVbgBRnMYQkBf1Hx");
    EXPECT_FALSE(fw::app::set_config_text(c, "or_asset_id", "short").ok());
    EXPECT_EQ(fw::app::set_config_text(c, "interval_s", "5").err().reason, "not a text config key: interval_s");
}

TEST(DeviceConfig, EnrollmentCannotChangeAtRunTime) {
    DeviceConfig c;
    std::vector<fw::app::ConfigChange> changes;
    fw::app::ConfigStatus applied;
    EXPECT_FALSE((applied = fw::app::apply_config(c, Json{{"enroll", "aws"}}, changes)).ok());
    EXPECT_EQ(applied.err().reason, "enroll cannot be changed at run time");
    EXPECT_EQ(c.enroll, fw::app::EnrollFlow::None);
}

TEST(DeviceConfig, ReconnectCapIsBoundedAndReadAtBoot) {
    MapSource src;
    src.numbers = {{"reconnect_max_s", 5}};
    ConfigLoad l = fw::app::load_device_config(src, identity());
    EXPECT_EQ(l.config.reconnect_max_s, 5u);
    src.numbers = {{"reconnect_max_s", 0}};
    l = fw::app::load_device_config(src, identity());
    EXPECT_EQ(l.config.reconnect_max_s, DeviceConfig{}.reconnect_max_s);
    EXPECT_EQ(l.errors.at(0), "reconnect_max_s: 0 is outside 1..3600; default kept");

    DeviceConfig c;
    std::vector<fw::app::ConfigChange> changes;
    fw::app::ConfigStatus applied;
    EXPECT_FALSE((applied = fw::app::apply_config(c, Json{{"reconnect_max_s", 10}}, changes)).ok());
    EXPECT_EQ(applied.err().reason, "reconnect_max_s cannot be changed at run time");
}

TEST(DeviceConfig, NtpServersDefaultToThePoolAndKeepTheirOrder) {
    MapSource src;
    ConfigLoad l = fw::app::load_device_config(src, identity());
    ASSERT_EQ(l.config.ntp_servers.size(), 1u);
    EXPECT_EQ(l.config.ntp_servers[0].host, "pool.ntp.org");
    EXPECT_EQ(l.config.ntp_servers[0].port, 123);

    src.strings = {{"broker_uri", "mqtts://localhost"},
                   {"ntp_servers", "127.0.0.1:12323, time.example.org,[::1]:1123"}};
    l = fw::app::load_device_config(src, identity());
    EXPECT_TRUE(l.errors.empty()) << l.errors.at(0);
    ASSERT_EQ(l.config.ntp_servers.size(), 3u);
    EXPECT_EQ(l.config.ntp_servers[0].host, "127.0.0.1");
    EXPECT_EQ(l.config.ntp_servers[0].port, 12323);
    EXPECT_EQ(l.config.ntp_servers[1].host, "time.example.org");
    EXPECT_EQ(l.config.ntp_servers[1].port, 123);
    EXPECT_EQ(l.config.ntp_servers[2].host, "::1");
    EXPECT_EQ(l.config.ntp_servers[2].port, 1123);
}

TEST(DeviceConfig, BadNtpServersKeepTheDefaultAndCannotChangeAtRunTime) {
    for (const char* bad : {"", ",", "a.org,", "a.org:0", "a.org:70000", "a.org,b.org,c.org,d.org", "user@a.org"}) {
        MapSource src;
        src.strings = {{"broker_uri", "mqtts://localhost"}, {"ntp_servers", bad}};
        ConfigLoad l = fw::app::load_device_config(src, identity());
        ASSERT_EQ(l.errors.size(), 1u) << bad;
        EXPECT_EQ(l.errors[0].rfind("ntp_servers: ", 0), 0u) << l.errors[0];
        ASSERT_EQ(l.config.ntp_servers.size(), 1u) << bad;
        EXPECT_EQ(l.config.ntp_servers[0].host, "pool.ntp.org") << bad;
    }
    DeviceConfig c;
    std::vector<fw::app::ConfigChange> changes;
    fw::app::ConfigStatus applied;
    EXPECT_FALSE((applied = fw::app::apply_config(c, Json{{"ntp_servers", "127.0.0.1"}}, changes)).ok());
    EXPECT_EQ(applied.err().reason, "ntp_servers cannot be changed at run time");
}

TEST(DeviceConfig, TlsVersionsDefaultToOneTwoThroughOneThree) {
    MapSource src;
    ConfigLoad l = fw::app::load_device_config(src, identity());
    EXPECT_EQ(l.config.tls_min, fw::net::TlsVersion::Tls12);
    EXPECT_EQ(l.config.tls_max, fw::net::TlsVersion::Tls13);

    src.strings = {{"broker_uri", "mqtts://localhost"}, {"tls_min", "1.3"}};
    l = fw::app::load_device_config(src, identity());
    EXPECT_TRUE(l.errors.empty()) << l.errors.at(0);
    EXPECT_EQ(l.config.tls_min, fw::net::TlsVersion::Tls13);
    EXPECT_EQ(l.config.tls_max, fw::net::TlsVersion::Tls13);

    src.strings = {{"broker_uri", "mqtts://localhost"}, {"tls_max", "1.2"}};
    l = fw::app::load_device_config(src, identity());
    EXPECT_TRUE(l.errors.empty()) << l.errors.at(0);
    EXPECT_EQ(l.config.tls_min, fw::net::TlsVersion::Tls12);
    EXPECT_EQ(l.config.tls_max, fw::net::TlsVersion::Tls12);
}

TEST(DeviceConfig, BadTlsVersionsKeepTheDefaultsWithAClearError) {
    MapSource src;
    src.strings = {{"broker_uri", "mqtts://localhost"}, {"tls_min", "1.1"}, {"tls_max", "tls1.3"}};
    ConfigLoad l = fw::app::load_device_config(src, identity());
    ASSERT_EQ(l.errors.size(), 2u);
    EXPECT_EQ(l.errors[0], "tls_min: '1.1' is not 1.2|1.3 (nothing older is supported); default kept");
    EXPECT_EQ(l.errors[1], "tls_max: 'tls1.3' is not 1.2|1.3 (nothing older is supported); default kept");
    EXPECT_EQ(l.config.tls_min, fw::net::TlsVersion::Tls12);
    EXPECT_EQ(l.config.tls_max, fw::net::TlsVersion::Tls13);

    // Each value is valid alone, the pair is not: neither is taken.
    src.strings = {{"broker_uri", "mqtts://localhost"}, {"tls_min", "1.3"}, {"tls_max", "1.2"}};
    l = fw::app::load_device_config(src, identity());
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_EQ(l.errors[0], "tls_min 1.3 is above tls_max 1.2; defaults kept");
    EXPECT_EQ(l.config.tls_min, fw::net::TlsVersion::Tls12);
    EXPECT_EQ(l.config.tls_max, fw::net::TlsVersion::Tls13);

    DeviceConfig c;
    std::vector<fw::app::ConfigChange> changes;
    fw::app::ConfigStatus applied;
    EXPECT_FALSE((applied = fw::app::apply_config(c, Json{{"tls_max", "1.2"}}, changes)).ok());
    EXPECT_EQ(applied.err().reason, "tls_max cannot be changed at run time");
}
