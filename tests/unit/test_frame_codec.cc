// The wire format: encoding checked against hand-written bytes, decoding of whole, split and
// batched frames, and every way a stream can be refused.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/wire/frame.h"
#include "logical_clock/wire/inbound_session.h"

namespace {

using Result = lc::FrameDecoder::Result;

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) s.push_back(static_cast<char>(b));
  return s;
}

std::string hello_bytes(const lc::Hello& h) {
  std::string s;
  lc::encode_hello(h, &s);
  return s;
}

std::string message_bytes(const lc::MessageFrame& m) {
  std::string s;
  lc::encode_message(m, &s);
  return s;
}

bool contains(const std::string& text, const std::string& word) {
  return text.find(word) != std::string::npos;
}

void test_encode_bytes() {
  CHECK_EQ(lc::kHelloFrameSize, size_t{24});
  CHECK_EQ(lc::kMessageFrameSize, size_t{20});

  const lc::Hello h{0x0102030405060708ULL, 0x11223344u, 0xa1b2c3d4u};
  CHECK(hello_bytes(h) == bytes({'L', 'C', 1, 1, 0, 0, 0, 16,                          //
                                 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,     //
                                 0x11, 0x22, 0x33, 0x44, 0xa1, 0xb2, 0xc3, 0xd4}));

  const lc::MessageFrame m{0x00000102u, 0x8000000000000ff1ULL};
  const std::string expect_m = bytes({'L', 'C', 1, 2, 0, 0, 0, 12,  //
                                      0x00, 0x00, 0x01, 0x02,       //
                                      0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0xf1});
  CHECK(message_bytes(m) == expect_m);

  // A bye: a header with no payload.
  std::string bye;
  lc::encode_bye(&bye);
  CHECK(bye == bytes({'L', 'C', 1, 3, 0, 0, 0, 0}));
  CHECK_EQ(lc::kByeFrameSize, size_t{8});

  // The raw-buffer form writes the same bytes and returns their count, frame after frame.
  char buf[2 * lc::kMessageFrameSize];
  size_t n = lc::encode_message(m, buf);
  CHECK_EQ(n, lc::kMessageFrameSize);
  n += lc::encode_message(lc::MessageFrame{7, 9}, buf + n);
  CHECK_EQ(n, 2 * lc::kMessageFrameSize);
  CHECK(std::string(buf, lc::kMessageFrameSize) == expect_m);
  CHECK(std::string(buf + lc::kMessageFrameSize, lc::kMessageFrameSize) ==
        message_bytes(lc::MessageFrame{7, 9}));

  // encode_* append; they never replace what is already in the string.
  std::string out = "xy";
  lc::encode_message(m, &out);
  CHECK_EQ(out.size(), size_t{22});
  CHECK(out.substr(0, 2) == "xy");
  CHECK(out.substr(2) == expect_m);
}

