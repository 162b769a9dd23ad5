#include "firmware/storage/image_stream.h"

#include <gtest/gtest.h>

#include "ota_fixtures.h"

namespace {

using namespace ota;

struct Fed {
    fs::ImageStream s;
    fs::ImageError error = fs::ImageError::None;  // what the last feed() returned
};

Fed feed_in_chunks(const std::vector<uint8_t>& data, size_t chunk) {
    Fed f;
    for (size_t at = 0; at < data.size(); at += chunk)
        f.error = f.s.feed(data.data() + at, std::min(chunk, data.size() - at)).err();
    return f;
}

TEST(ImageStream, FindsTheImageEndWhateverTheChunking) {
    auto img = app_image("2.5", 7, "iotfw", 5001);
    for (size_t chunk : {1, 3, 8, 24, 287, 288, 289, 296, 1000, 100000}) {
        auto [s, error] = feed_in_chunks(img, chunk);
        ASSERT_EQ(error, fs::ImageError::None) << chunk;
        ASSERT_TRUE(s.image_len().has_value()) << chunk;
        EXPECT_EQ(*s.image_len(), img.size()) << chunk;
        ASSERT_TRUE(s.desc().has_value());
        EXPECT_EQ(s.desc()->version, "2.5");
        EXPECT_EQ(s.desc()->secure_version, 7u);
    }
}

TEST(ImageStream, KnowsTheEndOnceTheLastSegmentHeaderIsIn) {
    auto img = app_image("1.0");
    fs::ImageStream s;
    ASSERT_TRUE(s.feed(img.data(), 295).ok());  // the executable's segment header ends at 296
    EXPECT_TRUE(s.desc().has_value());
    EXPECT_FALSE(s.image_len().has_value());
    ASSERT_TRUE(s.feed(img.data() + 295, 1).ok());
    EXPECT_EQ(s.image_len().value_or(0), img.size());
}

TEST(ImageStream, DescriptorNeedsItsWholeFirstBytes) {
    auto img = app_image("1.0");
    fs::ImageStream s;
    EXPECT_EQ(s.feed(img.data(), 287).err(), fs::ImageError::None);
    EXPECT_FALSE(s.desc().has_value());
}

TEST(ImageStream, RecognisesWhatIsNotAnImage) {
    auto img = app_image("1.0");
    auto bad_magic = img;
    bad_magic[0] = 0xE8;
    EXPECT_EQ(feed_in_chunks(bad_magic, 100).error, fs::ImageError::BadMagic);
    auto no_segments = img;
    no_segments[1] = 0;
    EXPECT_EQ(feed_in_chunks(no_segments, 100).error, fs::ImageError::BadSegments);
    auto bad_desc = img;
    bad_desc[32] ^= 0xFF;
    EXPECT_EQ(feed_in_chunks(bad_desc, 100).error, fs::ImageError::BadDescriptor);
}

}  // namespace
