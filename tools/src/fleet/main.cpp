// fleetrun: the supervisor behind `tools/fleet run` (see supervisor.h). It raises its own limit
// of open files to the hard limit (it keeps every device's log open); raising the hard limit
// itself needs root.
#include <sys/resource.h>

#include <cstdio>

#include "options.h"
#include "supervisor.h"

int main(int argc, char** argv) {
    fleet::Options o;
    std::string error;
    bool help = false;
    if (!fleet::parse_options(argc, argv, o, help, error)) {
        std::fprintf(stderr, "fleetrun: %s\n%s", error.c_str(), fleet::usage());
        return 2;
    }
    if (help) {
        std::fputs(fleet::usage(), stdout);
        return 0;
    }
    rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    return fleet::Supervisor(std::move(o)).run();
}
