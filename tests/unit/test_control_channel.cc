// ControlChannel over a real socketpair: frames both ways, several in one read, a frame cut by
// the other end closing, bytes that are not the protocol, and a read only when told readable.
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "check.h"
#include "logical_clock/real/control_channel.h"

namespace {

using Got = lc::ControlChannel::Got;

void make_pair(lc::ControlChannel* a, lc::ControlChannel* b) {
  int fds[2];
  CHECK_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  *a = lc::ControlChannel(lc::Fd(fds[0]));
  *b = lc::ControlChannel(lc::Fd(fds[1]));
}

lc::ControlFrame frame_of(lc::ControlType type) {
  lc::ControlFrame f;
  f.type = type;
  return f;
}

void test_frames_both_ways() {
  lc::ControlChannel parent, machine;
  make_pair(&parent, &machine);
  lc::ControlFrame start = frame_of(lc::ControlType::kStart);
  start.realtime_ns = 1'700'000'000'000'000'000;
  start.monotonic_ns = 42;
  CHECK(parent.send(start, "to machine").is_ok());
  CHECK(parent.send(frame_of(lc::ControlType::kGo), "to machine").is_ok());
  lc::ControlFrame got;
  CHECK(machine.next(&got, false) == Got::kNeedMore);  // not told readable: no read
  CHECK(machine.next(&got, true) == Got::kFrame);
  CHECK(got == start);
  CHECK(machine.next(&got, false) == Got::kFrame);  // the second came in the same read
  CHECK(got.type == lc::ControlType::kGo);
  lc::ControlFrame ready = frame_of(lc::ControlType::kReady);
  ready.peers = 2;
  CHECK(machine.send(ready, "to parent").is_ok());
  CHECK(parent.next(&got, true) == Got::kFrame);
  CHECK(got == ready);
  machine.reset();
  CHECK(parent.next(&got, true) == Got::kEnd);
  CHECK(!parent.partial());
}

void test_cut_and_garbage() {
  lc::ControlChannel parent, machine;
  make_pair(&parent, &machine);
  CHECK_EQ(::write(parent.get(), "LK\1\4\0\0\0\20abc", 11), 11);  // a start frame cut short
  parent.reset();
  lc::ControlFrame got;
  CHECK(machine.next(&got, true) == Got::kNeedMore);
  CHECK(machine.next(&got, true) == Got::kEnd);
  CHECK(machine.partial());
  make_pair(&parent, &machine);
  CHECK_EQ(::write(parent.get(), "R", 1), 1);  // the old protocol's ready byte
  CHECK(machine.next(&got, true) == Got::kBad);
  CHECK_EQ(machine.error(), std::string("not a control frame (bad magic)"));
  lc::ControlFrame empty_params = frame_of(lc::ControlType::kParams);
  const lc::Status s = parent.send(empty_params, "to machine");
  CHECK_EQ(s.message(), std::string("to machine: a params frame out of bounds"));
}

}  // namespace

int main() {
  test_frames_both_ways();
  test_cut_and_garbage();
  return lc_test::finish("test_control_channel");
}
