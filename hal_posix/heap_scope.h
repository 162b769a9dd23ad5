#pragma once
// Marks whose heap a stretch of code allocates from (heap_count.h): the chip's start-up runs the
// firmware in a FirmwareHeap scope, and the host's simulation of the chip's surroundings (the
// simulated radio, the provisioning servers' host sockets, the log pipe, the host's name
// resolver) opens a HostHeap scope in each call the firmware makes into it. The counting allocator
// is linked into the app ELF, not into this library: without it (ASan builds, other programs)
// the scopes do nothing.
#include "hal_posix/heap_count.h"

extern "C" int heap_count_set_owner(int owner) __attribute__((weak));

namespace hal_posix {

template <int kOwner>
class HeapOwnerScope {
public:
    HeapOwnerScope() : previous_(heap_count_set_owner != nullptr ? heap_count_set_owner(kOwner) : kOwner) {}
    ~HeapOwnerScope() {
        if (heap_count_set_owner != nullptr) heap_count_set_owner(previous_);
    }
    HeapOwnerScope(const HeapOwnerScope&) = delete;
    HeapOwnerScope& operator=(const HeapOwnerScope&) = delete;

private:
    int previous_;
};

using HostHeap = HeapOwnerScope<HEAP_OWNER_HOST>;
using FirmwareHeap = HeapOwnerScope<HEAP_OWNER_FIRMWARE>;

}  // namespace hal_posix
