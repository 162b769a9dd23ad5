// Secure boot v2 on the host: sign and verify app images, and burn the trusted key's digest into
// the simulated chip's eFuse file (which turns secure boot on).
#include "cmd_sign.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "file_io.h"
#include "firmware/core/bytes.h"
#include "firmware/core/hex.h"
#include "firmware/storage/app_image.h"
#include "hal_posix/posix_efuse.h"
#include "hal_posix/posix_rng.h"
#include "image_sign.h"
#include "options.h"

namespace fwtool {
namespace fs = fw::storage;

namespace {

// The file's app image, checked by the firmware's own reader.
bool check_image(const std::string& path, const std::vector<uint8_t>& bytes, fs::ImageInfo& info, std::string& error) {
    FileFlash f(bytes);
    auto r = fs::verify_image(f.region());
    if (!r.ok()) {
        error = path + ": not a valid app image (" + fs::name_of(r.err()) + ")";
        return false;
    }
    info = r.value();
    return true;
}

// Errors found before the block's key could be read.
bool block_unreadable(fs::SigError e) {
    return e == fs::SigError::NoBlock || e == fs::SigError::BadCrc || e == fs::SigError::Unsupported ||
           e == fs::SigError::ReadFailed;
}

std::string block_key_digest(const fs::SigBlock& b) {
    uint8_t d[32];
    fs::public_key_digest(b, d);
    return fw::hex_encode(d, sizeof d);
}

}  // namespace

int image_sign(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"key", "output"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 1 || !o.has("key")) return fail("usage: image sign IMG --key KEY.pem [-o OUT]");
    const std::string& path = o.positional[0];
    std::vector<uint8_t> img;
    fs::ImageInfo info;
    if (!read_file(path, img, error) || !check_image(path, img, info, error)) return fail(error);
    EcKey key;
    if (!key.load(o.get("key"), error)) return fail(error);
    if (!key.has_private()) return fail(o.get("key") + ": signing needs the private key");
    // Anything after the image (padding, an earlier signature) is replaced.
    std::vector<uint8_t> signed_img;
    if (!sign_image(img, info.image_len, key.ec(), signed_img, error)) return fail(error);
    std::string out = o.get("output", path);
    if (!write_file_atomic(out, signed_img, error)) return fail(error);
    uint8_t digest[32];
    key_digest(key.ec(), digest);
    std::printf("%s: %u-byte image signed, signature sector at 0x%x, key digest %s\n", out.c_str(), info.image_len,
                fs::signature_offset(info.image_len), fw::hex_encode(digest, sizeof digest).c_str());
    return 0;
}

int image_verify(const Args& args) {
    Options o;
    std::string error;
    if (!parse_options(args, {"key", "digest"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 1 || (o.has("key") && o.has("digest")))
        return fail("usage: image verify IMG [--key KEY.pem | --digest HEX]");
    uint8_t trusted[32];
    const uint8_t* trust = nullptr;
    if (o.has("key")) {
        EcKey key;
        if (!key.load(o.get("key"), error)) return fail(error);
        key_digest(key.ec(), trusted);
        trust = trusted;
    } else if (o.has("digest")) {
        if (!fw::hex_decode(o.get("digest"), trusted, sizeof trusted)) return fail("--digest needs 64 hex digits");
        trust = trusted;
    }
    const std::string& path = o.positional[0];
    std::vector<uint8_t> img;
    if (!read_file(path, img, error)) return fail(error);
    FileFlash f(img);
    auto info = fs::verify_image(f.region());
    if (!info.ok()) {
        std::printf("%s: BAD: image: %s\n", path.c_str(), fs::name_of(info.err()));
        return 1;
    }
    fs::SigBlock block;
    fs::SigError e = fs::verify_signature(f.region(), info->image_len, trust, &block);
    if (!block_unreadable(e)) std::printf("key digest: %s\n", block_key_digest(block).c_str());
    if (e != fs::SigError::None) {
        std::printf("%s: BAD: %s\n", path.c_str(), fs::name_of(e));
        return 1;
    }
    std::printf(
        "%s: OK: signature verified %s\n", path.c_str(),
        trust != nullptr ? "with the trusted key" : "with the key in the block (give --key or --digest to pin it)");
    return 0;
}

void print_signature_info(const std::vector<uint8_t>& file, uint32_t image_len) {
    FileFlash f(file);
    fs::SigBlock block;
    fs::SigError e = fs::verify_signature(f.region(), image_len, nullptr, &block);
    if (e == fs::SigError::NoBlock)
        std::printf("signature:      absent\n");
    else if (e == fs::SigError::None)
        std::printf("signature:      present, valid (key digest %s)\n", block_key_digest(block).c_str());
    else
        std::printf("signature:      present, BAD (%s)\n", fs::name_of(e));
}

int cmd_efuse(const Args& args) {
    const char* usage = "usage: efuse burn-key EFUSE.json --key KEY.pem";
    if (args.empty() || args[0] != "burn-key") return fail(usage);
    Options o;
    std::string error;
    if (!parse_options(Args(args.begin() + 1, args.end()), {"key"}, {}, o, error)) return fail(error);
    if (o.positional.size() != 1 || !o.has("key")) return fail(usage);
    const std::string& path = o.positional[0];
    EcKey key;
    if (!key.load(o.get("key"), error)) return fail(error);
    uint8_t digest[32];
    key_digest(key.ec(), digest);
    // A missing file is created by the chip's own code (random MAC and secret), as at first power-on.
    hal_posix::PosixRng rng;
    auto efuse = hal_posix::PosixEfuse::open(path, rng, error);
    if (!efuse) return fail(error);
    uint8_t burned[32];
    if (efuse->key_digest(burned)) {
        if (!fw::equal_ct(burned, digest, sizeof digest))
            return fail(path + ": a different key digest is already burned (eFuse bits cannot be cleared)");
        std::printf("%s: key digest %s was already burned\n", path.c_str(), fw::hex_encode(digest, 32).c_str());
        return 0;
    }
    std::string text;
    if (!read_text(path, text, error)) return fail(error);
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return fail(path + ": not an eFuse file");
    j["key_digest"] = fw::hex_encode(digest, sizeof digest);
    std::string out = j.dump(2) + "\n";
    if (!write_file_atomic(path, std::vector<uint8_t>(out.begin(), out.end()), error)) return fail(error);
    std::printf("%s: key digest %s burned: secure boot is on\n", path.c_str(), fw::hex_encode(digest, 32).c_str());
    return 0;
}

}  // namespace fwtool
