#pragma once
// What a process and its descendants cost, read from /proc: a device is its power-on process and
// the firmware it runs (a child), so both are counted. PSS shares each page among the processes
// that map it, so a fleet's sum counts shared pages (the chip's libraries, the template's page
// cache) once.
#include <sys/types.h>

#include <cstdint>

namespace fleet {

struct Usage {
    uint64_t rss_kb = 0;
    uint64_t pss_kb = 0;
    uint64_t cpu_ms = 0;  // user + system time so far
    unsigned processes = 0;
    unsigned fds = 0;
    // The sealed copy of the image the firmware runs (the inode of its memfd; 0: none): chips that
    // share one copy (hal_posix/shared_image.h) have the same.
    uint64_t image_inode = 0;
};

Usage tree_usage(pid_t pid);
// The available memory (MemAvailable) in kB; 0 if unknown.
uint64_t mem_available_kb();
// A number from a /proc/sys file; 0 if unreadable.
uint64_t proc_sys_number(const char* path);

}  // namespace fleet
