// The image's build time from its app descriptor: the floor of the wall clock.
#include <gtest/gtest.h>

#include "firmware/storage/app_build_time.h"

namespace {

using fw::storage::app_build_unix_s;
using fw::storage::AppDesc;

AppDesc desc(const char* date, const char* time) {
    AppDesc d;
    d.date = date;
    d.time = time;
    return d;
}

TEST(AppBuildTime, FwtoolAndCompilerForms) {
    EXPECT_EQ(app_build_unix_s(desc("Dec 06 2026", "22:38:22")).value(), 1796596702);  // fwtool: %b %d %Y
    EXPECT_EQ(app_build_unix_s(desc("Dec  6 2026", "22:38:22")).value(), 1796596702);  // __DATE__
    EXPECT_EQ(app_build_unix_s(desc("Jan 01 1970", "00:00:00")).value(), 0);
    EXPECT_EQ(app_build_unix_s(desc("Feb 29 2024", "12:00:00")).value(), 1709208000);
}

TEST(AppBuildTime, AnythingElseIsRefused) {
    for (auto [date, time] : {std::pair{"", ""},
                              {"Dec 06 2026", ""},
                              {"Foo 06 2026", "22:38:22"},
                              {"anF 06 2026", "22:38:22"},
                              {"Dec 6 2026", "22:38:22"},
                              {"Dec 06 2026", "24:00:00"},
                              {"Dec 32 2026", "22:38:22"},
                              {"Dec 06 1969", "22:38:22"},
                              {"Dec 06 20x6", "22:38:22"},
                              {"Dec 06 2026", "22-38-22"}})
        EXPECT_FALSE(app_build_unix_s(desc(date, time)).ok()) << date << " " << time;
}

}  // namespace
