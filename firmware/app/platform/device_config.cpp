#include "firmware/app/platform/device_config.h"

#include <nlohmann/json.hpp>

#include "firmware/app/platform/command.h"
#include "firmware/core/ascii.h"
#include "firmware/core/enum_names.h"
#include "firmware/net/host_port.h"

namespace fw::app {
namespace {

bool type_char(char c) { return is_ascii_alnum(c) || c == '_'; }
bool realm_char(char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; }
// Printable ASCII that is not an MQTT wildcard.
bool topic_char(char c) { return c > ' ' && c < 0x7F && c != '+' && c != '#'; }

// Each setter validates one value and stores it, or says what is wrong with it.
using TextSetter = ConfigStatus (*)(DeviceConfig&, std::string_view);
using U32Setter = ConfigStatus (*)(DeviceConfig&, uint32_t);
using FlagSetter = ConfigStatus (*)(DeviceConfig&, uint8_t);

ConfigStatus invalid(std::string reason) { return Error<Err>(Err::InvalidArg, std::move(reason)); }

ConfigStatus set_broker(DeviceConfig& c, std::string_view v) {
    auto uri = parse_broker_uri(v);
    FW_TRY(uri);
    c.broker = *uri;
    return {};
}

ConfigStatus set_device_id(DeviceConfig& c, std::string_view v) {
    if (!valid_device_id(v)) return invalid("'" + std::string(v) + "' is not 1..64 characters of [A-Za-z0-9._-]");
    c.device_id = std::string(v);
    return {};
}

ConfigStatus set_profile(DeviceConfig& c, std::string_view v) {
    for (auto k : {ProfileKind::Generic, ProfileKind::ThingsBoard, ProfileKind::Cumulocity, ProfileKind::OpenRemote}) {
        if (v == name_of(k)) {
            c.profile = k;
            return {};
        }
    }
    return invalid("'" + std::string(v) + "' is not generic|thingsboard|cumulocity|openremote");
}

ConfigStatus set_interval(DeviceConfig& c, uint32_t v) {
    if (v < kMinIntervalS || v > kMaxIntervalS)
        return invalid(std::to_string(v) + " is outside " + std::to_string(kMinIntervalS) + ".." +
                       std::to_string(kMaxIntervalS));
    c.interval_s = v;
    return {};
}

ConfigStatus set_units(DeviceConfig& c, std::string_view v) {
    if (v == "celsius") {
        c.units = Units::Celsius;
    } else if (v == "fahrenheit") {
        c.units = Units::Fahrenheit;
    } else {
        return invalid(std::string("'").append(v).append(
            "' is not celsius|fahrenheit"));  // GCC 12 -O3 misreads "x" + string as -Wrestrict
    }
    return {};
}

ConfigStatus set_log_level(DeviceConfig& c, std::string_view v) {
    if (!log::parse_level(std::string(v).c_str(), c.log_level))
        return invalid("'" + std::string(v) + "' is not none|error|warn|info|debug|verbose");
    return {};
}

ConfigStatus set_topic_prefix(DeviceConfig& c, std::string_view v) {
    bool ok = !v.empty() && v.size() <= 64 && all_chars(v, topic_char) && v.front() != '/' && v.back() != '/' &&
              v.find("//") == std::string_view::npos;
    if (!ok)
        return invalid("'" + std::string(v) + "' must be 1..64 printable characters, no wildcards or empty levels");
    c.topic_prefix = std::string(v);
    return {};
}

ConfigStatus set_or_realm(DeviceConfig& c, std::string_view v) {
    if (v.empty() || v.size() > 64 || !all_chars(v, realm_char))
        return invalid("'" + std::string(v) + "' is not a realm name");
    c.or_realm = std::string(v);
    return {};
}

// OpenRemote asset ids are 22 base62 characters (its ASSET_ID_REGEXP).
ConfigStatus set_or_asset_id(DeviceConfig& c, std::string_view v) {
    if (v.size() != 22 || !all_chars(v, is_ascii_alnum))
        return invalid("'" + std::string(v) + "' is not a 22-character asset id");
    c.or_asset_id = std::string(v);
    return {};
}

ConfigStatus set_c8y_type(DeviceConfig& c, std::string_view v) {
    if (v.empty() || v.size() > 64 || !all_chars(v, type_char))
        return invalid("'" + std::string(v) + "' is not [A-Za-z0-9_]+");
    c.c8y_device_type = std::string(v);
    return {};
}

// A u32 within [lo, hi] into `field`.
ConfigStatus set_bounded(uint32_t& field, uint32_t v, uint32_t lo, uint32_t hi) {
    if (v < lo || v > hi)
        return invalid(std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    field = v;
    return {};
}

ConfigStatus set_ota_selftest(DeviceConfig& c, uint32_t v) { return set_bounded(c.ota_selftest_s, v, 10, 3600); }
ConfigStatus set_ota_chunk(DeviceConfig& c, uint32_t v) { return set_bounded(c.ota_chunk, v, 256, 16384); }
ConfigStatus set_ota_unsigned_ok(DeviceConfig& c, uint8_t v) {
    if (v > 1) return invalid(std::to_string(v) + " is not a bool (0 or 1)");
    c.ota_unsigned_ok = v == 1;
    return {};
}
ConfigStatus set_offline_max(DeviceConfig& c, uint32_t v) { return set_bounded(c.offline_max, v, 1, 1024); }
ConfigStatus set_reconnect_max(DeviceConfig& c, uint32_t v) { return set_bounded(c.reconnect_max_s, v, 1, 3600); }

ConfigStatus set_enroll(DeviceConfig& c, std::string_view v) {
    for (auto f : {EnrollFlow::None, EnrollFlow::Aws, EnrollFlow::ThingsBoard, EnrollFlow::OpenRemote}) {
        if (v == name_of(f)) {
            c.enroll = f;
            return {};
        }
    }
    return invalid("'" + std::string(v) + "' is not none|aws|thingsboard|openremote");
}

// AWS template names: 1..36 of [0-9A-Za-z_-].
ConfigStatus set_enroll_template(DeviceConfig& c, std::string_view v) {
    if (v.empty() || v.size() > 36 || !all_chars(v, realm_char))
        return invalid("'" + std::string(v) + "' is not a template name");
    c.enroll_template = std::string(v);
    return {};
}

// A secret-like text sent in JSON: 1..128 printable characters.
ConfigStatus set_printable(std::string& field, std::string_view v) {
    bool printable = !v.empty() && v.size() <= 128;
    for (char ch : v) printable = printable && static_cast<unsigned char>(ch) >= ' ' && ch != 0x7F;
    if (!printable) return invalid("must be 1..128 printable characters");
    field = std::string(v);
    return {};
}

ConfigStatus set_c8y_name(DeviceConfig& c, std::string_view v) { return set_printable(c.c8y_device_name, v); }
ConfigStatus set_tb_key(DeviceConfig& c, std::string_view v) { return set_printable(c.tb_prov_key, v); }
ConfigStatus set_tb_secret(DeviceConfig& c, std::string_view v) { return set_printable(c.tb_prov_secret, v); }
ConfigStatus set_prov_pop(DeviceConfig& c, std::string_view v) { return set_printable(c.prov_pop, v); }
ConfigStatus set_prov_open(DeviceConfig& c, uint32_t v) {
    if (v > 1) return invalid(std::to_string(v) + " is not 0 (off) or 1 (on)");
    c.prov_open = v == 1;
    return {};
}

// Up to 3 servers, comma-separated, each host[:port] (port 123 by default).
ConfigStatus set_ntp_servers(DeviceConfig& c, std::string_view v) {
    constexpr size_t kMaxServers = 3;
    std::vector<net::HostPort> servers;
    for (;;) {
        size_t comma = v.find(',');
        std::string_view item = v.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        auto hp = net::parse_host_port(item, 123);
        if (!hp) return invalid("'" + std::string(item) + "' " + hp.err().reason);
        servers.push_back(std::move(hp.value()));
        if (servers.size() > kMaxServers) return invalid("more than " + std::to_string(kMaxServers) + " servers");
        if (comma == std::string_view::npos) break;
        v.remove_prefix(comma + 1);
    }
    c.ntp_servers = std::move(servers);
    return {};
}

ConfigStatus set_tls_version(net::TlsVersion& field, std::string_view v) {
    if (!net::parse_tls_version(v, field))
        return invalid("'" + std::string(v) + "' is not 1.2|1.3 (nothing older is supported)");
    return {};
}
ConfigStatus set_tls_min(DeviceConfig& c, std::string_view v) { return set_tls_version(c.tls_min, v); }
ConfigStatus set_tls_max(DeviceConfig& c, std::string_view v) { return set_tls_version(c.tls_max, v); }

struct Field {
    const char* key;
    TextSetter text;  // exactly one of text/u32/flag is set
    U32Setter u32;
    bool runtime;               // may set_config change it? (the id must match the certificate)
    FlagSetter flag = nullptr;  // boot-time switches: never changed at run time
};

constexpr Field kFields[] = {
    {cfg_key::kBrokerUri, set_broker, nullptr, true},
    {cfg_key::kDeviceId, set_device_id, nullptr, false},
    {cfg_key::kProfile, set_profile, nullptr, true},
    {cfg_key::kIntervalS, nullptr, set_interval, true},
    {cfg_key::kUnits, set_units, nullptr, true},
    {cfg_key::kLogLevel, set_log_level, nullptr, true},
    {cfg_key::kTopicPrefix, set_topic_prefix, nullptr, true},
    {cfg_key::kOrRealm, set_or_realm, nullptr, true},
    {cfg_key::kOrAssetId, set_or_asset_id, nullptr, true},
    {cfg_key::kC8yName, set_c8y_name, nullptr, true},
    {cfg_key::kC8yType, set_c8y_type, nullptr, true},
    {cfg_key::kOtaSelftestS, nullptr, set_ota_selftest, true},
    {cfg_key::kOtaChunk, nullptr, set_ota_chunk, true},
    // A switch that weakens security is set on the device, never by a command.
    {cfg_key::kOtaUnsignedOk, nullptr, nullptr, false, set_ota_unsigned_ok},
    {cfg_key::kOfflineMax, nullptr, set_offline_max, true},
    {cfg_key::kReconnectMaxS, nullptr, set_reconnect_max, false},
    // Enrollment happens before the first connection: run-time changes would come too late.
    {cfg_key::kEnroll, set_enroll, nullptr, false},
    {cfg_key::kEnrollTemplate, set_enroll_template, nullptr, false},
    {cfg_key::kTbProvKey, set_tb_key, nullptr, false},
    {cfg_key::kTbProvSecret, set_tb_secret, nullptr, false},
    // Who may provision the device is decided at manufacturing, never by a command.
    {cfg_key::kProvPop, set_prov_pop, nullptr, false},
    {cfg_key::kProvOpen, nullptr, set_prov_open, false},
    // The clock is set once, before anything connects.
    {cfg_key::kNtpServers, set_ntp_servers, nullptr, false},
    // A version change that locks the device out of its broker is cured only by a new config image.
    {cfg_key::kTlsMin, set_tls_min, nullptr, false},
    {cfg_key::kTlsMax, set_tls_max, nullptr, false},
};

const Field* find_field(std::string_view key) {
    for (const auto& f : kFields)
        if (key == f.key) return &f;
    return nullptr;
}

// One stored value taken, or what is wrong with it; an absent value is no problem.
template <typename T, typename Setter>
ConfigStatus load_value(const Result<T>& v, Setter set, DeviceConfig& cfg) {
    if (v) return set(cfg, v.value());
    if (v.err() != Err::NotFound) return Error<Err>(v.err(), std::string("unreadable (") + name_of(v.err()) + ")");
    return {};
}

void load_field(const Field& f, ConfigSource& src, DeviceConfig& cfg, std::vector<std::string>& errors) {
    ConfigStatus loaded = f.text != nullptr   ? load_value(src.get_string(f.key), f.text, cfg)
                          : f.flag != nullptr ? load_value(src.get_u8(f.key), f.flag, cfg)
                                              : load_value(src.get_u32(f.key), f.u32, cfg);
    if (!loaded.ok()) errors.push_back(std::string(f.key) + ": " + loaded.err().reason + "; default kept");
}

// A u32 from a JSON number or a decimal string.
bool json_u32(const Json& v, uint32_t& out) {
    if (v.is_number_integer()) {  // signed when built in code from an int, unsigned when parsed
        if (!v.is_number_unsigned() && v.get<int64_t>() < 0) return false;
        if (v.get<uint64_t>() > UINT32_MAX) return false;
        out = static_cast<uint32_t>(v.get<uint64_t>());
        return true;
    }
    if (!v.is_string()) return false;
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 10) return false;
    uint64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    if (n > UINT32_MAX) return false;
    out = static_cast<uint32_t>(n);
    return true;
}

ConfigStatus apply_one(DeviceConfig& cfg, const std::string& key, const Json& v, ConfigChange& change) {
    const Field* f = find_field(key);
    if (f == nullptr) return invalid("unknown config key: " + key);
    if (!f->runtime || f->flag != nullptr) return invalid(key + " cannot be changed at run time");
    change.key = key;
    ConfigStatus taken;
    if (f->text != nullptr) {
        if (!v.is_string()) return invalid(key + ": expected a string");
        change.text = v.get<std::string>();
        taken = f->text(cfg, change.text);
    } else {
        if (!json_u32(v, change.number)) return invalid(key + ": expected an unsigned number");
        change.is_u32 = true;
        taken = f->u32(cfg, change.number);
    }
    if (!taken.ok()) return invalid(key + ": " + taken.err().reason);
    return {};
}

}  // namespace

constexpr fw::EnumName<EnrollFlow> kEnrollFlowNames[] = {
    {EnrollFlow::None, "none"},
    {EnrollFlow::Aws, "aws"},
    {EnrollFlow::ThingsBoard, "thingsboard"},
    {EnrollFlow::OpenRemote, "openremote"},
};

const char* name_of(EnrollFlow f) { return fw::name_in(kEnrollFlowNames, f); }

ConfigStatus set_config_text(DeviceConfig& cfg, std::string_view key, std::string_view value) {
    const Field* f = find_field(key);
    if (f == nullptr || f->text == nullptr) return invalid("not a text config key: " + std::string(key));
    return f->text(cfg, value);
}

constexpr fw::EnumName<ProfileKind> kProfileKindNames[] = {
    {ProfileKind::Generic, "generic"},
    {ProfileKind::ThingsBoard, "thingsboard"},
    {ProfileKind::Cumulocity, "cumulocity"},
    {ProfileKind::OpenRemote, "openremote"},
};

const char* name_of(ProfileKind k) { return fw::name_in(kProfileKindNames, k); }

Result<BrokerUri, Error<Err>> parse_broker_uri(std::string_view uri) {
    constexpr std::string_view kScheme = "mqtts://";
    if (uri.substr(0, kScheme.size()) != kScheme)
        return Error<Err>(Err::InvalidArg, "'" + std::string(uri) + "' must start with mqtts:// (TLS is mandatory)");
    std::string_view rest = uri.substr(kScheme.size());
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    auto hp = net::parse_host_port(rest, 8883);
    if (!hp) return Error<Err>(hp.err().code, "'" + std::string(uri) + "' " + hp.err().reason);
    BrokerUri out;
    out.host = std::move(hp->host);
    out.port = hp->port;
    return out;
}

ConfigLoad load_device_config(ConfigSource& src, const DeviceIdentity& identity) {
    ConfigLoad out;
    for (const auto& f : kFields) load_field(f, src, out.config, out.errors);
    DeviceConfig& cfg = out.config;
    if (cfg.device_id.empty() && !identity.cert_cn.empty()) {
        if (valid_device_id(identity.cert_cn))
            cfg.device_id = identity.cert_cn;
        else
            out.errors.push_back("certificate CN '" + identity.cert_cn +
                                 "' is not usable as a device id ([A-Za-z0-9._-], 1..64); using the MAC");
    }
    if (cfg.device_id.empty()) cfg.device_id = device_id_from_mac(identity.mac);
    if (cfg.tls_min > cfg.tls_max) {
        out.errors.push_back(std::string(cfg_key::kTlsMin) + " " + net::tls_version_name(cfg.tls_min) + " is above " +
                             cfg_key::kTlsMax + " " + net::tls_version_name(cfg.tls_max) + "; defaults kept");
        cfg.tls_min = DeviceConfig{}.tls_min;
        cfg.tls_max = DeviceConfig{}.tls_max;
    }
    if (!cfg.broker.configured()) out.errors.push_back(std::string(cfg_key::kBrokerUri) + ": not set; cannot connect");
    if (cfg.profile == ProfileKind::OpenRemote && cfg.or_asset_id.empty() && cfg.enroll != EnrollFlow::OpenRemote)
        out.errors.push_back(std::string(cfg_key::kOrAssetId) + ": required by the openremote profile");
    if (cfg.enroll == EnrollFlow::ThingsBoard && (cfg.tb_prov_key.empty() || cfg.tb_prov_secret.empty()))
        out.errors.push_back("enroll thingsboard needs tb_prov_key and tb_prov_secret");
    return out;
}

ConfigStatus apply_config(DeviceConfig& cfg, const Json& params, std::vector<ConfigChange>& changes) {
    if (!params.is_object() || params.empty()) return invalid("expected {\"key\":value,...}");
    DeviceConfig next = cfg;
    std::vector<ConfigChange> next_changes;
    for (auto it = params.begin(); it != params.end(); ++it) {
        ConfigChange change;
        FW_TRY(apply_one(next, it.key(), it.value(), change));
        next_changes.push_back(std::move(change));
    }
    if (next.profile == ProfileKind::OpenRemote && next.or_asset_id.empty() && next.enroll != EnrollFlow::OpenRemote)
        return invalid("the openremote profile needs or_asset_id");
    cfg = std::move(next);
    changes = std::move(next_changes);
    return {};
}

}  // namespace fw::app
