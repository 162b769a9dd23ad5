#include "firmware/storage/ota_writer.h"

#include <cstdarg>
#include <cstdio>

#include "firmware/core/bytes.h"
#include "firmware/core/enum_names.h"
#include "firmware/core/log.h"

namespace fw::storage {
namespace {

constexpr const char* kTag = "ota";

OtaError from_image_error(ImageError e) {
    switch (e) {
        case ImageError::None: return OtaError::None;
        case ImageError::ReadFailed: return OtaError::FlashFailed;
        case ImageError::BadMagic: return OtaError::NotAnImage;
        case ImageError::BadChecksum:
        case ImageError::BadHash: return OtaError::BadHash;
        case ImageError::BadSegments:
        case ImageError::BadDescriptor:
        case ImageError::BadSecureVersion:
        case ImageError::NoHash:
        case ImageError::NoPayload: return OtaError::BadImage;
    }
    return OtaError::BadImage;
}

OtaError from_sig_error(SigError e) {
    switch (e) {
        case SigError::None: return OtaError::None;
        case SigError::ReadFailed: return OtaError::FlashFailed;
        case SigError::NoBlock: return OtaError::Unsigned;
        case SigError::BadCrc:
        case SigError::Unsupported:
        case SigError::BadKey: return OtaError::BadSignatureBlock;
        case SigError::KeyNotTrusted: return OtaError::KeyNotTrusted;
        case SigError::DigestMismatch: return OtaError::DigestMismatch;
        case SigError::BadSignature: return OtaError::BadSignature;
    }
    return OtaError::BadSignature;
}

}  // namespace

constexpr fw::EnumName<OtaError> kOtaErrorNames[] = {
    {OtaError::None, "ok"},
    {OtaError::NoSlot, "no OTA slot to write"},
    {OtaError::NoRunningApp, "running app image not found"},
    {OtaError::NoUpdateKey, "no update key: burn one with fwtool efuse burn-key"},
    {OtaError::BadState, "update not in progress"},
    {OtaError::TooLarge, "image larger than the slot"},
    {OtaError::SizeMismatch, "more data than announced"},
    {OtaError::Truncated, "image truncated"},
    {OtaError::FlashFailed, "flash write failed"},
    {OtaError::NotAnImage, "not an app image"},
    {OtaError::BadImage, "malformed app image"},
    {OtaError::BadHash, "bad hash"},
    {OtaError::ChecksumMismatch, "download checksum mismatch"},
    {OtaError::WrongProject, "wrong project name"},
    {OtaError::Downgrade, "secure_version below the anti-rollback counter"},
    {OtaError::Unsigned, "no signature block"},
    {OtaError::BadSignatureBlock, "bad signature block"},
    {OtaError::KeyNotTrusted, "signing key not trusted"},
    {OtaError::DigestMismatch, "signature digest mismatch"},
    {OtaError::BadSignature, "bad signature"},
    {OtaError::OtadataFailed, "could not switch otadata"},
};

const char* name_of(OtaError e) { return fw::name_in(kOtaErrorNames, e); }

OtaWriter::OtaWriter(hal::Flash& flash, hal::Efuse& efuse, uint32_t running_offset, UnsignedUpdates unsigned_updates)
    : flash_(flash), efuse_(efuse), running_offset_(running_offset), unsigned_updates_(unsigned_updates) {
    mbedtls_sha256_init(&sha_);
}

OtaWriter::~OtaWriter() { mbedtls_sha256_free(&sha_); }

OtaStatus OtaWriter::fail(OtaError e) {
    state_ = State::Failed;
    refusal_ = Error<OtaError>(e, name_of(e));
    FW_LOGE(kTag, "update refused: %s", refusal_.reason.c_str());
    return refusal_;
}

// printf-style: the format attribute in ota_writer.h has the compiler check every call (-Werror).
OtaStatus OtaWriter::failf(OtaError e, const char* fmt, ...) {  // NOLINT(cert-dcl50-cpp)
    char text[128];
    int n = std::snprintf(text, sizeof text, "%s: ", name_of(e));
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && static_cast<size_t>(n) < sizeof text)
        (void)std::vsnprintf(text + n, sizeof text - static_cast<size_t>(n), fmt, ap);
    va_end(ap);
    state_ = State::Failed;
    refusal_ = Error<OtaError>(e, text);
    FW_LOGE(kTag, "update refused: %s", text);
    return refusal_;
}

