#include "firmware/app/console.h"

#include "firmware/core/log.h"

namespace fw::app {

Console::Console(EventLoop& loop, hal::Log& uart) : loop_(loop), uart_(uart) {
    poller_ = loop_.add_poller([this] {
        std::string line;
        while (uart_.read_line(line)) execute(line);
    });
    add("help", "list commands", [this](const std::string&) {
        for (const auto& [name, c] : commands_) FW_LOGI("console", "%-14s %s", name.c_str(), c.help.c_str());
    });
}

Console::~Console() { loop_.remove_poller(poller_); }

void Console::add(const std::string& name, const std::string& help, Handler h) {
    commands_[name] = Command{help, std::move(h)};
}

void Console::execute(const std::string& line) {
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) return;
    size_t e = line.find_first_of(" \t", b);
    std::string name = line.substr(b, e == std::string::npos ? std::string::npos : e - b);
    std::string args;
    if (e != std::string::npos) {
        size_t a = line.find_first_not_of(" \t", e);
        if (a != std::string::npos) args = line.substr(a);
    }
    auto it = commands_.find(name);
    if (it == commands_.end()) {
        FW_LOGW("console", "unknown command '%s' (try 'help')", name.c_str());
        return;
    }
    it->second.handler(args);
}

}  // namespace fw::app
