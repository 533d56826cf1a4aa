// Status: the result of an lcstat step that can fail on bad input or a failed system call.
// It carries one line of text that names the file (and line) at fault. A plain value.
#pragma once

#include <string>
#include <utility>

namespace lcstat {

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message)); }
  // "<what>: <strerror(err)>": the one place where errno becomes text.
  static Status from_errno(const std::string& what, int err);

  bool is_ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

}  // namespace lcstat
