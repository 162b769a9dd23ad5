#pragma once
// Chips on one host that run the same verified image share one sealed copy of it. A fleet of
// thousands of simulated devices would otherwise hold thousands of identical copies of the app in
// memory (1.3 MB each), where each real chip holds its own in its own RAM. The boot chain's rule
// stands (firmware/boot/BOOT_CHAIN.md): what runs is exactly what was verified. A chip takes another
// chip's copy only if that copy is sealed against any change and holds exactly the bytes it
// verified, compared after checking the seals.
//
// The registry is a directory with a folder per image, named after the image, holding an empty
// file per chip that ran it, named by its pid; that chip's /proc/PID/exe is the sealed copy. Any
// chip still running the image can give its copy: one that is gone (its entry is removed) or no
// longer runs it (its pid reused, a reset in progress) fails the checks and the next is tried;
// none left means a copy of one's own, as without sharing.
#include <cstddef>
#include <cstdint>
#include <string>

namespace hal_posix {

// Whether `fd` is sealed against writing, shrinking and growing and holds exactly `exe`.
bool holds_exactly(int fd, const uint8_t* exe, size_t len);

// A sealed copy of `exe` (a close-on-exec fd) that a chip registered in `dir` runs and that passes
// holds_exactly; else -1.
int find_shared_image(const std::string& dir, const uint8_t* exe, size_t len, const char* name);

// Registers this process, about to run `exe` from a sealed copy, as the chip to share it from.
// Best effort: a registry that cannot be written only means no sharing.
void offer_shared_image(const std::string& dir, const uint8_t* exe, size_t len, const char* name);

}  // namespace hal_posix
