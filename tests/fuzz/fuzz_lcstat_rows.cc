// Fuzz target: lcstat's log reader (header lines and row parser) on arbitrary file contents.
// It must end every input with rows or a one-line error naming the file and line, and every
// row it returns must be well formed: with the vclock column (vector=1), exactly machines=
// entries, each a whole number. Each input is read twice: as any log, and as the log of
// a failed machine (a torn end left out), which must read a whole log the same way.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "logical_clock/log/log_reader.h"
#include "logical_clock/log/numbers.h"
#include "require.h"

namespace {

struct Outcome {
  bool ok = false;
  uint64_t rows = 0;
  uint64_t last_line = 0;
};

// Reads the whole file in one mode; every row must be well formed, every error one line that
// names the file.
Outcome read_all(const std::string& path, bool allow_torn_tail, lc::LogReader* reader) {
  lc::Status s = reader->open(path, allow_torn_tail);
  Outcome out;
  out.last_line = 2;
  while (s.is_ok()) {
    lc::Row row;
    bool end = false;
    s = reader->next(&row, &end);
    if (!s.is_ok() || end) break;
    require(row.line > out.last_line);
    out.last_line = row.line;
    ++out.rows;
    require(row.clock >= 0 && row.queue >= 0 && row.system_us >= 0 && row.model_us >= 0);
    if (row.event == lc::LogEvent::kReceive || row.event == lc::LogEvent::kPending)
      require(row.peers.size() == 1 && row.msg_clock >= 0 && row.wait_us >= 0);
    if (row.event == lc::LogEvent::kSend) require(row.msg_clock >= 0);
    if (reader->header().vector) {
      require(row.vclock.size() == static_cast<size_t>(reader->header().machines));
      for (int64_t v : row.vclock) require(v >= 0 && v <= lc::kMaxValue);
    } else {
      require(row.vclock.empty());
    }
  }
  if (!s.is_ok()) {
    require(s.message().find(path) != std::string::npos);
    require(s.message().find('\n') == std::string::npos);
  }
  out.ok = s.is_ok();
  return out;
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
  lc::LogReader strict, lenient;
  const Outcome a = read_all(path, false, &strict);
  // A failed machine's log: a torn end is left out, everything else is read as before.
  const Outcome b = read_all(path, true, &lenient);
  if (a.ok) {
    require(b.ok && b.rows == a.rows && lenient.has_header() && lenient.torn_line() == 0);
    require(strict.header().speed > 0 && strict.header().machine < strict.header().machines);
  }
  if (lenient.torn_line() != 0 && b.rows > 0) require(lenient.torn_line() > b.last_line);
  if (b.ok && !lenient.has_header()) require(b.rows == 0);
  ::close(fd);
  return 0;
}
