// The action draw: choose_action for every value of v and N = 2, 3, 8, and the distribution of
// what Machine::act does for INTERNAL_MAX = 10 and 3.
#include <cmath>
#include <cstdint>
#include <vector>

#include "check.h"
#include "logical_clock/model/machine.h"
#include "logical_clock/model/rng.h"

namespace {

// Whether `count` out of `n` trials is within five standard deviations of a share p.
// With a fixed seed the outcome is fixed; with a fresh seed a correct draw would still land
// outside this band with probability below 1e-6.
bool near_share(long count, long n, double p) {
  const double mean = static_cast<double>(n) * p;
  const double sd = std::sqrt(static_cast<double>(n) * p * (1 - p));
  return std::fabs(static_cast<double>(count) - mean) <= 5 * sd;
}

void test_n3_classic_rule() {
  lc::Rng rng(1, 1);
  // v = 1: the lower-id other machine; v = 2: the higher-id one.
  const int lower[3] = {1, 0, 0};
  const int higher[3] = {2, 2, 1};
  for (int self = 0; self < 3; ++self) {
    for (int rep = 0; rep < 20; ++rep) {  // no randomness involved: the same every time
      lc::Action a = lc::choose_action(1, self, 3, rng);
      CHECK(a.kind == lc::Action::kSendOne);
      CHECK_EQ(a.peer, lower[self]);
      a = lc::choose_action(2, self, 3, rng);
      CHECK(a.kind == lc::Action::kSendOne);
      CHECK_EQ(a.peer, higher[self]);
    }
  }
  // The N = 3 rule uses no draws: the stream is untouched.
  lc::Rng used(9, 2), fresh(9, 2);
  for (int self = 0; self < 3; ++self) {
    lc::choose_action(1, self, 3, used);
    lc::choose_action(2, self, 3, used);
  }
  CHECK_EQ(used.next(), fresh.next());
}

void test_send_all_and_internal() {
  lc::Rng rng(2, 1);
  for (int machines : {2, 3, 4, 8, 128}) {
    for (int self : {0, machines / 2, machines - 1}) {
      lc::Action a = lc::choose_action(3, self, machines, rng);
      CHECK(a.kind == lc::Action::kSendAll);
      CHECK_EQ(a.peer, -1);
      for (uint64_t v : {uint64_t{4}, uint64_t{5}, uint64_t{10}, uint64_t{1000}, UINT64_MAX}) {
        a = lc::choose_action(v, self, machines, rng);
        CHECK(a.kind == lc::Action::kInternal);
        CHECK_EQ(a.peer, -1);
      }
    }
  }
}

void test_n2_always_the_peer() {
  lc::Rng rng(3, 1);
  for (int self = 0; self < 2; ++self) {
    for (int i = 0; i < 200; ++i) {
      for (uint64_t v : {uint64_t{1}, uint64_t{2}}) {
        const lc::Action a = lc::choose_action(v, self, 2, rng);
        CHECK(a.kind == lc::Action::kSendOne);
        CHECK_EQ(a.peer, 1 - self);
      }
    }
  }
}

// N != 3: v = 1 and v = 2 each pick a peer uniformly from the others.
void test_uniform_peer(int machines, long draws_per_self) {
  for (int self = 0; self < machines; ++self) {
    lc::Rng rng(uint64_t{0xfeed} + static_cast<uint64_t>(self), 1);
    std::vector<long> counts(static_cast<size_t>(machines), 0);
    for (long i = 0; i < draws_per_self; ++i) {
      const lc::Action a = lc::choose_action(i % 2 == 0 ? 1 : 2, self, machines, rng);
      CHECK(a.kind == lc::Action::kSendOne);
      CHECK(a.peer >= 0 && a.peer < machines);
      if (a.peer < 0 || a.peer >= machines) continue;
      ++counts[static_cast<size_t>(a.peer)];
    }
    CHECK_EQ(counts[static_cast<size_t>(self)], 0L);  // never self
    const double p = 1.0 / (machines - 1);
    for (int peer = 0; peer < machines; ++peer) {
      if (peer == self) continue;
      const long c = counts[static_cast<size_t>(peer)];
      CHECK(c > 0);  // every peer reachable
      CHECK(near_share(c, draws_per_self, p));
    }
  }
}

// v = 1 and v = 2 must each be uniform on their own, not only together.
void test_uniform_peer_per_v() {
  const int machines = 8;
  const long n = 35000;
  for (uint64_t v : {uint64_t{1}, uint64_t{2}}) {
    lc::Rng rng(77 + v, 3);
    std::vector<long> counts(machines, 0);
    for (long i = 0; i < n; ++i) {
      const lc::Action a = lc::choose_action(v, 5, machines, rng);
      if (a.peer >= 0 && a.peer < machines) ++counts[static_cast<size_t>(a.peer)];
    }
    CHECK_EQ(counts[5], 0L);
    for (int peer = 0; peer < machines; ++peer)
      if (peer != 5) CHECK(near_share(counts[static_cast<size_t>(peer)], n, 1.0 / 7));
  }
}

struct KindCounts {
  long internal = 0;
  long send_one = 0;
  long send_all = 0;
};

KindCounts act_kinds(int id, int machines, int internal_max, uint64_t seed, long n) {
  lc::Machine m(id, machines, internal_max, seed);
  KindCounts k;
  for (long i = 0; i < n; ++i) {
    const lc::TickEvent e = m.act();
    if (e.kind == lc::TickEvent::kInternal) ++k.internal;
    else if (e.to_all) ++k.send_all;
    else ++k.send_one;
  }
  return k;
}

void test_act_distribution() {
  const long n = 100000;
  for (int machines : {2, 3, 8}) {
    for (int id : {0, machines - 1}) {
      // INTERNAL_MAX = 10: v = 1, 2 (2/10) send to one, v = 3 (1/10) to all, 4..10 (7/10) internal.
      KindCounts k = act_kinds(id, machines, 10, 4242, n);
      CHECK_EQ(k.internal + k.send_one + k.send_all, n);
      CHECK(near_share(k.send_one, n, 0.2));
      CHECK(near_share(k.send_all, n, 0.1));
      CHECK(near_share(k.internal, n, 0.7));
      // INTERNAL_MAX = 3: no internal events at all; 2/3 to one, 1/3 to all.
      k = act_kinds(id, machines, 3, 4242, n);
      CHECK_EQ(k.internal, 0L);
      CHECK_EQ(k.send_one + k.send_all, n);
      CHECK(near_share(k.send_one, n, 2.0 / 3));
      CHECK(near_share(k.send_all, n, 1.0 / 3));
      // INTERNAL_MAX = 4: exactly one value in four is internal.
      k = act_kinds(id, machines, 4, 4242, n);
      CHECK(near_share(k.internal, n, 0.25));
      CHECK(near_share(k.send_all, n, 0.25));
    }
  }
}

// With N = 3 the two single sends split evenly between the lower and the higher other.
void test_act_n3_peers() {
  for (int id = 0; id < 3; ++id) {
    lc::Machine m(id, 3, 3, 31337);
    const long n = 60000;
    std::vector<long> counts(3, 0);
    long singles = 0;
    for (long i = 0; i < n; ++i) {
      const lc::TickEvent e = m.act();
      if (e.kind != lc::TickEvent::kSend || e.to_all) continue;
      ++singles;
      if (e.peer >= 0 && e.peer < 3) ++counts[static_cast<size_t>(e.peer)];
    }
    CHECK_EQ(counts[static_cast<size_t>(id)], 0L);
    for (int peer = 0; peer < 3; ++peer)
      if (peer != id) CHECK(near_share(counts[static_cast<size_t>(peer)], singles, 0.5));
  }
}

}  // namespace

int main() {
  test_n3_classic_rule();
  test_send_all_and_internal();
  test_n2_always_the_peer();
  // N = 8: 70000 draws per self, 1/7 each (10000 expected, sd 93): within 5 sd is +-4.6%.
  test_uniform_peer(8, 70000);
  test_uniform_peer(4, 30000);
  test_uniform_peer(128, 254000);
  test_uniform_peer_per_v();
  test_act_distribution();
  test_act_n3_peers();
  return lc_test::finish("action_draw");
}
