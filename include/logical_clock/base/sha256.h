// SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) over bytes given in any number of pieces,
// for the pre-shared key and the challenge-response of machines on separate hosts. Plain values
// with no I/O: one owner at a time, and a copy carries on from the same state on its own.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lc {

inline constexpr size_t kSha256Bytes = 32;       // the digest
inline constexpr size_t kSha256BlockBytes = 64;  // what one compression takes in
using Sha256Digest = std::array<uint8_t, kSha256Bytes>;
// A cluster's pre-shared key, the key of every handshake's macs: 32 bytes, as a digest is
// (cluster/cluster_key.h writes and reads its file).
using ClusterKey = Sha256Digest;

// The running state of one digest. update() any number of times, then finish(), after which
// the object starts over as if new.
class Sha256 {
 public:
  Sha256() = default;
  void update(const void* data, size_t size);
  void update(std::string_view bytes) { update(bytes.data(), bytes.size()); }
  Sha256Digest finish();

 private:
  void compress(const uint8_t* block);

  // H(0), FIPS 180-4 section 5.3.3.
  std::array<uint32_t, 8> state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<uint8_t, kSha256BlockBytes> block_{};  // the bytes of an incomplete block
  size_t block_used_ = 0;
  uint64_t total_bytes_ = 0;
};

Sha256Digest sha256(const void* data, size_t size);
Sha256Digest sha256(std::string_view bytes);

// HMAC-SHA-256 under one key of any length (one longer than a block is hashed first, as RFC
// 2104 says). finish() returns the tag of the message given since construction or the last
// finish(), and leaves the object ready for the next message under the same key.
class HmacSha256 {
 public:
  HmacSha256(const void* key, size_t key_size);
  explicit HmacSha256(std::string_view key) : HmacSha256(key.data(), key.size()) {}
  void update(const void* data, size_t size) { inner_.update(data, size); }
  void update(std::string_view bytes) { inner_.update(bytes); }
  Sha256Digest finish();

 private:
  // The two hashes with (key ^ ipad) and (key ^ opad) already absorbed: a new message starts
  // from copies of them, so the key itself is not kept.
  Sha256 inner_keyed_;
  Sha256 outer_keyed_;
  Sha256 inner_;
};

Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

// Whether a[0..size) equals b[0..size), in a time that depends on `size` only: every byte is
// read and there is no early exit, so a tag compared with it leaks no prefix length.
bool equal_constant_time(const void* a, const void* b, size_t size);
inline bool equal_constant_time(const Sha256Digest& a, const Sha256Digest& b) {
  return equal_constant_time(a.data(), b.data(), a.size());
}

// Lower-case hex, two digits a byte: {0xba, 0x78} -> "ba78".
std::string to_hex(const void* data, size_t size);
inline std::string to_hex(const Sha256Digest& d) { return to_hex(d.data(), d.size()); }

}  // namespace lc
