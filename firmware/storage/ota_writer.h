#pragma once
// Streams a new app image into the OTA slot the device is not running from, as it is downloaded,
// and switches otadata to it only once everything about it checks out (esp_ota_begin/write/end).
//
//   OtaWriter w(flash, efuse, system.running_image_offset());
//   w.begin(size);  w.write(chunk, n) ...;  w.end(sha256_or_null)  -> otadata selects it (NEW)
//
// An update is installed only when it is signed with the key whose digest the eFuse holds. With
// no key burned, begin() refuses at once ("no update key"), unless the development switch
// UnsignedUpdates::Allowed is given: then an update without a signature is installed (the app
// warns about the switch at every boot). A burned key is always required, switch or not.
//
// Sectors are erased just ahead of the data and nothing but the first 288 bytes is kept in RAM.
// The image is refused as early as its bytes allow: not an image, another project or a
// secure_version below the eFuse counter after the first chunk; larger than the slot at once.
// end() re-reads the slot: image format and SHA-256, the download checksum when given, project
// name, secure_version and the signature. Every refusal leaves otadata untouched, so the running
// app stays the boot choice.
#include <mbedtls/sha256.h>

#include <cstdint>
#include <optional>
#include <string>

#include "firmware/core/result.h"
#include "firmware/storage/image_stream.h"
#include "firmware/storage/ota_layout.h"
#include "firmware/storage/otadata.h"
#include "firmware/storage/secure_boot.h"
#include "hal/efuse.h"

namespace fw::storage {

// Whether an update may be installed without a signature when no update key is burned: a
// development switch (config ota_unsigned_ok), never the default.
enum class UnsignedUpdates : uint8_t { Refused, Allowed };

// Why an update was refused: for fw_state FAILED + fw_error, or a Cumulocity 502.
enum class OtaError : uint8_t {
    None = 0,
    NoSlot,             // no OTA partitions, or no slot other than the running one
    NoRunningApp,       // the running image's descriptor cannot be read
    NoUpdateKey,        // no key digest burned in the eFuse, and unsigned updates not allowed
    BadState,           // call out of order (write before begin, begin during an update)
    TooLarge,           // image larger than the slot
    SizeMismatch,       // more data than announced
    Truncated,          // less data than announced, or than the image needs
    FlashFailed,        // erase/write/read failed
    NotAnImage,         // no app image magic
    BadImage,           // segment table, descriptor or payload malformed
    BadHash,            // checksum or SHA-256 of the image wrong
    ChecksumMismatch,   // SHA-256 of the download differs from the announced one
    WrongProject,       // project name differs from the running app's
    Downgrade,          // secure_version below the eFuse anti-rollback counter
    Unsigned,           // no signature block
    BadSignatureBlock,  // signature block damaged or of an unsupported scheme
    KeyNotTrusted,      // signed with a key other than the trusted one
    DigestMismatch,     // signature block is for another image
    BadSignature,       // ECDSA check failed
    OtadataFailed,      // the switch to the new slot could not be written
};
const char* name_of(OtaError e);
// What the writer's calls return: the code, and the reason with details a person reads (the
// device's fw_error), e.g. "wrong project name: 'x' (running 'iotfw')".
using OtaStatus = Result<void, Error<OtaError>>;

class OtaWriter {
public:
    OtaWriter(hal::Flash& flash, hal::Efuse& efuse, uint32_t running_offset,
              UnsignedUpdates unsigned_updates = UnsignedUpdates::Refused);
    ~OtaWriter();
    OtaWriter(const OtaWriter&) = delete;
    OtaWriter& operator=(const OtaWriter&) = delete;

    // Picks the target slot and reads the running app's descriptor. `expected_size` (0: unknown)
    // is refused at once when larger than the slot, and later holds the download to its size.
    OtaStatus begin(uint32_t expected_size = 0);
    // After a refusal every call returns that refusal again, until begin() starts over.
    OtaStatus write(const uint8_t* data, size_t len);
    // Verifies and, only if everything passes, selects the new slot in otadata (state NEW).
    // `expected_sha256` (may be null) is the SHA-256 of the whole download as announced.
    OtaStatus end(const uint8_t* expected_sha256 = nullptr);
    // Drops the update; otadata is not touched. The writer can begin() again.
    void abort();

    bool in_progress() const { return state_ == State::Writing; }
    uint32_t bytes_written() const { return written_; }
    // The slot being written (valid after a successful begin()).
    const Partition& target() const { return layout_.slots[static_cast<size_t>(target_)]; }
    // The incoming image's descriptor, once its first 288 bytes have arrived.
    const std::optional<AppDesc>& new_app() const { return stream_.desc(); }

private:
    enum class State : uint8_t { Idle, Writing, Failed, Done };

    OtaStatus fail(OtaError e);
    OtaStatus failf(OtaError e, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
    OtaStatus check_desc(const AppDesc& d);
    OtaStatus check_signature(uint32_t image_len);
    OtaStatus erase_through(uint32_t end);
    int pick_target(const OtaData* od) const;

    hal::Flash& flash_;
    hal::Efuse& efuse_;
    uint32_t running_offset_;
    UnsignedUpdates unsigned_updates_;
    State state_ = State::Idle;
    OtaLayout layout_;
    int target_ = -1;
    std::string running_project_;
    uint32_t expected_size_ = 0;
    uint32_t written_ = 0;
    uint32_t erased_ = 0;  // bytes of the slot erased so far (whole sectors)
    bool desc_checked_ = false;
    ImageStream stream_;
    mbedtls_sha256_context sha_;
    Error<OtaError> refusal_;  // what write() and end() return again once State::Failed
};

}  // namespace fw::storage
