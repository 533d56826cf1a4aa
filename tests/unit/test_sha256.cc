// SHA-256 and HMAC-SHA-256: the example digests of FIPS 180-4 (NIST's "abc", empty, 448- and
// 896-bit messages, a million 'a'), digests at the padding's boundaries, and every HMAC-SHA-256
// case of RFC 4231; a message given in pieces has the digest of the whole at every split around
// the padding's boundaries; the objects start over after finish(); the constant-time comparison
// and the hex text.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "check.h"
#include "logical_clock/base/sha256.h"

namespace {

std::string hex(const lc::Sha256Digest& d) { return lc::to_hex(d); }

// Deterministic bytes that differ from position to position, for the split tests.
std::string pattern(size_t size) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 131 + 7) % 251);
  return s;
}

void test_fips_examples() {
  CHECK_EQ(hex(lc::sha256("abc")), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  CHECK_EQ(hex(lc::sha256("")), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  CHECK_EQ(hex(lc::sha256(nullptr, 0)), hex(lc::sha256("")));
  // 448 bits: the padding's 1 bit and length no longer fit, a second block holds them.
  CHECK_EQ(hex(lc::sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
           std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  CHECK_EQ(hex(lc::sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")),
           std::string("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"));
  // A million 'a' in uneven pieces (1, 2, ... 127 bytes, then again), none aligned to a block.
  const std::string as(200, 'a');
  lc::Sha256 h;
  size_t given = 0;
  for (size_t piece = 1; given < 1'000'000; piece = piece % 127 + 1) {
    const size_t n = std::min(piece, size_t{1'000'000} - given);
    h.update(as.data(), n);
    given += n;
  }
  CHECK_EQ(hex(h.finish()), std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

// n times 'a' where the padding changes shape: the last block with room for the length (55),
// without (56 to 63), none left over (64) and their second-block twins. The digests are those
// of Python's hashlib.
void test_padding_boundaries() {
  const std::pair<size_t, const char*> digests[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
  };
  for (const auto& [size, digest] : digests) CHECK_EQ(hex(lc::sha256(std::string(size, 'a'))), std::string(digest));
}

void test_rfc4231() {
  struct Case {
    std::string key, data, tag;
  };
  std::string key4;
  for (char c = 1; c <= 25; ++c) key4.push_back(c);
  const Case cases[] = {
      {std::string(20, '\x0b'), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {key4, std::string(50, '\xcd'), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      // Case 5 gives the tag truncated to 128 bits only.
      {std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b"},
      // 6 and 7: keys longer than a block, hashed first.
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. The key needs "
       "to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const Case& c : cases) {
    CHECK_EQ(hex(lc::hmac_sha256(c.key, c.data)).substr(0, c.tag.size()), c.tag);
  }
}

// Every split of a message into three pieces (two when short of the first cut) gives the
// one-shot digest: lengths on both sides of 55/56 (where the length still fits the last
// block), 64 (a whole block) and their second-block twins.
void test_pieces_equal_whole() {
  const size_t sizes[] = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 121, 127, 128, 129};
  for (size_t size : sizes) {
    const std::string msg = pattern(size);
    const lc::Sha256Digest whole = lc::sha256(msg);
    const lc::Sha256Digest mac_whole = lc::hmac_sha256("key", msg);
    int wrong = 0, wrong_mac = 0;
    for (size_t i = 0; i <= size; ++i) {
      for (size_t j = i; j <= size; ++j) {
        lc::Sha256 h;
        h.update(msg.data(), i);
        h.update(msg.data() + i, j - i);
        h.update(msg.data() + j, size - j);
        if (h.finish() != whole) ++wrong;
      }
      lc::HmacSha256 mac("key");
      mac.update(msg.data(), i);
      mac.update(msg.data() + i, size - i);
      if (mac.finish() != mac_whole) ++wrong_mac;
    }
    if (wrong != 0 || wrong_mac != 0)
      lc_test::fail(__FILE__, __LINE__, std::to_string(size) + " bytes: " + std::to_string(wrong) +
                                            " splits differ from sha256(), " + std::to_string(wrong_mac) +
                                            " from hmac_sha256()");
  }
}

// finish() leaves a new hash, and a keyed HMAC ready for the next message under its key; a
// copy goes on by itself.
void test_start_over() {
  lc::Sha256 h;
  h.update("abc");
  CHECK_EQ(hex(h.finish()), hex(lc::sha256("abc")));
  CHECK_EQ(hex(h.finish()), hex(lc::sha256("")));
  h.update("ab");
  lc::Sha256 fork = h;
  fork.update("x");
  h.update("c");
  CHECK_EQ(hex(h.finish()), hex(lc::sha256("abc")));
  CHECK_EQ(hex(fork.finish()), hex(lc::sha256("abx")));

  const size_t key_sizes[] = {0, 1, 63, 64, 65, 200};
  for (size_t key_size : key_sizes) {
    const std::string key = pattern(key_size);
    lc::HmacSha256 mac(key);
    mac.update("first");
    CHECK_EQ(hex(mac.finish()), hex(lc::hmac_sha256(key, "first")));
    mac.update("sec");
    mac.update("ond");
    CHECK_EQ(hex(mac.finish()), hex(lc::hmac_sha256(key, "second")));
    CHECK_EQ(hex(mac.finish()), hex(lc::hmac_sha256(key, "")));
  }
  // A key of a block or less is padded with zeros, so a zero byte added at its end is the
  // same key (RFC 2104); past a block, the key is hashed and that no longer holds.
  CHECK_EQ(hex(lc::hmac_sha256("k", "m")), hex(lc::hmac_sha256(std::string("k\0", 2), "m")));
  CHECK(lc::hmac_sha256(pattern(64), "m") != lc::hmac_sha256(pattern(64) + '\0', "m"));
}

void test_equal_constant_time() {
  const lc::Sha256Digest d = lc::sha256("abc");
  lc::Sha256Digest same = d;
  CHECK(lc::equal_constant_time(d, same));
  same[0] ^= 1;
  CHECK(!lc::equal_constant_time(d, same));
  same = d;
  same[31] ^= 0x80;
  CHECK(!lc::equal_constant_time(d, same));
  CHECK(lc::equal_constant_time("ab", "ac", 1));
  CHECK(!lc::equal_constant_time("ab", "ac", 2));
  CHECK(lc::equal_constant_time(nullptr, nullptr, 0));
}

void test_hex() {
  const uint8_t bytes[] = {0x00, 0x0f, 0xba, 0xff};
  CHECK_EQ(lc::to_hex(bytes, sizeof bytes), std::string("000fbaff"));
  CHECK_EQ(lc::to_hex(nullptr, 0), std::string(""));
}

}  // namespace

int main() {
  test_fips_examples();
  test_padding_boundaries();
  test_rfc4231();
  test_pieces_equal_whole();
  test_start_over();
  test_equal_constant_time();
  test_hex();
  return lc_test::finish("test_sha256");
}
