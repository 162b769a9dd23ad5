#include "tools/src/cli/option_table.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cli {
namespace {

std::string shortest(double d) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", d);
    return text;
}

}  // namespace

OptionTable& OptionTable::add(Option o) {
    options_.push_back(std::move(o));
    return *this;
}

OptionTable& OptionTable::text(const std::string& name, std::string& field) {
    return value(
        name,
        [&field](const std::string& v) {
            field = v;
            return true;
        },
        "");
}

OptionTable& OptionTable::list(const std::string& name, std::vector<std::string>& field) {
    return value(
        name,
        [&field](const std::string& v) {
            field.push_back(v);
            return true;
        },
        "");
}

OptionTable& OptionTable::real(const std::string& name, double& field, double lo, double hi) {
    return value(
        name,
        [&field, lo, hi](const std::string& v) {
            char* end = nullptr;
            errno = 0;
            double d = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || errno != 0 || !std::isfinite(d) || d < lo || d > hi) return false;
            field = d;
            return true;
        },
        "must be a number in " + shortest(lo) + ".." + shortest(hi));
}

OptionTable& OptionTable::value(const std::string& name, std::function<bool(const std::string&)> set,
                                std::string must) {
    return add({name, true, std::move(set), std::move(must)});
}

OptionTable& OptionTable::flag(const std::string& name, bool& field) {
    return flag(name, [&field] { field = true; });
}

OptionTable& OptionTable::flag(const std::string& name, std::function<void()> on) {
    return add({name, false,
                [on = std::move(on)](const std::string&) {
                    on();
                    return true;
                },
                ""});
}

OptionTable& OptionTable::alias(const std::string& spelling, const std::string& name) {
    aliases_.emplace_back(spelling, name);
    return *this;
}

OptionTable& OptionTable::words(std::vector<std::string>& field) {
    words_ = &field;
    return *this;
}

const OptionTable::Option* OptionTable::find(const std::string& spelling) const {
    std::string name = spelling;
    for (const auto& [from, to] : aliases_)
        if (from == spelling) name = to;
    for (const Option& o : options_)
        if (o.name == name) return &o;
    return nullptr;
}

Parsed OptionTable::parse(int argc, char** argv, int first) {
    return parse(std::vector<std::string>(argv, argv + argc), static_cast<size_t>(first));
}

Parsed OptionTable::parse(const std::vector<std::string>& args, size_t first) {
    error_.clear();
    given_.clear();
    for (size_t i = first; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg == "-h" || arg == "--help") return Parsed::Help;
        const Option* o = find(arg);
        std::string value;
        bool inline_value = false;
        if (!o && arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
            value = arg.substr(arg.find('=') + 1);
            arg.resize(arg.find('='));
            inline_value = true;
            o = find(arg);
        }
        if (!o) {
            if (words_ && arg.rfind("--", 0) != 0) {
                words_->push_back(arg);
                continue;
            }
            error_ = (arg.rfind("-", 0) == 0 ? "unknown option " : "unexpected argument ") + arg;
            return Parsed::Error;
        }
        if (o->takes_value && !inline_value) {
            if (i + 1 >= args.size()) {
                error_ = "missing value for " + o->name;
                return Parsed::Error;
            }
            value = args[++i];
        } else if (!o->takes_value && inline_value) {
            error_ = o->name + " takes no value";
            return Parsed::Error;
        }
        if (!o->set(value)) {
            error_ = o->name + " " + o->must + " (not '" + value + "')";
            return Parsed::Error;
        }
        given_.insert(o->name);
    }
    return Parsed::Ok;
}

bool OptionTable::require(const std::vector<std::string>& names) {
    for (const std::string& n : names) {
        if (!given(n)) {
            error_ = n + " is required";
            return false;
        }
    }
    return true;
}

bool OptionTable::parse_integer(const std::string& text, long long lo, long long hi, long long& out) {
    size_t digits = text.size() > 0 && text[0] == '-' ? 1 : 0;
    if (text.size() == digits || text.size() - digits > 18 ||
        text.find_first_not_of("0123456789", digits) != std::string::npos)
        return false;
    long long n = std::strtoll(text.c_str(), nullptr, 10);
    if (n < lo || n > hi) return false;
    out = n;
    return true;
}

}  // namespace cli
