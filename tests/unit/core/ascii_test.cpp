#include "firmware/core/ascii.h"

#include <gtest/gtest.h>

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

TEST(Ascii, AlnumIsLettersAndDigitsOnly) {
    for (char c : std::string_view("09azAZ")) EXPECT_TRUE(fw::is_ascii_alnum(c)) << c;
    for (char c : std::string_view("/:@[`{ _-.\x7f")) EXPECT_FALSE(fw::is_ascii_alnum(c)) << c;
    EXPECT_FALSE(fw::is_ascii_alnum('\xe9'));  // Latin-1 e-acute: not ASCII, whatever the locale
}

TEST(Ascii, AllCharsChecksEveryCharacter) {
    EXPECT_TRUE(fw::all_chars("0123", digit));
    EXPECT_FALSE(fw::all_chars("012x", digit));
    EXPECT_FALSE(fw::all_chars("x123", digit));
    EXPECT_TRUE(fw::all_chars("", digit));
}

}  // namespace
