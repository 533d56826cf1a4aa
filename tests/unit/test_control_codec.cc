// The control protocol: encoding checked against hand-written bytes, every type through a round
// trip at its extremes, decoding of split and batched streams, and every way a stream or a
// frame to send is refused.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/wire/control.h"
#include "logical_clock/wire/frame.h"

namespace {

using lc::ControlFrame;
using lc::ControlType;
using Result = lc::ControlDecoder::Result;

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) s.push_back(static_cast<char>(b));
  return s;
}

std::string encoded(const ControlFrame& f) {
  std::string s;
  CHECK(lc::encode_control(f, &s));
  return s;
}

ControlFrame of(ControlType type) {
  ControlFrame f;
  f.type = type;
  return f;
}

bool contains(const std::string& text, const std::string& word) { return text.find(word) != std::string::npos; }

// One of every type, with values at the ends of their ranges.
std::vector<ControlFrame> every_type() {
  constexpr int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  std::vector<ControlFrame> all;
  ControlFrame f = of(ControlType::kHello);
  f.id = 0xffffffff;
  f.run = 0xfedcba9876543210;
  all.push_back(f);
  f = of(ControlType::kParams);
  f.text = std::string("seed=42 rates=1,3,6 partitions=0|1,2@30-60\n\0x", 45);
  all.push_back(f);
  f = of(ControlType::kParams);
  f.text.assign(lc::kMaxParamsText, 'p');
  all.push_back(f);
  f = of(ControlType::kReady);
  f.peers = 999;
  all.push_back(f);
  f = of(ControlType::kStart);
  f.realtime_ns = hi;
  f.monotonic_ns = lo;
  all.push_back(f);
  all.push_back(of(ControlType::kTicksDone));
  all.push_back(of(ControlType::kGo));
  f = of(ControlType::kStop);
  f.how = lc::StopHow::kCutDrain;
  all.push_back(f);
  f = of(ControlType::kStop);
  f.how = lc::StopHow::kKill;
  all.push_back(f);
  f = of(ControlType::kCounters);
  f.counters.ticks = hi;
  f.counters.waited_ns = lo;
  f.counters.stopped_at_us = -1;
  f.counters.held = lo;
  all.push_back(f);
  f.counters.channels.resize(lc::kMaxControlChannels);
  for (size_t i = 0; i < f.counters.channels.size(); ++i)
    f.counters.channels[i] = {static_cast<int64_t>(i), 2, lo, hi, -1, hi - 1};
  all.push_back(f);
  f = of(ControlType::kLogData);
  f.offset = 0xffffffffffffffff;
  f.text.assign(lc::kMaxLogChunk, '\n');
  all.push_back(f);
  f = of(ControlType::kLogEnd);
  f.offset = 123456789;
  all.push_back(f);
  all.push_back(of(ControlType::kBye));
  f = of(ControlType::kClockProbe);
  f.seq = 7;
  f.sent_ns = -5;
  all.push_back(f);
  f = of(ControlType::kClockReply);
  f.seq = 7;
  f.sent_ns = -5;
  f.reply_ns = hi;
  all.push_back(f);
  f = of(ControlType::kGone);
  f.id = 0xfffffffe;
  all.push_back(f);
  f = of(ControlType::kEnded);
  all.push_back(f);
  f.failed = true;
  f.text.assign(lc::kMaxParamsText, 'w');
  all.push_back(f);
  return all;
}

