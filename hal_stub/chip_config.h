#pragma once
// mbedtls in the Cortex-M4 image (hal_stub/): firmware/mbedtls/mbedtls_config.h adapted to a chip.
// Off, what only the host build uses: the host tools read keys from files and the test suite's
// servers use mbedtls' sockets (a chip's libc has neither a file system nor BSD sockets), and
// the host locks with pthreads (a chip's port plugs its RTOS mutexes in with
// MBEDTLS_THREADING_ALT). On, a millisecond clock (TLS 1.3 ticket ages) that the board gives
// (mbedtls_port.cpp), as ESP-IDF's port gives it from esp_timer.
#undef MBEDTLS_FS_IO
#undef MBEDTLS_NET_C
#undef MBEDTLS_THREADING_C
#undef MBEDTLS_THREADING_PTHREAD
#define MBEDTLS_PLATFORM_MS_TIME_ALT
