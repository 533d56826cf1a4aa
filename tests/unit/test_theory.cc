// The theory's fixed point (model/theory.h): hand-computed cases on both sides of the boundary
// and on it, symmetric rates, N = 2 with no internal events (c = 1), N != 3, refused
// parameters, and on random rate vectors the fixed point's own equations and a solution found
// independently (bisection on the total act rate).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/model/rng.h"
#include "logical_clock/model/theory.h"

namespace {

bool near(double a, double b, double tol = 1e-9) { return std::fabs(a - b) <= tol; }

#define CHECK_NEAR(a, b)                                                                       \
  do {                                                                                         \
    const double lc_x_ = (a), lc_y_ = (b);                                                     \
    if (!near(lc_x_, lc_y_))                                                                   \
      lc_test::fail(__FILE__, __LINE__, std::string(#a " ~ " #b " (") + std::to_string(lc_x_) + \
                                            " vs " + std::to_string(lc_y_) + ")");            \
  } while (0)

std::vector<lc::MachineForecast> run(const std::vector<double>& rates, int k) {
  std::vector<lc::MachineForecast> f;
  CHECK(lc::forecast(rates, k, &f));
  CHECK_EQ(f.size(), rates.size());
  return f;
}

void test_send_probability() {
  CHECK_NEAR(lc::send_probability(3, 10), 0.2);   // 1/K to each of the two, plus 1/K to all
  CHECK_NEAR(lc::send_probability(3, 3), 2.0 / 3);
  CHECK_NEAR(lc::send_probability(2, 10), 0.3);   // every send reaches the one other machine
  CHECK_NEAR(lc::send_probability(2, 3), 1.0);
  CHECK_NEAR(lc::send_probability(5, 10), 0.15);  // 2/(10 x 4) + 1/10
}

// Rates 1, 3, 6 with INTERNAL_MAX 10: c = 0.2. The slowest machine cannot keep up: A = 9 / 1.2
// = 7.5, c A = 1.5 > 1. a = (0, 1.875, 5.625), Λ = (1.5, 1.125, 0.375).
void test_136_k10() {
  auto f = run({1, 3, 6}, 10);
  CHECK_NEAR(f[0].act_rate, 0);
  CHECK_NEAR(f[1].act_rate, 1.875);
  CHECK_NEAR(f[2].act_rate, 5.625);
  CHECK_NEAR(f[0].arrival_rate, 1.5);
  CHECK_NEAR(f[1].arrival_rate, 1.125);
  CHECK_NEAR(f[2].arrival_rate, 0.375);
  CHECK_NEAR(f[0].recv_share, 1);
  CHECK_NEAR(f[1].recv_share, 0.375);
  CHECK_NEAR(f[2].recv_share, 0.0625);
  CHECK_NEAR(f[0].growth, 0.5);
  CHECK_NEAR(f[1].growth, 0);
  CHECK_NEAR(f[2].growth, 0);
  CHECK(f[0].unbounded() && !f[1].unbounded() && !f[2].unbounded());
  CHECK(!f[0].critical() && !f[1].critical());
  // The order of the rates does not matter.
  auto g = run({6, 1, 3}, 10);
  CHECK_NEAR(g[1].growth, 0.5);
  CHECK_NEAR(g[2].recv_share, 0.375);
  CHECK_NEAR(g[0].recv_share, 0.0625);
}

// INTERNAL_MAX 5: c = 0.4, A = 9 / 1.4, c A = 18/7. The rate-3 machine keeps up with 16/7
// messages per second (p = 16/21); the rate-1 machine's queue grows by 11/7 per second.
void test_136_k5() {
  auto f = run({1, 3, 6}, 5);
  CHECK_NEAR(f[0].arrival_rate, 18.0 / 7);
  CHECK_NEAR(f[0].growth, 11.0 / 7);
  CHECK_NEAR(f[1].act_rate, 5.0 / 7);
  CHECK_NEAR(f[1].arrival_rate, 16.0 / 7);
  CHECK_NEAR(f[1].recv_share, 16.0 / 21);
  CHECK_NEAR(f[2].act_rate, 40.0 / 7);
  CHECK_NEAR(f[2].recv_share, 2.0 / 42);
  CHECK(!f[1].unbounded() && !f[1].critical());
}

// INTERNAL_MAX 4: c = 0.5, and the rate-3 machine sits exactly on the boundary: only the
// fastest machine acts (a = 6), and both others receive c x 6 = 3 per second. The rate-3
// machine receives on every tick without a drift (critical); the rate-1 machine grows by 2.
void test_136_k4_on_the_boundary() {
  auto f = run({1, 3, 6}, 4);
  CHECK_NEAR(f[2].act_rate, 6);
  CHECK_NEAR(f[1].act_rate, 0);
  CHECK_NEAR(f[1].arrival_rate, 3);
  CHECK_NEAR(f[1].recv_share, 1);
  CHECK_NEAR(f[1].growth, 0);
  CHECK(f[1].critical() && !f[1].unbounded());
  CHECK_NEAR(f[0].growth, 2);
  CHECK(f[0].unbounded());
  CHECK_NEAR(f[2].arrival_rate, 0);
}

// No internal events (K = 3, c = 2/3): only the fastest acts; c x 6 = 4 reaches each other.
void test_no_internal_events() {
  auto f = run({1, 3, 6}, 3);
  CHECK_NEAR(f[2].act_rate, 6);
  CHECK_NEAR(f[1].growth, 1);
  CHECK_NEAR(f[0].growth, 3);
}

// Equal rates: p = (N - 1) c / (1 + (N - 1) c), whatever the rate.
void test_symmetric() {
  for (double r : {1.0, 4.0, 1000.0}) {
    auto f = run({r, r, r}, 10);
    for (const auto& m : f) {
      CHECK_NEAR(m.recv_share, 2.0 / 7);
      CHECK_NEAR(m.act_rate, r * 5 / 7);
      CHECK(!m.unbounded());
    }
  }
  auto f = run({2, 2, 2, 2, 2}, 10);  // c = 0.15: p = 0.6 / 1.6
  for (const auto& m : f) CHECK_NEAR(m.recv_share, 0.375);
}

// N = 2, K = 3: every act sends to the other machine (c = 1), the limit of the formula.
void test_two_machines_c1() {
  auto f = run({1, 3}, 3);
  CHECK_NEAR(f[1].act_rate, 3);
  CHECK_NEAR(f[0].act_rate, 0);
  CHECK_NEAR(f[0].growth, 2);
  CHECK_NEAR(f[1].recv_share, 0);
  auto g = run({2, 2}, 3);
  CHECK_NEAR(g[0].act_rate, 1);
  CHECK_NEAR(g[1].recv_share, 0.5);
}

void test_refused() {
  std::vector<lc::MachineForecast> f;
  CHECK(!lc::forecast({3}, 10, &f));
  CHECK(!lc::forecast({3, 4}, 2, &f));
  CHECK(!lc::forecast({3, 0}, 10, &f));
  CHECK(!lc::forecast({3, -1}, 10, &f));
  CHECK(f.empty());
}

// An independent solution: A from bisection on A = Σ max(0, r - c A) / (1 - c).
double total_acts_by_bisection(const std::vector<double>& rates, double c) {
  double lo = 0, hi = 0;
  for (double r : rates) hi += r / (1 - c);
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    double rhs = 0;
    for (double r : rates) rhs += std::max(0.0, r - c * mid) / (1 - c);
    (rhs > mid ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

void test_random_rates_satisfy_the_fixed_point() {
  lc::Rng rng(2024, 7);
  for (int trial = 0; trial < 2000; ++trial) {
    const int n = static_cast<int>(rng.uniform(2, 12));
    const int k = static_cast<int>(rng.uniform(3, 25));
    std::vector<double> rates;
    for (int i = 0; i < n; ++i) rates.push_back(static_cast<double>(rng.uniform(1, 10)));
    if (n == 2 && k == 3) continue;  // c = 1: covered above
    auto f = run(rates, k);
    const double c = lc::send_probability(n, k);
    double acts = 0;
    for (const auto& m : f) acts += m.act_rate;
    if (!near(acts, total_acts_by_bisection(rates, c), 1e-7))
      lc_test::fail(__FILE__, __LINE__, "trial " + std::to_string(trial) + ": A differs from bisection");
    for (size_t j = 0; j < f.size(); ++j) {
      const auto& m = f[j];
      bool ok = near(m.arrival_rate, c * (acts - m.act_rate), 1e-9) &&
                near(m.act_rate, std::max(0.0, m.rate - m.arrival_rate), 1e-7) && m.recv_share >= 0 &&
                m.recv_share <= 1 && near(m.growth, m.unbounded() ? m.arrival_rate - m.rate : 0, 1e-9);
      if (!ok) {
        std::string text = "trial " + std::to_string(trial) + " K=" + std::to_string(k) + " rates";
        for (double r : rates) text += " " + std::to_string(r);
        text += ": machine " + std::to_string(j) + " a=" + std::to_string(m.act_rate) + " L=" + std::to_string(m.arrival_rate);
        lc_test::fail(__FILE__, __LINE__, text);
      }
    }
  }
}

}  // namespace

int main() {
  test_send_probability();
  test_136_k10();
  test_136_k5();
  test_136_k4_on_the_boundary();
  test_no_internal_events();
  test_symmetric();
  test_two_machines_c1();
  test_refused();
  test_random_rates_satisfy_the_fixed_point();
  return lc_test::finish("test_theory");
}
