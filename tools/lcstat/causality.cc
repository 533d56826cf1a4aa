#include "causality.h"

#include <algorithm>

namespace lc::lcstat {

namespace {

std::string vector_text(const int64_t* vector, size_t n) {
  std::string text;
  for (size_t j = 0; j < n; ++j) {
    if (j > 0) text.push_back(';');
    text += std::to_string(vector[j]);
  }
  return text;
}

}  // namespace

std::string u128_text(unsigned __int128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

double CausalitySummary::invented_share() const {
  return lamport > 0 ? static_cast<double>(invented) / static_cast<double>(lamport) : 0;
}

CausalityTracker::CausalityTracker(const std::vector<LogHeader>& headers, const std::vector<bool>& failed,
                                   Findings* findings)
    : n_(headers.size()),
      headers_(headers),
      failed_(failed),
      findings_(findings),
      vectors_(n_ * n_, 0),
      machines_(n_),
      channels_(n_ * n_),
      scratch_(n_, 0),
      lamport_(n_) {
  failed_.resize(n_, false);
  summary_.machines.resize(n_);
  for (const LogHeader& h : headers) summary_.vclock_logged = summary_.vclock_logged || h.vector;
}

void CausalityTracker::add_sink(CausalSink* sink) {
  sinks_.push_back(sink);
  sink->on_begin(headers_);
}

uint32_t CausalityTracker::store_vector(const int64_t* vector, uint32_t refs, bool tainted) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slot_refs_.size());
    slot_refs_.push_back(0);
    slot_tainted_.push_back(0);
    slots_.resize(slots_.size() + n_);
  }
  std::copy(vector, vector + n_, slots_.begin() + static_cast<ptrdiff_t>(slot * n_));
  slot_refs_[slot] = refs;
  slot_tainted_[slot] = tainted ? 1 : 0;
  summary_.peak_send_vectors = std::max(summary_.peak_send_vectors, ++live_slots_);
  return slot;
}

void CausalityTracker::release(uint32_t slot) {
  if (--slot_refs_[slot] == 0) {
    free_slots_.push_back(slot);
    --live_slots_;
  }
}

bool CausalityTracker::take(size_t sender, size_t receiver, int64_t clock, InFlight* out) {
  Channel& ch = channels_[sender * n_ + receiver];
  std::vector<InFlight>& items = ch.items;
  size_t at = items.size();
  if (ch.head < items.size() && items[ch.head].clock == clock) {
    at = ch.head;  // the usual case: the channel's oldest message
  } else if (ch.rising) {
    auto it = std::lower_bound(items.begin() + static_cast<ptrdiff_t>(ch.head), items.end(), clock,
                               [](const InFlight& f, int64_t c) { return f.clock < c; });
    if (it != items.end() && it->clock == clock && it->slot != kTaken) at = static_cast<size_t>(it - items.begin());
  } else {
    for (size_t i = ch.head; i < items.size(); ++i) {
      if (items[i].clock == clock && items[i].slot != kTaken) {
        at = i;
        break;
      }
    }
  }
  if (at == items.size()) return false;
  *out = items[at];
  items[at].slot = kTaken;
  while (ch.head < items.size() && items[ch.head].slot == kTaken) ++ch.head;
  if (ch.head == items.size()) {
    items.clear();
    ch.head = 0;
  } else if (ch.head >= 1024 && ch.head * 2 >= items.size()) {
    items.erase(items.begin(), items.begin() + static_cast<ptrdiff_t>(ch.head));
    ch.head = 0;
  }
  return true;
}

void CausalityTracker::merge(size_t machine, const int64_t* other) {
  int64_t* v = vector_of(machine);
  int64_t added = 0;
  for (size_t j = 0; j < n_; ++j) {
    if (other[j] > v[j]) {
      added += other[j] - v[j];
      v[j] = other[j];
    }
  }
  machines_[machine].sum += added;
}

void CausalityTracker::on_row(size_t machine, const Row& row, int64_t next_model_us) {
  if (is_tick(row.event)) {
    on_tick(machine, row, next_model_us);
  } else {
    on_pending(machine, row);
  }
}

void CausalityTracker::on_tick(size_t machine, const Row& row, int64_t next_model_us) {
  Machine& m = machines_[machine];
  message_ids_.clear();
  if (row.event == LogEvent::kReceive) {
    const auto sender = static_cast<size_t>(row.peers[0]);
    const bool peer = sender < n_ && sender != machine;
    InFlight f{};
    if (peer && take(sender, machine, row.msg_clock, &f)) {
      merge(machine, &slots_[f.slot * n_]);
      m.tainted = m.tainted || slot_tainted_[f.slot] != 0;
      release(f.slot);
      message_ids_.push_back(f.message);
    } else {
      // Sent after the failed sender's last logged row (its vector then is at least the one
      // after that row), or a receive the other checks report as broken.
      if (peer && failed_[sender]) {
        merge(machine, vector_of(sender));
        ++summary_.unlogged_receives;
      } else {
        ++summary_.unpaired_receives;
      }
      m.tainted = true;
      message_ids_.push_back(0);
    }
  }
  int64_t* v = vector_of(machine);
  ++v[machine];
  ++m.sum;
  if (row.event == LogEvent::kSend) {
    uint32_t receivers = 0;
    for (int64_t r : row.peers) {
      if (static_cast<size_t>(r) < n_ && static_cast<size_t>(r) != machine) ++receivers;
    }
    const uint32_t slot = receivers > 0 ? store_vector(v, receivers, m.tainted) : kTaken;
    for (int64_t r : row.peers) {
      const auto receiver = static_cast<size_t>(r);
      if (receiver >= n_ || receiver == machine) {
        message_ids_.push_back(0);
        continue;
      }
      Channel& ch = channels_[machine * n_ + receiver];
      if (row.msg_clock <= ch.last_clock) ch.rising = false;
      ch.last_clock = row.msg_clock;
      ch.items.push_back({row.msg_clock, row.model_us, next_message_, slot});
      message_ids_.push_back(next_message_++);
    }
  }
  MachineCausality& mc = summary_.machines[machine];
  ++mc.events;
  ++summary_.events;
  mc.causal += static_cast<unsigned __int128>(m.sum - 1);
  if (m.tainted) ++summary_.approximate_events;
  if (!row.vclock.empty()) check_vclock(machine, row, v, m.tainted, machine);

  CausalEvent event;
  event.machine = machine;
  event.row = &row;
  event.index = v[machine];
  event.vector = v;
  event.machines = n_;
  event.approximate = m.tainted;
  event.next_model_us = next_model_us;
  event.messages = message_ids_.data();
  event.message_count = message_ids_.size();
  for (CausalSink* sink : sinks_) sink->on_event(event);
  lamport_.add(machine, row.clock);
}

