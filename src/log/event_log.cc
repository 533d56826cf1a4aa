#include "logical_clock/log/event_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "logical_clock/base/decimal.h"
#include "logical_clock/base/sys.h"

namespace lc {

namespace {

template <typename T>
void append_int(std::string* out, T v) {
  char tmp[24];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, v);
  out->append(tmp, static_cast<size_t>(res.ptr - tmp));
}

}  // namespace

Status EventLog::open(const std::string& path) {
  path_ = path;
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return status_ = Status::from_errno("open " + path, errno);
  fd_ = Fd(fd);
  buf_.reserve(kFlushBytes + 4096);
  return Status::ok();
}

void EventLog::begin(const HeaderLine& header) {
  buf_ += header_line(header);
  buf_.push_back('\n');
  buf_ += column_line(header.vector);
  buf_.push_back('\n');
}

void EventLog::add(const LogRow& row, int64_t now_mono_ns) {
  append_micros(&buf_, row.system_us);
  buf_.push_back(',');
  append_micros(&buf_, row.model_us);
  buf_.push_back(',');
  buf_ += event_name(row.event);
  buf_.push_back(',');
  append_int(&buf_, row.clock);
  buf_.push_back(',');
  append_int(&buf_, row.queue);
  buf_.push_back(',');
  if (row.event == LogEvent::kSend) {
    for (size_t i = 0; i < row.receivers->size(); ++i) {
      if (i > 0) buf_.push_back(';');
      append_int(&buf_, (*row.receivers)[i]);
    }
  } else if (row.event != LogEvent::kInternal) {
    append_int(&buf_, row.peer);
  }
  buf_.push_back(',');
  if (row.event != LogEvent::kInternal) append_int(&buf_, row.msg_clock);
  buf_.push_back(',');
  if (row.event == LogEvent::kReceive || row.event == LogEvent::kPending)
    append_micros(&buf_, row.queue_wait_us);
  if (row.vclock != nullptr) {
    buf_.push_back(',');
    for (size_t j = 0; j < row.vclock->size(); ++j) {
      if (j > 0) buf_.push_back(';');
      append_int(&buf_, (*row.vclock)[j]);
    }
  }
  buf_.push_back('\n');
  if (buf_.size() >= kFlushBytes || now_mono_ns - last_write_ns_ >= kFlushIntervalNs) {
    last_write_ns_ = now_mono_ns;
    write_buffer();
  }
}

Status EventLog::flush() {
  write_buffer();
  return status_;
}

void EventLog::write_buffer() {
  if (buf_.empty() || !status_.is_ok() || !fd_.valid()) return;
  Status s = write_all(fd_.get(), buf_.data(), buf_.size(), path_);
  if (!s.is_ok()) {
    // Cut a partly written buffer off so the file ends at a whole row.
    if (::ftruncate(fd_.get(), static_cast<off_t>(written_)) != 0) {
      s = Status::error(s.message() + " (and could not cut it back to its last whole row)");
    }
    status_ = s;
    buf_.clear();
    return;
  }
  written_ += buf_.size();
  buf_.clear();
}

}  // namespace lc
