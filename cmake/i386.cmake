# Toolchain of the 32-bit tree (build-32, tools/test): the host's g++ with -m32 (Debian's
# g++-multilib), linking the i386 packages of Debian's multiarch that tools/setup-deps installs.
# The firmware, the simulated chip and the suites then run where size_t, long and pointers are 32
# bits wide, as on the ESP32 (Xtensa and RISC-V, both ILP32). i386 rather than an Arm cross build:
# the same compiler and the same Debian packages as the normal tree, nothing else to install.
set(CMAKE_C_FLAGS_INIT -m32)
set(CMAKE_CXX_FLAGS_INIT -m32)
set(CMAKE_EXE_LINKER_FLAGS_INIT -m32)
set(CMAKE_SHARED_LINKER_FLAGS_INIT -m32)
set(CMAKE_MODULE_LINKER_FLAGS_INIT -m32)
set(CMAKE_LIBRARY_ARCHITECTURE i386-linux-gnu)
set(CMAKE_SYSTEM_PROCESSOR i686)
# pkg-config answers for i386 (libprotobuf-c), not for the host's own architecture.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/i386-linux-gnu/pkgconfig:/usr/share/pkgconfig)
# The emulator that runs this tree's programs where the host's kernel cannot (cmake/emulator.cmake
# decides whether it is needed).
set(FW_EMULATOR_CANDIDATE qemu-i386)
