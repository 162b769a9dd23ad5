// fwtool nvs: builds an nvs image from a config as ESP-IDF's nvs_partition_gen.py lays it out
// (NvsImage), and dumps one by running the firmware's own KvStore over an in-memory flash.
#include <mbedtls/base64.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "commands.h"
#include "file_io.h"
#include "firmware/core/hex.h"
#include "firmware/storage/kv_store.h"
#include "firmware/storage/partition_table.h"
#include "nvs_config.h"
#include "nvs_image.h"
#include "options.h"
#include "partition_image.h"

namespace fwtool {
namespace {

using fw::storage::KvHandle;
using fw::storage::KvStore;
using fw::storage::KvType;

constexpr const char* kDefaultSize = "0x6000";  // the nvs partition of partitions/partitions.csv

struct IntEncoding {
    const char* name;
    KvType type;
    bool is_signed;
    int bits;
};
constexpr IntEncoding kInts[] = {{"u8", KvType::U8, false, 8},    {"i8", KvType::I8, true, 8},
                                 {"u16", KvType::U16, false, 16}, {"i16", KvType::I16, true, 16},
                                 {"u32", KvType::U32, false, 32}, {"i32", KvType::I32, true, 32},
                                 {"u64", KvType::U64, false, 64}, {"i64", KvType::I64, true, 64}};

const IntEncoding* int_encoding(const std::string& name) {
    for (const auto& e : kInts)
        if (name == e.name) return &e;
    return nullptr;
}

bool parse_int(const std::string& text, const IntEncoding& enc, uint64_t& out) {
    if (text.empty()) return false;
    errno = 0;
    char* end = nullptr;
    if (enc.is_signed) {
        long long v = std::strtoll(text.c_str(), &end, 0);
        long long lim = enc.bits == 64 ? INT64_MAX : (1LL << (enc.bits - 1)) - 1;
        if (errno != 0 || *end != '\0' || v > lim || v < -lim - 1) return false;
        out = static_cast<uint64_t>(v);
    } else {
        if (text[0] == '-') return false;
        unsigned long long v = std::strtoull(text.c_str(), &end, 0);
        if (errno != 0 || *end != '\0' || (enc.bits < 64 && v >> enc.bits != 0)) return false;
        out = v;
    }
    return true;
}

// hex2bin rows, as in ESP-IDF's nvs_partition_gen.py: the digits may be spread with whitespace.
bool hex_rows_decode(const std::string& text, std::vector<uint8_t>& out) {
    std::string digits;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) digits += c;
    return fw::hex_decode(digits, out);
}

bool base64_decode(const std::string& text, std::vector<uint8_t>& out) {
    std::string clean;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
    size_t len = 0;
    const auto* src = reinterpret_cast<const unsigned char*>(clean.data());
    mbedtls_base64_decode(nullptr, 0, &len, src, clean.size());
    out.resize(len);
    if (mbedtls_base64_decode(out.data(), out.size(), &len, src, clean.size()) != 0) return false;
    out.resize(len);
    return true;
}

// Stores one config entry; false with `error` naming the entry.
bool store(NvsImage& img, const NvsEntry& e, const std::filesystem::path& base, std::string& error) {
    if (e.ns.empty() || e.ns.size() > KvStore::kMaxName || e.key.empty() || e.key.size() > KvStore::kMaxName) {
        error = e.where + ": bad name '" + (e.key.empty() || e.key.size() > KvStore::kMaxName ? e.key : e.ns) +
                "' (names are 1..15 bytes)";
        return false;
    }
    const IntEncoding* ie = int_encoding(e.encoding);
    std::string value = e.value;
    if (e.type == "file") {
        if (ie != nullptr) {
            error = e.where + ": file rows take string, hex2bin, base64 or binary";
            return false;
        }
        std::filesystem::path p(e.value);
        if (!read_text(p.is_absolute() ? p.string() : (base / p).string(), value, error)) {
            error = e.where + ": " + error;
            return false;
        }
    } else if (e.type != "data") {
        error = e.where + ": type '" + e.type + "' is not data or file";
        return false;
    }
    if (!img.open_namespace(e.ns, error)) {
        error = e.where + ": " + error;
        return false;
    }
    bool ok = false;
    std::vector<uint8_t> blob;
    if (ie != nullptr) {
        uint64_t v = 0;
        if (!parse_int(value, *ie, v)) {
            error = e.where + ": '" + value + "' is not a valid " + e.encoding;
            return false;
        }
        ok = img.put_int(e.key, static_cast<fw::storage::nvs::ItemType>(ie->type), v, error);
    } else if (e.encoding == "string") {
        ok = img.put_str(e.key, value, error);
    } else if (e.encoding == "binary" || e.encoding == "hex2bin" || e.encoding == "base64") {
        if (e.encoding == "binary") blob.assign(value.begin(), value.end());
        bool decoded = e.encoding == "binary" ||
                       (e.encoding == "hex2bin" ? hex_rows_decode(value, blob) : base64_decode(value, blob));
        if (!decoded) {
            error = e.where + ": value is not valid " + e.encoding;
            return false;
        }
        ok = img.put_blob(e.key, blob, error);
    } else {
        error = e.where + ": unknown encoding '" + e.encoding + "'";
        return false;
    }
    if (!ok) error = e.where + ": " + error;
    return ok;
}

int gen(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"output", "size"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 1 || !o.has("output")) return fail("usage: nvs gen CONFIG -o BIN [--size N]");
    const std::string& config = o.positional[0];
    std::string text;
    std::vector<NvsEntry> entries;
    if (!read_text(config, text, error) || !parse_nvs_config(text, config, entries, error)) return fail(error);
    PartitionImage blank;
    if (!blank_partition_image(o.get("size", kDefaultSize), o.get("output"), blank, error)) return fail(error);
    if (blank.size < 3 * fw::storage::nvs::kPageSize)
        return fail(blank.name + ": an nvs partition needs at least 0x3000 bytes (two pages and the reserve)");
    NvsImage img(blank.size);
    std::set<std::pair<std::string, std::string>> seen;
    auto base = std::filesystem::path(config).parent_path();
    for (const auto& e : entries) {
        if (!seen.insert({e.ns, e.key}).second) return fail(e.where + ": " + e.ns + "/" + e.key + " is set twice");
        if (!store(img, e, base, error)) return fail(error);
    }
    if (!write_file_atomic(o.get("output"), img.bytes(), error)) return fail(error);
    return 0;
}

