#pragma once
// The run's summary: the JSON written to summary.json, and the same as text for the terminal.
#include <cstdio>
#include <nlohmann/json.hpp>

namespace fleet {

void print_summary(const nlohmann::json& s, std::FILE* out);

}  // namespace fleet
