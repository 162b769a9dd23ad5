#include "firmware/core/result.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "fake_hal/fake_hal.h"
#include "firmware/core/enum_names.h"
#include "firmware/core/log.h"

namespace {

enum class Shape : uint8_t { None = 0, Round, Square };
constexpr fw::EnumName<Shape> kShapeNames[] = {{Shape::None, "none"}, {Shape::Round, "round"}};

enum class Paint : uint8_t { None = 0, Dry };

fw::Result<int, Shape> measure(bool good) {
    if (!good) return Shape::Round;
    return 7;
}

fw::Result<void, Shape> twice(bool good) {
    FW_TRY(measure(good));
    FW_TRY(measure(true));
    return {};
}

Paint paint_of(Shape s) { return s == Shape::Round ? Paint::Dry : Paint::None; }

fw::Result<std::string, Paint> paint(bool good) {
    FW_TRY(measure(good), paint_of);
    return std::string("wet");
}

fw::Result<int, fw::Error<Shape>> explain(bool good) {
    if (!good) return fw::Error<Shape>{Shape::Square, "side 3 is longer than side 1"};
    return Shape::Round;
}

// The death tests' child logs to stderr, where EXPECT_DEATH reads it.
class StderrLog : public hal::Log {
public:
    void write_line(const char* line, size_t len) override {
        std::fprintf(stderr, "%.*s\n", static_cast<int>(len), line);
    }
    bool read_line(std::string&) override { return false; }
};

// A chip whose halt() ends the process with a code the test can tell from abort().
class HaltingSystem : public hal::System {
public:
    [[noreturn]] void restart() override { std::_Exit(2); }
    [[noreturn]] void halt(const char* why) override {
        std::fprintf(stderr, "halted: %s\n", why);
        std::_Exit(3);
    }
    hal::ResetReason reset_reason() override { return hal::ResetReason::PowerOn; }
    uint32_t boot_count() override { return 1; }
    hal::Status run_app(uint32_t, const uint8_t*, size_t) override { return hal::Status::Unsupported; }
    uint32_t running_image_offset() override { return 0; }
    bool poll_button() override { return false; }
    size_t free_heap() override { return 0; }
    size_t min_free_heap() override { return 0; }
    size_t firmware_heap() override { return 0; }
    size_t firmware_heap_peak() override { return 0; }
};

void log_to_stderr() {
    static StderrLog sink;
    static fake::ManualClock clock;
    fw::log::init(sink, clock);
}

}  // namespace

TEST(Result, HoldsAValueOrAnErrorOfTheModulesEnum) {
    auto good = measure(true);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(good.value(), 7);
    auto bad = measure(false);
    EXPECT_FALSE(bad.ok());
    EXPECT_EQ(bad.err(), Shape::Round);
    EXPECT_TRUE(bad == Shape::Round);
}

TEST(Result, TryPassesTheFirstErrorOnAndStopsThere) {
    EXPECT_TRUE(twice(true).ok());
    EXPECT_EQ(twice(false).err(), Shape::Round);
}

TEST(Result, TryWithAMappingConvertsAnotherModulesError) {
    EXPECT_EQ(paint(true).value(), "wet");
    EXPECT_EQ(paint(false).err(), Paint::Dry);
}

TEST(Result, AnErrorCarriesTheReasonAPersonReads) {
    auto r = explain(false);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.err().code, Shape::Square);
    EXPECT_EQ(r.err().reason, "side 3 is longer than side 1");
    // A code alone converts into an Error without a reason; value 0 is no error.
    fw::Result<void, fw::Error<Shape>> none = Shape::None;
    EXPECT_TRUE(none.ok());
    EXPECT_FALSE(explain(true).ok());
}

TEST(EnumNames, OneTableNamesEachValueAndAnUnlistedOneIsMarked) {
    EXPECT_STREQ(fw::name_in(kShapeNames, Shape::Round), "round");
    EXPECT_STREQ(fw::name_in(kShapeNames, Shape::Square), "?");
    EXPECT_STREQ(fw::name_in(kShapeNames, static_cast<Shape>(9), "UNKNOWN"), "UNKNOWN");
    EXPECT_STREQ(fw::name_of(fw::Err::Corrupt), "corrupt data");
    EXPECT_STREQ(name_of(hal::Status::Reset), "connection reset");
    EXPECT_STREQ(name_of(static_cast<hal::ResetReason>(5)), "UNKNOWN");
}

TEST(ResultDeathTest, ValueOfAnErrorStopsWithTheAssertionLogged) {
    EXPECT_DEATH(
        {
            log_to_stderr();
            auto r = measure(false);
            std::fprintf(stderr, "%d\n", r.value());
        },
        "E \\([0-9]+\\) assert: .*result.h:[0-9]+: ok\\(\\)");
}

TEST(ResultDeathTest, AFailedAssertionHaltsTheInstalledChip) {
    EXPECT_EXIT(
        {
            log_to_stderr();
            static HaltingSystem chip;
            fw::set_assert_system(&chip);
            auto r = paint(false);
            std::fprintf(stderr, "%s\n", r->c_str());
        },
        ::testing::ExitedWithCode(3), "assert: .*ok\\(\\)(.|\n)*halted: assertion failed");
}
