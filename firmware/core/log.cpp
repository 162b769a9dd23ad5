#include "firmware/core/log.h"

#include <cstdio>
#include <cstring>

#include "firmware/core/internal/printable.h"

namespace fw::log {
namespace {

hal::Log* g_sink = nullptr;
hal::Clock* g_clock = nullptr;
Level g_level = Level::Info;

constexpr char kLetters[] = {'N', 'E', 'W', 'I', 'D', 'V'};

}  // namespace

void init(hal::Log& sink, hal::Clock& clock) {
    g_sink = &sink;
    g_clock = &clock;
}

void set_level(Level l) { g_level = l; }
Level level() { return g_level; }

bool parse_level(const char* s, Level& out) {
    static constexpr const char* kNames[] = {"none", "error", "warn", "info", "debug", "verbose"};
    for (uint8_t i = 0; i < 6; ++i) {
        if (std::strcmp(s, kNames[i]) == 0 || (s[0] == kLetters[i] && s[1] == '\0')) {
            out = static_cast<Level>(i);
            return true;
        }
    }
    return false;
}

void vwrite(Level l, const char* tag, const char* fmt, va_list ap) {
    if (g_sink == nullptr || l == Level::None) return;
    char line[512];
    int n = std::snprintf(line, sizeof line, "%c (%llu) %s: ", kLetters[static_cast<uint8_t>(l)],
                          static_cast<unsigned long long>(g_clock->now_ms()), tag);
    if (n < 0 || static_cast<size_t>(n) + 4 > sizeof line) return;
    char message[sizeof line];
    int m = std::vsnprintf(message, sizeof message, fmt, ap);
    if (m < 0) return;
    size_t message_len = static_cast<size_t>(m) < sizeof message ? static_cast<size_t>(m) : sizeof message - 1;
    // The message may carry outside text: escaped, it stays one line. A message vsnprintf cut is
    // longer than what follows the prefix, so it also ends in "...".
    size_t len = static_cast<size_t>(n) + escape_printable(std::string_view(message, message_len), line + n,
                                                           sizeof line - static_cast<size_t>(n));
    g_sink->write_line(line, len);
}

// printf-style as ESP_LOGx is: the format attribute in log.h has the compiler check every call's
// arguments against its format (-Werror), the type safety a parameter pack would give.
void write(Level l, const char* tag, const char* fmt, ...) {  // NOLINT(cert-dcl50-cpp)
    va_list ap;
    va_start(ap, fmt);
    vwrite(l, tag, fmt, ap);
    va_end(ap);
}

}  // namespace fw::log
