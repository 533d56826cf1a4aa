// RemoteMachine: what a coordinator takes from a machine's host, checked before it is believed.
// A host holding the key may still send anything: counters for another number of machines, a
// partition that does not exist, negative counts, log chunks out of order, frames after its end.
// Each is refused with its reason, and nothing of it reaches the run's stats.
#include <unistd.h>

#include <stdlib.h>
#include <string>

#include "check.h"
#include "logical_clock/real/remote_machine.h"
#include "logical_clock/real/shared_stats.h"

namespace {

lc::ControlFrame counters(int machines) {
  lc::ControlFrame f;
  f.type = lc::ControlType::kCounters;
  f.counters.ticks = 7;
  f.counters.channels.resize(static_cast<size_t>(machines));
  return f;
}

std::string temp_dir() {
  char dir[] = "/tmp/test_remote_machine.XXXXXX";
  CHECK(::mkdtemp(dir) != nullptr);
  return dir;
}

void test_counters() {
  lc::SharedStats stats;
  CHECK(stats.create(3).is_ok());
  const std::string dir = temp_dir();
  lc::RemoteMachine m(1, 3, 1, dir + "/vm_1_3.log");
  CHECK(m.take(counters(3), &stats));
  CHECK_EQ(stats[1].ticks.load(), int64_t{7});
  CHECK(!m.take(counters(2), &stats));
  CHECK_EQ(m.error(), std::string("counters for 2 machines in a run of 3"));

  // Messages held by partition 1 of a run with one partition (index 0): refused, not believed.
  lc::ControlFrame f = counters(3);
  f.counters.ticks = 8;
  f.counters.channels[2].undelivered = 4;
  f.counters.channels[2].held_by = 1;
  lc::RemoteMachine held(1, 3, 1, dir + "/vm_1_3.log");
  CHECK(!held.take(f, &stats));
  CHECK_EQ(held.error(), std::string("counters name partition 1 of 1 (channel 1 to 2)"));
  CHECK_EQ(stats[1].ticks.load(), int64_t{7});
  CHECK_EQ(stats.held_by(1, 2).load(), int64_t{-1});
  f.counters.channels[2].held_by = -5;
  CHECK(!held.take(f, &stats));
  // Undelivered messages without their partition yet: the host read the machine's two stores
  // between them; taken (its last counters have both).
  f.counters.channels[2].held_by = -1;
  CHECK(held.take(f, &stats));
  f.counters.channels[2].held_by = 0;
  CHECK(held.take(f, &stats));
  CHECK_EQ(stats.held_by(1, 2).load(), int64_t{0});
  CHECK_EQ(stats.undelivered(1, 2).load(), int64_t{4});

  // A negative count is no count.
  f = counters(3);
  f.counters.channels[0].sent_to = -1;
  CHECK(!held.take(f, &stats));
  CHECK_EQ(held.error(), std::string("counters with a negative count (channel 1 to 0)"));
  f = counters(3);
  f.counters.sent = -3;
  CHECK(!held.take(f, &stats));
  CHECK_EQ(held.error(), std::string("counters with a negative count"));
  ::rmdir(dir.c_str());
}

void test_log_and_end() {
  lc::SharedStats stats;
  CHECK(stats.create(2).is_ok());
  const std::string dir = temp_dir();
  lc::RemoteMachine m(0, 2, 0, dir + "/vm_0_3.log");
  lc::ControlFrame data;
  data.type = lc::ControlType::kLogData;
  data.offset = 0;
  data.text = "row 1\n";
  CHECK(m.take(data, &stats));
  data.offset = 3;  // not the next byte
  CHECK(!m.take(data, &stats));
  CHECK_EQ(m.error(), std::string("log data at byte 3 where byte 6 was due"));
  data.offset = 6;
  data.text = "row 2\n";
  CHECK(m.take(data, &stats));
  lc::ControlFrame end;
  end.type = lc::ControlType::kLogEnd;
  end.offset = 11;
  CHECK(!m.take(end, &stats));
  end.offset = 12;
  CHECK(m.take(end, &stats));
  CHECK(m.log_whole());
  CHECK(!m.take(data, &stats));  // after the log's end
  lc::ControlFrame ended;
  ended.type = lc::ControlType::kEnded;
  CHECK(m.take(ended, &stats));
  CHECK(m.ended() && !m.failed());
  CHECK(!m.take(counters(2), &stats));
  CHECK_EQ(m.error(), std::string("a counters frame after its end"));
  CHECK(!m.take(ended, &stats));
  lc::ControlFrame go;
  go.type = lc::ControlType::kGo;
  lc::RemoteMachine fresh(0, 2, 0, dir + "/vm_0_4.log");
  CHECK(!fresh.take(go, &stats));
  CHECK_EQ(fresh.error(), std::string("an unexpected go frame"));
  ::unlink((dir + "/vm_0_3.log").c_str());
  ::rmdir(dir.c_str());
}

}  // namespace

int main() {
  test_counters();
  test_log_and_end();
  return lc_test::finish("test_remote_machine");
}
