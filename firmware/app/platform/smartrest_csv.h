#pragma once
// Cumulocity SmartREST 2.0 CSV: one message per row, rows separated by '\n', fields by ','.
// A field is quoted when it holds '"', ',', '\n', '\r', a tab or edge whitespace; inside quotes a
// '"' is written \" (Cumulocity's current rule; the older "" doubling is still read). A backslash
// is escaped (\\) only where a reader would otherwise take it for an escape: before '"' or '\',
// or as the last character. Every other backslash is literal, so "val1=1\nval2=2" stays as sent.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/core/result.h"

namespace fw::app::csv {

using Row = std::vector<std::string>;

bool needs_quotes(std::string_view field);
// The field as it goes on the wire, quoted and escaped when needed.
std::string escape_field(std::string_view field);
// Fields joined with ',' (no row terminator).
std::string make_row(std::initializer_list<std::string_view> fields);
std::string make_row(const std::vector<std::string>& fields);

// Splits a payload into rows of unescaped fields. '\n' or "\r\n" ends a row outside quotes;
// empty lines are skipped. Protocol for an unterminated quote or text after a closing quote.
Result<std::vector<Row>> parse_rows(std::string_view payload);

}  // namespace fw::app::csv