// Never the running slot; preferably not the one otadata selects either (an update written but
// not yet booted), counting on from the running slot as esp_ota_get_next_update_partition does.
int OtaWriter::pick_target(const OtaData* od) const {
    auto n = static_cast<int>(layout_.slots.size());
    std::optional<uint32_t> active;
    if (od != nullptr) active = od->active_slot(layout_.slot_count());
    int base = layout_.running < 0 ? n - 1 : layout_.running;
    int fallback = -1;
    for (int k = 1; k <= n; ++k) {
        int i = (base + k) % n;
        if (i == layout_.running) continue;
        if (active && static_cast<int>(*active) == i) {
            fallback = i;
            continue;
        }
        return i;
    }
    return fallback;
}

OtaStatus OtaWriter::begin(uint32_t expected_size) {
    if (state_ == State::Writing) return failf(OtaError::BadState, "an update is already in progress");
    refusal_ = {};
    expected_size_ = expected_size;
    written_ = erased_ = 0;
    desc_checked_ = false;
    stream_ = ImageStream();
    uint8_t key[32];
    if (!efuse_.key_digest(key) && unsigned_updates_ == UnsignedUpdates::Refused) return fail(OtaError::NoUpdateKey);
    auto layout = load_ota_layout(flash_, running_offset_);
    if (!layout.ok()) return failf(OtaError::NoSlot, "no otadata or OTA partitions (%s)", name_of(layout.err()));
    layout_ = layout.value();
    auto running = read_app_desc(flash_, running_offset_);
    if (!running.ok())
        return failf(OtaError::NoRunningApp, "no app descriptor at 0x%x", static_cast<unsigned>(running_offset_));
    running_project_ = running->project_name;
    auto od = OtaData::load(layout_.otadata_region(flash_));
    target_ = pick_target(od.ok() ? &od.value() : nullptr);
    if (target_ < 0) return failf(OtaError::NoSlot, "no slot other than the running one");
    if (expected_size > target().size)
        return failf(OtaError::TooLarge, "%u bytes announced, %s holds %u", static_cast<unsigned>(expected_size),
                     target().label.c_str(), static_cast<unsigned>(target().size));
    mbedtls_sha256_starts(&sha_, 0);
    state_ = State::Writing;
    FW_LOGI(kTag, "writing the update to %s at 0x%x (%u bytes announced)", target().label.c_str(),
            static_cast<unsigned>(target().offset), static_cast<unsigned>(expected_size));
    return {};
}

OtaStatus OtaWriter::erase_through(uint32_t end) {
    while (erased_ < end) {
        if (flash_.erase_sector(target().offset + erased_) != hal::Status::Ok)
            return failf(OtaError::FlashFailed, "erase at 0x%x", static_cast<unsigned>(target().offset + erased_));
        erased_ += hal::Flash::kSectorSize;
    }
    return {};
}

OtaStatus OtaWriter::check_desc(const AppDesc& d) {
    if (d.project_name != running_project_)
        return failf(OtaError::WrongProject, "'%s' (running '%s')", d.project_name.c_str(), running_project_.c_str());
    uint32_t floor = efuse_.secure_version();
    if (d.secure_version < floor)
        return failf(OtaError::Downgrade, "%u < %u", static_cast<unsigned>(d.secure_version),
                     static_cast<unsigned>(floor));
    return {};
}

