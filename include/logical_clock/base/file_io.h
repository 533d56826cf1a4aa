// Thin wrappers over the file system calls beyond sys.h: whole-file reads that retry EINTR,
// directory listing and creation, and an output file that is written under a
// temporary name and renamed into place by commit().
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"

namespace lc {


Status open_for_reading(const std::string& path, Fd* out);
// Creates (or empties) a regular file for writing, mode 0644; a symbolic link is not followed.
Status open_for_writing(const std::string& path, Fd* out);
// Reads up to `size` bytes; *got == 0 means end of file.
Status read_file_some(int fd, char* buf, size_t size, size_t* got, const std::string& path);
// Reads a regular file whole; one longer than max_mib MiB is refused ("<path>: longer than N MiB").
Status read_whole_file(const std::string& path, size_t max_mib, std::string* text);
// Names (not paths) of the entries of `dir`, sorted.
Status list_directory(const std::string& dir, std::vector<std::string>* names);
// Creates `dir` unless it already is a directory.
Status ensure_directory(const std::string& dir);

// A buffered output file. Rows go to "<path>.tmp"; commit() flushes and renames it to <path>.
// Destroying it uncommitted removes the temporary file, so a failed analysis leaves no
// half-written output behind. Owned by one thread.
// Writes `text` to `path` through an OutputFile: whole, or not at all.
Status write_whole_file(const std::string& path, const std::string& text);

class OutputFile {
 public:
  static constexpr size_t kBufferBytes = size_t{256} * 1024;

  OutputFile() = default;
  OutputFile(OutputFile&&) = default;
  OutputFile& operator=(OutputFile&&) = default;
  ~OutputFile();

  Status open(const std::string& path);
  void append(const char* data, size_t size);
  void append(const std::string& text) { append(text.data(), text.size()); }
  void append_char(char c);
  // Flushes, closes and renames into place. The first failed write is reported here.
  Status commit();

 private:
  void flush_buffer();

  std::string path_;
  Fd fd_;
  std::string buf_;
  Status status_;
};

}  // namespace lc
