// MachineStep: the one tick of every engine. A tick with a head receives it (Lamport's rule,
// the wait from the head's arrival, the queue left); a tick without one draws and sends to the
// live peers it names, or is internal when it names none; PENDING rows keep the clock; the
// counters add up; and the draws follow the machine's own random stream exactly.
#include <cstdint>
#include <vector>

#include "check.h"
#include "logical_clock/model/machine.h"
#include "logical_clock/step/machine_step.h"

namespace {

bool all_live(int) { return true; }

void test_receive() {
  lc::MachineStep step(1, 3, 10, 42);
  const lc::MachineStep::Head head{2, 41, 1'000'000};
  const lc::LogRow& row = step.tick(&head, 3, 1'250'000, 1'764'118'001'250'000, all_live);
  CHECK(row.event == lc::LogEvent::kReceive);
  CHECK_EQ(row.clock, uint64_t{42});
  CHECK_EQ(row.peer, 2);
  CHECK_EQ(row.msg_clock, uint64_t{41});
  CHECK_EQ(row.queue_wait_us, int64_t{250'000});
  CHECK_EQ(row.queue, size_t{3});
  CHECK_EQ(row.model_us, int64_t{1'250'000});
  CHECK_EQ(row.system_us, int64_t{1'764'118'001'250'000});
  CHECK(step.receivers().empty());
  CHECK_EQ(step.counts().received, int64_t{1});
  CHECK_EQ(step.counts().ticks, int64_t{1});
  // A stale message: the clock still moves one past its own.
  const lc::MachineStep::Head old{0, 3, 1'000'000};
  CHECK_EQ(step.tick(&old, 0, 1'500'000, 0, all_live).clock, uint64_t{43});
}

// The step's draws are the machine's: the same seed, the same actions, tick for tick; dead
// peers are left out of sends, and a send naming only dead peers is internal.
void test_act_follows_the_model() {
  for (int machines : {2, 3, 5}) {
    lc::MachineStep step(0, machines, 3, 7);  // INTERNAL_MAX 3: every draw sends
    lc::Machine model(0, machines, 3, 7);
    auto live = [](int peer) { return peer != 1; };  // machine 1 is dead
    int64_t internal = 0, sent = 0;
    for (int k = 0; k < 2000; ++k) {
      const lc::TickEvent e = model.act();
      const lc::LogRow& row = step.tick(nullptr, 0, k, k, live);
      CHECK_EQ(row.clock, e.clock);
      std::vector<int> expect;
      for (int peer = 0; peer < machines; ++peer)
        if (peer != 0 && peer != 1 && (e.to_all || peer == e.peer)) expect.push_back(peer);
      CHECK(step.receivers() == expect);
      if (expect.empty()) {
        CHECK(row.event == lc::LogEvent::kInternal);
        ++internal;
      } else {
        CHECK(row.event == lc::LogEvent::kSend);
        CHECK_EQ(row.msg_clock, row.clock);
        sent += static_cast<int64_t>(expect.size());
      }
      CHECK_EQ(row.queue, size_t{0});
    }
    CHECK_EQ(step.counts().internal, internal);
    CHECK_EQ(step.counts().sent, sent);
    CHECK_EQ(step.counts().ticks, int64_t{2000});
    CHECK(machines == 2 ? internal == 2000 : internal > 0 && internal < 2000);
  }
}

void test_pending() {
  lc::MachineStep step(2, 3, 10, 1);
  const lc::MachineStep::Head head{0, 9, 3'000'000};
  step.tick(&head, 0, 3'100'000, 0, all_live);  // clock 10
  const lc::MachineStep::Head queued{1, 12, 3'200'000};
  const lc::LogRow& row = step.pending(queued, 1, 4'000'000, 5);
  CHECK(row.event == lc::LogEvent::kPending);
  CHECK_EQ(row.clock, uint64_t{10});
  CHECK_EQ(row.peer, 1);
  CHECK_EQ(row.msg_clock, uint64_t{12});
  CHECK_EQ(row.queue, size_t{1});
  CHECK_EQ(row.queue_wait_us, int64_t{800'000});
  CHECK_EQ(step.clock(), uint64_t{10});
  CHECK_EQ(step.counts().ticks, int64_t{1});
}

// With --vector: the textbook rules. Three machines pass messages by hand; every row carries
// the vector after its event, a send's messages carry it, a receive takes the entrywise max
// then its own +1, and a PENDING row carries the message's vector.
void test_vector_clocks() {
  auto live = [](int) { return true; };
  lc::MachineStep a(0, 3, 3, 5, true), b(1, 3, 3, 5, true), c(2, 3, 3, 5, true);
  using V = std::vector<uint64_t>;
  CHECK(a.vclock() == V({0, 0, 0}));
  const lc::LogRow& ra = a.tick(nullptr, 0, 1, 1, live);  // INTERNAL_MAX 3: a send
  CHECK(ra.event == lc::LogEvent::kSend);
  CHECK(ra.vclock != nullptr && *ra.vclock == V({1, 0, 0}));
  const V sent = a.vclock();
  c.tick(nullptr, 0, 1, 1, live);
  c.tick(nullptr, 0, 2, 2, live);
  CHECK(c.vclock() == V({0, 0, 2}));
  const lc::MachineStep::Head from_a{0, 1, 1, &sent};
  const lc::LogRow& rb = b.tick(&from_a, 0, 3, 3, live);
  CHECK(*rb.vclock == V({1, 1, 0}));
  const V from_b_vector = b.vclock();
  const lc::MachineStep::Head from_b{1, rb.clock, 3, &from_b_vector};
  CHECK(*c.tick(&from_b, 1, 4, 4, live).vclock == V({1, 1, 3}));
  // The message still queued at the end: its own vector, the machine's unchanged.
  const lc::LogRow& pending = c.pending(from_b, 0, 5, 5);
  CHECK(*pending.vclock == from_b_vector);
  CHECK(c.vclock() == V({1, 1, 3}));
  // Without --vector the rows carry none and nothing is kept.
  lc::MachineStep plain(0, 3, 3, 5);
  CHECK(plain.tick(nullptr, 0, 1, 1, live).vclock == nullptr);
  CHECK(plain.vclock().empty());
}

}  // namespace

int main() {
  test_receive();
  test_act_follows_the_model();
  test_pending();
  test_vector_clocks();
  return lc_test::finish("machine_step");
}
