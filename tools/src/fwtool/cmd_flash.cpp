#include <cstring>
#include <iostream>

#include "commands.h"
#include "file_io.h"
#include "firmware/storage/app_image.h"
#include "firmware/storage/otadata.h"
#include "flash_file.h"
#include "options.h"
#include "partition_csv.h"

namespace fwtool {
namespace {

namespace fs = fw::storage;
constexpr uint32_t kBootloaderOffset = 0x1000;

// Copies `data` into [offset, offset+data.size()) after erasing the sectors it covers, as esptool
// write_flash does; refuses data larger than `limit`.
bool place(std::vector<uint8_t>& flash, uint64_t offset, const std::vector<uint8_t>& data, uint64_t limit,
           const std::string& what, std::string& error) {
    if (data.size() > limit) {
        error = what + " is " + std::to_string(data.size()) + " bytes, larger than its " + std::to_string(limit) +
                "-byte space at " + hex(offset);
        return false;
    }
    if (offset + data.size() > flash.size()) {
        error = what + " does not fit in the flash (ends at " + hex(offset + data.size()) + ")";
        return false;
    }
    uint64_t end = (offset + data.size() + 4095) / 4096 * 4096;
    std::memset(flash.data() + offset / 4096 * 4096, 0xFF, end - offset / 4096 * 4096);
    std::memcpy(flash.data() + offset, data.data(), data.size());
    return true;
}

bool load_image(const std::string& path, std::vector<uint8_t>& out, std::string& error) {
    if (!read_file(path, out, error)) return false;
    if (out.empty() || out[0] != fs::kImageMagic) {
        error = path + ": not an app image (no 0xE9 magic); build one with 'fwtool image create'";
        return false;
    }
    return true;
}

int build(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(
            args, {"partitions", "bootloader", "app", "ota-1", "boot", "boot-state", "nvs", "certfs", "size", "output"},
            {}, o, error))
        return fail(error);
    if (!o.has("partitions") || !o.has("bootloader") || !o.has("output"))
        return fail(
            "usage: flash build --partitions CSV --bootloader IMG [--app IMG] [--ota-1 IMG] [--boot ota_N] "
            "[--boot-state valid|new] [--nvs BIN] [--certfs BIN] [--size 4M] -o flash.bin");
    uint64_t size = 4 << 20;
    if (o.has("size") && (!parse_size(o.get("size"), size) || size % 4096 != 0 || size < 0x10000))
        return fail("bad --size '" + o.get("size") + "' (whole 4 KiB sectors, at least 64K)");
    std::string csv;
    if (!read_text(o.get("partitions"), csv, error)) return fail(error);
    CsvResult parts = parse_partition_csv(csv, o.get("partitions"), size);
    if (!parts.error.empty()) return fail(parts.error);
    fs::PartitionTable table(parts.partitions);

    std::vector<uint8_t> flash(size, 0xFF);
    std::vector<uint8_t> img;
    if (!load_image(o.get("bootloader"), img, error) ||
        !place(flash, kBootloaderOffset, img, fs::kPartitionTableOffset - kBootloaderOffset,
               "bootloader " + o.get("bootloader"), error))
        return fail(error);
    if (!place(flash, fs::kPartitionTableOffset, table.serialize(), fs::kPartitionTableMaxLen, "partition table",
               error))
        return fail(error);

