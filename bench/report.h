#pragma once
// The bench's output: markdown tables for people, one JSON document for machines.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bench {

struct Table {
    std::string title;
    std::string note;  // printed under the table: what was measured, assumptions
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};

class Report {
public:
    void add(Table t) { tables_.push_back(std::move(t)); }
    // Figures under `key` of the JSON document.
    nlohmann::ordered_json& json() { return json_; }
    const nlohmann::ordered_json& json() const { return json_; }
    std::string markdown(const std::string& heading) const;
    // Writes both files; false if one cannot be written.
    bool write(const std::string& md_path, const std::string& json_path, const std::string& heading) const;

private:
    std::vector<Table> tables_;
    nlohmann::ordered_json json_;
};

// "1234.5" with `decimals` digits; ratios as "2.31x".
std::string fixed(double v, int decimals = 1);
std::string ratio(double num, double den);

}  // namespace bench
