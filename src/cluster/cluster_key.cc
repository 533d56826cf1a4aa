#include "logical_clock/cluster/cluster_key.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/file_io.h"
#include "logical_clock/base/sha256.h"
#include "logical_clock/base/sys.h"

namespace lc {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

Status write_new_key(const std::string& path) {
  ClusterKey key;
  Status s = random_bytes(key.data(), key.size());
  if (!s.is_ok()) return s;
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0 && errno == EEXIST) return Status::error(path + ": exists; a key is never replaced (remove it first)");
  if (fd < 0) return Status::from_errno(path, errno);
  Fd owned(fd);
  // The umask may have taken bits away, never added them; set the mode exactly.
  if (::fchmod(fd, 0600) != 0) s = Status::from_errno("chmod " + path, errno);
  const std::string text = to_hex(key.data(), key.size()) + "\n";
  if (s.is_ok()) s = write_all(fd, text.data(), text.size(), path);
  if (s.is_ok() && ::fsync(fd) != 0) s = Status::from_errno("fsync " + path, errno);
  if (!s.is_ok()) (void)::unlink(path.c_str());
  return s;
}

Status load_key(const std::string& path, ClusterKey* out) {
  // The mode is read from the descriptor the key is read through, not from the name.
  Fd fd;
  Status s = open_for_reading(path, &fd);
  struct stat st;
  if (s.is_ok() && ::fstat(fd.get(), &st) != 0) s = Status::from_errno(path, errno);
  if (!s.is_ok()) return s;
  if ((st.st_mode & 077) != 0)
    return Status::error(path + ": others than its owner may read or write it (mode " + mode_text(st.st_mode) +
                         "); a key must be mode 0600: chmod 600 " + path);
  std::string text;
  char buf[2 * sizeof(ClusterKey) + 2];  // one byte more than a key file: a longer one is no key
  for (size_t got = 1; got > 0 && text.size() < sizeof buf;) {
    if (!(s = read_file_some(fd.get(), buf, sizeof buf - text.size(), &got, path)).is_ok()) return s;
    text.append(buf, got);
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();
  bool hex = text.size() == 2 * out->size();
  for (size_t i = 0; hex && i < out->size(); ++i) {
    const int high = hex_value(text[2 * i]), low = hex_value(text[2 * i + 1]);
    hex = high >= 0 && low >= 0;
    (*out)[i] = static_cast<uint8_t>(high * 16 + low);
  }
  if (!hex) return Status::error(path + ": not a key (64 hex digits, as logical_clock --new-key writes)");
  return Status::ok();
}

}  // namespace lc
