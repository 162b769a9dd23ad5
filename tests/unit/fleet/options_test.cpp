#include "options.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

bool parse(std::vector<const char*> args, fleet::Options& o, std::string& error) {
    args.insert(args.begin(), "fleetrun");
    bool help = false;
    return fleet::parse_options(static_cast<int>(args.size()), const_cast<char**>(args.data()), o, help, error) &&
           !help;
}

const std::vector<const char*> kBase = {"--devices", "5", "--template", "t.bin", "--device-bin", "d", "--workdir", "w"};

TEST(FleetOptions, ReadsARun) {
    fleet::Options o;
    std::string error;
    auto args = kBase;
    args.insert(args.end(), {"--chaos", "wifi", "--chaos-fraction", "0.2", "--ramp", "7.5", "--first-id", "11"});
    ASSERT_TRUE(parse(args, o, error)) << error;
    EXPECT_EQ(o.devices, 5u);
    EXPECT_EQ(o.first_id, 11u);
    EXPECT_EQ(o.chaos, fleet::Chaos::Wifi);
    EXPECT_DOUBLE_EQ(o.ramp, 7.5);
    EXPECT_EQ(o.summary_path, "w/summary.json");
}

TEST(FleetOptions, RefusesBadInput) {
    for (std::vector<const char*> extra : std::vector<std::vector<const char*>>{
             {"--devices", "-1"},
             {"--devices", "5x"},
             {"--ramp", "0"},
             {"--chaos", "meteor"},
             {"--chaos", "broker"},  // without the broker's pid and command
             {"--chaos-fraction", "1.5"},
             {"--first-id", "16777215"},  // ids beyond 24 bits
             {"--colour", "red"},
             {"--hold"},
         }) {
        fleet::Options o;
        std::string error;
        auto args = kBase;
        args.insert(args.end(), extra.begin(), extra.end());
        EXPECT_FALSE(parse(args, o, error)) << extra[0];
        EXPECT_FALSE(error.empty());
    }
    fleet::Options o;
    std::string error;
    EXPECT_FALSE(parse({"--devices", "5"}, o, error));
}

}  // namespace
