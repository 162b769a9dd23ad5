#include <cstdio>
#include <iostream>

#include "commands.h"
#include "file_io.h"
#include "flash_file.h"
#include "options.h"
#include "partition_csv.h"

namespace fwtool {
namespace {

const char* type_name(uint8_t t) { return t == 0 ? "app" : t == 1 ? "data" : "custom"; }

std::string subtype_name(const fw::storage::Partition& p) {
    namespace st = fw::storage::subtype;
    if (p.is_ota_slot()) return "ota_" + std::to_string(p.subtype - st::kOtaMin);
    if (p.type == 0)
        return p.subtype == st::kFactory ? "factory" : p.subtype == st::kTest ? "test" : std::to_string(p.subtype);
    if (p.type == 1) {
        switch (p.subtype) {
            case st::kOta: return "ota";
            case st::kPhy: return "phy";
            case st::kNvs: return "nvs";
            case st::kCoredump: return "coredump";
            case st::kNvsKeys: return "nvs_keys";
            case st::kEfuse: return "efuse";
            case st::kFat: return "fat";
            case st::kSpiffs: return "spiffs";
            case st::kLittlefs: return "littlefs";
            default: break;
        }
    }
    char b[8];
    std::snprintf(b, sizeof b, "0x%02x", p.subtype);
    return b;
}

int gen(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"output", "flash-size"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 1 || !o.has("output")) return fail("usage: partition gen CSV -o BIN [--flash-size 4M]");
    uint64_t flash_size = 4 << 20;
    if (o.has("flash-size") && !parse_size(o.get("flash-size"), flash_size))
        return fail("bad --flash-size '" + o.get("flash-size") + "'");
    std::string text;
    if (!read_text(o.positional[0], text, error)) return fail(error);
    CsvResult r = parse_partition_csv(text, o.positional[0], flash_size);
    if (!r.error.empty()) return fail(r.error);
    if (!write_file_atomic(o.get("output"), fw::storage::PartitionTable(r.partitions).serialize(), error))
        return fail(error);
    return 0;
}

int dump(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"flash"}, {}, o, error)) return fail(error);
    fw::storage::PartitionTable table;
    if (o.has("flash")) {
        LoadedFlash f;
        if (!load_flash(o.get("flash"), f, error)) return fail(error);
        table = f.table;
    } else if (o.positional.size() == 1) {
        std::vector<uint8_t> bin;
        if (!read_file(o.positional[0], bin, error)) return fail(error);
        auto t = fw::storage::PartitionTable::parse(bin.data(), bin.size(), 0);
        if (!t.ok()) return fail(o.positional[0] + ": not a valid partition table (" + fw::name_of(t.err()) + ")");
        table = t.value();
    } else {
        return fail("usage: partition dump (BIN | --flash FLASH)");
    }
    std::cout << "# Name, Type, SubType, Offset, Size, Flags\n";
    for (const auto& p : table.partitions()) {
        char line[160];
        std::snprintf(line, sizeof line, "%s, %s, %s, 0x%x, 0x%x, %s%s", p.label.c_str(), type_name(p.type),
                      subtype_name(p).c_str(), p.offset, p.size, (p.flags & 1) ? "encrypted" : "",
                      (p.flags & 2) ? ((p.flags & 1) ? ":readonly" : "readonly") : "");
        std::cout << line << "\n";
    }
    return 0;
}

}  // namespace

int cmd_partition(const Args& args) {
    if (!args.empty() && args[0] == "gen") return gen(Args(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "dump") return dump(Args(args.begin() + 1, args.end()));
    return fail("usage: partition (gen CSV -o BIN | dump BIN)");
}

}  // namespace fwtool