void test_round_trip() {
  const std::vector<lc::Hello> hellos = {
      {0, 0, 0}, {1, 2, 3}, {UINT64_MAX, UINT32_MAX, UINT32_MAX}, {0x8000000000000000ULL, 511, 0}};
  for (const lc::Hello& h : hellos) {
    lc::FrameDecoder d;
    const std::string s = hello_bytes(h);
    d.append(s.data(), s.size());
    lc::Frame f;
    CHECK(d.next(&f) == Result::kFrame);
    CHECK(f.type == lc::FrameType::kHello);
    CHECK_EQ(f.hello.secret, h.secret);
    CHECK_EQ(f.hello.sender, h.sender);
    CHECK_EQ(f.hello.receiver, h.receiver);
    CHECK(d.next(&f) == Result::kNeedMore);
    CHECK_EQ(d.buffered(), size_t{0});
  }
  const std::vector<lc::MessageFrame> messages = {
      {0, 0}, {1, 1}, {UINT32_MAX, UINT64_MAX}, {127, 0x00ff00ff00ff00ffULL}};
  for (const lc::MessageFrame& m : messages) {
    lc::FrameDecoder d;
    const std::string s = message_bytes(m);
    d.append(s.data(), s.size());
    lc::Frame f;
    CHECK(d.next(&f) == Result::kFrame);
    CHECK(f.type == lc::FrameType::kMessage);
    CHECK_EQ(f.message.sender, m.sender);
    CHECK_EQ(f.message.clock, m.clock);
    CHECK(d.next(&f) == Result::kNeedMore);
    CHECK(d.error().empty());
  }
  {
    lc::FrameDecoder d;
    std::string s;
    lc::encode_bye(&s);
    lc::encode_message(lc::MessageFrame{3, 4}, &s);
    lc::encode_bye(&s);
    d.append(s.data(), s.size());
    lc::Frame f;
    CHECK(d.next(&f) == Result::kFrame);
    CHECK(f.type == lc::FrameType::kBye);
    CHECK(d.next(&f) == Result::kFrame);
    CHECK(f.type == lc::FrameType::kMessage);
    CHECK_EQ(f.message.clock, uint64_t{4});
    CHECK(d.next(&f) == Result::kFrame);
    CHECK(f.type == lc::FrameType::kBye);
    CHECK(d.next(&f) == Result::kNeedMore);
    CHECK_EQ(d.buffered(), size_t{0});
  }
  // Decoding hand-written bytes (not only our own encoder's output).
  lc::FrameDecoder d;
  const std::string raw = bytes({'L', 'C', 1, 2, 0, 0, 0, 12, 0xde, 0xad, 0xbe, 0xef,  //
                                 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef});
  d.append(raw.data(), raw.size());
  lc::Frame f;
  CHECK(d.next(&f) == Result::kFrame);
  CHECK_EQ(f.message.sender, 0xdeadbeefu);
  CHECK_EQ(f.message.clock, 0x0123456789abcdefULL);
}

// A stream of a hello then messages, fed in pieces of every size from 1 byte up.
void test_partial_reads() {
  std::string stream = hello_bytes(lc::Hello{0xabcdef, 1, 0});
  const int count = 50;
  for (int i = 1; i <= count; ++i)
    lc::encode_message(lc::MessageFrame{1, static_cast<uint64_t>(i) * 1000003u}, &stream);
  lc::encode_bye(&stream);

  for (size_t piece = 1; piece <= 41; ++piece) {
    lc::FrameDecoder d;
    lc::Frame f;
    int hellos = 0;
    int messages = 0;
    int byes = 0;
    bool in_order = true;
    for (size_t pos = 0; pos < stream.size(); pos += piece) {
      const size_t len = pos + piece <= stream.size() ? piece : stream.size() - pos;
      d.append(stream.data() + pos, len);
      for (;;) {
        const Result r = d.next(&f);
        if (r == Result::kNeedMore) break;
        CHECK(r == Result::kFrame);
        if (r != Result::kFrame) break;
        if (f.type == lc::FrameType::kBye) {
          ++byes;
          if (messages != count) in_order = false;
        } else if (f.type == lc::FrameType::kHello) {
          ++hellos;
          CHECK_EQ(f.hello.secret, uint64_t{0xabcdef});
        } else {
          ++messages;
          if (f.message.clock != static_cast<uint64_t>(messages) * 1000003u) in_order = false;
        }
      }
      // After kNeedMore at most one incomplete frame is held.
      CHECK(d.buffered() < lc::kHelloFrameSize);
    }
    CHECK_EQ(hellos, 1);
    CHECK_EQ(messages, count);
    CHECK_EQ(byes, 1);
    CHECK(in_order);
    CHECK_EQ(d.buffered(), size_t{0});
  }

  // One byte at a time: kNeedMore until the very last byte of each frame.
  lc::FrameDecoder d;
  const std::string m = message_bytes(lc::MessageFrame{4, 44});
  lc::Frame f;
  for (size_t i = 0; i + 1 < m.size(); ++i) {
    d.append(&m[i], 1);
    CHECK(d.next(&f) == Result::kNeedMore);
    CHECK_EQ(d.buffered(), i + 1);
  }
  d.append(&m[m.size() - 1], 1);
  CHECK(d.next(&f) == Result::kFrame);
  CHECK_EQ(f.message.clock, uint64_t{44});
  CHECK_EQ(d.buffered(), size_t{0});
}

