# How the project's scripts start the tree's own programs (sourced, not run): as
# "$fw_exec" PROGRAM ARGS..., which also works after timeout or in the background.
# FWCHIP_EMULATOR names the emulator that runs them where this host cannot execute them itself: the
# 32-bit tree on a kernel without IA-32 emulation (cmake/emulator.cmake sets it in the tests'
# environment). Without it, env runs the program as it is, in its place (the same pid).
fw_exec=${FWCHIP_EMULATOR:-env}
# fw_exe_of PID: a path to the program file that process PID runs. Under the emulator, the process
# is the emulator itself, and the program is the file named last on its command line (the chip
# passes its sealed copy as /proc/self/fd/N, hal_posix/sealed_exec.h): that fd of PID.
fw_exe_of() {
  if [ -z "${FWCHIP_EMULATOR:-}" ]; then echo "/proc/$1/exe"; return; fi
  local last
  last=$(tr '\0' '\n' <"/proc/$1/cmdline" | tail -1)
  echo "/proc/$1/fd/${last#/proc/self/fd/}"
}
