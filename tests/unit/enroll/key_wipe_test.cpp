// No copy of a private key's PEM is left behind in freed memory by the code that reads one (the
// device key, sealed or plaintext, and the claim key): every heap block the C++ allocator gets
// back is searched for PEM key text before it is freed. mbedtls wipes its own buffers.
#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "enroll_pki.h"
#include "fake_hal/fake_hal.h"
#include "firmware/app/identity/cert_files.h"
#include "firmware/app/identity/credentials.h"
#include "firmware/app/identity/device_key.h"

namespace {

bool g_watch = false;
int g_unwiped = 0;  // freed blocks that still held key text while watched

}  // namespace

// The sanitizer build has its own allocator: the check runs in the normal build.
#if !defined(__SANITIZE_ADDRESS__)
static void inspect(void* p) {
    static constexpr char kKeyText[] = "PRIVATE KEY-----";
    if (g_watch && p != nullptr && memmem(p, malloc_usable_size(p), kKeyText, sizeof kKeyText - 1) != nullptr)
        ++g_unwiped;
}

void* operator new(size_t n) {
    if (void* p = std::malloc(n != 0 ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    inspect(p);
    std::free(p);
}
void operator delete(void* p, size_t) noexcept { operator delete(p); }
#endif

namespace {

using enroll_test::file_text;
using enroll_test::pki;

struct Board {
    Board() {
        EXPECT_TRUE(fs.format().ok());
        for (auto [name, path] : {std::pair{fw::app::kClaimCertFile, pki().device_chain_file("claim")},
                                  std::pair{fw::app::kClaimKeyFile, pki().device_key_file("claim")},
                                  std::pair{fw::app::kServerChainFile, pki().ca_file()}}) {
            std::string text = file_text(path);
            EXPECT_TRUE(fs.write(name, text.data(), text.size()).ok()) << name;
        }
    }
    fake::MemFlash flash{32 * 4096};
    fw::storage::CertFs fs{fw::storage::FlashRegion(flash, 0, 32 * 4096)};
    fake::RamEfuse efuse;
    fake::SeededRng rng;
};

class KeyWipe : public ::testing::Test {
protected:
    void SetUp() override {
#if defined(__SANITIZE_ADDRESS__)
        GTEST_SKIP() << "needs the plain allocator";
#endif
    }
    // Runs `use` with every freed block watched; the number that still held key text.
    template <typename F>
    int unwiped(F use) {
        g_unwiped = 0;
        g_watch = true;
        use();
        g_watch = false;
        return g_unwiped;
    }
};

TEST_F(KeyWipe, PlaintextClaimKeyReadAndDropped) {
    Board b;
    EXPECT_EQ(unwiped([&] {
                  auto key = fw::app::read_key_file(b.fs, b.efuse, fw::app::kClaimKeyFile);
                  EXPECT_TRUE(key.ok());
              }),
              0);
}

TEST_F(KeyWipe, SealedDeviceKeyMadeReadAndDropped) {
    Board b;
    EXPECT_EQ(unwiped([&] {
                  EXPECT_TRUE(fw::app::load_or_create_device_key(b.fs, b.efuse, b.rng).ok());
                  auto again = fw::app::load_or_create_device_key(b.fs, b.efuse, b.rng);
                  EXPECT_TRUE(again.ok() && !again->created);
              }),
              0);
}

TEST_F(KeyWipe, CredentialsCheckedAndDropped) {
    Board b;
    EXPECT_EQ(unwiped([&] {
                  auto c = fw::app::load_credentials(b.fs, b.efuse, 0, fw::app::kClaimIdentity);
                  EXPECT_TRUE(c.ok()) << c.detail;
              }),
              0);
}

}  // namespace