void test_many_frames_in_one_append() {
  std::string stream;
  const int count = 5000;
  for (int i = 0; i < count; ++i)
    lc::encode_message(lc::MessageFrame{static_cast<uint32_t>(i % 7), static_cast<uint64_t>(i)}, &stream);
  // And half of one more frame.
  const std::string extra = message_bytes(lc::MessageFrame{3, 999999});
  stream.append(extra, 0, 10);

  lc::FrameDecoder d;
  d.append(stream.data(), stream.size());
  CHECK_EQ(d.buffered(), stream.size());
  lc::Frame f;
  int got = 0;
  bool ok = true;
  while (d.next(&f) == Result::kFrame) {
    if (f.type != lc::FrameType::kMessage || f.message.clock != static_cast<uint64_t>(got) ||
        f.message.sender != static_cast<uint32_t>(got % 7))
      ok = false;
    ++got;
    CHECK_EQ(d.buffered(), stream.size() - static_cast<size_t>(got) * lc::kMessageFrameSize);
  }
  CHECK_EQ(got, count);
  CHECK(ok);
  CHECK_EQ(d.buffered(), size_t{10});
  CHECK(d.next(&f) == Result::kNeedMore);
  CHECK_EQ(d.buffered(), size_t{10});
  d.append(extra.data() + 10, extra.size() - 10);
  CHECK(d.next(&f) == Result::kFrame);
  CHECK_EQ(f.message.clock, uint64_t{999999});
  CHECK_EQ(f.message.sender, 3u);
  CHECK(d.next(&f) == Result::kNeedMore);
  CHECK_EQ(d.buffered(), size_t{0});
}

// Feeds `input` whole, then byte by byte; both must end in kError with `word` in error().
// Frames before the bad one (the first `good` of them) are still delivered.
void expect_error(const std::string& input, const std::string& word, int good = 0) {
  for (int bytewise = 0; bytewise < 2; ++bytewise) {
    lc::FrameDecoder d;
    lc::Frame f;
    int frames = 0;
    Result last = Result::kNeedMore;
    if (bytewise == 0) {
      d.append(input.data(), input.size());
      while ((last = d.next(&f)) == Result::kFrame) ++frames;
    } else {
      for (size_t i = 0; i < input.size() && last != Result::kError; ++i) {
        d.append(&input[i], 1);
        while ((last = d.next(&f)) == Result::kFrame) ++frames;
      }
    }
    CHECK(last == Result::kError);
    CHECK_EQ(frames, good);
    CHECK(contains(d.error(), word));
    if (!contains(d.error(), word))
      std::fprintf(stderr, "  error was \"%s\", wanted \"%s\"\n", d.error().c_str(), word.c_str());
    // The error sticks: good bytes afterwards change nothing.
    const std::string more = message_bytes(lc::MessageFrame{1, 2});
    d.append(more.data(), more.size());
    CHECK(d.next(&f) == Result::kError);
    CHECK(d.next(&f) == Result::kError);
    CHECK(contains(d.error(), word));
  }
}

std::string header(int m0, int m1, int version, int type, uint32_t length) {
  return bytes({m0, m1, version, type, static_cast<int>(length >> 24), static_cast<int>((length >> 16) & 0xff),
                static_cast<int>((length >> 8) & 0xff), static_cast<int>(length & 0xff)});
}