void test_encode_bytes() {
  ControlFrame hello = of(ControlType::kHello);
  hello.id = 2;
  hello.run = 0x0102030405060708;
  CHECK(encoded(hello) == bytes({'L', 'K', 1, 1, 0, 0, 0, 12, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8}));
  ControlFrame stop = of(ControlType::kStop);
  CHECK(encoded(stop) == bytes({'L', 'K', 1, 7, 0, 0, 0, 1, 1}));
  ControlFrame start = of(ControlType::kStart);
  start.realtime_ns = -2;
  start.monotonic_ns = 256;
  CHECK(encoded(start) == bytes({'L', 'K', 1, 4, 0, 0, 0, 16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0,
                                 0, 0, 0, 1, 0}));
  CHECK(encoded(of(ControlType::kGo)) == bytes({'L', 'K', 1, 6, 0, 0, 0, 0}));
  ControlFrame counters = of(ControlType::kCounters);
  counters.counters.channels.resize(2);
  CHECK_EQ(encoded(counters).size(), size_t{8 + 104 + 4 + 2 * 48});
  CHECK_EQ(encoded(counters).substr(8 + 104, 4), bytes({0, 0, 0, 2}));
  ControlFrame ended = of(ControlType::kEnded);
  ended.failed = true;
  ended.text = "ab";
  CHECK(encoded(ended) == bytes({'L', 'K', 1, 14, 0, 0, 0, 3, 1, 'a', 'b'}));
  CHECK_EQ(lc::control_type_name(8), std::string("counters"));
  CHECK_EQ(lc::control_type_name(14), std::string("ended"));
  CHECK_EQ(lc::control_type_name(15), std::string("gone"));
  CHECK_EQ(lc::control_type_name(16), std::string("type 16"));
  ControlFrame gone = of(ControlType::kGone);
  gone.id = 3;
  CHECK(encoded(gone) == bytes({'L', 'K', 1, 15, 0, 0, 0, 4, 0, 0, 0, 3}));
}

void test_round_trips() {
  for (const ControlFrame& f : every_type()) {
    lc::ControlDecoder d;
    const std::string s = encoded(f);
    d.append(s.data(), s.size());
    ControlFrame back;
    CHECK(d.next(&back) == Result::kFrame);
    CHECK(back == f);
    CHECK(d.next(&back) == Result::kNeedMore);
    CHECK_EQ(d.buffered(), size_t{0});
  }
}

// The whole set as one stream, fed in pieces of every size from 1 to 41 bytes: the same frames
// in order, and never more than one incomplete frame held.
void test_split_and_batched() {
  const std::vector<ControlFrame> all = every_type();
  std::string stream;
  size_t largest = 0;
  for (const ControlFrame& f : all) {
    const std::string s = encoded(f);
    largest = std::max(largest, s.size());
    stream += s;
  }
  for (size_t piece = 1; piece <= 41; piece += 4) {
    lc::ControlDecoder d;
    size_t got = 0;
    bool same = true;
    for (size_t at = 0; at < stream.size(); at += piece) {
      d.append(stream.data() + at, std::min(piece, stream.size() - at));
      ControlFrame f;
      while (d.next(&f) == Result::kFrame) same = same && got < all.size() && f == all[got++];
      same = same && d.buffered() < largest;
    }
    CHECK(same);
    CHECK_EQ(got, all.size());
  }
}

void expect_refused(const std::string& stream, const std::string& words) {
  lc::ControlDecoder d;
  d.append(stream.data(), stream.size());
  ControlFrame f;
  Result r = Result::kFrame;
  while (r == Result::kFrame) r = d.next(&f);
  CHECK(r == Result::kError);
  if (!contains(d.error(), words)) CHECK_EQ(d.error(), words);
  CHECK(d.next(&f) == Result::kError);  // stays refused
}

