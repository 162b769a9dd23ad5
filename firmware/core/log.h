#pragma once
// Logging facade in the style of ESP_LOGx: "I (1234) tag: message", one line per call, written
// to hal::Log (UART0). One global level (set_level) filters every tag alike; a line above it costs
// one comparison.
#include <cstdarg>
#include <cstdint>

#include "hal/clock.h"
#include "hal/log.h"

namespace fw::log {

enum class Level : uint8_t { None = 0, Error, Warn, Info, Debug, Verbose };

// Before init() lines are dropped. Both objects must outlive all logging.
void init(hal::Log& sink, hal::Clock& clock);
void set_level(Level l);
Level level();
// Parses "none|error|warn|info|debug|verbose" (or E/W/I/D/V); false if unknown.
bool parse_level(const char* s, Level& out);

void write(Level l, const char* tag, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
void vwrite(Level l, const char* tag, const char* fmt, va_list ap);

}  // namespace fw::log

#define FW_LOG_AT(lvl, tag, ...)                                                   \
    do {                                                                           \
        if (static_cast<uint8_t>(lvl) <= static_cast<uint8_t>(::fw::log::level())) \
            ::fw::log::write(lvl, tag, __VA_ARGS__);                               \
    } while (0)
#define FW_LOGE(tag, ...) FW_LOG_AT(::fw::log::Level::Error, tag, __VA_ARGS__)
#define FW_LOGW(tag, ...) FW_LOG_AT(::fw::log::Level::Warn, tag, __VA_ARGS__)
#define FW_LOGI(tag, ...) FW_LOG_AT(::fw::log::Level::Info, tag, __VA_ARGS__)
#define FW_LOGD(tag, ...) FW_LOG_AT(::fw::log::Level::Debug, tag, __VA_ARGS__)
#define FW_LOGV(tag, ...) FW_LOG_AT(::fw::log::Level::Verbose, tag, __VA_ARGS__)
