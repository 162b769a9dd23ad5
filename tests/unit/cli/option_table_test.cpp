#include "tools/src/cli/option_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

struct Line {
    std::string host = "127.0.0.1", cafile;
    int port = 0;
    uint32_t count = 0;
    double ramp = 1;
    bool quiet = false;
    std::vector<std::string> templates, words;
    std::string mode;
};

cli::OptionTable table(Line& l) {
    cli::OptionTable t;
    t.text("--host", l.host).text("--cafile", l.cafile).integer("--port", l.port, 1, 65535);
    t.integer("--count", l.count, 0, 0xffffff).real("--ramp", l.ramp, 0, 100).flag("--quiet", l.quiet);
    t.list("--template", l.templates).alias("-c", "--cafile");
    t.value(
        "--mode",
        [&l](const std::string& v) {
            l.mode = v;
            return v == "a" || v == "b";
        },
        "takes a or b");
    return t;
}

cli::Parsed parse(cli::OptionTable& t, std::vector<std::string> args) {
    args.insert(args.begin(), "tool");
    return t.parse(args, 1);
}

TEST(OptionTable, ReadsEveryKindOfOption) {
    Line l;
    auto t = table(l);
    ASSERT_EQ(parse(t, {"--port", "8883", "--cafile=ca.crt", "--quiet", "--ramp", "2.5", "--count", "0", "--template",
                        "a", "--template", "b", "--mode", "b"}),
              cli::Parsed::Ok)
        << t.error();
    EXPECT_EQ(l.port, 8883);
    EXPECT_EQ(l.cafile, "ca.crt");
    EXPECT_EQ(l.host, "127.0.0.1") << "an option not given keeps its default";
    EXPECT_TRUE(l.quiet);
    EXPECT_DOUBLE_EQ(l.ramp, 2.5);
    EXPECT_EQ(l.templates, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(l.mode, "b");
    EXPECT_TRUE(t.given("--cafile"));
    EXPECT_FALSE(t.given("--host"));
    EXPECT_TRUE(t.require({"--port", "--cafile"}));
    EXPECT_FALSE(t.require({"--port", "--host"}));
    EXPECT_EQ(t.error(), "--host is required");
}

TEST(OptionTable, AnAliasIsTheOptionItNames) {
    Line l;
    auto t = table(l);
    ASSERT_EQ(parse(t, {"-c", "x.pem"}), cli::Parsed::Ok);
    EXPECT_EQ(l.cafile, "x.pem");
    EXPECT_TRUE(t.given("--cafile"));
}

TEST(OptionTable, HelpStopsTheReading) {
    Line l;
    auto t = table(l);
    EXPECT_EQ(parse(t, {"--port", "1", "--help", "--colour"}), cli::Parsed::Help);
    EXPECT_EQ(parse(t, {"-h"}), cli::Parsed::Help);
}

TEST(OptionTable, EachRefusalNamesTheOptionAndWhy) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--colour", "red"}, "unknown option --colour"},
        {{"stray"}, "unexpected argument stray"},
        {{"--port"}, "missing value for --port"},
        {{"--port", "0"}, "--port must be 1..65535 (not '0')"},
        {{"--port", "65536"}, "--port must be 1..65535 (not '65536')"},
        {{"--port", "12ab"}, "--port must be 1..65535 (not '12ab')"},
        {{"--port", ""}, "--port must be 1..65535 (not '')"},
        {{"--count", "-1"}, "--count must be 0..16777215 (not '-1')"},
        {{"--count", "99999999999999999999999"}, "--count must be 0..16777215 (not '99999999999999999999999')"},
        {{"--ramp", "nan"}, "--ramp must be a number in 0..100 (not 'nan')"},
        {{"--ramp", "1e3"}, "--ramp must be a number in 0..100 (not '1e3')"},
        {{"--ramp", "2x"}, "--ramp must be a number in 0..100 (not '2x')"},
        {{"--quiet=yes"}, "--quiet takes no value"},
        {{"--mode", "c"}, "--mode takes a or b (not 'c')"},
    };
    for (const auto& [args, error] : cases) {
        Line l;
        auto t = table(l);
        EXPECT_EQ(parse(t, args), cli::Parsed::Error) << args[0];
        EXPECT_EQ(t.error(), error);
    }
}

TEST(OptionTable, WordsAreKeptWhenTheToolTakesThem) {
    Line l;
    auto t = table(l);
    t.words(l.words);
    ASSERT_EQ(parse(t, {"flash.bin", "--port", "2", "-", "out.bin"}), cli::Parsed::Ok) << t.error();
    EXPECT_EQ(l.words, (std::vector<std::string>{"flash.bin", "-", "out.bin"}));
    EXPECT_EQ(parse(t, {"--nope"}), cli::Parsed::Error);
}

TEST(OptionTable, ParseIntegerTakesOnlyWholeDecimals) {
    long long n = 0;
    EXPECT_TRUE(cli::OptionTable::parse_integer("-5", -10, 10, n));
    EXPECT_EQ(n, -5);
    for (const char* bad : {"", "-", "+5", " 5", "5 ", "0x10", "1.0", "11"})
        EXPECT_FALSE(cli::OptionTable::parse_integer(bad, -10, 10, n)) << bad;
}

}  // namespace
