#include <mbedtls/sha256.h>

#include <cstdio>
#include <ctime>
#include <iostream>

#include "cmd_sign.h"
#include "commands.h"
#include "file_io.h"
#include "firmware/storage/app_image.h"
#include "hal_posix/nor_flash.h"
#include "options.h"

namespace fwtool {
namespace {

using fw::storage::AppDesc;

int create(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"elf", "version", "project", "secure-version", "output"}, {}, o, error))
        return fail(error);
    if (!o.has("elf") || !o.has("version") || !o.has("project") || !o.has("output"))
        return fail("usage: image create --elf ELF --version V --project P [--secure-version N] -o IMG");
    std::vector<uint8_t> elf;
    if (!read_file(o.get("elf"), elf, error)) return fail(error);
    if (elf.size() < 4 || elf[0] != 0x7F || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F')
        return fail(o.get("elf") + ": not an ELF executable");
    AppDesc d;
    d.version = o.get("version");
    d.project_name = o.get("project");
    if (d.version.size() > 31) return fail("--version '" + d.version + "' is longer than 31 characters");
    if (d.project_name.size() > 31) return fail("--project '" + d.project_name + "' is longer than 31 characters");
    uint64_t sv = 0;
    if (o.has("secure-version") && (!parse_size(o.get("secure-version"), sv) || sv > fw::storage::kMaxSecureVersion))
        return fail("bad --secure-version '" + o.get("secure-version") + "': 0.." +
                    std::to_string(fw::storage::kMaxSecureVersion) + ", what the anti-rollback eFuse field holds");
    d.secure_version = static_cast<uint32_t>(sv);
    // Reproducible builds: SOURCE_DATE_EPOCH when set, as ESP-IDF's build does.
    std::time_t t = std::time(nullptr);
    if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"))
        t = static_cast<std::time_t>(std::strtoll(sde, nullptr, 10));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char date[16], tim[16];
    std::strftime(date, sizeof date, "%b %d %Y", &tm);
    std::strftime(tim, sizeof tim, "%H:%M:%S", &tm);
    d.date = date;
    d.time = tim;
    d.idf_ver = "iotfw-host";
    mbedtls_sha256(elf.data(), elf.size(), d.app_elf_sha256, 0);
    if (!write_file_atomic(o.get("output"), fw::storage::build_image(d, elf), error)) return fail(error);
    return 0;
}

int info(const Args& args) {
    if (args.size() != 1) return fail("usage: image info IMG");
    std::vector<uint8_t> img;
    std::string error;
    if (!read_file(args[0], img, error)) return fail(error);
    uint32_t len = static_cast<uint32_t>((img.size() + 4095) / 4096 * 4096);
    hal_posix::MemFlash mem(len == 0 ? 4096 : len);
    std::copy(img.begin(), img.end(), mem.bytes().begin());
    fw::storage::FlashRegion region(mem, 0, static_cast<uint32_t>(img.size()));
    auto r = fw::storage::verify_image(region);
    fw::storage::ImageError why = r.err();
    if (!r.ok() && (why == fw::storage::ImageError::BadMagic || why == fw::storage::ImageError::BadSegments ||
                    why == fw::storage::ImageError::BadDescriptor || why == fw::storage::ImageError::ReadFailed)) {
        return fail(args[0] + ": not a valid app image (" + fw::storage::name_of(why) + ")");
    }
    // Checksum/hash failures still let us show the descriptor, which is what a user debugging wants.
    auto desc =
        fw::storage::parse_app_desc(img.data() + fw::storage::kImageHeaderSize + fw::storage::kSegmentHeaderSize,
                                    img.size() - fw::storage::kImageHeaderSize - fw::storage::kSegmentHeaderSize);
    if (!desc.ok()) return fail(args[0] + ": bad app descriptor");
    const AppDesc& d = desc.value();
    std::printf("file:           %s (%zu bytes)\n", args[0].c_str(), img.size());
    std::printf("project:        %s\n", d.project_name.c_str());
    std::printf("version:        %s\n", d.version.c_str());
    std::printf("secure_version: %u\n", d.secure_version);
    std::printf("built:          %s %s (%s)\n", d.date.c_str(), d.time.c_str(), d.idf_ver.c_str());
    std::printf("elf sha256:     ");
    for (uint8_t b : d.app_elf_sha256) std::printf("%02x", b);
    std::printf("\n");
    if (r.ok()) {
        std::printf("image length:   %u\n", r->image_len);
        std::printf("executable:     %u bytes at offset %u\n", r->payload_len, r->payload_offset);
        print_signature_info(img, r->image_len);
    }
    std::printf("checksum:       %s\n", why == fw::storage::ImageError::BadChecksum ? "BAD" : "OK");
    std::printf("hash:           %s\n", why == fw::storage::ImageError::None      ? "OK"
                                        : why == fw::storage::ImageError::BadHash ? "BAD"
                                                                                  : "not checked");
    return r.ok() ? 0 : 1;
}

}  // namespace

int cmd_image(const Args& args) {
    if (!args.empty() && args[0] == "create") return create(Args(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "info") return info(Args(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "sign") return image_sign(Args(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "verify") return image_verify(Args(args.begin() + 1, args.end()));
    return fail("usage: image (create | info | sign | verify) ...");
}

}  // namespace fwtool
