#pragma once
// The command lines of the host tools (fwtool, prov, devcloud, otapub, fleetrun), read against a
// table of the options each one takes: "--name VALUE" or "--name=VALUE", switches without a value,
// words that are not options (when the tool takes them) and -h/--help. Every value is checked as
// it is read, so each tool states its options once and every tool words its errors alike.
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace cli {

enum class Parsed { Ok, Help, Error };

class OptionTable {
public:
    // A value kept as it is.
    OptionTable& text(const std::string& name, std::string& field);
    // A value that may be given more than once, each kept.
    OptionTable& list(const std::string& name, std::vector<std::string>& field);
    // A whole decimal number in lo..hi ("--port must be 1..65535" otherwise).
    template <class Int>
    OptionTable& integer(const std::string& name, Int& field, long long lo, long long hi) {
        return value(
            name,
            [&field, lo, hi](const std::string& v) {
                long long n = 0;
                if (!parse_integer(v, lo, hi, n)) return false;
                field = static_cast<Int>(n);
                return true;
            },
            "must be " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    // A decimal number (fractions allowed) in lo..hi.
    OptionTable& real(const std::string& name, double& field, double lo, double hi);
    // Any other value: `set` takes it or refuses it, and then the error is "NAME MUST".
    OptionTable& value(const std::string& name, std::function<bool(const std::string&)> set, std::string must);
    // A switch: no value.
    OptionTable& flag(const std::string& name, bool& field);
    OptionTable& flag(const std::string& name, std::function<void()> on);
    // Another spelling of an option ("-o" for "--output").
    OptionTable& alias(const std::string& spelling, const std::string& name);
    // Words that do not start with "--" are kept here; without it they are refused.
    OptionTable& words(std::vector<std::string>& field);

    // Reads args[first..]. Error: error() says why.
    Parsed parse(const std::vector<std::string>& args, size_t first = 0);
    Parsed parse(int argc, char** argv, int first = 1);
    // After parse: whether NAME was on the line.
    bool given(const std::string& name) const { return given_.count(name) != 0; }
    // After parse: false, with error() "NAME is required", when one of NAMES was not given.
    bool require(const std::vector<std::string>& names);
    const std::string& error() const { return error_; }

    static bool parse_integer(const std::string& text, long long lo, long long hi, long long& out);

private:
    struct Option {
        std::string name;
        bool takes_value;
        std::function<bool(const std::string&)> set;
        std::string must;
    };
    OptionTable& add(Option o);
    const Option* find(const std::string& spelling) const;

    std::vector<Option> options_;
    std::vector<std::pair<std::string, std::string>> aliases_;
    std::vector<std::string>* words_ = nullptr;
    std::set<std::string> given_;
    std::string error_;
};

}  // namespace cli