std::string csv_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

template <class T>
bool number(const fw::Result<T>& r, std::string& out) {
    if (r.ok()) out = std::to_string(r.value());
    return r.ok();
}

// The value as a CSV row's encoding and value fields, so that a dump is a config `nvs gen` takes.
bool csv_fields(const KvHandle& h, const fw::storage::KvEntry& e, std::string& out) {
    std::string v;
    bool ok = false;
    switch (e.type) {
        case KvType::U8: ok = number(h.get_u8(e.key), v); break;
        case KvType::I8: ok = number(h.get_i8(e.key), v); break;
        case KvType::U16: ok = number(h.get_u16(e.key), v); break;
        case KvType::I16: ok = number(h.get_i16(e.key), v); break;
        case KvType::U32: ok = number(h.get_u32(e.key), v); break;
        case KvType::I32: ok = number(h.get_i32(e.key), v); break;
        case KvType::U64: ok = number(h.get_u64(e.key), v); break;
        case KvType::I64: ok = number(h.get_i64(e.key), v); break;
        case KvType::Str: {
            auto str = h.get_str(e.key);
            if ((ok = str.ok())) v = csv_quote(*str);
            break;
        }
        case KvType::Blob: {
            auto blob = h.get_blob(e.key);
            static const char* kHex = "0123456789abcdef";
            if ((ok = blob.ok()))
                for (uint8_t byte : *blob) v += {kHex[byte >> 4], kHex[byte & 15]};
            break;
        }
        default: return false;
    }
    const char* enc = e.type == KvType::Str ? "string" : e.type == KvType::Blob ? "hex2bin" : name_of(e.type);
    out = std::string(enc) + "," + v;
    return ok;
}

int dump(const Args& args) {
    Options o;
    std::string error;
    PartitionImage img;
    if (!parse_options(args, {"flash"}, {}, o, error)) return fail(error);
    if (!load_partition_image(o, "", fw::storage::subtype::kNvs, img, error)) return fail(error);
    if (o.positional.size() != first_argument(o)) return fail("usage: nvs dump (BIN | --flash FLASH)");
    KvStore kv(img.region());
    fw::Status s = kv.mount();
    if (!s.ok()) return fail(img.name + ": not an nvs image (" + fw::name_of(s.err()) + ")");
    std::cout << "key,type,encoding,value\n";
    std::string ns;
    auto entries = kv.entries();
    for (const auto& e : entries) {
        auto h = kv.open(e.ns, fw::storage::KvMode::ReadOnly);
        if (!h.ok()) return fail(img.name + ": namespace " + e.ns + " unreadable");
        if (e.ns != ns) std::cout << (ns = e.ns) << ",namespace,,\n";
        std::string fields;
        if (!csv_fields(*h, e, fields))
            return fail(img.name + ": " + e.ns + "/" + e.key + " is unreadable or of an unknown type");
        std::cout << e.key << ",data," << fields << "\n";
    }
    std::cout << "# " << entries.size() << " entries, " << kv.nvs().used() << " of " << kv.nvs().capacity()
              << " bytes used\n";
    return 0;
}

}  // namespace

int cmd_nvs(const Args& args) {
    if (args.empty()) return fail("usage: nvs gen CONFIG -o BIN [--size N] | nvs dump (BIN | --flash FLASH)");
    Args rest(args.begin() + 1, args.end());
    if (args[0] == "gen") return gen(rest);
    if (args[0] == "dump") return dump(rest);
    return fail("nvs: unknown subcommand '" + args[0] + "'");
}

}  // namespace fwtool
