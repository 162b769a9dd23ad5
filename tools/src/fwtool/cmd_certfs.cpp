// fwtool certfs: packs a directory into a certfs image (like spiffsgen.py), lists an image and
// extracts a file, by running the firmware's own CertFs over an in-memory flash.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "file_io.h"
#include "firmware/storage/certfs.h"
#include "firmware/storage/partition_table.h"
#include "options.h"
#include "partition_image.h"

namespace fwtool {
namespace {

namespace stdfs = std::filesystem;
using fw::storage::CertFs;

constexpr const char* kLabel = "storage";

int pack(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"output", "size"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 1 || !o.has("output") || !o.has("size"))
        return fail("usage: certfs pack DIR -o BIN --size N");
    const stdfs::path dir = o.positional[0];
    std::error_code ec;
    std::vector<stdfs::path> files;
    for (const auto& de : stdfs::directory_iterator(dir, ec)) {
        if (!de.is_regular_file()) return fail(de.path().string() + ": not a regular file (certfs is flat)");
        files.push_back(de.path());
    }
    if (ec) return fail(dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());

    PartitionImage img;
    if (!blank_partition_image(o.get("size"), o.get("output"), img, error)) return fail(error);
    CertFs fs(img.region());
    if (!fs.format().ok()) return fail(img.name + ": cannot format the image");
    size_t total = 0;
    for (const auto& f : files) {
        std::vector<uint8_t> data;
        if (!read_file(f.string(), data, error)) return fail(error);
        total += data.size();
        fw::Status s = fs.write(f.filename().string(), data.data(), data.size());
        if (s.err() == fw::Err::InvalidArg)
            return fail(f.string() + ": a certfs name is 1..32 printable characters without '/' or spaces");
        if (s.err() == fw::Err::NoSpace)
            return fail(dir.string() + ": the files (" + std::to_string(total) + " bytes so far) do not fit in " +
                        std::to_string(img.size) + " bytes (see --size)");
        if (!s.ok()) return fail(f.string() + ": " + fw::name_of(s.err()));
    }
    if (!write_file_atomic(o.get("output"), img.bytes(), error)) return fail(error);
    return 0;
}

// Loads and mounts the image; the positional arguments after it must number `extra`.
bool open_fs(const Options& o, size_t extra, PartitionImage& img, std::unique_ptr<CertFs>& fs, std::string& error) {
    if (!load_partition_image(o, kLabel, fw::storage::subtype::kSpiffs, img, error)) return false;
    if (o.positional.size() != first_argument(o) + extra) {
        error = "wrong number of arguments";
        return false;
    }
    fs = std::make_unique<CertFs>(img.region());
    fw::Status s = fs->mount();
    if (!s.ok()) error = img.name + ": not a certfs image (" + fw::name_of(s.err()) + ")";
    return s.ok();
}

int ls(const Args& args) {
    Options o;
    std::string error;
    PartitionImage img;
    std::unique_ptr<CertFs> fs;
    if (!parse_options(args, {"flash"}, {}, o, error) || !open_fs(o, 0, img, fs, error))
        return fail(error + "\nusage: certfs ls (BIN | --flash FLASH)");
    auto files = fs->list();
    for (const auto& f : files) {
        char sha[65];
        for (size_t i = 0; i < f.sha256.size(); ++i) std::snprintf(sha + 2 * i, 3, "%02x", f.sha256[i]);
        std::printf("%8zu  %s  %s\n", f.size, sha, f.name.c_str());
    }
    std::printf("# %zu files, about %zu bytes free\n", files.size(), fs->free_space());
    return 0;
}

int extract(const Args& args) {
    Options o;
    std::string error;
    PartitionImage img;
    std::unique_ptr<CertFs> fs;
    if (!parse_options(args, {"flash", "output"}, {}, o, error) || !o.has("output") || !open_fs(o, 1, img, fs, error))
        return fail(error + "\nusage: certfs extract (BIN | --flash FLASH) NAME -o OUT");
    const std::string& name = o.positional.back();
    auto data = fs->read(name);
    if (!data.ok()) return fail(img.name + ": " + name + ": " + fw::name_of(data.err()));
    if (!write_file_atomic(o.get("output"), data.value(), error)) return fail(error);
    return 0;
}

}  // namespace

int cmd_certfs(const Args& args) {
    if (args.empty()) return fail("usage: certfs pack DIR -o BIN --size N | certfs ls ... | certfs extract ...");
    Args rest(args.begin() + 1, args.end());
    if (args[0] == "pack") return pack(rest);
    if (args[0] == "ls") return ls(rest);
    if (args[0] == "extract") return extract(rest);
    return fail("certfs: unknown subcommand '" + args[0] + "'");
}

}  // namespace fwtool
