#include "partition_csv.h"

#include <map>
#include <sstream>

#include "file_io.h"

namespace fwtool {
namespace {

using fw::storage::Partition;
namespace st = fw::storage::subtype;

constexpr uint32_t kAppAlign = 0x10000;
constexpr uint32_t kDataAlign = 0x1000;
constexpr uint32_t kFirstOffset = fw::storage::kPartitionTableOffset + 0x1000;

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, ',')) out.push_back(trim(f));
    if (!line.empty() && line.back() == ',') out.push_back("");
    return out;
}

bool parse_type(const std::string& s, uint8_t& out) {
    if (s == "app")
        out = 0x00;
    else if (s == "data")
        out = 0x01;
    else {
        uint64_t v;
        if (!parse_size(s, v) || v < 0x40 || v > 0xFE) return false;  // custom types
        out = static_cast<uint8_t>(v);
    }
    return true;
}

bool parse_subtype(uint8_t type, const std::string& s, uint8_t& out) {
    static const std::map<std::string, uint8_t> app = {{"factory", st::kFactory}, {"test", st::kTest}};
    static const std::map<std::string, uint8_t> data = {
        {"ota", st::kOta},           {"phy", st::kPhy},     {"nvs", st::kNvs}, {"coredump", st::kCoredump},
        {"nvs_keys", st::kNvsKeys},  {"efuse", st::kEfuse}, {"fat", st::kFat}, {"spiffs", st::kSpiffs},
        {"littlefs", st::kLittlefs}, {"undefined", 0x06}};
    if (s.empty()) {
        out = 0;
        return type != 0x00 && type != 0x01;  // only custom types may leave it blank
    }
    if (type == 0x00) {
        if (auto it = app.find(s); it != app.end()) {
            out = it->second;
            return true;
        }
        if (s.rfind("ota_", 0) == 0) {
            uint64_t n;
            if (!parse_size(s.substr(4), n) || n > 15) return false;
            out = static_cast<uint8_t>(st::kOtaMin + n);
            return true;
        }
    } else if (type == 0x01) {
        if (auto it = data.find(s); it != data.end()) {
            out = it->second;
            return true;
        }
    }
    uint64_t v;
    if (!parse_size(s, v) || v > 0xFE) return false;
    out = static_cast<uint8_t>(v);
    return true;
}

bool parse_flags(const std::string& s, uint32_t& out) {
    out = 0;
    if (s.empty()) return true;
    std::stringstream ss(s);
    std::string f;
    while (std::getline(ss, f, ':')) {
        f = trim(f);
        if (f == "encrypted")
            out |= fw::storage::flags::kEncrypted;
        else if (f == "readonly")
            out |= fw::storage::flags::kReadonly;
        else
            return false;
    }
    return true;
}

}  // namespace

CsvResult parse_partition_csv(const std::string& text, const std::string& filename, uint64_t flash_size) {
    CsvResult r;
    std::vector<int> lines;
    std::stringstream in(text);
    std::string raw;
    int lineno = 0;
    uint64_t next_free = kFirstOffset;
    auto err = [&](int line, const std::string& msg) {
        r.error = filename + ":" + std::to_string(line) + ": " + msg;
        r.partitions.clear();
        return r;
    };
    while (std::getline(in, raw)) {
        ++lineno;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto f = split(line);
        if (f.size() < 5) return err(lineno, "expected 'Name, Type, SubType, Offset, Size[, Flags]'");
        if (f.size() > 6) return err(lineno, "too many fields");
        Partition p;
        p.label = f[0];
        if (p.label.empty() || p.label.size() > 16)
            return err(lineno, "name '" + p.label + "' must be 1..16 characters");
        if (!parse_type(f[1], p.type)) return err(lineno, "unknown type '" + f[1] + "'");
        if (!parse_subtype(p.type, f[2], p.subtype))
            return err(lineno, "unknown subtype '" + f[2] + "' for type '" + f[1] + "'");
        uint32_t align = p.type == 0x00 ? kAppAlign : kDataAlign;
        uint64_t off;
        if (f[3].empty()) {
            off = (next_free + align - 1) / align * align;
        } else if (!parse_size(f[3], off)) {
            return err(lineno, "bad offset '" + f[3] + "'");
        }
        uint64_t size;
        if (!parse_size(f[4], size) || size == 0) return err(lineno, "bad size '" + f[4] + "'");
        if (!parse_flags(f.size() > 5 ? f[5] : "", p.flags)) return err(lineno, "unknown flag in '" + f[5] + "'");
        if (off % align != 0)
            return err(lineno, "offset " + hex(off) + " of '" + p.label + "' is not aligned to " + hex(align));
        if (size % kDataAlign != 0)
            return err(lineno, "size " + hex(size) + " of '" + p.label + "' is not a multiple of 0x1000");
        if (off < kFirstOffset)
            return err(lineno, "'" + p.label + "' at " + hex(off) +
                                   " overlaps the bootloader or partition table (first free offset " +
                                   hex(kFirstOffset) + ")");
        if (off < next_free)
            return err(lineno, "'" + p.label + "' at " + hex(off) + " overlaps the previous partition (which ends at " +
                                   hex(next_free) + ")");
        if (off + size > flash_size)
            return err(lineno, "'" + p.label + "' ends at " + hex(off + size) + ", past the end of the " +
                                   hex(flash_size) + "-byte flash");
        for (size_t i = 0; i < r.partitions.size(); ++i) {
            if (r.partitions[i].label == p.label)
                return err(lineno, "duplicate partition name '" + p.label + "' (first on line " +
                                       std::to_string(lines[i]) + ")");
            if (p.type == 0x01 && p.subtype == st::kOta && r.partitions[i].type == 0x01 &&
                r.partitions[i].subtype == st::kOta)
                return err(lineno, "second otadata partition '" + p.label + "' (first on line " +
                                       std::to_string(lines[i]) + ")");
            if (p.type == 0x00 && p.subtype != st::kTest && r.partitions[i].type == 0x00 &&
                r.partitions[i].subtype == p.subtype)
                return err(lineno, "app subtype '" + f[2] + "' used twice");
        }
        if (p.type == 0x01 && p.subtype == st::kOta && size != 0x2000)
            return err(lineno, "otadata partition must be exactly 0x2000 bytes, not " + hex(size));
        p.offset = static_cast<uint32_t>(off);
        p.size = static_cast<uint32_t>(size);
        next_free = off + size;
        r.partitions.push_back(p);
        lines.push_back(lineno);
    }
    if (r.partitions.empty()) return err(lineno, "no partitions");
    if ((r.partitions.size() + 2) * fw::storage::kPartitionEntrySize > fw::storage::kPartitionTableMaxLen)
        return err(lineno, "too many partitions for the 0xC00-byte table");
    return r;
}

}  // namespace fwtool