void test_refused_streams() {
  std::string peer_hello;
  lc::encode_hello(lc::Hello{1, 2, 3}, &peer_hello);
  expect_refused(peer_hello, "not a control frame");
  expect_refused(bytes({'L', 'K', 2}), "control protocol version 2, this build speaks 1");
  expect_refused(bytes({'L', 'K', 1, 0}), "unknown control frame type 0");
  expect_refused(bytes({'L', 'K', 1, 16}), "unknown control frame type 16");
  expect_refused(bytes({'L', 'K', 1, 15, 0, 0, 0, 5}), "bad payload length 5 for gone");
  expect_refused(bytes({'L', 'K', 1, 14, 0, 0, 0, 1, 2}), "an ended frame's failed flag is 2");
  expect_refused(bytes({'L', 'K', 1, 7, 0, 0, 0, 1, 4}), "unknown stop kind 4");
  // Lengths other than the type's, refused from the header alone, before any payload.
  expect_refused(bytes({'L', 'K', 1, 1, 0, 0, 0, 11}), "bad payload length 11 for hello");
  expect_refused(bytes({'L', 'K', 1, 6, 0, 0, 0, 1}), "bad payload length 1 for go");
  expect_refused(bytes({'L', 'K', 1, 2, 0, 0, 0, 0}), "bad payload length 0 for params");
  expect_refused(bytes({'L', 'K', 1, 2, 0, 0, 0xea, 0x61}), "bad payload length 60001 for params");
  expect_refused(bytes({'L', 'K', 1, 2, 0xff, 0xff, 0xff, 0xff}), "bad payload length 4294967295 for params");
  expect_refused(bytes({'L', 'K', 1, 9, 0, 0, 0, 8}), "bad payload length 8 for log_data");
  expect_refused(bytes({'L', 'K', 1, 8, 0, 0, 0, 101}), "bad payload length 101 for counters");
  expect_refused(bytes({'L', 'K', 1, 8, 0, 0, 0x9c, 0xa5}), "bad payload length 40101 for counters");
  // A whole frame whose content contradicts itself.
  expect_refused(bytes({'L', 'K', 1, 7, 0, 0, 0, 1, 0}), "unknown stop kind 0");
  ControlFrame counters = of(ControlType::kCounters);
  counters.counters.channels.resize(1);
  std::string lying = encoded(counters);
  lying[8 + 104 + 3] = 2;  // says 2 channels, carries 1
  expect_refused(lying, "counters for 2 channels in a payload of 156");
  // A good frame before the bad one still comes out first.
  lc::ControlDecoder d;
  const std::string good = encoded(of(ControlType::kBye)) + bytes({'X'});
  d.append(good.data(), good.size());
  ControlFrame f;
  CHECK(d.next(&f) == Result::kFrame && f.type == ControlType::kBye);
  CHECK(d.next(&f) == Result::kError);
  // An incomplete header is waited for, not refused.
  lc::ControlDecoder partial;
  partial.append("LK\1", 3);
  CHECK(partial.next(&f) == Result::kNeedMore);
}

void test_refused_to_send() {
  std::string out = "kept";
  ControlFrame f = of(ControlType::kParams);
  CHECK(!lc::encode_control(f, &out));  // empty
  f.text.assign(lc::kMaxParamsText + 1, 'p');
  CHECK(!lc::encode_control(f, &out));
  f = of(ControlType::kLogData);
  CHECK(!lc::encode_control(f, &out));
  f.text.assign(lc::kMaxLogChunk + 1, 'x');
  CHECK(!lc::encode_control(f, &out));
  f = of(ControlType::kCounters);
  f.counters.channels.resize(lc::kMaxControlChannels + 1);
  CHECK(!lc::encode_control(f, &out));
  f = of(ControlType::kStop);
  f.how = static_cast<lc::StopHow>(9);
  CHECK(!lc::encode_control(f, &out));
  f = of(ControlType::kEnded);
  f.text.assign(lc::kMaxParamsText + 1, 'w');
  CHECK(!lc::encode_control(f, &out));
  f = of(static_cast<ControlType>(0));
  CHECK(!lc::encode_control(f, &out));
  CHECK_EQ(out, std::string("kept"));
}

}  // namespace

int main() {
  test_encode_bytes();
  test_round_trips();
  test_split_and_batched();
  test_refused_streams();
  test_refused_to_send();
  return lc_test::finish("test_control_codec");
}
