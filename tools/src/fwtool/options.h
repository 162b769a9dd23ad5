#pragma once
// Minimal option parsing for fwtool subcommands: "--name value" pairs and positional words.
#include <map>
#include <string>
#include <vector>

namespace fwtool {

struct Options {
    std::vector<std::string> positional;
    std::map<std::string, std::string> named;

    bool has(const std::string& k) const { return named.count(k) != 0; }
    std::string get(const std::string& k, const std::string& dflt = "") const {
        auto it = named.find(k);
        return it == named.end() ? dflt : it->second;
    }
};

// `-o` is accepted as "--output". Every --option takes a value except those in `switches`.
// Returns false (with `error`) on a missing value or an option not in `known`.
bool parse_options(const std::vector<std::string>& args, const std::vector<std::string>& known,
                   const std::vector<std::string>& switches, Options& out, std::string& error);

}  // namespace fwtool
