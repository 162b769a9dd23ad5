#pragma once
// Heap use of the whole process, and the firmware's share of it, counted by the malloc interposer
// in heap_count.c (link the `heap_count` object library into the executable; not with ASan, which
// has its own malloc). Operator new and mbedtls' calloc both land in malloc, so with no other
// thread allocating the whole counters are the device's heap; the firmware's share leaves out what
// the host's simulation of the chip's surroundings allocates. Unlike mallinfo(), blocks parked in
// glibc's per-thread caches count as free.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

size_t heap_count_current(void);
size_t heap_count_peak(void);
// Restarts the peak at the current level, to measure one phase.
void heap_count_reset_peak(void);

enum { HEAP_OWNER_HOST = 0, HEAP_OWNER_FIRMWARE = 1 };
// Who owns what this thread allocates from now on; returns the previous owner. A thread starts as
// the host.
int heap_count_set_owner(int owner);

struct HeapCountFirmware {
    size_t bytes;      // live blocks allocated while the firmware was the owner
    size_t peak;       // highest `bytes` since start or heap_count_reset_firmware_peak()
    size_t blocks;     // how many
    size_t untracked;  // firmware blocks the table had no room for (counted as the host's)
};
struct HeapCountFirmware heap_count_firmware(void);
void heap_count_reset_firmware_peak(void);
// The usable sizes of the `n` largest live firmware blocks, largest first, into `sizes`; returns
// how many were written. Where the bytes go, for a test's report.
size_t heap_count_firmware_largest(size_t* sizes, size_t n);

#ifdef __cplusplus
}
#endif
