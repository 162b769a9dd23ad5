# Whether this tree's programs run on the host itself. A 64-bit x86 kernel built without IA-32
# emulation (or booted with ia32_emulation=off) refuses to execute i386 programs; the 32-bit tree
# then runs them under qemu-user's emulator (FW_EMULATOR_CANDIDATE, set by the toolchain file).
# The answer becomes CMAKE_CROSSCOMPILING_EMULATOR, which ctest and GoogleTest's test discovery put
# in front of every test program, and FW_EMULATOR, which the system tests' scripts and the simulated
# chip use for the programs they start themselves (tests/system/checks.sh, FWCHIP_EMULATOR).
try_run(fw_probe_run fw_probe_compiled SOURCE_FROM_CONTENT probe.c "int main(void) { return 0; }"
        NO_CACHE)
if(NOT fw_probe_compiled)
  message(FATAL_ERROR "the compiler cannot build a program for this tree: see tools/setup-deps")
endif()
if(fw_probe_run EQUAL 0)
  set(FW_EMULATOR "")
else()
  find_program(FW_EMULATOR_PATH ${FW_EMULATOR_CANDIDATE})
  if(NOT FW_EMULATOR_PATH)
    message(FATAL_ERROR "this host cannot run the tree's programs and ${FW_EMULATOR_CANDIDATE} was not found "
                        "(Debian's qemu-user, installed by tools/setup-deps)")
  endif()
  set(FW_EMULATOR ${FW_EMULATOR_PATH})
  set(CMAKE_CROSSCOMPILING_EMULATOR ${FW_EMULATOR})
  message(STATUS "Programs of this tree run under ${FW_EMULATOR}")
endif()
