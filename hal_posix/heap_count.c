// The counting allocator of the POSIX chip (and of the bench and the heap tests): the executable's
// malloc family takes precedence over libc's for every library it loads, forwards to glibc's
// __libc_* entry points and counts the usable size of live blocks.
//
// The device process is firmware and the host's simulation of the chip's surroundings in one
// heap. To tell them apart, each thread carries an owner (heap_count_set_owner): the chip's
// start-up runs app_main() as the firmware, and the simulated radio, the provisioning servers'
// host sockets and the log pipe switch back to the host for their calls (hal_posix/heap_scope.h).
// Blocks allocated while the firmware is the owner are remembered in a fixed table, so that their
// bytes leave the firmware's count whoever frees them. Everything else (the C++ runtime's start-up
// pools, stdio, the simulation) is the host's.
#include "hal_posix/heap_count.h"

#include <errno.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>

extern void* __libc_malloc(size_t n);
extern void* __libc_calloc(size_t n, size_t size);
extern void* __libc_realloc(void* p, size_t n);
extern void* __libc_memalign(size_t align, size_t n);
extern void __libc_free(void* p);

static atomic_size_t current_bytes;
static atomic_size_t peak_bytes;

static _Thread_local int owner = HEAP_OWNER_HOST;

// Live firmware blocks: open addressing, linear probing, deletion by backward shift. The table
// starts small and doubles (mapped straight from the kernel: this is malloc) when half full, so a
// device costs a few pages for it, not the worst case: a fleet runs thousands of devices. A block
// that finds no room (the largest table full, or no memory to grow) stays the host's and is
// counted in `untracked`.
#define FIRST_BITS 10
#define MAX_BITS 20
struct Entry {
    uintptr_t ptr;  // 0: free slot
    size_t size;
};
static struct Entry first_table[1u << FIRST_BITS];
static struct Entry* table = first_table;
static unsigned table_bits = FIRST_BITS;
static atomic_size_t table_used;  // read without the lock by free(): none tracked, nothing to look up
static size_t firmware_bytes, firmware_peak, untracked;
static atomic_flag table_lock = ATOMIC_FLAG_INIT;

static void lock(void) {
    while (atomic_flag_test_and_set_explicit(&table_lock, memory_order_acquire)) {}
}
static void unlock(void) { atomic_flag_clear_explicit(&table_lock, memory_order_release); }

static size_t table_size(void) { return (size_t)1 << table_bits; }
static size_t slot_of(uintptr_t p) { return (size_t)(((uint64_t)p * 0x9E3779B97F4A7C15ull) >> (64 - table_bits)); }

static void insert(uintptr_t p, size_t size) {
    size_t mask = table_size() - 1, i = slot_of(p);
    while (table[i].ptr != 0) i = (i + 1) & mask;
    table[i].ptr = p;
    table[i].size = size;
}

// Doubles the table; false when it is at its largest or the kernel has no memory for it.
static int grow(void) {
    if (table_bits >= MAX_BITS) return 0;
    size_t old_size = table_size();
    void* mem =
        mmap(NULL, 2 * old_size * sizeof(struct Entry), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return 0;
    struct Entry* old = table;
    table = mem;
    ++table_bits;
    for (size_t i = 0; i < old_size; ++i)
        if (old[i].ptr != 0) insert(old[i].ptr, old[i].size);
    if (old != first_table) munmap(old, old_size * sizeof(struct Entry));
    return 1;
}

static void track(uintptr_t p, size_t size) {
    lock();
    if (2 * (table_used + 1) > table_size() && !grow()) {
        ++untracked;
    } else {
        insert(p, size);
        ++table_used;
        firmware_bytes += size;
        if (firmware_bytes > firmware_peak) firmware_peak = firmware_bytes;
    }
    unlock();
}

static void untrack(uintptr_t p) {
    if (atomic_load_explicit(&table_used, memory_order_relaxed) == 0) return;
    lock();
    size_t mask = table_size() - 1, i = slot_of(p);
    while (table[i].ptr != 0 && table[i].ptr != p) i = (i + 1) & mask;
    if (table[i].ptr == p) {
        firmware_bytes -= table[i].size;
        --table_used;
        // Backward shift: move later entries of the probe run into the hole when their home slot
        // does not lie cyclically after the hole, so lookups never meet a false empty slot.
        size_t hole = i;
        for (size_t j = (i + 1) & mask; table[j].ptr != 0; j = (j + 1) & mask) {
            size_t home = slot_of(table[j].ptr);
            int in_between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (in_between) continue;
            table[hole] = table[j];
            hole = j;
        }
        table[hole].ptr = 0;
    }
    unlock();
}

static void* counted(void* p) {
    if (p) {
        size_t size = malloc_usable_size(p);
        size_t now = atomic_fetch_add(&current_bytes, size) + size;
        size_t peak = atomic_load(&peak_bytes);
        while (now > peak && !atomic_compare_exchange_weak(&peak_bytes, &peak, now)) {}
        if (owner == HEAP_OWNER_FIRMWARE) track((uintptr_t)p, size);
    }
    return p;
}

static void uncount(void* p) {
    if (!p) return;
    atomic_fetch_sub(&current_bytes, malloc_usable_size(p));
    untrack((uintptr_t)p);
}

void* malloc(size_t n) { return counted(__libc_malloc(n)); }
void* calloc(size_t n, size_t size) { return counted(__libc_calloc(n, size)); }
void free(void* p) {
    uncount(p);
    __libc_free(p);
}
void* realloc(void* p, size_t n) {
    size_t old = p ? malloc_usable_size(p) : 0;
    void* q = __libc_realloc(p, n);
    if (!q && n) return NULL;  // p is still live
    if (p) {
        atomic_fetch_sub(&current_bytes, old);
        untrack((uintptr_t)p);
    }
    return counted(q);
}
void* memalign(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }
void* aligned_alloc(size_t align, size_t n) { return counted(__libc_memalign(align, n)); }
int posix_memalign(void** out, size_t align, size_t n) {
    void* p = counted(__libc_memalign(align, n));
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

size_t heap_count_current(void) { return atomic_load(&current_bytes); }
size_t heap_count_peak(void) { return atomic_load(&peak_bytes); }
void heap_count_reset_peak(void) { atomic_store(&peak_bytes, atomic_load(&current_bytes)); }

int heap_count_set_owner(int new_owner) {
    int previous = owner;
    owner = new_owner;
    return previous;
}

struct HeapCountFirmware heap_count_firmware(void) {
    lock();
    struct HeapCountFirmware f = {firmware_bytes, firmware_peak, atomic_load(&table_used), untracked};
    unlock();
    return f;
}

void heap_count_reset_firmware_peak(void) {
    lock();
    firmware_peak = firmware_bytes;
    unlock();
}

size_t heap_count_firmware_largest(size_t* sizes, size_t n) {
    size_t found = 0;
    lock();
    for (size_t i = 0; i < table_size() && n > 0; ++i) {
        if (table[i].ptr == 0) continue;
        size_t size = table[i].size;
        if (found == n && size <= sizes[n - 1]) continue;
        size_t at = found < n ? found++ : n - 1;  // insertion into the sorted list
        while (at > 0 && sizes[at - 1] < size) {
            sizes[at] = sizes[at - 1];
            --at;
        }
        sizes[at] = size;
    }
    unlock();
    return found;
}
