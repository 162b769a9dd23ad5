#pragma once
// UART0: log output and the serial console share it, as on an ESP32 dev board.
#include <cstddef>
#include <string>

namespace hal {

class Log {
public:
    virtual ~Log() = default;
    // Writes one complete, formatted log line (no trailing newline).
    virtual void write_line(const char* line, size_t len) = 0;
    // Pops one console input line if a whole one has arrived; never blocks.
    virtual bool read_line(std::string& out) = 0;
};

}  // namespace hal
