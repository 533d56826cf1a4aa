// A machine's failure text in the shared counters: what its cluster host passes on to the
// coordinator, which prints it as one line. Too long a text keeps the cause at its end (the
// errno's words after a long path), a cut leaves no half of a UTF-8 character, and a line
// break or other control byte in it (a path may hold one) does not break the line.
#include <string>

#include "check.h"
#include "logical_clock/real/shared_stats.h"

namespace {

// Whether s is well-formed UTF-8 (no lone continuation byte, no lead byte without its tail).
bool utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += len;
  }
  return true;
}

void test_short() {
  lc::MachineStats m;
  CHECK_EQ(lc::failure_text(m), std::string());
  lc::store_failure("write /tmp/x/vm_1_3.log: No space left on device", &m);
  CHECK_EQ(lc::failure_text(m), std::string("write /tmp/x/vm_1_3.log: No space left on device"));
}

void test_long_keeps_the_cause() {
  const std::string cause = ": No space left on device";
  for (size_t dir = 200; dir < 320; ++dir) {
    lc::MachineStats m;
    const std::string why = "write /" + std::string(dir, 'd') + "/vm_1_3.log" + cause;
    lc::store_failure(why, &m);
    const std::string kept = lc::failure_text(m);
    CHECK(kept.size() < sizeof m.failure);
    CHECK(kept.rfind("write /", 0) == 0);
    CHECK(kept.size() >= cause.size() && kept.compare(kept.size() - cause.size(), cause.size(), cause) == 0);
  }
}

void test_cut_between_characters() {
  // "é" (2 bytes) and "€" (3 bytes) at every offset around the cuts.
  for (const std::string& ch : {std::string("\xc3\xa9"), std::string("\xe2\x82\xac")}) {
    for (size_t pad = 0; pad < 3; ++pad) {
      std::string why = std::string(pad, 'a');
      while (why.size() < 600) why += ch;
      lc::MachineStats m;
      lc::store_failure(why, &m);
      CHECK(utf8(lc::failure_text(m)));
    }
  }
}

void test_one_line() {
  lc::MachineStats m;
  lc::store_failure("open /tmp/a\nb/vm_0_2.log:\r No such file\tor directory", &m);
  CHECK_EQ(lc::failure_text(m).find_first_of("\n\r"), std::string::npos);
}

}  // namespace

int main() {
  test_short();
  test_long_keeps_the_cause();
  test_cut_between_characters();
  test_one_line();
  return lc_test::finish("test_shared_stats");
}
