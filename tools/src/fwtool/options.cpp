#include "options.h"

#include <algorithm>

namespace fwtool {

bool parse_options(const std::vector<std::string>& args, const std::vector<std::string>& known,
                   const std::vector<std::string>& switches, Options& out, std::string& error) {
    auto listed = [](const std::vector<std::string>& v, const std::string& k) {
        return std::find(v.begin(), v.end(), k) != v.end();
    };
    for (size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i];
        if (a == "-o") a = "--output";
        if (a.rfind("--", 0) != 0) {
            out.positional.push_back(a);
            continue;
        }
        std::string k = a.substr(2);
        if (listed(switches, k)) {
            out.named[k] = "1";
            continue;
        }
        if (!listed(known, k)) {
            error = "unknown option " + a;
            return false;
        }
        if (i + 1 >= args.size()) {
            error = "option " + a + " needs a value";
            return false;
        }
        out.named[k] = args[++i];
    }
    return true;
}

}  // namespace fwtool
