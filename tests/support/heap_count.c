// A malloc interposer for the bench and the soak test: the executable's malloc family takes
// precedence over libc's for every library it loads (mbedtls has no MBEDTLS_PLATFORM_MEMORY in
// Debian's build), forwards to glibc's __libc_* entry points and keeps the usable size of live
// blocks.
#include <malloc.h>
#include <stdatomic.h>
#include <stddef.h>
#include <errno.h>

extern void* __libc_malloc(size_t n);
extern void* __libc_calloc(size_t n, size_t size);
extern void* __libc_realloc(void* p, size_t n);
extern void* __libc_memalign(size_t align, size_t n);
extern void __libc_free(void* p);

static atomic_size_t current_bytes;
static atomic_size_t peak_bytes;

static void* counted(void* p) {
    if (p) {
        size_t now = atomic_fetch_add(&current_bytes, malloc_usable_size(p)) + malloc_usable_size(p);
        size_t peak = atomic_load(&peak_bytes);
        while (now > peak && !atomic_compare_exchange_weak(&peak_bytes, &peak, now)) {
        }
    }
    return p;
}

static void uncount(void* p) {
    if (p) atomic_fetch_sub(&current_bytes, malloc_usable_size(p));
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
    atomic_fetch_sub(&current_bytes, old);
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
