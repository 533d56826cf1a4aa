#include "logical_clock/base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "logical_clock/base/sys.h"

namespace lc {

Status open_for_writing(const std::string& path, Fd* out) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::from_errno(path, errno);
  *out = Fd(fd);
  return Status::ok();
}

Status open_for_reading(const std::string& path, Fd* out) {
  int fd;
  // Non-blocking only to open: a FIFO in the file's place would otherwise wait for a writer
  // forever before the check below could refuse it. Reads of a regular file never block.
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::from_errno(path, errno);
  *out = Fd(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::from_errno(path, errno);
  if (!S_ISREG(st.st_mode)) return Status::error(path + ": not a regular file");
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) return Status::from_errno(path, errno);
  return Status::ok();
}

Status read_file_some(int fd, char* buf, size_t size, size_t* got, const std::string& path) {
  ssize_t n;
  do {
    n = ::read(fd, buf, size);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Status::from_errno("read " + path, errno);
  *got = static_cast<size_t>(n);
  return Status::ok();
}

Status read_whole_file(const std::string& path, size_t max_mib, std::string* text) {
  Fd fd;
  Status s = open_for_reading(path, &fd);
  text->clear();
  char buf[65536];
  for (size_t got = 1; s.is_ok() && got > 0;) {
    if (!(s = read_file_some(fd.get(), buf, sizeof buf, &got, path)).is_ok()) break;
    text->append(buf, got);
    if (text->size() > (max_mib << 20)) s = Status::error(path + ": longer than " + std::to_string(max_mib) + " MiB");
  }
  return s;
}

Status list_directory(const std::string& dir, std::vector<std::string>* names) {
  names->clear();
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    names->push_back(it->path().filename().string());
  if (ec) return Status::error(dir + ": " + ec.message());
  std::sort(names->begin(), names->end());
  return Status::ok();
}

Status ensure_directory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return Status::ok();
  int err = errno;
  struct stat st;
  if (err == EEXIST && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Status::ok();
  return Status::from_errno("mkdir " + dir, err);
}

Status write_whole_file(const std::string& path, const std::string& text) {
  OutputFile file;
  Status s = file.open(path);
  if (!s.is_ok()) return s;
  file.append(text);
  return file.commit();
}

OutputFile::~OutputFile() {
  if (fd_.valid()) {
    fd_ = Fd();
    ::unlink((path_ + ".tmp").c_str());
  }
}

Status OutputFile::open(const std::string& path) {
  path_ = path;
  // The file is written beside its name and renamed onto it: a symbolic link, a device or a
  // directory there would be replaced by a regular file, not written through, so it is refused
  // (as is a link where the temporary file goes).
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return Status::error(path + ": not a regular file (a link, a device or a directory is not replaced)");
  std::string tmp = path + ".tmp";
  int fd;
  do {
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::from_errno("open " + tmp, errno);
  fd_ = Fd(fd);
  buf_.reserve(kBufferBytes);
  return Status::ok();
}

void OutputFile::append(const char* data, size_t size) {
  buf_.append(data, size);
  if (buf_.size() >= kBufferBytes) flush_buffer();
}

void OutputFile::append_char(char c) {
  buf_.push_back(c);
  if (buf_.size() >= kBufferBytes) flush_buffer();
}

void OutputFile::flush_buffer() {
  if (status_.is_ok()) status_ = write_all(fd_.get(), buf_.data(), buf_.size(), path_ + ".tmp");
  buf_.clear();
}

Status OutputFile::commit() {
  flush_buffer();
  if (!status_.is_ok()) return status_;
  const std::string tmp = path_ + ".tmp";
  Status s;
  if (::close(fd_.release()) != 0) s = Status::from_errno("close " + tmp, errno);
  if (s.is_ok() && ::rename(tmp.c_str(), path_.c_str()) != 0) s = Status::from_errno("rename to " + path_, errno);
  if (!s.is_ok()) ::unlink(tmp.c_str());  // no half-made output behind, as after a failed write
  return s;
}

}  // namespace lc
