#pragma once
// Child processes for tests: run a tool to completion, or start a daemon that dies with the test.
#include <sys/types.h>

#include <string>
#include <vector>

namespace testsupport {

// Runs argv[0] (a path) with the given arguments and waits. Returns the exit status (-1 if it
// could not run or was killed); stdout and stderr together go to `output` when given.
int run_command(const std::vector<std::string>& argv, std::string* output = nullptr);

// Starts argv[0] with stdout and stderr appended to `log_path`. The child gets SIGKILL if the
// test process dies first, so a crashed test leaves no daemon behind. Returns the pid, or -1.
pid_t spawn_daemon(const std::vector<std::string>& argv, const std::string& log_path);

// Sends `sig` and waits up to `timeout_ms` for the child to exit, then SIGKILLs it. Returns
// true if it had to be killed.
bool stop_child(pid_t pid, int sig, int timeout_ms);

// True while the child runs (reaps it if it has exited).
bool child_alive(pid_t pid);

}  // namespace testsupport
