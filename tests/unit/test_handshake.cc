// The cluster handshake: both sides agree and learn the claim; a wrong key fails on either side
// (the connector never sends a proof to an acceptor without the key); a recorded handshake
// replayed, a claim changed on the way, a proof for another exchange, garbage and premature
// bytes all fail; bytes fed one at a time give the same result.
#include <string>

#include "check.h"
#include "logical_clock/wire/handshake.h"

namespace {

using Acceptor = lc::HandshakeAcceptor;
using Connector = lc::HandshakeConnector;

lc::Sha256Digest key_of(uint8_t seed) {
  lc::Sha256Digest k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed + 7 * i);
  return k;
}

lc::Nonce nonce_of(uint8_t seed) {
  lc::Nonce n;
  for (size_t i = 0; i < n.size(); ++i) n[i] = static_cast<uint8_t>(size_t{seed} * 31 + i);
  return n;
}

const lc::HandshakeClaim kClaim{lc::HandshakeChannel::kPeer, 2, 5, 0x1234567890abcdef};

// Feeds `bytes` one at a time when `bytewise`.
Acceptor::State feed(Acceptor* a, const std::string& bytes, bool bytewise) {
  Acceptor::State st = Acceptor::State::kAwaitOffer;
  if (!bytewise) return a->on_bytes(bytes.data(), bytes.size());
  for (char c : bytes) st = a->on_bytes(&c, 1);
  return st;
}

// A whole handshake; returns the acceptor's final state.
struct Outcome {
  Acceptor::State acceptor;
  Connector::State connector;
  std::string acceptor_error, connector_error;
};

Outcome run(const lc::Sha256Digest& connector_key, const lc::Sha256Digest& acceptor_key, bool bytewise) {
  Connector c(connector_key, kClaim, nonce_of(1));
  Acceptor a(acceptor_key);
  Outcome o{};
  o.acceptor = feed(&a, c.offer(), bytewise);
  CHECK(o.acceptor == Acceptor::State::kOffered);
  CHECK(a.claim() == kClaim);
  const std::string challenge = a.challenge(nonce_of(2));
  std::string proof;
  o.connector = Connector::State::kAwaitChallenge;
  if (bytewise) {
    for (char ch : challenge) o.connector = c.on_bytes(&ch, 1, &proof);
  } else {
    o.connector = c.on_bytes(challenge.data(), challenge.size(), &proof);
  }
  o.acceptor = proof.empty() ? Acceptor::State::kAwaitProof : feed(&a, proof, bytewise);
  o.acceptor_error = a.error();
  o.connector_error = c.error();
  return o;
}

void test_agree() {
  for (bool bytewise : {false, true}) {
    const Outcome o = run(key_of(1), key_of(1), bytewise);
    CHECK(o.connector == Connector::State::kDone);
    CHECK(o.acceptor == Acceptor::State::kDone);
  }
  Connector c(key_of(1), kClaim, nonce_of(1));
  CHECK_EQ(c.offer().size(), lc::kOfferSize);
  CHECK_EQ(c.offer().substr(0, 5), std::string("LA\1\1\2", 5));
}

void test_wrong_key() {
  const Outcome o = run(key_of(1), key_of(9), false);
  CHECK(o.connector == Connector::State::kFailed);
  CHECK_EQ(o.connector_error, std::string("the acceptor does not hold this key (its challenge's mac is wrong)"));
  CHECK(o.acceptor == Acceptor::State::kAwaitProof);  // it gets no proof at all
  // A connector without the key that sends a proof anyway (forged from what it saw) fails.
  Connector honest(key_of(1), kClaim, nonce_of(1));
  Acceptor a(key_of(1));
  a.on_bytes(honest.offer().data(), honest.offer().size());
  (void)a.challenge(nonce_of(2));
  std::string forged = std::string("LA\1\3", 4) + std::string(32, '\0');
  CHECK(a.on_bytes(forged.data(), forged.size()) == Acceptor::State::kFailed);
  CHECK_EQ(a.error(), std::string("the connector does not hold this key (its proof is wrong)"));
}

