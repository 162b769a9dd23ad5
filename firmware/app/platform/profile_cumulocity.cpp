#include "firmware/app/platform/internal/profile_cumulocity.h"

#include <nlohmann/json.hpp>

#include "firmware/app/platform/smartrest_csv.h"

namespace fw::app {
namespace {

constexpr const char* kUp = "s/us";
constexpr const char* kOperations = "s/ds";
constexpr const char* kErrors = "s/e";
constexpr const char* kRestart = "c8y_Restart";
constexpr const char* kShell = "c8y_Command";
constexpr const char* kFirmware = "c8y_Firmware";

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        size_t start = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

// A 511 shell command: "<name> [args]" in the neutral command names.
Command command_from_text(std::string_view text) {
    auto w = words(text);
    if (w.empty()) return malformed_command("empty command text");
    Json params;
    switch (command_name_from(w[0])) {
        case CommandName::SetInterval:
            if (w.size() != 2) return malformed_command("usage: set_interval <seconds>");
            params = std::string(w[1]);
            break;
        case CommandName::SetConfig:
            params = Json::object();
            for (size_t i = 1; i < w.size(); ++i) {
                size_t eq = w[i].find('=');
                if (eq == 0 || eq == std::string_view::npos)
                    return malformed_command("usage: set_config <key>=<value> ...");
                params[std::string(w[i].substr(0, eq))] = std::string(w[i].substr(eq + 1));
            }
            break;
        case CommandName::Ota:
            if (w.size() != 3) return malformed_command("usage: ota <https url> <version>");
            params["url"] = std::string(w[1]);
            params["version"] = std::string(w[2]);
            break;
        case CommandName::Reboot:
        case CommandName::GetStatus:
        case CommandName::FactoryReset:
        case CommandName::Unknown: break;
    }
    return make_command(w[0], std::move(params));
}

std::string joined(const csv::Row& row, size_t from) {
    std::string out;
    for (size_t i = from; i < row.size(); ++i) out += (i > from ? ", " : "") + row[i];
    return out;
}

}  // namespace

CumulocityProfile::CumulocityProfile(const DeviceConfig& cfg, size_t max_payload)
    : Profile(max_payload),
      serial_(cfg.device_id),
      name_(cfg.c8y_name()),
      type_(cfg.c8y_device_type),
      units_(cfg.units) {}

uint32_t CumulocityProfile::required_interval_min(uint32_t interval_s) {
    uint32_t m = static_cast<uint32_t>((3ull * interval_s + 59) / 60);
    return m == 0 ? 1 : m;
}

ConnectOptions CumulocityProfile::connect_options() const {
    ConnectOptions o;
    o.client_id = "d:" + serial_;
    o.will = Publish{kUp, csv::make_row({"400", "c8y_ConnectionEvent", "Device connection was lost."}), 1, false};
    return o;
}

std::vector<Subscription> CumulocityProfile::subscriptions() const { return {{kOperations, 1}, {kErrors, 1}}; }

std::vector<Publish> CumulocityProfile::startup_messages(const SessionInfo& info) const {
    std::string rows =
        csv::make_row({"100", name_, type_}) + "\n" + csv::make_row({"110", serial_, info.model, info.revision}) +
        "\n" + csv::make_row({"114", kRestart, kShell, kFirmware}) + "\n" +
        csv::make_row({"115", info.firmware_name, info.firmware_version}) + "\n" + availability_row(info.interval_s) +
        "\n" + "500";  // ask for operations that arrived while we were offline
    return {{kUp, std::move(rows)}};
}

std::string CumulocityProfile::availability_row(uint32_t interval_s) {
    return csv::make_row({"117", std::to_string(required_interval_min(interval_s))});
}

std::vector<Publish> CumulocityProfile::format_interval_changed(uint32_t interval_s) const {
    return {{kUp, availability_row(interval_s)}};
}

std::string CumulocityProfile::reading_rows(const TimedReading& r) const {
    std::vector<std::string> temp;
    if (units_ == Units::Celsius)
        temp = {"211", number_text(temperature_in(r.value, units_))};
    else
        temp = {"200", "c8y_TemperatureMeasurement", "T", number_text(temperature_in(r.value, units_)), "F"};
    std::vector<std::string> hum = {"200", "c8y_Humidity", "h", number_text(humidity(r.value)), "%RH"};
    if (r.has_time()) {
        temp.push_back(iso8601_utc(r.unix_ms));
        hum.push_back(iso8601_utc(r.unix_ms));
    }
    return csv::make_row(temp) + "\n" + csv::make_row(hum);
}

Result<std::vector<Publish>> CumulocityProfile::format_live(const TimedReading& r) const {
    std::string rows = reading_rows(r);
    if (rows.size() > max_payload()) return Err::TooLarge;
    return std::vector<Publish>{{kUp, std::move(rows)}};
}

Result<std::vector<Publish>> CumulocityProfile::format_batch(const std::vector<TimedReading>& readings) const {
    return batch_publishes(
        readings, [this](const TimedReading& r) { return reading_rows(r); }, {"", "\n", ""}, max_payload(), kUp);
}

void CumulocityProfile::parse_operations(std::string_view payload, Inbound& in) const {
    auto rows = csv::parse_rows(payload);
    if (!rows) {
        in.errors.push_back("unparseable s/ds payload: " + std::string(payload));
        return;
    }
    for (const auto& row : *rows) {
        const std::string& id = row[0];
        if (id != "510" && id != "511" && id != "515") {
            // 106/124 are inventory answers, not operations; other 5xx are operations we did not
            // announce in 114, so their fragment (needed for 502) is unknown here.
            if (id.size() == 3 && id[0] == '5') in.errors.push_back("unsupported operation: " + csv::make_row(row));
            continue;
        }
        if (row.size() < 2 || row[1] != serial_) {
            in.errors.push_back("operation for another device ignored: " + csv::make_row(row));
            continue;
        }
        Command c;
        if (id == "510") {
            c = make_command(name_of(CommandName::Reboot), nullptr);
            c.reply_to = kRestart;
        } else if (id == "511") {
            c = row.size() < 3 ? malformed_command("511 without a command text") : command_from_text(row[2]);
            c.reply_to = kShell;
        } else {
            if (row.size() < 5) {
                c = malformed_command("515 needs firmware name, version and url");
            } else {
                Json p;
                p["name"] = row[2];
                p["version"] = row[3];
                p["url"] = row[4];
                c = make_command(name_of(CommandName::Ota), std::move(p));
            }
            c.reply_to = kFirmware;
        }
        in.commands.push_back(std::move(c));
    }
}

Inbound CumulocityProfile::parse_inbound(std::string_view topic, std::string_view payload) const {
    Inbound in;
    if (topic == kOperations) {
        parse_operations(payload, in);
    } else if (topic == kErrors) {
        auto rows = csv::parse_rows(payload);
        if (!rows) {
            in.errors.push_back("cumulocity error (unparseable): " + std::string(payload));
        } else {
            for (const auto& row : *rows) in.errors.push_back("cumulocity error " + row[0] + ": " + joined(row, 1));
        }
    } else {
        in.errors.push_back("message on unexpected topic " + std::string(topic));
    }
    return in;
}

std::vector<Publish> CumulocityProfile::format_accepted(const Command& cmd) const {
    return {{kUp, csv::make_row({"501", cmd.reply_to})}};
}

std::vector<Publish> CumulocityProfile::format_response(const Command& cmd, const CommandResult& r) const {
    // 502/503 apply to the oldest EXECUTING operation of the fragment, so an operation that was
    // refused before it started is moved to EXECUTING first.
    std::string rows = cmd.valid() ? "" : csv::make_row({"501", cmd.reply_to}) + "\n";
    if (!r.ok) {
        rows += csv::make_row({"502", cmd.reply_to, r.error});
    } else if (cmd.reply_to == kShell && !r.result->is_null()) {
        const Json& out = *r.result;
        rows += csv::make_row({"503", cmd.reply_to, out.is_string() ? out.get<std::string>() : json_text(out)});
    } else {
        rows += csv::make_row({"503", cmd.reply_to});
    }
    return {{kUp, std::move(rows)}};
}

std::string CumulocityProfile::connack_error(uint8_t code) const {
    switch (code) {
        case 2: return "client id rejected (it must be d:<serial> with the certificate CN as serial)";
        case 4: return "bad credentials";
        case 5: return "not authorised: is the CA trusted in the tenant and the device certificate's CN its serial?";
    }
    return Profile::connack_error(code);
}

}  // namespace fw::app
