#include "proc_usage.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace fleet {

namespace {

// "Name:   1234 kB" lines of a /proc file: the number after `key`, or 0.
uint64_t kb_field(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
        if (line.compare(0, key.size(), key) == 0) return std::stoull(line.substr(key.size()));
    return 0;
}

uint64_t cpu_ms_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t close = text.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt: fields 3-13
    uint64_t utime = 0, stime = 0;
    fields >> utime >> stime;
    return (utime + stime) * 1000 / static_cast<uint64_t>(sysconf(_SC_CLK_TCK));
}

unsigned fd_count(pid_t pid) {
    unsigned n = 0;
    if (DIR* d = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.') ++n;
        closedir(d);
    }
    return n;
}

// The inode of the process's program when it runs from a sealed memfd, else 0.
uint64_t memfd_exe_inode(const std::string& base) {
    char link[64];
    ssize_t n = readlink((base + "/exe").c_str(), link, sizeof link);
    struct stat st {};
    if (n < 7 || std::string(link, 7) != "/memfd:" || stat((base + "/exe").c_str(), &st) != 0) return 0;
    return st.st_ino;
}

}  // namespace

Usage tree_usage(pid_t pid) {
    Usage u;
    std::string base = "/proc/" + std::to_string(pid);
    if (access(base.c_str(), F_OK) != 0) return u;
    u.rss_kb = kb_field(base + "/smaps_rollup", "Rss:");
    u.pss_kb = kb_field(base + "/smaps_rollup", "Pss:");
    u.cpu_ms = cpu_ms_of(pid);
    u.fds = fd_count(pid);
    u.processes = 1;
    u.image_inode = memfd_exe_inode(base);
    std::ifstream children(base + "/task/" + std::to_string(pid) + "/children");
    pid_t child;
    while (children >> child) {
        Usage c = tree_usage(child);
        u.rss_kb += c.rss_kb;
        u.pss_kb += c.pss_kb;
        u.cpu_ms += c.cpu_ms;
        u.fds += c.fds;
        u.processes += c.processes;
        if (u.image_inode == 0) u.image_inode = c.image_inode;
    }
    return u;
}

uint64_t mem_available_kb() { return kb_field("/proc/meminfo", "MemAvailable:"); }

uint64_t proc_sys_number(const char* path) {
    std::ifstream in(path);
    uint64_t n = 0;
    in >> n;
    return n;
}

}  // namespace fleet
