#pragma once
// Heap use of the whole process, counted by the malloc interposer in heap_count.c (link the
// `heap_count` object library; not with ASan, which has its own malloc). The firmware's
// allocations (operator new, and mbedtls' calloc) all go through malloc, so with no other thread
// allocating the counters are the device's heap. Unlike mallinfo(), blocks parked in glibc's
// per-thread caches count as free.
#include <cstddef>

extern "C" {
size_t heap_count_current(void);
size_t heap_count_peak(void);
// Restarts the peak at the current level, to measure one phase.
void heap_count_reset_peak(void);
}
