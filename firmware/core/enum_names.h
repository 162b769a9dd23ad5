#pragma once
// Names of enum values for logs and replies: one table per enum, next to the function that reads
// it, instead of a hand-written switch per enum. Every enum with a name declares
//     const char* name_of(Color c);
// beside itself (so a call finds it by argument-dependent lookup, whatever the namespace) and
// defines it in its .cpp over a table:
//     constexpr fw::EnumName<Color> kColorNames[] = {{Color::Red, "red"}, {Color::Green, "green"}};
//     const char* name_of(Color c) { return fw::name_in(kColorNames, c); }
// The tables are a few entries long: a linear search costs less than the log line it names.
#include <cstddef>

namespace fw {

template <class E>
struct EnumName {
    E value;
    const char* name;
};

// The name of `e` in `table`, or `unlisted` for a value the table does not list (a number read
// off the wire or from flash).
template <class E, size_t N>
constexpr const char* name_in(const EnumName<E> (&table)[N], E e, const char* unlisted = "?") {
    for (const EnumName<E>& entry : table)
        if (entry.value == e) return entry.name;
    return unlisted;
}

}  // namespace fw
