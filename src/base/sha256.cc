#include "logical_clock/base/sha256.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace lc {

namespace {

// K, FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of
// the first 64 primes.
constexpr std::array<uint32_t, 64> kRound = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// The message is big-endian whatever the host: words are put together and taken apart byte by
// byte, never through a pointer cast.
uint32_t load_be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | static_cast<uint32_t>(p[3]);
}

void store_be32(uint32_t v, uint8_t* p) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

// One block into the state: FIPS 180-4 section 6.2.2, steps 1 to 4.
void Sha256::compress(const uint8_t* block) {
  std::array<uint32_t, 64> w;
  for (size_t t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
  for (size_t t = 16; t < 64; ++t) {
    const uint32_t s0 = std::rotr(w[t - 15], 7) ^ std::rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const uint32_t s1 = std::rotr(w[t - 2], 17) ^ std::rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = s1 + w[t - 7] + s0 + w[t - 16];
  }
  uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
  for (size_t t = 0; t < 64; ++t) {
    const uint32_t sum1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
    const uint32_t ch = (e & f) ^ (~e & g);
    const uint32_t t1 = h + sum1 + ch + kRound[t] + w[t];
    const uint32_t sum0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
    const uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    const uint32_t t2 = sum0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
  state_[4] += e;
  state_[5] += f;
  state_[6] += g;
  state_[7] += h;
}

void Sha256::update(const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  total_bytes_ += size;
  while (size > 0) {
    // Whole blocks straight from the caller's bytes; only a block's pieces are copied.
    if (block_used_ == 0 && size >= kSha256BlockBytes) {
      compress(p);
      p += kSha256BlockBytes;
      size -= kSha256BlockBytes;
      continue;
    }
    const size_t take = std::min(kSha256BlockBytes - block_used_, size);
    std::memcpy(block_.data() + block_used_, p, take);
    block_used_ += take;
    p += take;
    size -= take;
    if (block_used_ == kSha256BlockBytes) {
      compress(block_.data());
      block_used_ = 0;
    }
  }
}

// Padding, FIPS 180-4 section 5.1.1: a 1 bit, zeros up to 56 bytes into a block (into the next
// block when fewer than 9 bytes are left in this one), then the message's length in bits as 64
// bits big-endian.
Sha256Digest Sha256::finish() {
  const uint64_t bits = total_bytes_ * 8;
  block_[block_used_++] = 0x80;
  if (block_used_ > kSha256BlockBytes - 8) {
    std::fill(block_.begin() + static_cast<std::ptrdiff_t>(block_used_), block_.end(), uint8_t{0});
    compress(block_.data());
    block_used_ = 0;
  }
  std::fill(block_.begin() + static_cast<std::ptrdiff_t>(block_used_), block_.end() - 8, uint8_t{0});
  for (size_t i = 0; i < 8; ++i) block_[kSha256BlockBytes - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  compress(block_.data());
  Sha256Digest digest;
  for (size_t i = 0; i < state_.size(); ++i) store_be32(state_[i], digest.data() + 4 * i);
  *this = Sha256();
  return digest;
}

Sha256Digest sha256(const void* data, size_t size) {
  Sha256 h;
  h.update(data, size);
  return h.finish();
}

Sha256Digest sha256(std::string_view bytes) { return sha256(bytes.data(), bytes.size()); }

// RFC 2104 section 2: K is padded with zeros to the block size (hashed first if longer), then
// H((K ^ opad) || H((K ^ ipad) || message)), ipad the byte 0x36 and opad 0x5c repeated.
HmacSha256::HmacSha256(const void* key, size_t key_size) {
  std::array<uint8_t, kSha256BlockBytes> k{};
  if (key_size > kSha256BlockBytes) {
    const Sha256Digest hashed = sha256(key, key_size);
    std::copy(hashed.begin(), hashed.end(), k.begin());
  } else if (key_size > 0) {
    std::memcpy(k.data(), key, key_size);
  }
  std::array<uint8_t, kSha256BlockBytes> pad;
  for (size_t i = 0; i < pad.size(); ++i) pad[i] = static_cast<uint8_t>(k[i] ^ 0x36);
  inner_keyed_.update(pad.data(), pad.size());
  for (size_t i = 0; i < pad.size(); ++i) pad[i] = static_cast<uint8_t>(k[i] ^ 0x5c);
  outer_keyed_.update(pad.data(), pad.size());
  inner_ = inner_keyed_;
}

Sha256Digest HmacSha256::finish() {
  const Sha256Digest inner = inner_.finish();
  Sha256 outer = outer_keyed_;
  outer.update(inner.data(), inner.size());
  inner_ = inner_keyed_;
  return outer.finish();
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  HmacSha256 mac(key);
  mac.update(data);
  return mac.finish();
}

bool equal_constant_time(const void* a, const void* b, size_t size) {
  // Volatile reads: the compiler may neither skip a byte nor stop at the first difference.
  const auto* x = static_cast<const volatile uint8_t*>(a);
  const auto* y = static_cast<const volatile uint8_t*>(b);
  uint8_t diff = 0;
  for (size_t i = 0; i < size; ++i) diff = static_cast<uint8_t>(diff | (x[i] ^ y[i]));
  return diff == 0;
}

std::string to_hex(const void* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const auto* p = static_cast<const uint8_t*>(data);
  std::string out(2 * size, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 0xf];
  }
  return out;
}

}  // namespace lc
