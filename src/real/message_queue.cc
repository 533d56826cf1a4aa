#include "logical_clock/real/message_queue.h"

namespace lc {

void MessageQueue::push(const std::vector<Message>& batch) {
  std::lock_guard<std::mutex> guard(mu_);
  items_.insert(items_.end(), batch.begin(), batch.end());
  if (items_.size() > peak_) peak_ = items_.size();
}

bool MessageQueue::pop(Message* out, size_t* left) {
  std::lock_guard<std::mutex> guard(mu_);
  if (items_.empty()) {
    *left = 0;
    return false;
  }
  *out = items_.front();
  items_.pop_front();
  *left = items_.size();
  return true;
}

std::vector<Message> MessageQueue::take_all() {
  std::deque<Message> taken;
  {
    std::lock_guard<std::mutex> guard(mu_);
    taken.swap(items_);
  }
  return std::vector<Message>(taken.begin(), taken.end());
}

size_t MessageQueue::peak() const {
  std::lock_guard<std::mutex> guard(mu_);
  return peak_;
}

}  // namespace lc
