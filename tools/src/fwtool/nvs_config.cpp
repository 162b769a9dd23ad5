#include "nvs_config.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

namespace fwtool {
namespace {

struct CsvRow {
    int line = 0;
    std::vector<std::string> fields;
};

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// RFC 4180 fields: unquoted ones are trimmed, quoted ones kept as written.
bool split_csv(const std::string& text, const std::string& file, std::vector<CsvRow>& rows, std::string& error) {
    int line = 1, quote_line = 0;
    CsvRow row{1, {}};
    std::string field;
    bool quoted = false, was_quoted = false;
    auto end_field = [&] {
        row.fields.push_back(was_quoted ? field : trim(field));
        field.clear();
        was_quoted = false;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                line += c == '\n';
                field += c;
            }
        } else if (c == '"' && trim(field).empty()) {
            field.clear();
            quoted = was_quoted = true;
            quote_line = line;
        } else if (c == ',') {
            end_field();
        } else if (c == '\n') {
            end_field();
            rows.push_back(std::move(row));
            row = CsvRow{++line, {}};
        } else if (c != '\r') {
            field += c;
        }
    }
    if (quoted) {
        error = file + ":" + std::to_string(quote_line) + ": unterminated quoted field";
        return false;
    }
    end_field();
    rows.push_back(std::move(row));
    return true;
}

bool parse_csv(const std::string& text, const std::string& file, std::vector<NvsEntry>& out, std::string& error) {
    std::vector<CsvRow> rows;
    if (!split_csv(text, file, rows, error)) return false;
    std::string ns;
    bool header_seen = false;
    for (auto& r : rows) {
        auto& f = r.fields;
        if ((f.size() == 1 && f[0].empty()) || (!f.empty() && f[0].rfind('#', 0) == 0)) continue;
        std::string where = file + ":" + std::to_string(r.line);
        if (!header_seen) {
            header_seen = true;
            std::string first = f[0];
            std::transform(first.begin(), first.end(), first.begin(), [](unsigned char c) { return std::tolower(c); });
            if (first == "key") continue;
        }
        if (f.size() < 2 || f.size() > 4) {
            error = where + ": expected key,type,encoding,value";
            return false;
        }
        f.resize(4);
        if (f[1] == "namespace") {
            ns = f[0];
            continue;
        }
        if (f[1] != "data" && f[1] != "file") {
            error = where + ": type '" + f[1] + "' is not namespace, data or file";
            return false;
        }
        if (ns.empty()) {
            error = where + ": '" + f[0] + "' comes before the first namespace row";
            return false;
        }
        out.push_back(NvsEntry{where, ns, f[0], f[1], f[2], f[3]});
    }
    return true;
}

bool parse_json(const std::string& text, const std::string& file, std::vector<NvsEntry>& out, std::string& error) {
    using json = nlohmann::json;
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        error = file + ": not a JSON object of namespaces";
        return false;
    }
    for (const auto& [ns, keys] : doc.items()) {
        if (!keys.is_object()) {
            error = file + ": namespace '" + ns + "' must be an object of keys";
            return false;
        }
        for (const auto& [key, v] : keys.items()) {
            NvsEntry e{file + ": " + ns + "." + key, ns, key, "data", "", ""};
            if (v.is_boolean()) {
                e.encoding = "u8";
                e.value = v.get<bool>() ? "1" : "0";
            } else if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
                e.encoding = "u64";
                e.value = std::to_string(v.get<uint64_t>());
            } else if (v.is_number_integer()) {
                int64_t n = v.get<int64_t>();
                bool small = n >= std::numeric_limits<int32_t>::min() && n <= std::numeric_limits<int32_t>::max();
                e.encoding = small ? "i32" : "i64";
                e.value = std::to_string(n);
            } else if (v.is_string()) {
                e.encoding = "string";
                e.value = v.get<std::string>();
            } else if (v.is_object() && v.contains("encoding") && v["encoding"].is_string() && v.contains("value")) {
                e.type = v.value("type", "data");
                e.encoding = v["encoding"].get<std::string>();
                e.value = v["value"].is_string() ? v["value"].get<std::string>() : v["value"].dump();
            } else {
                error = e.where + ": expected a number, string, boolean or {\"encoding\": ..., \"value\": ...}";
                return false;
            }
            out.push_back(std::move(e));
        }
    }
    return true;
}

}  // namespace

bool parse_nvs_config(const std::string& text, const std::string& file, std::vector<NvsEntry>& out,
                      std::string& error) {
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') return parse_json(text, file, out, error);
    return parse_csv(text, file, out, error);
}

}  // namespace fwtool