void test_errors() {
  const std::string good = message_bytes(lc::MessageFrame{1, 5});
  const std::string twelve(12, '\0');
  const std::string sixteen(16, '\0');

  // Bad magic, in either byte; refused as soon as the byte is seen.
  expect_error(header('X', 'C', 1, 2, 12) + twelve, "magic");
  expect_error(header('L', 'X', 1, 2, 12) + twelve, "magic");
  expect_error("G", "magic");
  expect_error("LZ", "magic");
  // Bad version.
  expect_error(header('L', 'C', 0, 2, 12) + twelve, "version");
  expect_error(header('L', 'C', 2, 2, 12) + twelve, "version");
  expect_error(header('L', 'C', 255, 1, 16) + sixteen, "version");
  // Unknown type.
  expect_error(header('L', 'C', 1, 0, 12) + twelve, "type");
  expect_error(header('L', 'C', 1, 5, 12) + twelve, "type");
  expect_error(header('L', 'C', 1, 255, 12), "type");
  expect_error(header('L', 'C', 1, 0x80, 0), "type");
  expect_error(header('L', 'C', 1, 0x7f, 0), "type");
  // Oversized: above kMaxPayload, up to the largest u32; refused on the header alone.
  expect_error(header('L', 'C', 1, 2, static_cast<uint32_t>(lc::kMaxPayload + 1)), "oversized");
  expect_error(header('L', 'C', 1, 2, 0xffffffffu), "oversized");
  expect_error(header('L', 'C', 1, 1, 0x01000000u), "oversized");
  // A payload length that does not match the type, within the maximum.
  expect_error(header('L', 'C', 1, 2, 16) + sixteen, "length");
  expect_error(header('L', 'C', 1, 1, 12) + twelve, "length");
  expect_error(header('L', 'C', 1, 2, 0), "length");
  expect_error(header('L', 'C', 1, 3, 12) + twelve, "length");  // a bye has no payload
  expect_error(header('L', 'C', 1, 3, 1) + "x", "length");
  expect_error(header('L', 'C', 1, 1, 0), "length");
  expect_error(header('L', 'C', 1, 2, 13) + twelve + "x", "length");
  expect_error(header('L', 'C', 1, 2, static_cast<uint32_t>(lc::kMaxPayload)), "length");
  // Garbage: text, zeros, high bytes.
  expect_error("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "magic");
  expect_error(std::string(64, '\0'), "magic");
  expect_error(std::string(40, '\xff'), "magic");
  // Good frames first, then a bad one: the good ones come out, then the error.
  expect_error(good + good + header('L', 'C', 9, 2, 12) + twelve, "version", 2);
  expect_error(good + "garbage", "magic", 1);
  expect_error(hello_bytes(lc::Hello{1, 2, 3}) + good + header('L', 'C', 1, 2, 1000), "oversized", 2);
}

// Vector messages (--vector): bytes as documented, a round trip at 3 and 512 machines, the
// decoder's bound (12 + 8 N) refusing one entry more, lengths that are no whole number of
// entries, and the session's rules: a vector run takes only vector messages of N entries, a
// run without vector clocks none.
void test_vector_messages() {
  std::string s;
  lc::encode_vector_message(lc::MessageFrame{2, 0x0102030405060708ULL}, {1, 0x1000, 7}, &s);
  CHECK(s == bytes({'L', 'C', 1, 4, 0, 0, 0, 36, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8,  //
                    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 7}));
  for (size_t n : {size_t{3}, size_t{512}}) {
    std::vector<uint64_t> v(n);
    for (size_t j = 0; j < n; ++j) v[j] = j * 1'000'003 + (j % 7 == 0 ? UINT64_MAX - j : 0);
    std::string stream;
    lc::encode_vector_message(lc::MessageFrame{1, 99}, v, &stream);
    lc::encode_vector_message(lc::MessageFrame{1, 100}, v, &stream);
    lc::FrameDecoder d(lc::vector_payload(n));
    lc::Frame f;
    for (size_t i = 0; i < stream.size(); i += 7) d.append(stream.data() + i, std::min<size_t>(7, stream.size() - i));
    CHECK(d.next(&f) == Result::kFrame);
    CHECK(f.type == lc::FrameType::kVectorMessage && f.message.sender == 1 && f.message.clock == 99 && f.vclock == v);
    CHECK(d.next(&f) == Result::kFrame);
    CHECK(f.message.clock == 100 && f.vclock == v);
    CHECK(d.next(&f) == Result::kNeedMore);
    // One entry more than the run's machines: oversized on the header alone.
    std::string longer;
    v.push_back(1);
    lc::encode_vector_message(lc::MessageFrame{1, 99}, v, &longer);
    lc::FrameDecoder strict(lc::vector_payload(n));
    strict.append(longer.data(), lc::kFrameHeaderSize);
    CHECK(strict.next(&f) == Result::kError);
    CHECK(contains(strict.error(), "oversized"));
  }
  // A plain message read by a vector decoder has no entries; a plain decoder's bound (64)
  // refuses a vector message of 7 entries.
  lc::FrameDecoder wide(lc::vector_payload(8));
  lc::Frame f;
  const std::string plain = message_bytes(lc::MessageFrame{1, 5});
  wide.append(plain.data(), plain.size());
  CHECK(wide.next(&f) == Result::kFrame && f.type == lc::FrameType::kMessage && f.vclock.empty());
  std::string seven;
  lc::encode_vector_message(lc::MessageFrame{1, 5}, std::vector<uint64_t>(7, 1), &seven);
  expect_error(seven, "oversized");
  // Lengths that are not 12 + 8 n for n >= 1.
  for (uint32_t length : {12u, 13u, 19u, 21u, 27u}) {
    lc::FrameDecoder d(lc::vector_payload(4));
    const std::string frame = header('L', 'C', 1, 4, length) + std::string(length, '\0');
    d.append(frame.data(), frame.size());
    CHECK(d.next(&f) == Result::kError);
    CHECK(contains(d.error(), "length"));
  }

  // The session's rules.
  const lc::SessionRules vector_run{1, 3, 77, true};
  const lc::SessionRules plain_run{1, 3, 77, false};
  auto session_reads = [](const lc::SessionRules& rules, const std::string& after_hello, std::string* why) {
    std::vector<uint8_t> claimed(3, 0);
    lc::InboundSession session(&rules, &claimed);
    std::string stream;
    lc::encode_hello(lc::Hello{77, 0, 1}, &stream);
    stream += after_hello;
    session.append(stream.data(), stream.size());
    uint64_t clock = 0;
    int messages = 0;
    lc::InboundSession::Event e;
    while ((e = session.next(&clock)) != lc::InboundSession::Event::kNeedMore) {
      if (e == lc::InboundSession::Event::kViolation) {
        *why = session.violation();
        return -1;
      }
      if (e == lc::InboundSession::Event::kMessage) {
        if (session.vclock().size() != (rules.vector ? 3u : 0u)) return -2;
        ++messages;
      }
    }
    return messages;
  };
  std::string v3, v2, why;
  const std::string plain0 = message_bytes(lc::MessageFrame{0, 5});
  lc::encode_vector_message(lc::MessageFrame{0, 4}, {4, 0, 0}, &v3);
  lc::encode_vector_message(lc::MessageFrame{0, 4}, {4, 0}, &v2);
  CHECK_EQ(session_reads(vector_run, v3 + v3, &why), 2);
  CHECK_EQ(session_reads(vector_run, v2, &why), -1);
  CHECK(contains(why, "vector clock of 2 entries for 3 machines"));
  CHECK_EQ(session_reads(vector_run, plain0, &why), -1);
  CHECK(contains(why, "without a vector clock"));
  CHECK_EQ(session_reads(plain_run, v3, &why), -1);
  CHECK(contains(why, "vector message in a run without"));
  CHECK_EQ(session_reads(plain_run, plain0, &why), 1);
}

// buffered() never exceeds one incomplete frame once next() has said kNeedMore, however the
// stream is cut.
void test_buffer_bounded() {
  std::string stream;
  for (int i = 0; i < 300; ++i) {
    if (i % 5 == 0) lc::encode_hello(lc::Hello{static_cast<uint64_t>(i), 1, 2}, &stream);
    lc::encode_message(lc::MessageFrame{1, static_cast<uint64_t>(i)}, &stream);
  }
  lc::FrameDecoder d;
  lc::Frame f;
  size_t pos = 0;
  size_t step = 1;
  size_t largest = 0;
  int frames = 0;
  while (pos < stream.size()) {
    const size_t len = std::min(step, stream.size() - pos);
    d.append(stream.data() + pos, len);
    pos += len;
    step = step % 97 + 13;  // cuts at shifting offsets
    Result r;
    while ((r = d.next(&f)) == Result::kFrame) ++frames;
    CHECK(r == Result::kNeedMore);
    largest = std::max(largest, d.buffered());
    CHECK(d.buffered() < lc::kHelloFrameSize);
  }
  CHECK_EQ(frames, 360);
  CHECK(largest > 0);
  CHECK_EQ(d.buffered(), size_t{0});
}

}  // namespace

int main() {
  test_encode_bytes();
  test_round_trip();
  test_partial_reads();
  test_many_frames_in_one_append();
  test_errors();
  test_vector_messages();
  test_buffer_bounded();
  return lc_test::finish("frame_codec");
}
