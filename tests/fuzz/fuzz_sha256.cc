// Fuzz target: SHA-256 and HMAC-SHA-256 given a message in pieces. The first byte is the key's
// length, the second seeds the pieces' sizes (0 to 130 bytes, so empty updates and pieces that
// straddle blocks); then come the key and the message. In any pieces, each digest must be the
// one-shot's; a copy taken half-way must finish with the digest of the half; an HMAC must start
// over after finish(); and the constant-time comparison of the key with the message's start
// must agree with memcmp.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "logical_clock/base/sha256.h"
#include "require.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t key_size = data[0] < size - 2 ? data[0] : size - 2;
  uint32_t seed = data[1];
  const std::string_view key(reinterpret_cast<const char*>(data + 2), key_size);
  const std::string_view msg(reinterpret_cast<const char*>(data + 2 + key_size), size - 2 - key_size);

  const lc::Sha256Digest whole = lc::sha256(msg);
  const lc::Sha256Digest mac_whole = lc::hmac_sha256(key, msg);
  lc::Sha256 h;
  lc::HmacSha256 mac(key);
  bool forked = false;
  for (size_t at = 0; at < msg.size();) {
    seed = seed * 1103515245U + 12345U;
    const size_t piece = std::min(size_t{(seed >> 16) % 131}, msg.size() - at);
    h.update(msg.data() + at, piece);
    mac.update(msg.substr(at, piece));
    at += piece;
    if (!forked && 2 * at >= msg.size()) {
      forked = true;
      lc::Sha256 half = h;
      require(half.finish() == lc::sha256(msg.substr(0, at)));
    }
  }
  const lc::Sha256Digest pieces = h.finish();
  require(pieces == whole);
  require(mac.finish() == mac_whole);
  mac.update(msg);
  require(mac.finish() == mac_whole);
  require(h.finish() == lc::sha256(nullptr, 0));

  // The key and the message as two byte strings of one length: equal exactly where memcmp says.
  const size_t n = std::min(key.size(), msg.size());
  require(lc::equal_constant_time(key.data(), msg.data(), n) == (std::memcmp(key.data(), msg.data(), n) == 0));
  return 0;
}
