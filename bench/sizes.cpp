#include "sizes.h"

#include <filesystem>
#include <sstream>

#include "support/process.h"

namespace bench {
namespace {

struct SectionSizes {
    unsigned long text = 0, data = 0, bss = 0;
    bool ok = false;
};

// `size -t` over an archive: its last line holds the totals of all member objects.
SectionSizes archive_sizes(const std::string& path) {
    std::string out;
    SectionSizes s;
    if (testsupport::run_command({BENCH_SIZE_TOOL, "-t", path}, &out) != 0) return s;
    std::istringstream in(out);
    std::string line, last;
    while (std::getline(in, line))
        if (line.find("(TOTALS)") != std::string::npos) last = line;
    std::istringstream totals(last);
    s.ok = static_cast<bool>(totals >> s.text >> s.data >> s.bss);
    return s;
}

}  // namespace

void code_sizes(Report& report) {
    auto& js = report.json()["size"];
    Table images;
    images.title = "Flash images";
    images.columns = {"image", "bytes"};
    images.note = "ESP-IDF format app images of the POSIX build (stripped x86-64 ELF inside); a chip build differs.";
    for (const char* name : {"bootloader.img", "app.img"}) {
        std::error_code ec;
        auto bytes = std::filesystem::file_size(std::string(BENCH_IMAGE_DIR) + "/" + name, ec);
        images.rows.push_back({name, ec ? "missing" : std::to_string(bytes)});
        if (!ec) js["images"][name] = bytes;
    }
    report.add(std::move(images));

    Table layers;
    layers.title = "Firmware code per layer";
    layers.columns = {"layer", "text B", "data B", "text+data B", "bss B"};
    layers.note =
        "`size -t` totals of each layer's static library (all object files, before the linker's "
        "--gc-sections drops unused functions), x86-64 Release build.";
    std::istringstream list(BENCH_ARCHIVES);
    std::string item;
    unsigned long total = 0;
    while (std::getline(list, item, ',')) {
        if (item.empty()) continue;
        auto eq = item.find('=');
        const std::string name = item.substr(0, eq);
        SectionSizes s = archive_sizes(item.substr(eq + 1));
        if (!s.ok) {
            layers.rows.push_back({name, "n/a", "n/a", "n/a", "n/a"});
            continue;
        }
        total += s.text + s.data;
        layers.rows.push_back({name, std::to_string(s.text), std::to_string(s.data), std::to_string(s.text + s.data),
                               std::to_string(s.bss)});
        js["layers"][name] = {{"text", s.text}, {"data", s.data}, {"bss", s.bss}};
    }
    layers.rows.push_back({"**total**", "", "", std::to_string(total), ""});
    report.add(std::move(layers));
}

}  // namespace bench
