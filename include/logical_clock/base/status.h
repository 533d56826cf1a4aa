// Status: the result of an operation that can fail, carrying a one-line message with context
// ("bind 127.0.0.1:0: Address already in use"). Cheap when ok; a plain value, thread-compatible.
#pragma once

#include <string>
#include <utility>

namespace lc {

class Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message)); }
  // "<what>: <strerror(err)>", the one place where errno becomes a message.
  static Status from_errno(const std::string& what, int err);

  bool is_ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

}  // namespace lc
