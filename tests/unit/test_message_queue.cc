// MessageQueue: FIFO order, empty pops, the `left` count, take_all, the peak, the stamps read
// under the lock, and a producer thread pushing batches while a consumer pops, with nothing
// lost or reordered and every pop consistent with the stamps.
#include <cstdint>
#include <thread>
#include <vector>

#include "check.h"
#include "logical_clock/real/message_queue.h"

namespace {

lc::Message msg(int sender, uint64_t clock, int64_t arrival = 0) { return lc::Message{sender, clock, arrival, {}}; }

// A clock that moves 10 ns each time it is read, so every stamp tells which call made it.
int64_t g_fake_now = 0;
int64_t fake_clock() { return g_fake_now += 10; }

// Pushes a copy of the batch (push() moves the messages out of it).
void push(lc::MessageQueue& q, std::vector<lc::Message> batch) { q.push(&batch); }

// Pops with a throwaway instant, for the tests that look at order only.
bool pop(lc::MessageQueue& q, lc::Message* m, size_t* left) {
  int64_t now = 0;
  return q.pop(m, left, &now);
}
std::vector<lc::Message> take_all(lc::MessageQueue& q) {
  int64_t now = 0;
  return q.take_all(&now);
}

void test_empty() {
  lc::MessageQueue q;
  lc::Message m{9, 9, 9, {}};
  size_t left = 77;
  CHECK(!pop(q, &m, &left));
  CHECK_EQ(left, size_t{0});
  // An empty pop leaves the output alone.
  CHECK_EQ(m.sender, 9);
  CHECK_EQ(m.clock, uint64_t{9});
  CHECK_EQ(q.peak(), size_t{0});
  CHECK(take_all(q).empty());
  push(q, {});  // an empty batch changes nothing
  CHECK(!pop(q, &m, &left));
  CHECK_EQ(q.peak(), size_t{0});
}

void test_fifo_and_left() {
  g_fake_now = 0;
  lc::MessageQueue q(&fake_clock);
  push(q, {msg(1, 10, 100), msg(2, 20, 200)});
  push(q, {msg(1, 11, 300)});
  CHECK_EQ(q.peak(), size_t{3});
  lc::Message m;
  size_t left = 99;
  CHECK(pop(q, &m, &left));
  CHECK_EQ(m.sender, 1);
  CHECK_EQ(m.clock, uint64_t{10});
  CHECK_EQ(m.arrival_ns, int64_t{10});  // the first push's stamp, whatever the caller put
  CHECK_EQ(left, size_t{2});
  push(q, {msg(0, 5, 400)});
  CHECK_EQ(q.peak(), size_t{3});  // 3 again, not more
  CHECK(pop(q, &m, &left));
  CHECK_EQ(m.sender, 2);
  CHECK_EQ(m.clock, uint64_t{20});
  CHECK_EQ(m.arrival_ns, int64_t{10});  // one stamp for the whole batch
  CHECK_EQ(left, size_t{2});
  CHECK(pop(q, &m, &left));
  CHECK_EQ(m.clock, uint64_t{11});
  CHECK_EQ(left, size_t{1});
  CHECK(pop(q, &m, &left));
  CHECK_EQ(m.sender, 0);
  CHECK_EQ(m.clock, uint64_t{5});
  CHECK_EQ(m.arrival_ns, int64_t{40});  // pushes at 10, 20, a pop at 30, the push at 40
  CHECK_EQ(left, size_t{0});
  CHECK(!pop(q, &m, &left));
  CHECK_EQ(left, size_t{0});
  CHECK_EQ(q.peak(), size_t{3});
}

void test_peak_and_take_all() {
  lc::MessageQueue q;
  std::vector<lc::Message> batch;
  for (int i = 0; i < 10; ++i) batch.push_back(msg(i % 3, static_cast<uint64_t>(i), i));
  push(q, batch);
  CHECK_EQ(q.peak(), size_t{10});
  lc::Message m;
  size_t left = 0;
  for (int i = 0; i < 4; ++i) CHECK(pop(q, &m, &left));
  CHECK_EQ(left, size_t{6});
  push(q, {msg(5, 100, 1000), msg(5, 101, 1001)});
  CHECK_EQ(q.peak(), size_t{10});  // 8 now, still below the earlier 10
  push(q, batch);
  CHECK_EQ(q.peak(), size_t{18});

  const std::vector<lc::Message> all = take_all(q);
  CHECK_EQ(all.size(), size_t{18});
  bool ordered = all.size() == 18;
  for (size_t i = 0; ordered && i < 6; ++i) ordered = all[i].clock == i + 4;
  ordered = ordered && all[6].clock == 100 && all[7].clock == 101 && all[6].arrival_ns == all[7].arrival_ns;
  for (size_t i = 0; ordered && i < 10; ++i)
    ordered = all[8 + i].clock == i && all[8 + i].sender == static_cast<int>(i % 3);
  CHECK(ordered);
  CHECK(!pop(q, &m, &left));
  CHECK(take_all(q).empty());
  CHECK_EQ(q.peak(), size_t{18});  // the peak is a record, not the current size
  push(q, {msg(1, 1, 1)});
  CHECK(pop(q, &m, &left));
  CHECK_EQ(m.clock, uint64_t{1});
  CHECK_EQ(left, size_t{0});
}

// Each call reads the clock once, under the lock: pops and take_all return the instant they
// looked, pushes stamp with theirs, so the stamps order pushes and pops as they happened.
void test_stamps() {
  g_fake_now = 0;
  lc::MessageQueue q(&fake_clock);
  lc::Message m;
  size_t left = 0;
  int64_t now = 0;
  CHECK(!q.pop(&m, &left, &now));
  CHECK_EQ(now, int64_t{10});
  push(q, {msg(1, 1, 777), msg(2, 1, 888)});  // stamped 20
  CHECK(q.pop(&m, &left, &now));
  CHECK_EQ(now, int64_t{30});
  CHECK_EQ(m.arrival_ns, int64_t{20});
  push(q, {});  // no clock read for an empty batch
  push(q, {msg(1, 2)});  // 40
  const std::vector<lc::Message> all = q.take_all(&now);
  CHECK_EQ(now, int64_t{50});
  CHECK_EQ(all.size(), size_t{2});
  if (all.size() == 2) {
    CHECK_EQ(all[0].arrival_ns, int64_t{20});
    CHECK_EQ(all[1].arrival_ns, int64_t{40});
  }
}

// One thread pushes batches from two senders (clocks 0, 1, 2, ... each) while the main thread
// pops, now and then taking everything at once. Every message must come out exactly once, in
// order per sender. Then, with the producer gone, a last batch is popped with an exact `left`.
void test_two_threads() {
  lc::MessageQueue q;
  const uint64_t per_sender = 200000;
  const uint64_t total = 2 * per_sender;
  std::thread producer([&] {
    uint64_t next[2] = {0, 0};
    std::vector<lc::Message> batch;
    uint64_t round = 0;
    while (next[0] < per_sender || next[1] < per_sender) {
      batch.clear();
      const uint64_t size = 1 + round % 37;  // batches of 1..37
      for (uint64_t i = 0; i < size; ++i) {
        const size_t s = (round + i) % 2;
        if (next[s] < per_sender) {
          batch.push_back(msg(static_cast<int>(s), next[s], static_cast<int64_t>(round)));
          ++next[s];
        }
      }
      push(q, batch);
      ++round;
    }
  });

  uint64_t expect[2] = {0, 0};
  bool in_order = true;
  bool left_sane = true;
  uint64_t popped = 0;
  auto take = [&](const lc::Message& t) {
    const size_t s = static_cast<size_t>(t.sender);
    if (t.sender < 0 || t.sender > 1 || t.clock != expect[s]) in_order = false;
    else ++expect[s];
    ++popped;
  };
  lc::Message m;
  size_t left = 0;
  int64_t now = 0;
  // What each pop saw agrees with the real clock's stamps: a message taken was stamped at or
  // before the pop's instant; after an empty pop every message comes stamped at or after it.
  int64_t empty_at = 0;
  bool stamps_agree = true;
  while (popped < total) {
    if (popped % 40000 == 39999) {
      for (const lc::Message& t : q.take_all(&now)) {
        stamps_agree = stamps_agree && t.arrival_ns <= now && t.arrival_ns >= empty_at;
        take(t);
      }
      continue;
    }
    if (!q.pop(&m, &left, &now)) {
      empty_at = now;
      std::this_thread::yield();
      continue;
    }
    stamps_agree = stamps_agree && m.arrival_ns <= now && m.arrival_ns >= empty_at;
    take(m);
    // `left` is what was still queued: never more than what is yet to be taken.
    if (left > total - popped) left_sane = false;
  }
  producer.join();
  CHECK(stamps_agree);
  CHECK(in_order);
  CHECK(left_sane);
  CHECK_EQ(popped, total);
  CHECK_EQ(expect[0], per_sender);
  CHECK_EQ(expect[1], per_sender);
  CHECK(!pop(q, &m, &left));
  CHECK(q.peak() >= 1);
  CHECK(q.peak() <= total);

  // Single-threaded now: `left` is exact.
  std::vector<lc::Message> last;
  for (uint64_t i = 0; i < 1000; ++i) last.push_back(msg(static_cast<int>(i % 2), per_sender + i / 2, 0));
  push(q, last);
  for (size_t i = 0; i < last.size(); ++i) {
    CHECK(pop(q, &m, &left));
    CHECK_EQ(left, last.size() - i - 1);
    take(m);
  }
  CHECK(in_order);
  CHECK_EQ(expect[0], per_sender + 500);
  CHECK_EQ(expect[1], per_sender + 500);
  CHECK(!pop(q, &m, &left));
}

}  // namespace

int main() {
  test_empty();
  test_fifo_and_left();
  test_peak_and_take_all();
  test_stamps();
  test_two_threads();
  return lc_test::finish("message_queue");
}
