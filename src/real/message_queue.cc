#include "logical_clock/real/message_queue.h"

#include <utility>

namespace lc {

void MessageQueue::push(std::vector<Message>* batch) {
  if (batch->empty()) return;
  std::lock_guard<std::mutex> guard(mu_);
  const int64_t now = now_();
  for (Message& m : *batch) {
    m.arrival_ns = now;
    items_.push_back(std::move(m));
  }
  if (items_.size() > peak_) peak_ = items_.size();
}

bool MessageQueue::pop(Message* out, size_t* left, int64_t* now_ns) {
  std::lock_guard<std::mutex> guard(mu_);
  *now_ns = now_();
  if (items_.empty()) {
    *left = 0;
    return false;
  }
  *out = items_.front();
  items_.pop_front();
  *left = items_.size();
  return true;
}

std::vector<Message> MessageQueue::take_all(int64_t* now_ns) {
  std::deque<Message> taken;
  {
    std::lock_guard<std::mutex> guard(mu_);
    *now_ns = now_();
    taken.swap(items_);
  }
  return std::vector<Message>(taken.begin(), taken.end());
}

size_t MessageQueue::peak() const {
  std::lock_guard<std::mutex> guard(mu_);
  return peak_;
}

}  // namespace lc
