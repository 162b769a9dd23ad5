#include "firmware/app/platform/smartrest_csv.h"

namespace fw::app::csv {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

template <class Fields>
std::string join(const Fields& fields) {
    std::string row;
    bool first = true;
    for (const auto& f : fields) {
        if (!first) row += ',';
        first = false;
        row += escape_field(f);
    }
    return row;
}

// Reads one quoted field starting after its opening quote; `i` ends after the closing quote.
Status read_quoted(std::string_view s, size_t& i, std::string& out) {
    while (i < s.size()) {
        char c = s[i];
        if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
            out += s[i + 1];
            i += 2;
        } else if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
            out += '"';
            i += 2;
        } else if (c == '"') {
            ++i;
            return ok_status();
        } else {
            out += c;
            ++i;
        }
    }
    return Err::Protocol;
}

}  // namespace

bool needs_quotes(std::string_view f) {
    if (f.empty()) return false;
    if (is_space(f.front()) || is_space(f.back())) return true;
    return f.find_first_of("\",\n\r\t") != std::string_view::npos;
}

std::string escape_field(std::string_view f) {
    if (!needs_quotes(f)) return std::string(f);
    std::string out = "\"";
    for (size_t i = 0; i < f.size(); ++i) {
        char c = f[i];
        if (c == '"') {
            out += "\\\"";
        } else if (c == '\\' && (i + 1 == f.size() || f[i + 1] == '"' || f[i + 1] == '\\')) {
            out += "\\\\";
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string make_row(std::initializer_list<std::string_view> fields) { return join(fields); }
std::string make_row(const std::vector<std::string>& fields) { return join(fields); }

Result<std::vector<Row>> parse_rows(std::string_view s) {
    std::vector<Row> rows;
    Row row;
    std::string field;
    bool row_has_content = false;
    size_t i = 0;
    auto end_row = [&] {
        if (row_has_content) {
            row.push_back(std::move(field));
            rows.push_back(std::move(row));
        }
        row.clear();
        field.clear();
        row_has_content = false;
    };
    while (i < s.size()) {
        char c = s[i];
        if (c == '"' && field.empty()) {
            ++i;
            row_has_content = true;
            FW_TRY(read_quoted(s, i, field));
            bool at_boundary =
                i == s.size() || s[i] == ',' || s[i] == '\n' || (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n');
            if (!at_boundary) return Err::Protocol;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            row_has_content = true;
            ++i;
        } else if (c == '\n') {
            end_row();
            ++i;
        } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
            ++i;
        } else {
            field += c;
            row_has_content = true;
            ++i;
        }
    }
    end_row();
    return rows;
}

}  // namespace fw::app::csv
