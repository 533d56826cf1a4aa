// The handshake that opens every connection between hosts of a cluster, without its socket: a
// mutual challenge-response over the cluster's pre-shared key. Three frames:
//   offer      connector -> acceptor  channel u8, from u32, to u32, run u64, nonce_c (32)
//   challenge  acceptor -> connector  nonce_a (32), mac_a (32)
//   proof      connector -> acceptor  mac_c (32)
// mac_a and mac_c are HMAC-SHA-256 under the key over a label ("acceptor" or "connector"), the
// channel, both ids, the run and both nonces, so each side proves it holds the key for this
// exchange only: a recorded handshake replayed meets a fresh nonce_a and fails, and a changed
// id or run changes every mac. Tags are compared in constant time. Every frame: magic "LA",
// version 1, type u8 (1 offer, 2 challenge, 3 proof), then its fixed-size payload.
// The key is shared by every member, so it proves membership, not which member: which ids a
// connection may claim is the acceptor's to decide (its source address, an id claimed once).
// One object per connection and side; not thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "logical_clock/base/sha256.h"

namespace lc {

using Nonce = std::array<uint8_t, 32>;

enum class HandshakeChannel : uint8_t { kControl = 1, kPeer = 2 };

// Who connects to whom, for what: what both macs cover.
struct HandshakeClaim {
  HandshakeChannel channel = HandshakeChannel::kControl;
  uint32_t from = 0;  // the connector's id (a machine's; the coordinator's is kCoordinatorId)
  uint32_t to = 0;    // the acceptor's id
  uint64_t run = 0;   // the run's identity; 0 before it is known (a machine asking for params)
  bool operator==(const HandshakeClaim&) const = default;
};

inline constexpr uint32_t kCoordinatorId = 0xffffffff;
inline constexpr size_t kOfferSize = 4 + 1 + 4 + 4 + 8 + 32;
inline constexpr size_t kChallengeSize = 4 + 32 + 32;
inline constexpr size_t kProofSize = 4 + 32;

// The connecting side: offer() first, then on_bytes() with what comes back until done or failed.
class HandshakeConnector {
 public:
  enum class State { kAwaitChallenge, kDone, kFailed };
  HandshakeConnector(const Sha256Digest& key, const HandshakeClaim& claim, const Nonce& nonce);
  // The offer to send first.
  std::string offer() const;
  // Takes the acceptor's bytes; once the challenge is whole and its mac right, *out gets the
  // proof to send and the state is kDone. The acceptor says nothing more until it has the proof,
  // so bytes past the challenge fail the handshake.
  State on_bytes(const char* data, size_t len, std::string* out);
  const std::string& error() const { return error_; }

 private:
  Sha256Digest key_;
  HandshakeClaim claim_;
  Nonce nonce_;
  std::string buffer_;
  State state_ = State::kAwaitChallenge;
  std::string error_;
};

// The accepting side: on_bytes() until an offer is whole (kOffered: claim() says what it claims;
// the caller decides whether that id may connect, then challenge() with a fresh nonce), then
// on_bytes() until the proof is whole: kDone (the claim is proven) or kFailed.
class HandshakeAcceptor {
 public:
  enum class State { kAwaitOffer, kOffered, kAwaitProof, kDone, kFailed };
  explicit HandshakeAcceptor(const Sha256Digest& key) : key_(key) {}
  State on_bytes(const char* data, size_t len);
  const HandshakeClaim& claim() const { return claim_; }
  // The challenge to send, after kOffered; kAwaitProof from then on.
  std::string challenge(const Nonce& nonce);
  const std::string& error() const { return error_; }
  // Bytes past the proof: the connection's first frames of its protocol.
  std::string extra() const { return buffer_.substr(std::min(buffer_.size(), kOfferSize + kProofSize)); }

 private:
  State step();
  Sha256Digest key_;
  HandshakeClaim claim_;
  Nonce nonce_c_{}, nonce_a_{};
  std::string buffer_;
  State state_ = State::kAwaitOffer;
  std::string error_;
};

}  // namespace lc
