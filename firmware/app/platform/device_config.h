#pragma once
// The device's configuration: which broker, which platform, how often to publish. Loaded from
// key/value storage (written at image build by `fwtool nvs gen`, changed at run time by the
// set_config command). A bad or missing value never stops the boot: it becomes a clear error
// string and the field keeps its safe default.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/app/identity/device_id.h"
#include "firmware/app/platform/telemetry.h"
#include "firmware/core/log.h"
#include "firmware/core/result.h"
#include "firmware/net/host_port.h"
#include "firmware/net/tls/tls_version.h"

namespace fw::app {

// Storage keys (NVS keys are at most 15 characters).
namespace cfg_key {
constexpr const char* kBrokerUri = "broker_uri";            // mqtts://host[:port]
constexpr const char* kDeviceId = "device_id";              // overrides the certificate CN
constexpr const char* kProfile = "profile";                 // generic|thingsboard|cumulocity|openremote
constexpr const char* kIntervalS = "interval_s";            // u32, 1..86400
constexpr const char* kUnits = "units";                     // celsius|fahrenheit
constexpr const char* kLogLevel = "log_level";              // none|error|warn|info|debug|verbose
constexpr const char* kTopicPrefix = "topic_prefix";        // generic profile: {prefix}/{id}/...
constexpr const char* kOrRealm = "or_realm";                // OpenRemote realm
constexpr const char* kOrAssetId = "or_asset_id";           // OpenRemote asset id (22 base62 chars)
constexpr const char* kC8yName = "c8y_dev_name";            // Cumulocity device name (100 row)
constexpr const char* kC8yType = "c8y_dev_type";            // Cumulocity device type (100 row)
constexpr const char* kOtaSelftestS = "ota_selftest_s";     // u32, 10..3600: a new image must be online by then
constexpr const char* kOtaChunk = "ota_chunk";              // u32, 256..16384: MQTT firmware chunk size
constexpr const char* kOtaUnsignedOk = "ota_unsigned_ok";   // bool (u8 0/1): development only, see DeviceConfig
constexpr const char* kOfflineMax = "offline_max";          // u32, 1..1024: readings kept while offline
constexpr const char* kReconnectMaxS = "reconnect_max_s";   // u32, 1..3600: cap of the MQTT reconnect backoff
constexpr const char* kEnroll = "enroll";                   // none|aws|thingsboard|openremote
constexpr const char* kEnrollTemplate = "enroll_template";  // AWS provisioning template name
constexpr const char* kTbProvKey = "tb_prov_key";           // ThingsBoard provisionDeviceKey
constexpr const char* kTbProvSecret = "tb_prov_secret";     // ThingsBoard provisionDeviceSecret
constexpr const char* kProvPop = "prov_pop";                // provisioning PoP; default: derived from the eFuse secret
constexpr const char* kProvOpen = "prov_open";              // u32 0|1: provision without a PoP (insecure, warned)
constexpr const char* kNtpServers = "ntp_servers";          // host[:port][,host[:port]...]: SNTP servers, in order
constexpr const char* kTlsMin = "tls_min";  // 1.2|1.3: oldest TLS version offered to the broker and HTTPS servers
constexpr const char* kTlsMax = "tls_max";  // 1.2|1.3: newest (1.2 for a server that mishandles 1.3)
}  // namespace cfg_key

enum class ProfileKind : uint8_t { Generic, ThingsBoard, Cumulocity, OpenRemote };
const char* name_of(ProfileKind k);

// How a device without a certificate gets one (enrollment.h): none (a certificate is installed
// at manufacturing), AWS fleet provisioning by CSR, or the fleet CA's certificate registered
// with ThingsBoard's or OpenRemote's device provisioning.
enum class EnrollFlow : uint8_t { None, Aws, ThingsBoard, OpenRemote };
const char* name_of(EnrollFlow f);

struct BrokerUri {
    std::string host;  // empty: not configured; an IPv6 literal is kept without brackets
    uint16_t port = 8883;

