// Fuzz target: lcstat's log reader (header lines and row parser) on arbitrary file contents.
// It must end every input with rows or a one-line error naming the file and line, and every
// row it returns must be well formed.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "logical_clock/log/log_reader.h"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The reader takes a path: the input lives in an anonymous memory file.
  const int fd = ::memfd_create("fuzz_log", MFD_CLOEXEC);
  if (fd < 0) return 0;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  lc::LogReader reader;
  lc::Status s = reader.open(path);
  uint64_t last_line = 2;
  while (s.is_ok()) {
    lc::Row row;
    bool end = false;
    s = reader.next(&row, &end);
    if (!s.is_ok() || end) break;
    require(row.line > last_line);
    last_line = row.line;
    require(row.clock >= 0 && row.queue >= 0);
    if (row.event == lc::Event::kRecv || row.event == lc::Event::kPending)
      require(row.peers.size() == 1 && row.msg_clock >= 0 && row.wait_us >= 0);
    if (row.event == lc::Event::kSend) require(row.msg_clock >= 0);
  }
  if (!s.is_ok()) require(s.message().find(path) != std::string::npos);
  ::close(fd);
  return 0;
}
