#include "firmware/net/http/http_url.h"

#include <gtest/gtest.h>

namespace {

using fw::net::parse_https_url;

TEST(HttpsUrl, HostPortAndPath) {
    auto u = parse_https_url("https://fw.example.com:8443/images/app.bin?v=2");
    ASSERT_TRUE(u.ok()) << u.err().reason;
    EXPECT_EQ(u->host, "fw.example.com");
    EXPECT_EQ(u->port, 8443);
    EXPECT_EQ(u->path, "/images/app.bin?v=2");
}

TEST(HttpsUrl, DefaultsToPort443AndRootPath) {
    auto u = parse_https_url("https://localhost");
    ASSERT_TRUE(u.ok()) << u.err().reason;
    EXPECT_EQ(u->host, "localhost");
    EXPECT_EQ(u->port, 443);
    EXPECT_EQ(u->path, "/");
}

TEST(HttpsUrl, Ipv6Literal) {
    auto u = parse_https_url("https://[::1]:4433/a");
    ASSERT_TRUE(u.ok()) << u.err().reason;
    EXPECT_EQ(u->host, "::1");
    EXPECT_EQ(u->port, 4433);
}

TEST(HttpsUrl, RefusesWhatIsNotAUsableHttpsUrl) {
    for (const char* bad :
         {"http://fw.local/a", "https://", "https://user@host/a", "https://host:0/a", "https://host:70000/",
          "https://host:/a", "https://host/a b", "https://[::1/a", "https://[zz]/", "ftp://host/"}) {
        auto u = parse_https_url(bad);
        EXPECT_FALSE(u.ok()) << bad;
        EXPECT_FALSE(u.err().reason.empty()) << bad;
    }
}

}  // namespace
