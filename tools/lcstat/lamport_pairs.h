// LamportPairs: for every event of a run, how many events carry a smaller Lamport clock
// (earlier(b) = #{a : C(a) < C(b)}) and how many the same one (ties(b) = #{a != b : C(a) =
// C(b)}), summed per machine, in one pass over the events in any order that keeps each
// machine's events in file order. An event's counts are final once every machine that can
// still log has a clock at or above its own (a machine's clock only rises), so the pass keeps
// only the events above that floor and a count per clock value above it: memory follows the
// spread between the slowest and the fastest live clock (the drift), not the run's length.
// Counts are per-event int64, sums unsigned 128-bit. Owned by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lc::lcstat {

class LamportPairs {
 public:
  explicit LamportPairs(size_t machines);

  // An event of `machine` with Lamport clock `clock`. A clock that does not rise above the
  // machine's previous one, or that falls at or below a floor already passed (a broken clock
  // rule), cannot be counted exactly: it is left out and counted in late(). So is a clock so far
  // above the floor that no run could have it (more than 4 x the events so far, and 2^20), which
  // would otherwise take memory without bound.
  void add(size_t machine, int64_t clock);
  // `machine` logs no more events.
  void close(size_t machine);
  // Makes every count final (closes every machine).
  void finish();
  // Reports the counts of one event when they become final: machine and clock name it.
  void watch(size_t machine, int64_t clock);

  // Sums over the machine's events; final after finish().
  unsigned __int128 earlier(size_t machine) const { return earlier_[machine]; }
  unsigned __int128 ties(size_t machine) const { return ties_[machine]; }
  uint64_t late() const { return late_; }
  // The watched event's counts; false if it was never seen.
  bool watched(int64_t* earlier, int64_t* ties) const;
  // Clock values and events held at the most at once (the window), for the docs' figures.
  size_t peak_window() const { return peak_window_; }

 private:
  static constexpr int64_t kBatch = 64;  // clock values made final at once, at the least
  static constexpr int64_t kClosed = INT64_MAX;
  static constexpr int64_t kMinSpan = int64_t{1} << 20;  // clock values the window may always span

  // A machine's events not yet final: their clocks, rising.
  struct Open {
    std::vector<int64_t> clocks;
    size_t head = 0;
  };

  int64_t& count_at(int64_t clock) { return counts_[static_cast<size_t>(clock) & (counts_.size() - 1)]; }
  void grow_to(int64_t clock);
  void settle_if_due();
  // Makes final every clock value up to `floor`.
  void settle(int64_t floor);

  std::vector<Open> open_;
  std::vector<int64_t> last_;      // each machine's last clock counted; 0 before its first, kClosed after close()
  std::vector<unsigned __int128> earlier_;
  std::vector<unsigned __int128> ties_;
  std::vector<int64_t> counts_;    // events per clock value in [base_, top_], a ring (size a power of 2)
  std::vector<int64_t> below_at_;  // scratch: events below each clock value being settled
  int64_t base_ = 1;               // the lowest clock value not yet final
  int64_t top_ = 0;                // the highest clock counted
  uint64_t below_ = 0;             // events with a clock below base_
  int64_t threshold_ = kBatch;     // settle once every live machine's clock reaches this
  size_t behind_ = 0;              // live machines whose last clock is below threshold_
  size_t live_ = 0;
  size_t held_ = 0;                // events not yet final
  size_t peak_window_ = 0;
  uint64_t late_ = 0;
  int64_t seen_ = 0;               // events added, late ones included
  size_t watch_machine_ = SIZE_MAX;
  int64_t watch_clock_ = -1;
  bool watch_seen_ = false;
  int64_t watch_earlier_ = 0;
  int64_t watch_ties_ = 0;
};

}  // namespace lc::lcstat
