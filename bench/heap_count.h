#pragma once
// Heap use of the whole bench process, counted by the malloc interposer in heap_count.c. The
// firmware's allocations (operator new, and mbedtls' calloc) all go through malloc, so with no
// other thread allocating the counters are the device's heap.
#include <cstddef>

extern "C" {
size_t bench_heap_current(void);
size_t bench_heap_peak(void);
// Restarts the peak at the current level, to measure one phase.
void bench_heap_reset_peak(void);
}
