#include "firmware/app/platform/smartrest_csv.h"

#include <gtest/gtest.h>

namespace csv = fw::app::csv;

TEST(SmartRestCsv, QuotesExactlyTheFieldsTheRulesName) {
    EXPECT_FALSE(csv::needs_quotes(""));
    EXPECT_FALSE(csv::needs_quotes("c8y_Restart"));
    EXPECT_FALSE(csv::needs_quotes("two words"));
    EXPECT_FALSE(csv::needs_quotes("C:\\dir"));
    EXPECT_TRUE(csv::needs_quotes("a,b"));
    EXPECT_TRUE(csv::needs_quotes("say \"hi\""));
    EXPECT_TRUE(csv::needs_quotes("line\nbreak"));
    EXPECT_TRUE(csv::needs_quotes("cr\rhere"));
    EXPECT_TRUE(csv::needs_quotes("tab\there"));
    EXPECT_TRUE(csv::needs_quotes(" leading"));
    EXPECT_TRUE(csv::needs_quotes("trailing "));
    EXPECT_TRUE(csv::needs_quotes("\ttab-led"));
}

TEST(SmartRestCsv, EscapesQuotesWithBackslashInsideQuotes) {
    // Cumulocity's own examples.
    EXPECT_EQ(csv::make_row({"100", "This value, needs escaping", "This value does not need escaping"}),
              "100,\"This value, needs escaping\",This value does not need escaping");
    EXPECT_EQ(csv::escape_field("execute this\\nand this\\nand \"this\""),
              "\"execute this\\nand this\\nand \\\"this\\\"\"");
    EXPECT_EQ(csv::escape_field(" x "), "\" x \"");
    EXPECT_EQ(csv::escape_field("C:\\dir"), "C:\\dir");  // unquoted: a backslash is literal
}

TEST(SmartRestCsv, EscapesABackslashOnlyWhereItWouldReadAsAnEscape) {
    EXPECT_EQ(csv::escape_field("a,b\\c"), "\"a,b\\c\"");        // before an ordinary character
    EXPECT_EQ(csv::escape_field("a,b\\"), "\"a,b\\\\\"");        // last character
    EXPECT_EQ(csv::escape_field("a,\\\"b"), "\"a,\\\\\\\"b\"");  // before a quote
    EXPECT_EQ(csv::escape_field("a,\\\\b"), "\"a,\\\\\\b\"");    // before a backslash
}

TEST(SmartRestCsv, ParsesCumulocityOperationRows) {
    auto rows =
        csv::parse_rows("511,myDeviceSerial,\"execute this\\nand this\\nand \\\"this\\\"\"\n510,myDeviceSerial\n");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0], (csv::Row{"511", "myDeviceSerial", "execute this\\nand this\\nand \"this\""}));
    EXPECT_EQ((*rows)[1], (csv::Row{"510", "myDeviceSerial"}));
}

TEST(SmartRestCsv, ReadsTheOlderDoubledQuoteEscapeToo) {
    auto rows = csv::parse_rows("511,dev,\"execute this\\nand \"\"this\"\"\"");
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ((*rows)[0][2], "execute this\\nand \"this\"");
}

TEST(SmartRestCsv, ParsesEmptyFieldsCrLfBlankLinesAndQuotedNewlines) {
    auto rows = csv::parse_rows("100,,myType\r\n\r\n\n100,\n113,\"a=1\nb=2\",\"\"\n");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[0], (csv::Row{"100", "", "myType"}));
    EXPECT_EQ((*rows)[1], (csv::Row{"100", ""}));
    EXPECT_EQ((*rows)[2], (csv::Row{"113", "a=1\nb=2", ""}));
    auto none = csv::parse_rows("");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
}

TEST(SmartRestCsv, RejectsUnterminatedQuotesAndTextAfterAClosingQuote) {
    EXPECT_EQ(csv::parse_rows("511,dev,\"never closed").err(), fw::Err::Protocol);
    EXPECT_EQ(csv::parse_rows("511,dev,\"ends in escape\\\"").err(), fw::Err::Protocol);
    EXPECT_EQ(csv::parse_rows("511,\"dev\"x,1").err(), fw::Err::Protocol);
}

TEST(SmartRestCsv, EveryAwkwardValueRoundTrips) {
    const std::vector<std::string> values = {
        "",     "plain",       "a,b",           "\"",
        "\"\"", "say \"hi\"",  " lead",         "trail ",
        "\t",   "x\ny",        "x\r\ny",        "x\ry",
        "\\",   "\\\\",        "a\\",           "a,\\",
        "\\\"", "a,\\\"b",     "C:\\dir, D:\\", "val1=1\\nval2=2",
        ",,,",  "\"a\",\"b\"", "ünïcödé, ok",
    };
    for (const auto& v : values) {
        std::string row = csv::make_row({"400", v, "tail"});
        auto rows = csv::parse_rows(row);
        ASSERT_TRUE(rows.ok()) << row;
        ASSERT_EQ(rows->size(), 1u) << row;
        EXPECT_EQ((*rows)[0], (csv::Row{"400", v, "tail"})) << row;
    }
    // Several rows in one payload, as a publish carries them.
    std::string payload;
    for (const auto& v : values) payload += csv::make_row({"400", v}) + "\n";
    auto rows = csv::parse_rows(payload);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), values.size());
    for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ((*rows)[i][1], values[i]);
}