void CausalityTracker::on_pending(size_t machine, const Row& row) {
  const auto sender = static_cast<size_t>(row.peers[0]);
  const bool peer = sender < n_ && sender != machine;
  EndedMessage message;
  message.sender = sender;
  message.receiver = machine;
  message.clock = row.msg_clock;
  message.sent_us = -1;
  message.row = &row;
  InFlight f{};
  if (peer && take(sender, machine, row.msg_clock, &f)) {
    if (!row.vclock.empty()) check_vclock(machine, row, &slots_[f.slot * n_], slot_tainted_[f.slot] != 0, n_);
    message.sent_us = f.sent_us;
    message.message = f.message;
    release(f.slot);
  } else if (peer && failed_[sender] && !row.vclock.empty()) {
    // Sent after the failed sender's last logged row: its vector is at least the one after
    // that row, with one more event of its own.
    std::copy(vector_of(sender), vector_of(sender) + n_, scratch_.begin());
    ++scratch_[sender];
    check_vclock(machine, row, scratch_.data(), true, n_);
  }
  for (CausalSink* sink : sinks_) sink->on_pending(message);
}

void CausalityTracker::check_vclock(size_t machine, const Row& row, const int64_t* vector, bool lower_bound,
                                    size_t own) {
  ++summary_.vclock_rows;
  size_t differ = 0, first = n_;
  for (size_t j = 0; j < n_; ++j) {
    const bool bad = lower_bound && j != own ? row.vclock[j] < vector[j] : row.vclock[j] != vector[j];
    if (!bad) continue;
    if (differ++ == 0) first = j;
  }
  if (differ == 0) return;
  const bool at_least = lower_bound && first != own;
  std::string what = std::string(event_name(row.event)) + " vclock entry " + std::to_string(first) + " is " +
                     std::to_string(row.vclock[first]) + ", the rebuild from the logs gives " +
                     (at_least ? "at least " : "") + std::to_string(vector[first]);
  if (row.event == LogEvent::kPending) what += " (the vector of its SEND)";
  if (differ > 1) what += "; " + std::to_string(differ) + " entries differ";
  if (n_ <= 8) what += " (vclock " + vector_text(row.vclock.data(), n_) + ", rebuilt " + vector_text(vector, n_) + ")";
  findings_->add(Rule::kVectorClock, headers_[machine].path, row.line, what);
}

void CausalityTracker::close(size_t machine) { lamport_.close(machine); }

void CausalityTracker::finish() {
  for (size_t s = 0; s < n_; ++s) {
    for (size_t r = 0; r < n_; ++r) {
      Channel& ch = channels_[s * n_ + r];
      for (size_t i = ch.head; i < ch.items.size(); ++i) {
        const InFlight& f = ch.items[i];
        if (f.slot == kTaken) continue;
        EndedMessage message;
        message.sender = s;
        message.receiver = r;
        message.clock = f.clock;
        message.sent_us = f.sent_us;
        message.message = f.message;
        message.undelivered = !undelivered_.empty() && undelivered_[s * n_ + r];
        for (CausalSink* sink : sinks_) sink->on_lost(message);
        release(f.slot);
      }
      ch.items.clear();
      ch.head = 0;
    }
  }
  lamport_.finish();
  CausalitySummary& s = summary_;
  unsigned __int128 tie_ends = 0;
  for (size_t i = 0; i < n_; ++i) {
    MachineCausality& mc = s.machines[i];
    mc.earlier = lamport_.earlier(i);
    mc.ties = lamport_.ties(i);
    s.causal += mc.causal;
    s.lamport += mc.earlier;
    tie_ends += mc.ties;
  }
  const auto n = static_cast<unsigned __int128>(s.events);
  s.pairs = s.events > 0 ? n * (n - 1) / 2 : 0;
  s.tie_pairs = tie_ends / 2;
  s.concurrent = s.pairs > s.causal ? s.pairs - s.causal : 0;
  s.invented = s.lamport > s.causal ? s.lamport - s.causal : 0;
  s.late_clocks = lamport_.late();
  s.peak_lamport_window = lamport_.peak_window();
  for (CausalSink* sink : sinks_) sink->on_end();
}

}  // namespace lc::lcstat
