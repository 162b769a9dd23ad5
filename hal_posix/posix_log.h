#pragma once
#include <string>

#include "hal/log.h"
#include "hal_posix/io_wait.h"

namespace hal_posix {

// UART0 = the process's stdout (log lines) and stdin (console input).
class PosixLog : public hal::Log {
public:
    explicit PosixLog(IoWait& io);
    void write_line(const char* line, size_t len) override;
    bool read_line(std::string& out) override;

private:
    IoWait& io_;
    std::string pending_;
    bool eof_ = false;
};

}  // namespace hal_posix