    bool configured() const { return !host.empty(); }
};
// mqtts://host[:port][/]. TLS is mandatory, so mqtt:// is refused.
Result<BrokerUri, Error<Err>> parse_broker_uri(std::string_view uri);

// What checking a config value gives: ok when it was taken, else InvalidArg with the reason (the
// key and what is wrong with the value) that a set_config reply or the boot log shows.
using ConfigStatus = Result<void, Error<Err>>;

struct DeviceConfig {
    BrokerUri broker;
    std::string device_id;
    ProfileKind profile = ProfileKind::Generic;
    uint32_t interval_s = 60;
    Units units = Units::Celsius;
    log::Level log_level = log::Level::Info;
    std::string topic_prefix = "devices";
    std::string or_realm = "master";
    std::string or_asset_id;
    std::string c8y_device_name;  // empty: the device id
    std::string c8y_device_type = "c8y_MQTTDevice";
    uint32_t ota_selftest_s = 300;
    uint32_t ota_chunk = 4096;
    // Development switch: with no update key burned, install updates without a signature. Off by
    // default, boot-time only (never set_config), warned about at every boot.
    bool ota_unsigned_ok = false;
    uint32_t offline_max = 256;  // about 4 h at the default interval
    uint32_t reconnect_max_s = 120;
    EnrollFlow enroll = EnrollFlow::None;
    std::string enroll_template = "iotfw-fleet";
    std::string tb_prov_key, tb_prov_secret;
    std::string prov_pop;    // empty: the per-device PoP (prov/device_pop.h)
    bool prov_open = false;  // anyone in radio range may provision: only when set on purpose
    // Where the wall clock comes from (SNTP, asked in this order). Read at boot.
    std::vector<net::HostPort> ntp_servers{net::HostPort{"pool.ntp.org", 123}};
    // TLS versions every connection (MQTT, HTTPS updates) may negotiate. Read at boot; a pair
    // with tls_min above tls_max is refused whole (both defaults kept).
    net::TlsVersion tls_min = net::TlsVersion::Tls12;
    net::TlsVersion tls_max = net::TlsVersion::Tls13;

    const std::string& c8y_name() const { return c8y_device_name.empty() ? device_id : c8y_device_name; }
};

// A tiny view of the key/value store, so configuration does not depend on the storage API.
class ConfigSource {
public:
    virtual ~ConfigSource() = default;
    // NotFound when the key is absent; any other error when it cannot be read.
    virtual Result<std::string> get_string(const char* key) = 0;
    virtual Result<uint32_t> get_u32(const char* key) = 0;
    // A bool is stored as a u8 (what `fwtool nvs gen` writes for JSON true/false).
    virtual Result<uint8_t> get_u8(const char* key) = 0;
};

// Where the default device id comes from when none is configured.
struct DeviceIdentity {
    std::string cert_cn;  // the client certificate's CN; empty when there is no certificate
    std::array<uint8_t, 6> mac{};
};

struct ConfigLoad {
    DeviceConfig config;
    std::vector<std::string> errors;  // one line per problem, naming the key
};
ConfigLoad load_device_config(ConfigSource& src, const DeviceIdentity& identity);

// Validates one text value of `key` and stores it in `cfg`, as loading does.
ConfigStatus set_config_text(DeviceConfig& cfg, std::string_view key, std::string_view value);

// One validated value of a set_config command, in the form the key/value store keeps it.
struct ConfigChange {
    std::string key;
    bool is_u32 = false;
    std::string text;
    uint32_t number = 0;
};
// Applies {"key":value,...} all-or-nothing: on any bad key or value `cfg` is left unchanged and
// the error names it. u32 keys take a number or a decimal string (Cumulocity sends text).
ConfigStatus apply_config(DeviceConfig& cfg, const Json& params, std::vector<ConfigChange>& changes);

}  // namespace fw::app
