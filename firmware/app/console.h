#pragma once
// Serial console on UART0, as esp_console gives an ESP32 dev board: one command per line.
#include <functional>
#include <map>
#include <string>

#include "firmware/core/event_loop.h"
#include "hal/log.h"

namespace fw::app {

class Console {
public:
    using Handler = std::function<void(const std::string& args)>;

    Console(EventLoop& loop, hal::Log& uart);
    ~Console();
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;

    void add(const std::string& name, const std::string& help, Handler h);
    // Runs one input line; unknown commands get an error line, never silence.
    void execute(const std::string& line);

private:
    struct Command {
        std::string help;
        Handler handler;
    };
    EventLoop& loop_;
    hal::Log& uart_;
    uint32_t poller_;
    std::map<std::string, Command> commands_;
};

}  // namespace fw::app