// An eavesdropper's copy of a good exchange, replayed to a new acceptor: its challenge carries a
// fresh nonce, so the old proof is wrong.
void test_replay() {
  Connector c(key_of(1), kClaim, nonce_of(1));
  Acceptor first(key_of(1));
  first.on_bytes(c.offer().data(), c.offer().size());
  const std::string challenge = first.challenge(nonce_of(2));
  std::string proof;
  CHECK(c.on_bytes(challenge.data(), challenge.size(), &proof) == Connector::State::kDone);
  CHECK(first.on_bytes(proof.data(), proof.size()) == Acceptor::State::kDone);
  Acceptor second(key_of(1));
  CHECK(second.on_bytes(c.offer().data(), c.offer().size()) == Acceptor::State::kOffered);
  (void)second.challenge(nonce_of(3));
  CHECK(second.on_bytes(proof.data(), proof.size()) == Acceptor::State::kFailed);
  // The same nonce again would let it through: the caller must never reuse one (getrandom).
  Acceptor third(key_of(1));
  third.on_bytes(c.offer().data(), c.offer().size());
  (void)third.challenge(nonce_of(2));
  CHECK(third.on_bytes(proof.data(), proof.size()) == Acceptor::State::kDone);
}

// A claim changed on the way (another id, channel or run) makes both macs wrong.
void test_changed_claim() {
  for (size_t at : {4u, 5u, 8u, 9u, 13u, 20u, 21u, 52u}) {
    Connector c(key_of(1), kClaim, nonce_of(1));
    std::string offer = c.offer();
    offer[at] = static_cast<char>(offer[at] ^ (at == 4 ? 3 : 1));  // channel 2 -> 1: still a channel
    Acceptor a(key_of(1));
    CHECK(a.on_bytes(offer.data(), offer.size()) == Acceptor::State::kOffered);
    const std::string challenge = a.challenge(nonce_of(2));
    std::string proof;
    CHECK(c.on_bytes(challenge.data(), challenge.size(), &proof) == Connector::State::kFailed);
  }
}

void expect_offer_refused(const std::string& bytes, const std::string& why) {
  Acceptor a(key_of(1));
  CHECK(a.on_bytes(bytes.data(), bytes.size()) == Acceptor::State::kFailed);
  CHECK_EQ(a.error(), why);
  CHECK(a.on_bytes("x", 1) == Acceptor::State::kFailed);  // for good
}

void test_refused_bytes() {
  expect_offer_refused("LC\1\1", "not a handshake offer");
  expect_offer_refused("GET / HTTP/1.0\r\n", "not a handshake offer");
  expect_offer_refused("LA\2", "handshake version 2, this build speaks 1");
  expect_offer_refused("LA\1\3", "expected the handshake's offer");
  Connector c(key_of(1), kClaim, nonce_of(1));
  std::string offer = c.offer();
  offer[4] = 7;
  expect_offer_refused(offer, "an offer for channel 7");
  expect_offer_refused(c.offer() + "x", "bytes before the challenge");
  Acceptor a(key_of(1));
  CHECK(a.on_bytes("LA\1", 3) == Acceptor::State::kAwaitOffer);  // incomplete: waited for
  // The connector: garbage for a challenge, and bytes past it.
  std::string proof;
  Connector d(key_of(1), kClaim, nonce_of(1));
  CHECK(d.on_bytes("LB", 2, &proof) == Connector::State::kFailed);
  CHECK_EQ(d.error(), std::string("not a handshake challenge"));
  Acceptor e(key_of(1));
  Connector f(key_of(1), kClaim, nonce_of(1));
  e.on_bytes(f.offer().data(), f.offer().size());
  const std::string more = e.challenge(nonce_of(2)) + "x";
  CHECK(f.on_bytes(more.data(), more.size(), &proof) == Connector::State::kFailed);
  CHECK_EQ(f.error(), std::string("bytes past the challenge before the proof"));
  CHECK(proof.empty());
  // The acceptor keeps what follows the proof for the protocol.
  Acceptor g(key_of(1));
  Connector h(key_of(1), kClaim, nonce_of(1));
  g.on_bytes(h.offer().data(), h.offer().size());
  const std::string ch = g.challenge(nonce_of(2));
  CHECK(h.on_bytes(ch.data(), ch.size(), &proof) == Connector::State::kDone);
  const std::string then = proof + "LK\1\13";
  CHECK(g.on_bytes(then.data(), then.size()) == Acceptor::State::kDone);
  CHECK_EQ(g.extra(), std::string("LK\1\13"));
}

}  // namespace

int main() {
  test_agree();
  test_wrong_key();
  test_replay();
  test_changed_claim();
  test_refused_bytes();
  return lc_test::finish("test_handshake");
}
