#pragma once
// A fresh directory under $TMPDIR (or /tmp), removed with its contents when the object dies.
#include <string>

namespace testsupport {

class TempDir {
public:
    // `prefix` names the directory, e.g. "broker" -> /tmp/broker.XXXXXX. Mode 0755, so a
    // daemon that dropped privileges (mosquitto started as root) can read what is inside.
    explicit TempDir(const std::string& prefix = "fwtest");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    bool ok() const { return !path_.empty(); }
    // Keep the directory after the test (for a post-mortem); also set by FW_KEEP_TMP=1.
    void keep() { keep_ = true; }

private:
    std::string path_;
    bool keep_ = false;
};

// Whole-file helpers; read_file returns "" when the file cannot be read.
std::string read_file(const std::string& path);
bool write_file(const std::string& path, const std::string& content, unsigned mode = 0644);

}  // namespace testsupport
