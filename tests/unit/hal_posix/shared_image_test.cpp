// Chips that run the same image share one sealed copy of it, and only a copy that is sealed and
// holds exactly the verified bytes: the boot chain's "what runs is what was verified".
#include "hal_posix/shared_image.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "hal_posix/sealed_exec.h"

namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int memfd_with(const std::vector<uint8_t>& bytes, bool seal) {
    int fd = memfd_create("test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    if (seal) {
        EXPECT_EQ(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW), 0);
    }
    return fd;
}

// A chip stand-in: runs `exe` through exec_sealed with sharing in `dir`, and stays up until its
// stdin closes (the programs used read stdin to its end).
struct Runner {
    pid_t pid = -1;
    int stdin_w = -1;

    Runner(const std::vector<uint8_t>& exe, const std::string& dir) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) return;  // not inherited by the next runner, which would hold it open
        pid = fork();
        if (pid == 0) {
            dup2(p[0], 0);
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            setenv("FWCHIP_IMAGE_SHARE", dir.c_str(), 1);
            hal_posix::exec_sealed(exe.data(), exe.size(), "app");
            _exit(127);
        }
        close(p[0]);
        stdin_w = p[1];
    }
    ~Runner() {
        close(stdin_w);
        int status = 0;
        if (pid > 0) waitpid(pid, &status, 0);
    }
    std::string exe_link() const { return "/proc/" + std::to_string(pid) + "/exe"; }
    // Waits until the process runs from its sealed copy (its exe is a memfd).
    bool running() const {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            char buf[256];
            ssize_t n = readlink(exe_link().c_str(), buf, sizeof buf - 1);
            if (n > 0 && std::string(buf, static_cast<size_t>(n)).rfind("/memfd:app", 0) == 0) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return false;
    }
    ino_t inode() const {
        struct stat st {};
        return stat(exe_link().c_str(), &st) == 0 ? st.st_ino : 0;
    }
};

ino_t inode_of(int fd) {
    struct stat st {};
    return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

class SharedImage : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/shared_image_test.XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        cat_ = file_bytes("/bin/cat");
        tee_ = file_bytes("/usr/bin/tee");
        ASSERT_FALSE(cat_.empty());
        ASSERT_FALSE(tee_.empty());
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string dir_;
    std::vector<uint8_t> cat_, tee_;
};

TEST(HoldsExactly, OnlyASealedCopyOfTheSameBytes) {
    const std::vector<uint8_t> image = {1, 2, 3, 4, 5, 6, 7, 8};
    std::vector<uint8_t> other = image;
    other.back() ^= 1;

    int sealed = memfd_with(image, true);
    EXPECT_TRUE(hal_posix::holds_exactly(sealed, image.data(), image.size()));
    EXPECT_FALSE(hal_posix::holds_exactly(sealed, other.data(), other.size())) << "one byte differs";
    EXPECT_FALSE(hal_posix::holds_exactly(sealed, image.data(), image.size() - 1)) << "shorter";
    close(sealed);

    int unsealed = memfd_with(image, false);
    EXPECT_FALSE(hal_posix::holds_exactly(unsealed, image.data(), image.size())) << "could change after the check";
    close(unsealed);

    char path[] = "/tmp/shared_image_file.XXXXXX";
    int file = mkstemp(path);
    ASSERT_GE(file, 0);
    ASSERT_EQ(write(file, image.data(), image.size()), static_cast<ssize_t>(image.size()));
    EXPECT_FALSE(hal_posix::holds_exactly(file, image.data(), image.size())) << "a file cannot be sealed";
    close(file);
    unlink(path);
}

TEST_F(SharedImage, ChipsRunningTheSameImageShareOneCopy) {
    Runner first(cat_, dir_);
    ASSERT_TRUE(first.running());
    Runner second(cat_, dir_);
    ASSERT_TRUE(second.running());
    Runner other(tee_, dir_);
    ASSERT_TRUE(other.running());

    EXPECT_NE(first.inode(), 0u);
    EXPECT_EQ(second.inode(), first.inode()) << "the second chip made a copy of its own";
    EXPECT_NE(other.inode(), first.inode()) << "another image ran from the same copy";

    int fd = hal_posix::find_shared_image(dir_, cat_.data(), cat_.size(), "app");
    ASSERT_GE(fd, 0);
    EXPECT_EQ(inode_of(fd), first.inode());
    close(fd);
}

TEST_F(SharedImage, AnEntryThatDoesNotRunTheImageIsPassedOver) {
    // An entry naming a process whose program is not a sealed copy of the image (this test's own).
    hal_posix::offer_shared_image(dir_, cat_.data(), cat_.size(), "app");
    EXPECT_EQ(hal_posix::find_shared_image(dir_, cat_.data(), cat_.size(), "app"), -1);

    Runner chip(cat_, dir_);
    ASSERT_TRUE(chip.running());
    int fd = hal_posix::find_shared_image(dir_, cat_.data(), cat_.size(), "app");
    ASSERT_GE(fd, 0) << "the chip did not register its copy";
    EXPECT_EQ(inode_of(fd), chip.inode());
    close(fd);
    EXPECT_EQ(hal_posix::find_shared_image(dir_, tee_.data(), tee_.size(), "app"), -1) << "an image nobody runs";
    EXPECT_EQ(hal_posix::find_shared_image(dir_ + "/missing", cat_.data(), cat_.size(), "app"), -1);
}

// Chips reset and die; the copy outlives them in any chip still running it.
TEST_F(SharedImage, AnyChipStillRunningTheImageGivesItsCopy) {
    auto first = std::make_unique<Runner>(cat_, dir_);
    ASSERT_TRUE(first->running());
    Runner second(cat_, dir_);
    ASSERT_TRUE(second.running());
    ASSERT_EQ(second.inode(), first->inode());
    first.reset();  // exits: its entry now names a process that is gone

    Runner third(cat_, dir_);
    ASSERT_TRUE(third.running());
    EXPECT_EQ(third.inode(), second.inode()) << "the copy of the chip still running was not found";
}

// A gone chip's entry is removed by the next chip that comes to it; an entry that is not a pid is
// passed over.
TEST_F(SharedImage, AGoneChipsEntryIsRemoved) {
    auto chip = std::make_unique<Runner>(cat_, dir_);
    ASSERT_TRUE(chip->running());
    const pid_t gone = chip->pid;
    chip.reset();
    std::string folder;
    for (const auto& e : fs::directory_iterator(dir_)) folder = e.path();
    ASSERT_TRUE(fs::exists(folder + "/" + std::to_string(gone)));
    std::ofstream(folder + "/not-a-pid") << "";

    EXPECT_EQ(hal_posix::find_shared_image(dir_, cat_.data(), cat_.size(), "app"), -1);
    EXPECT_FALSE(fs::exists(folder + "/" + std::to_string(gone))) << "the gone chip's entry stayed";
    EXPECT_TRUE(fs::exists(folder + "/not-a-pid"));
}

}  // namespace