OtaStatus OtaWriter::write(const uint8_t* data, size_t len) {
    if (state_ == State::Failed) return refusal_;
    if (state_ != State::Writing) return fail(OtaError::BadState);
    if (len == 0) return {};
    if (len > target().size - written_)
        return failf(OtaError::TooLarge, "more than the %u bytes of %s", static_cast<unsigned>(target().size),
                     target().label.c_str());
    if (expected_size_ != 0 && len > expected_size_ - written_)
        return failf(OtaError::SizeMismatch, "announced %u bytes", static_cast<unsigned>(expected_size_));
    FW_TRY(erase_through(written_ + static_cast<uint32_t>(len)));
    if (flash_.write(target().offset + written_, data, len) != hal::Status::Ok)
        return failf(OtaError::FlashFailed, "write at 0x%x", static_cast<unsigned>(target().offset + written_));
    mbedtls_sha256_update(&sha_, data, len);
    auto followed = stream_.feed(data, len);
    written_ += static_cast<uint32_t>(len);
    if (!followed.ok()) return failf(from_image_error(followed.err()), "%s", name_of(followed.err()));
    if (!desc_checked_ && stream_.desc()) {
        desc_checked_ = true;
        FW_TRY(check_desc(*stream_.desc()));
    }
    if (stream_.image_len() && *stream_.image_len() > target().size)
        return failf(OtaError::TooLarge, "the image needs %u bytes, %s holds %u",
                     static_cast<unsigned>(*stream_.image_len()), target().label.c_str(),
                     static_cast<unsigned>(target().size));
    return {};
}

OtaStatus OtaWriter::check_signature(uint32_t image_len) {
    uint8_t trusted[32];
    if (!efuse_.key_digest(trusted)) {
        if (unsigned_updates_ == UnsignedUpdates::Refused) return fail(OtaError::NoUpdateKey);
        FW_LOGW(kTag,
                "installing the update without checking a signature: no update key is burned and "
                "ota_unsigned_ok is set");
        return {};
    }
    SigError e = verify_signature(FlashRegion(flash_, target().offset, written_), image_len, trusted);
    if (e == SigError::None) return {};
    if (e == SigError::NoBlock && written_ > image_len)
        return failf(OtaError::Truncated, "%u bytes, the signature block ends at %u", static_cast<unsigned>(written_),
                     static_cast<unsigned>(signature_offset(image_len) + kSigBlockSize));
    return failf(from_sig_error(e), "%s", name_of(e));
}

OtaStatus OtaWriter::end(const uint8_t* expected_sha256) {
    if (state_ == State::Failed) return refusal_;
    if (state_ != State::Writing) return fail(OtaError::BadState);
    if (written_ < expected_size_)
        return failf(OtaError::Truncated, "%u of %u bytes", static_cast<unsigned>(written_),
                     static_cast<unsigned>(expected_size_));
    uint8_t sum[32];
    mbedtls_sha256_finish(&sha_, sum);
    if (expected_sha256 != nullptr && !equal_ct(sum, expected_sha256, sizeof sum))
        return fail(OtaError::ChecksumMismatch);
    if (!stream_.image_len() || written_ < *stream_.image_len())
        return failf(OtaError::Truncated, "%u bytes, the image needs %u", static_cast<unsigned>(written_),
                     static_cast<unsigned>(stream_.image_len().value_or(0)));
    auto info = verify_image(FlashRegion(flash_, target().offset, written_));
    if (!info.ok()) return failf(from_image_error(info.err()), "%s", name_of(info.err()));
    FW_TRY(check_desc(info->desc));
    FW_TRY(check_signature(info->image_len));
    auto od = OtaData::load(layout_.otadata_region(flash_));
    if (!od.ok() || !od->select_slot(static_cast<uint32_t>(target_), layout_.slot_count(), OtaState::New).ok())
        return fail(OtaError::OtadataFailed);
    state_ = State::Done;
    FW_LOGI(kTag, "%s now holds '%s' %s (secure_version %u): it boots next", target().label.c_str(),
            info->desc.project_name.c_str(), info->desc.version.c_str(),
            static_cast<unsigned>(info->desc.secure_version));
    return {};
}

void OtaWriter::abort() {
    if (state_ == State::Writing || state_ == State::Failed)
        FW_LOGW(kTag, "update aborted after %u bytes", static_cast<unsigned>(written_));
    state_ = State::Idle;
}

}  // namespace fw::storage
