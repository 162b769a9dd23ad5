#include "report.h"

#include <cstdio>
#include <fstream>

namespace bench {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string ratio(double num, double den) { return den > 0 ? fixed(num / den, 2) + "x" : "n/a"; }

std::string Report::markdown(const std::string& heading) const {
    std::string md = "# " + heading + "\n";
    for (const auto& t : tables_) {
        md += "\n## " + t.title + "\n\n|";
        for (const auto& c : t.columns) md += " " + c + " |";
        md += "\n|";
        for (size_t i = 0; i < t.columns.size(); ++i) md += i == 0 ? "---|" : "---:|";
        md += "\n";
        for (const auto& r : t.rows) {
            md += "|";
            for (const auto& cell : r) md += " " + cell + " |";
            md += "\n";
        }
        if (!t.note.empty()) md += "\n" + t.note + "\n";
    }
    return md;
}

bool Report::write(const std::string& md_path, const std::string& json_path, const std::string& heading) const {
    std::ofstream md(md_path);
    md << markdown(heading);
    std::ofstream js(json_path);
    js << json_.dump(2) << "\n";
    return md.good() && js.good();
}

}  // namespace bench
