#pragma once
// Reads the config `fwtool nvs gen` turns into an nvs image. Two forms:
//  - ESP-IDF nvs_partition_gen CSV: a `key,type,encoding,value` header, `name,namespace,,` rows
//    opening a namespace, then `key,data,ENCODING,value` or `key,file,ENCODING,path` rows. Encodings:
//    u8 i8 u16 i16 u32 i32 u64 i64 string hex2bin base64 binary (file rows: the last four). Fields
//    may be double-quoted (quotes doubled inside, newlines allowed); lines starting with # are
//    comments.
//  - JSON: {"namespace": {"key": value, ...}, ...}. A number is an i32 (i64/u64 when it does not
//    fit), a boolean a u8, a string a string; {"encoding": E, "value": V[, "type": "file"]} spells
//    out any CSV row.
#include <string>
#include <vector>

namespace fwtool {

struct NvsEntry {
    std::string where;  // "config.csv:12" or "config.json: ns.key", for messages
    std::string ns, key;
    std::string type;  // "data" or "file"
    std::string encoding, value;
};

// Parses CSV or JSON (told apart by a leading '{'); false with `error` naming file and line.
bool parse_nvs_config(const std::string& text, const std::string& file, std::vector<NvsEntry>& out, std::string& error);

}  // namespace fwtool
