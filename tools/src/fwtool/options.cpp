#include "options.h"

#include "tools/src/cli/option_table.h"

namespace fwtool {

bool parse_options(const std::vector<std::string>& args, const std::vector<std::string>& known,
                   const std::vector<std::string>& switches, Options& out, std::string& error) {
    cli::OptionTable t;
    for (const std::string& k : known)
        t.value(
            "--" + k,
            [&out, k](const std::string& v) {
                out.named[k] = v;
                return true;
            },
            "");
    // insert_or_assign of a std::string: GCC 12 warns wrongly (-Wrestrict) on assigning "1" here.
    for (const std::string& k : switches)
        t.flag("--" + k, [&out, k] { out.named.insert_or_assign(k, std::string("1")); });
    t.alias("-o", "--output").words(out.positional);
    if (t.parse(args) == cli::Parsed::Ok) return true;
    error = t.error().empty() ? "the commands are listed by fwtool --help" : t.error();
    return false;
}

}  // namespace fwtool
