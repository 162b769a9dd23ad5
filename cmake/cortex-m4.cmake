# Toolchain for the Cortex-M code-size image: Debian's gcc-arm-none-eabi with newlib-nano.
#   cmake -S . -B build-cm4 -DCMAKE_TOOLCHAIN_FILE=cmake/cortex-m4.cmake   (tools/size does this)
# The tree it makes builds firmware/ (core, storage, net, prov, app), mbedtls and the protobuf-c
# runtime for the chip, and links them into one image against hal_stub/ (never run); see
# hal_stub/CMakeLists.txt. It is built MinSizeRel (-Os): coreMQTT's published figures are -Os.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")
set(CMAKE_NM arm-none-eabi-nm CACHE FILEPATH "")

set(FW_CPU_FLAGS "-mcpu=cortex-m4 -mthumb")
set(CMAKE_C_FLAGS_INIT "${FW_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT "${FW_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti")
# newlib-nano (smaller printf/malloc) and newlib's stub system calls: the image is linked, never run.
set(CMAKE_EXE_LINKER_FLAGS_INIT "${FW_CPU_FLAGS} --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections")
# Thin archives: each member is named by its object's path, so the linker map says which folder a
# kept section came from (tools/size counts by folder, e.g. firmware/net/mqtt).
foreach(lang C CXX)
  set(CMAKE_${lang}_ARCHIVE_CREATE "<CMAKE_AR> qcT <TARGET> <LINK_FLAGS> <OBJECTS>")
  set(CMAKE_${lang}_ARCHIVE_APPEND "<CMAKE_AR> qT <TARGET> <LINK_FLAGS> <OBJECTS>")
endforeach()
# CMake's compiler check links a test program; a static library needs no start-up code.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Only the cross toolchain's own headers and libraries (newlib): never the host's /usr/include.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
