#include "logical_clock/wire/handshake.h"

#include <cstring>

#include "logical_clock/wire/bytes.h"

namespace lc {

namespace {

constexpr char kVersion = 1;
enum : char { kOffer = 1, kChallenge = 2, kProof = 3 };

// Checks the header bytes of a frame of `type` that are here so far: garbage is refused at its
// first byte. Empty when they are right.
std::string header_error(const std::string& b, size_t at, char type, const char* what) {
  const size_t have = b.size() - at;
  if ((have >= 1 && b[at] != 'L') || (have >= 2 && b[at + 1] != 'A')) return std::string("not a handshake ") + what;
  if (have >= 3 && b[at + 2] != kVersion)
    return "handshake version " + std::to_string(static_cast<uint8_t>(b[at + 2])) + ", this build speaks 1";
  if (have >= 4 && b[at + 3] != type) return std::string("expected the handshake's ") + what;
  return "";
}

std::string header(char type) { return std::string{'L', 'A', kVersion, type}; }

// The claim as the offer carries it and the macs cover it: channel u8, from u32, to u32, run u64.
std::string claim_bytes(const HandshakeClaim& c) {
  char fields[1 + 4 + 4 + 8];
  fields[0] = static_cast<char>(c.channel);
  wire_bytes::put_u32(fields + 1, c.from);
  wire_bytes::put_u32(fields + 5, c.to);
  wire_bytes::put_u64(fields + 9, c.run);
  return std::string(fields, sizeof fields);
}

Sha256Digest mac(const Sha256Digest& key, const char* label, const HandshakeClaim& c, const Nonce& nonce_c,
                 const Nonce& nonce_a) {
  HmacSha256 h(key.data(), key.size());
  h.update(label, std::strlen(label) + 1);  // with its NUL: no label is a prefix of another
  h.update(claim_bytes(c));
  h.update(nonce_c.data(), nonce_c.size());
  h.update(nonce_a.data(), nonce_a.size());
  return h.finish();
}

template <size_t N>
void take(const std::string& b, size_t at, std::array<uint8_t, N>* out) {
  std::memcpy(out->data(), b.data() + at, N);
}

}  // namespace

HandshakeConnector::HandshakeConnector(const Sha256Digest& key, const HandshakeClaim& claim, const Nonce& nonce)
    : key_(key), claim_(claim), nonce_(nonce) {}

std::string HandshakeConnector::offer() const {
  std::string out = header(kOffer) + claim_bytes(claim_);
  out.append(reinterpret_cast<const char*>(nonce_.data()), nonce_.size());
  return out;
}

HandshakeConnector::State HandshakeConnector::on_bytes(const char* data, size_t len, std::string* out) {
  if (state_ != State::kAwaitChallenge) {
    if (state_ == State::kDone && len > 0) {
      state_ = State::kFailed;
      error_ = "bytes after the handshake's end, before the protocol";
    }
    return state_;
  }
  buffer_.append(data, len);
  error_ = header_error(buffer_, 0, kChallenge, "challenge");
  if (error_.empty() && buffer_.size() > kChallengeSize) error_ = "bytes past the challenge before the proof";
  if (!error_.empty()) return state_ = State::kFailed;
  if (buffer_.size() < kChallengeSize) return state_;
  Nonce nonce_a;
  Sha256Digest their_mac;
  take(buffer_, 4, &nonce_a);
  take(buffer_, 4 + 32, &their_mac);
  if (!equal_constant_time(their_mac, mac(key_, "LA acceptor", claim_, nonce_, nonce_a))) {
    error_ = "the acceptor does not hold this key (its challenge's mac is wrong)";
    return state_ = State::kFailed;
  }
  const Sha256Digest proof = mac(key_, "LA connector", claim_, nonce_, nonce_a);
  *out = header(kProof);
  out->append(reinterpret_cast<const char*>(proof.data()), proof.size());
  return state_ = State::kDone;
}

HandshakeAcceptor::State HandshakeAcceptor::on_bytes(const char* data, size_t len) {
  if (state_ == State::kFailed) return state_;
  buffer_.append(data, len);
  return state_ = step();
}

HandshakeAcceptor::State HandshakeAcceptor::step() {
  auto fail = [this](std::string why) {
    error_ = std::move(why);
    return State::kFailed;
  };
  if (state_ == State::kAwaitOffer) {
    if (std::string e = header_error(buffer_, 0, kOffer, "offer"); !e.empty()) return fail(e);
    if (buffer_.size() < kOfferSize) return state_;
    const auto channel = static_cast<uint8_t>(buffer_[4]);
    if (channel != static_cast<uint8_t>(HandshakeChannel::kControl) &&
        channel != static_cast<uint8_t>(HandshakeChannel::kPeer))
      return fail("an offer for channel " + std::to_string(channel));
    claim_.channel = static_cast<HandshakeChannel>(channel);
    claim_.from = wire_bytes::get_u32(buffer_.data() + 5);
    claim_.to = wire_bytes::get_u32(buffer_.data() + 9);
    claim_.run = wire_bytes::get_u64(buffer_.data() + 13);
    take(buffer_, 21, &nonce_c_);
    state_ = State::kOffered;
  }
  // The connector cannot have the challenge yet: nothing may follow its offer until then.
  if (state_ == State::kOffered) return buffer_.size() > kOfferSize ? fail("bytes before the challenge") : state_;
  if (state_ == State::kAwaitProof) {
    if (std::string e = header_error(buffer_, kOfferSize, kProof, "proof"); !e.empty()) return fail(e);
    if (buffer_.size() < kOfferSize + kProofSize) return state_;
    Sha256Digest their_mac;
    take(buffer_, kOfferSize + 4, &their_mac);
    if (!equal_constant_time(their_mac, mac(key_, "LA connector", claim_, nonce_c_, nonce_a_)))
      return fail("the connector does not hold this key (its proof is wrong)");
    return State::kDone;
  }
  return state_;
}

std::string HandshakeAcceptor::challenge(const Nonce& nonce) {
  if (state_ != State::kOffered) return "";
  nonce_a_ = nonce;
  std::string out = header(kChallenge);
  out.append(reinterpret_cast<const char*>(nonce_a_.data()), nonce_a_.size());
  const Sha256Digest m = mac(key_, "LA acceptor", claim_, nonce_c_, nonce_a_);
  out.append(reinterpret_cast<const char*>(m.data()), m.size());
  state_ = State::kAwaitProof;
  return out;
}

}  // namespace lc
