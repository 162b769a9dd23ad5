#include "firmware/app/platform/telemetry.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using fw::app::Json;
using fw::app::Units;

TEST(Telemetry, Iso8601IsUtcWithMilliseconds) {
    EXPECT_EQ(fw::app::iso8601_utc(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(fw::app::iso8601_utc(1700000000000), "2023-11-14T22:13:20.000Z");
    EXPECT_EQ(fw::app::iso8601_utc(951782400123), "2000-02-29T00:00:00.123Z");
    EXPECT_EQ(fw::app::iso8601_utc(4102444799999), "2099-12-31T23:59:59.999Z");
    EXPECT_EQ(fw::app::iso8601_utc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Telemetry, NumbersAreShortAndRoundedToHundredths) {
    hal::Reading r{21.3f, 45.0f};  // 21.3f is 21.299999237... in binary
    EXPECT_EQ(fw::app::number_text(fw::app::temperature_in(r, Units::Celsius)), "21.3");
    EXPECT_EQ(fw::app::number_text(fw::app::humidity(r)), "45.0");
    EXPECT_EQ(fw::app::number_text(fw::app::temperature_in({21.5f, 0}, Units::Fahrenheit)), "70.7");
    EXPECT_EQ(fw::app::number_text(fw::app::temperature_in({-40.0f, 0}, Units::Fahrenheit)), "-40.0");
    EXPECT_EQ(fw::app::number_text(fw::app::temperature_in({22.456f, 0}, Units::Celsius)), "22.46");
    EXPECT_EQ(fw::app::json_text(fw::app::reading_fields(r, Units::Celsius)),
              R"({"temperature":21.3,"humidity":45.0})");
}

TEST(Telemetry, JsonTextReplacesInvalidUtf8InsteadOfAborting) {
    Json j;
    j["id"] = std::string(
        "a\xff"
        "b");
    EXPECT_EQ(fw::app::json_text(j),
              "{\"id\":\"a\xEF\xBF\xBD"
              "b\"}");
}

TEST(Telemetry, PackItemsFillsEachPayloadUpToTheLimit) {
    std::vector<std::string> items = {"aa", "bb", "cc"};
    auto p = fw::app::pack_items(items, "[", ",", "]", 7);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<std::string>{"[aa,bb]", "[cc]"}));
    p = fw::app::pack_items(items, "[", ",", "]", 6);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<std::string>{"[aa]", "[bb]", "[cc]"}));
    p = fw::app::pack_items(items, "", "\n", "", 8);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<std::string>{"aa\nbb\ncc"}));
}

TEST(Telemetry, PackItemsHandlesEmptyInputAndEmptyItems) {
    auto p = fw::app::pack_items({}, "[", ",", "]", 10);
    ASSERT_TRUE(p.ok());
    EXPECT_TRUE(p->empty());
    p = fw::app::pack_items({"", "", "x"}, "", "\n", "", 2);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, (std::vector<std::string>{"\n", "x"}));
}

TEST(Telemetry, PackItemsRefusesAnItemThatCannotFitAlone) {
    auto p = fw::app::pack_items({"a", "toolong"}, "[", ",", "]", 8);
    EXPECT_EQ(p.err(), fw::Err::TooLarge);
}