    auto slots = table.ota_slots();
    const fs::Partition* factory = table.find(fs::PartType::App, fs::subtype::kFactory);
    struct AppArg {
        const char* opt;
        const fs::Partition* part;
    } apps[] = {{"app", factory != nullptr ? factory : (slots.empty() ? nullptr : slots[0])},
                {"ota-1", slots.size() > 1 ? slots[1] : nullptr}};
    for (const auto& a : apps) {
        if (!o.has(a.opt)) continue;
        if (a.part == nullptr) return fail(o.get("partitions") + ": no app partition for --" + a.opt);
        if (!load_image(o.get(a.opt), img, error) ||
            !place(flash, a.part->offset, img, a.part->size, "app image " + o.get(a.opt) + " (" + a.part->label + ")",
                   error))
            return fail(error);
    }
    struct DataArg {
        const char* opt;
        const fs::Partition* part;
    } datas[] = {{"nvs", table.find(fs::PartType::Data, fs::subtype::kNvs)}, {"certfs", table.find("storage")}};
    for (const auto& d : datas) {
        if (!o.has(d.opt)) continue;
        if (d.part == nullptr) return fail(o.get("partitions") + ": no partition for --" + d.opt);
        std::vector<uint8_t> bin;
        if (!read_file(o.get(d.opt), bin, error) ||
            !place(flash, d.part->offset, bin, d.part->size, std::string(d.opt) + " image " + o.get(d.opt), error))
            return fail(error);
    }
    if (o.has("boot")) {
        std::string b = o.get("boot");
        const fs::Partition* otadata = table.find(fs::PartType::Data, fs::subtype::kOta);
        if (otadata == nullptr) return fail("--boot needs an otadata partition");
        uint32_t idx = 0;
        if (b.rfind("ota_", 0) != 0 ||
            (idx = static_cast<uint32_t>(std::strtoul(b.c_str() + 4, nullptr, 10))) >= slots.size())
            return fail("--boot '" + b + "': no such OTA slot");
        std::string st = o.get("boot-state", "valid");
        if (st != "valid" && st != "new") return fail("--boot-state '" + st + "': use valid or new");
        // "new": an image just installed, which must pass its self-test or be rolled back.
        uint8_t entry[fs::kOtaEntrySize];
        fs::encode_ota_entry(idx + 1, st == "new" ? fs::OtaState::New : fs::OtaState::Valid, entry);
        std::memcpy(flash.data() + otadata->offset, entry, sizeof entry);
    }
    if (!write_file_atomic(o.get("output"), flash, error)) return fail(error);
    return 0;
}

// Resolves "--partition NAME" or "--offset OFF" on a loaded flash to [offset, limit).
bool resolve_target(const Options& o, const LoadedFlash& f, const std::string& path, uint64_t& off, uint64_t& limit,
                    std::string& error) {
    if (o.has("partition")) {
        const fs::Partition* p = find_partition(f, o.get("partition"), 0, path, error);
        if (p == nullptr) return false;
        off = p->offset;
        limit = p->size;
        return true;
    }
    if (o.has("offset")) {
        if (!parse_size(o.get("offset"), off) || off >= f.flash->size()) {
            error = "bad --offset '" + o.get("offset") + "' for a " + std::to_string(f.flash->size()) + "-byte flash";
            return false;
        }
        limit = f.flash->size() - off;
        return true;
    }
    error = "give --partition NAME or --offset OFF";
    return false;
}

int write_cmd(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"partition", "offset"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 2) return fail("usage: flash write FLASH (--partition NAME | --offset OFF) FILE");
    const std::string& path = o.positional[0];
    LoadedFlash f;
    if (!load_flash(path, f, error)) return fail(error);
    uint64_t off = 0, limit = 0;
    if (!resolve_target(o, f, path, off, limit, error)) return fail(error);
    std::vector<uint8_t> data;
    if (!read_file(o.positional[1], data, error)) return fail(error);
    auto& bytes = f.flash->bytes();
    if (!place(bytes, off, data, limit, o.positional[1], error)) return fail(error);
    if (!write_file_atomic(path, bytes, error)) return fail(error);
    return 0;
}

int read_cmd(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"partition", "offset", "size", "output"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 1 || !o.has("output"))
        return fail("usage: flash read FLASH (--partition NAME | --offset OFF --size N) -o OUT");
    LoadedFlash f;
    if (!load_flash(o.positional[0], f, error)) return fail(error);
    uint64_t off = 0, limit = 0;
    if (!resolve_target(o, f, o.positional[0], off, limit, error)) return fail(error);
    uint64_t n = limit;
    if (o.has("size") && (!parse_size(o.get("size"), n) || n > limit))
        return fail("bad --size '" + o.get("size") + "'");
    const auto& bytes = f.flash->bytes();
    std::vector<uint8_t> out(bytes.begin() + static_cast<long>(off), bytes.begin() + static_cast<long>(off + n));
    if (!write_file_atomic(o.get("output"), out, error)) return fail(error);
    return 0;
}

}  // namespace

int cmd_flash(const Args& args) {
    if (!args.empty() && args[0] == "build") return build(Args(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "write") return write_cmd(Args(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "read") return read_cmd(Args(args.begin() + 1, args.end()));
    return fail("usage: flash (build | write | read) ...");
}

}  // namespace fwtool
