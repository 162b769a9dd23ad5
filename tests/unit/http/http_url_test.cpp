#include "firmware/net/http_url.h"

#include <gtest/gtest.h>

namespace {

using fw::net::parse_https_url;

TEST(HttpsUrl, HostPortAndPath) {
    std::string why;
    auto u = parse_https_url("https://fw.example.com:8443/images/app.bin?v=2", why);
    ASSERT_TRUE(u.ok()) << why;
    EXPECT_EQ(u->host, "fw.example.com");
    EXPECT_EQ(u->port, 8443);
    EXPECT_EQ(u->path, "/images/app.bin?v=2");
}

TEST(HttpsUrl, DefaultsToPort443AndRootPath) {
    std::string why;
    auto u = parse_https_url("https://localhost", why);
    ASSERT_TRUE(u.ok()) << why;
    EXPECT_EQ(u->host, "localhost");
    EXPECT_EQ(u->port, 443);
    EXPECT_EQ(u->path, "/");
}

TEST(HttpsUrl, Ipv6Literal) {
    std::string why;
    auto u = parse_https_url("https://[::1]:4433/a", why);
    ASSERT_TRUE(u.ok()) << why;
    EXPECT_EQ(u->host, "::1");
    EXPECT_EQ(u->port, 4433);
}

TEST(HttpsUrl, RefusesWhatIsNotAUsableHttpsUrl) {
    for (const char* bad : {"http://fw.local/a", "https://", "https://user@host/a", "https://host:0/a",
                            "https://host:70000/", "https://host:/a", "https://host/a b", "https://[::1/a",
                            "https://[zz]/", "ftp://host/"}) {
        std::string why;
        EXPECT_FALSE(parse_https_url(bad, why).ok()) << bad;
        EXPECT_FALSE(why.empty()) << bad;
    }
}

}  // namespace
