// Fuzz target: a handshake's acceptor and connector on arbitrary bytes in arbitrary pieces. Each
// accepts only what the key makes: the acceptor's kDone only after exactly the proof that a
// connector holding the key would send for that offer and challenge, the connector's only
// after exactly the challenge an acceptor holding it would send; a refusal is for good.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "logical_clock/wire/handshake.h"
#include "require.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t chunk = data[0] % 80 + 1;
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const size_t len = size - 1;
  lc::Sha256Digest key{};
  key[0] = 1;
  lc::HandshakeAcceptor acceptor(key);
  lc::HandshakeConnector connector(key, lc::HandshakeClaim{}, lc::Nonce{});
  bool challenged = false;
  lc::HandshakeAcceptor::State a = lc::HandshakeAcceptor::State::kAwaitOffer;
  lc::HandshakeConnector::State c = lc::HandshakeConnector::State::kAwaitChallenge;
  for (size_t at = 0; at < len; at += chunk) {
    const size_t n = len - at < chunk ? len - at : chunk;
    a = acceptor.on_bytes(bytes + at, n);
    if (a == lc::HandshakeAcceptor::State::kOffered && !challenged) {
      require(acceptor.challenge(lc::Nonce{}).size() == lc::kChallengeSize);
      challenged = true;
    }
    std::string proof;
    c = connector.on_bytes(bytes + at, n, &proof);
    require(c != lc::HandshakeConnector::State::kDone || proof.size() == lc::kProofSize);
  }
  if (a == lc::HandshakeAcceptor::State::kDone) {
    // What a connector with the key would have sent after this offer: the offer, then its proof.
    lc::Nonce nonce_c;
    std::memcpy(nonce_c.data(), bytes + 21, nonce_c.size());
    lc::HandshakeConnector honest(key, acceptor.claim(), nonce_c);
    lc::HandshakeAcceptor twin(key);
    const std::string offer = honest.offer();
    require(twin.on_bytes(offer.data(), offer.size()) == lc::HandshakeAcceptor::State::kOffered);
    const std::string challenge = twin.challenge(lc::Nonce{});
    std::string proof;
    require(honest.on_bytes(challenge.data(), challenge.size(), &proof) == lc::HandshakeConnector::State::kDone);
    require(std::string(bytes, lc::kOfferSize + lc::kProofSize) == offer + proof);
  }
  if (c == lc::HandshakeConnector::State::kDone) {
    lc::HandshakeAcceptor honest(key);
    const std::string offer = connector.offer();
    require(honest.on_bytes(offer.data(), offer.size()) == lc::HandshakeAcceptor::State::kOffered);
    require(len == lc::kChallengeSize);  // bytes past the challenge fail it
    const std::string challenge(bytes, len);
    lc::Nonce nonce_a;
    std::memcpy(nonce_a.data(), bytes + 4, nonce_a.size());
    require(honest.challenge(nonce_a) == challenge);
  }
  if (a == lc::HandshakeAcceptor::State::kFailed) {
    require(!acceptor.error().empty());
    require(acceptor.on_bytes("LA", 2) == lc::HandshakeAcceptor::State::kFailed);
  }
  return 0;
}
