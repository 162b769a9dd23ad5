#pragma once
// Whole files: images and certificates read in one go, state files replaced atomically.
#include <cstddef>
#include <optional>
#include <string>

namespace cloud {

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path);

// Writes `content` to a temporary file beside `path`, then renames it over `path`: a crash
// leaves the old file or the new one, never half of one. Throws std::runtime_error naming the file.
void write_file_atomic(const std::string& path, const std::string& content);

// Appends `text` to `path` (created if missing), first cutting the file to `keep` bytes when it is
// longer (a torn last append), and syncs it. Throws std::runtime_error naming the file.
void append_durable(const std::string& path, const std::string& text, size_t keep);

}  // namespace cloud
