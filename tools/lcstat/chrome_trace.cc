#include "chrome_trace.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "logical_clock/log/numbers.h"
#include "logical_clock/model/partition.h"

namespace lc::lcstat {

namespace {

constexpr int64_t kNanosPerMicro = 1000;
constexpr int64_t kSendOffsetNs = 1;     // a SEND's child, where its messages start
constexpr int64_t kReceiveOffsetNs = 2;  // a RECV's child (and a PENDING slice), where a message ends
constexpr const char* kOrigin = "model time 0";

// The length of the well-formed UTF-8 sequence at the start of `text` (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0.
size_t utf8_sequence(std::string_view text) {
  const auto at = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = at(0);
  size_t length;
  unsigned char low = 0x80, high = 0xbf;  // the second byte's range
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (text.size() < length || at(1) < low || at(1) > high) return 0;
  for (size_t i = 2; i < length; ++i)
    if (at(i) < 0x80 || at(i) > 0xbf) return 0;
  return length;
}

// A JSON string: quotes, backslashes and control characters escaped; a byte that is not part
// of well-formed UTF-8 (a directory name may hold any byte) becomes U+FFFD, as JSON text must
// be UTF-8.
void append_json_string(std::string* out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  while (!text.empty()) {
    const char c = text[0];
    const auto u = static_cast<unsigned char>(c);
    const size_t length = utf8_sequence(text);
    if (length == 0) {
      *out += "\\ufffd";
      text.remove_prefix(1);
      continue;
    }
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      *out += "\\u00";
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 15]);
    } else {
      out->append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  out->push_back('"');
}

std::string host(int64_t machine) { return "m" + std::to_string(machine); }

}  // namespace

Status ChromeTrace::open(const std::string& path, const std::string& label) {
  label_ = label;
  Status s = file_.open(path);
  if (!s.is_ok()) return s;
  file_.append("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
  return Status::ok();
}

Status ChromeTrace::commit() {
  file_.append("\n],\"otherData\":{" + other_ + "}}\n");
  return file_.commit();
}

void ChromeTrace::begin_object() {
  out_.clear();
  if (!first_) out_ += ",\n";
  first_ = false;
  out_.push_back('{');
}

void ChromeTrace::end_object() {
  out_.push_back('}');
  file_.append(out_);
}

void ChromeTrace::append_time(const char* key, int64_t us, int64_t ns) {
  us += ns / kNanosPerMicro;
  ns %= kNanosPerMicro;
  out_ += ",\"";
  out_ += key;
  out_ += "\":";
  out_ += std::to_string(us);
  if (ns != 0) {
    out_.push_back('.');
    out_.push_back(static_cast<char>('0' + ns / 100));
    out_.push_back(static_cast<char>('0' + ns / 10 % 10));
    out_.push_back(static_cast<char>('0' + ns % 10));
  }
}

void ChromeTrace::note_end(int64_t us, int64_t ns) {
  us += ns / kNanosPerMicro;
  ns %= kNanosPerMicro;
  if (us > end_us_ || (us == end_us_ && ns > end_ns_)) {
    end_us_ = us;
    end_ns_ = ns;
  }
}

void ChromeTrace::begin_slice(int64_t pid, const char* cat, const std::string& name, int64_t us, int64_t ns,
                              int64_t dur_ns) {
  begin_object();
  out_ += "\"ph\":\"X\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(pid);
  append_time("ts", us, ns);
  append_time("dur", 0, dur_ns);
  out_ += ",\"cat\":\"";
  out_ += cat;
  out_ += "\",\"name\":";
  append_json_string(&out_, name);
  note_end(us, ns + dur_ns);
}

void ChromeTrace::begin_marker(int64_t pid, int64_t tid, const std::string& name, int64_t us, int64_t ns) {
  begin_object();
  out_ += "\"ph\":\"X\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
  append_time("ts", us, ns);
  out_ += ",\"dur\":0,\"cat\":\"message\",\"name\":";
  append_json_string(&out_, name);
}

void ChromeTrace::append_flow(char phase, int64_t pid, int64_t tid, uint64_t id, int64_t us, int64_t ns) {
  begin_object();
  out_ += "\"ph\":\"";
  out_.push_back(phase);
  out_ += "\",\"cat\":\"message\",\"name\":\"message\",\"id\":" + std::to_string(id);
  if (phase == 'f') out_ += ",\"bp\":\"e\"";
  out_ += ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
  append_time("ts", us, ns);
  end_object();
}

int64_t ChromeTrace::queue_thread(size_t machine) {
  Machine& m = machines_[machine];
  const auto pid = static_cast<int64_t>(machine + 1);
  const int64_t tid = pid + static_cast<int64_t>(n_);
  if (!m.queue_thread) {
    m.queue_thread = true;
    begin_object();
    out_ += "\"ph\":\"M\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
            ",\"name\":\"thread_name\",\"args\":{\"name\":\"queue at the end\"}";
    end_object();
    begin_marker(pid, tid, kOrigin, 0, 0);
    end_object();
    m.queue_us.insert(0);
  }
  return tid;
}

int64_t ChromeTrace::free_queue_ns(size_t machine, int64_t at_ns) {
  std::set<int64_t>& used = machines_[machine].queue_us;
  while (!used.insert((at_ns + kNanosPerMicro / 2) / kNanosPerMicro).second) at_ns += kNanosPerMicro;
  return at_ns;
}

// Each partition (the header's partitions=), on every machine it cuts off from another: a
// slice from its start to its heal, or to the run's end when sooner (its duration, or for a
// stopped run the end of what the trace shows), on a thread of its own, so that overlapping
// partitions never overlap on one thread. Written last, once the run's end is known.
void ChromeTrace::add_partitions() {
  const int64_t trace_end_ns = end_us_ * kNanosPerMicro + end_ns_;
  for (size_t k = 0; k < partitions_.size(); ++k) {
    const Partition& p = partitions_[k];
    const int64_t end_ns = std::min({p.to_ns(), duration_us_ * kNanosPerMicro, trace_end_ns});
    if (end_ns <= p.from_ns()) continue;  // the run ended before it began
    for (size_t i = 0; i < n_; ++i) {
      std::string cut;
      for (size_t j = 0; j < n_; ++j)
        if (p.cuts(static_cast<int>(i), static_cast<int>(j))) cut += (cut.empty() ? "" : ",") + std::to_string(j);
      if (cut.empty()) continue;
      const auto pid = static_cast<int64_t>(i + 1);
      const int64_t tid = pid + static_cast<int64_t>((k + 2) * n_);
      begin_object();
      out_ += "\"ph\":\"M\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
              ",\"name\":\"thread_name\",\"args\":{\"name\":";
      append_json_string(&out_, "partition " + p.text());
      out_ += "}";
      end_object();
      begin_marker(pid, tid, kOrigin, 0, 0);
      end_object();
      begin_object();
      out_ += "\"ph\":\"X\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid);
      append_time("ts", p.from_us(), 0);
      append_time("dur", 0, end_ns - p.from_ns());
      out_ += ",\"cat\":\"partition\",\"name\":";
      append_json_string(&out_, "cut off from machine" + std::string(cut.find(',') == std::string::npos ? " " : "s ") + cut);
      end_object();
    }
  }
}

void ChromeTrace::on_begin(const std::vector<LogHeader>& headers) {
  n_ = headers.size();
  machines_.assign(n_, Machine());
  std::string rates;
  for (size_t i = 0; i < n_; ++i) {
    const LogHeader& h = headers[i];
    // Half a tick period: 10^9 / rate ns, the rate being in millionths.
    machines_[i].half_period_ns = int64_t{1'000'000'000'000'000} / std::max<int64_t>(1, h.rate_micro) / 2;
    const auto pid = static_cast<int64_t>(i + 1);
    const std::string p = std::to_string(pid);
    const std::string head = "\"ph\":\"M\",\"pid\":" + p + ",\"tid\":" + p + ",\"name\":";
    begin_object();
    out_ += head + "\"process_name\",\"args\":{\"name\":";
    append_json_string(&out_, "machine " + std::to_string(i) + " (" + h.rate_text + " ticks/s)");
    out_.push_back('}');
    end_object();
    begin_object();
    out_ += head + "\"process_sort_index\",\"args\":{\"sort_index\":" + std::to_string(i) + "}";
    end_object();
    begin_object();
    out_ += head + "\"thread_name\",\"args\":{\"name\":\"events\"}";
    end_object();
    // speedscope starts each thread's axis at its first slice, the others at the trace's first
    // event: a zero-length slice at model time 0 on every thread.
    begin_marker(pid, pid, kOrigin, 0, 0);
    end_object();
    if (i > 0) rates.push_back(';');
    rates += h.rate_text;
  }
  partitions_.clear();
  if (!headers.empty()) {
    duration_us_ = headers[0].duration_us;
    for (std::string_view text = headers[0].partitions; !text.empty();) {
      const size_t semicolon = text.find(';');
      Partition p;
      if (Partition::parse(text.substr(0, semicolon), static_cast<int>(n_), &p).is_ok()) partitions_.push_back(p);
      text = semicolon == std::string_view::npos ? std::string_view() : text.substr(semicolon + 1);
    }
  }
  if (n_ > 0) {
    // DevTools leaves events at ts 0 out of its bounds: an instant 1 ns later.
    begin_object();
    out_ += "\"ph\":\"I\",\"s\":\"g\",\"pid\":1,\"tid\":1,\"cat\":\"marker\",\"name\":\"model time 0 (+1 ns)\"";
    append_time("ts", 0, 1);
    end_object();
  }
  other_.clear();
  other_ += "\"run\":";
  append_json_string(&other_, label_);
  other_ += ",\"machines\":" + std::to_string(n_) + ",\"rates\":";
  append_json_string(&other_, rates);
  if (!headers.empty()) {
    other_ += ",\"seed\":";
    append_json_string(&other_, headers[0].seed);
    other_ += ",\"duration_s\":";
    append_json_string(&other_, micros_text(headers[0].duration_us));
  }
  other_ += ",\"time\":\"model time, microseconds\",\"written_by\":\"lcstat --trace\"";
}

void ChromeTrace::on_event(const CausalEvent& event) {
  const Row& row = *event.row;
  Machine& m = machines_[event.machine];
  const auto pid = static_cast<int64_t>(event.machine + 1);
  int64_t dur = m.half_period_ns;
  // Cut short by the machine's next tick row (a late tick), it ends 1 ns before that row begins:
  // speedscope, at one instant, opens a frame of the same name before it closes the last one.
  if (event.next_model_us >= row.model_us && event.next_model_us - row.model_us <= dur / kNanosPerMicro)
    dur = std::min(dur, std::max<int64_t>(0, (event.next_model_us - row.model_us) * kNanosPerMicro - 1));

  begin_slice(pid, "event", event_name(row.event), row.model_us, 0, dur);
  out_ += ",\"args\":{\"clock\":" + std::to_string(row.clock) + ",\"queue\":" + std::to_string(row.queue);
  if (row.event == LogEvent::kSend) {
    std::string to;
    for (int64_t r : row.peers) to += (to.empty() ? "" : " ") + host(r);
    out_ += ",\"to\":";
    append_json_string(&out_, to);
  } else if (row.event == LogEvent::kReceive) {
    out_ += ",\"from\":\"" + host(row.peers[0]) + "\",\"msg_clock\":" + std::to_string(row.msg_clock) +
            ",\"queue_wait_us\":" + std::to_string(row.wait_us);
  }
  if (n_ <= kMaxVectorArgs) {
    std::string vector;
    for (size_t j = 0; j < event.machines; ++j) vector += (j > 0 ? ";" : "") + std::to_string(event.vector[j]);
    out_ += ",\"vector_clock\":\"" + vector + "\"";
  }
  if (event.approximate) out_ += ",\"vector_clock_lower_bound\":true";
  out_ += "}";
  end_object();

  if (row.event == LogEvent::kSend) {
    // One zero-length child 1 ns into the SEND, the start of every message it sent.
    std::string to;
    for (size_t k = 0; k < event.message_count && k < row.peers.size(); ++k) {
      if (event.messages[k] != 0) to += (to.empty() ? "to " : " ") + host(row.peers[k]);
    }
    if (!to.empty()) {
      const int64_t at = std::min<int64_t>(kSendOffsetNs, dur);
      begin_marker(pid, pid, to, row.model_us, at);
      out_ += ",\"args\":{\"msg_clock\":" + std::to_string(row.msg_clock) + "}";
      end_object();
      for (size_t k = 0; k < event.message_count && k < row.peers.size(); ++k) {
        if (event.messages[k] != 0) append_flow('s', pid, pid, event.messages[k], row.model_us, at);
      }
    }
  } else if (row.event == LogEvent::kReceive && event.message_count > 0 && event.messages[0] != 0) {
    // Its end: a zero-length child 2 ns into the RECV, after the start of a message sent in the
    // same microsecond.
    const int64_t at = std::min<int64_t>(kReceiveOffsetNs, dur);
    begin_marker(pid, pid, "from " + host(row.peers[0]), row.model_us, at);
    end_object();
    append_flow('f', pid, pid, event.messages[0], row.model_us, at);
  }

  const std::string counter = "\"ph\":\"C\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(pid);
  begin_object();
  out_ += counter;
  append_time("ts", row.model_us, 0);
  out_ += ",\"name\":\"Lamport clock\",\"args\":{\"value\":" + std::to_string(row.clock) + "}";
  end_object();
  if (row.queue != m.queue) {
    begin_object();
    out_ += counter;
    append_time("ts", row.model_us, 0);
    out_ += ",\"name\":\"queue length\",\"args\":{\"value\":" + std::to_string(row.queue) + "}";
    end_object();
    m.queue = row.queue;
  }
  m.last_us = row.model_us;
}

void ChromeTrace::on_pending(const EndedMessage& message) {
  const Row& row = *message.row;
  const auto pid = static_cast<int64_t>(message.receiver + 1);
  const uint64_t id = message.message != 0 ? message.message : next_async_++;
  const std::string name = "PENDING from " + host(static_cast<int64_t>(message.sender));
  const int64_t arrived_us = row.model_us - row.wait_us;
  const std::string head = ",\"cat\":\"pending\",\"name\":\"" + name + "\",\"id\":" + std::to_string(id) +
                           ",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(pid);
  begin_object();
  out_ += "\"ph\":\"b\"" + head;
  append_time("ts", arrived_us, 0);
  out_ += ",\"args\":{\"msg_clock\":" + std::to_string(row.msg_clock) + ",\"queued_at_end\":true}";
  end_object();
  // Perfetto takes ends before begins at one instant: one that came as the run ended lasts 1 ns.
  const int64_t end_ns = row.model_us > arrived_us ? 0 : 1;
  begin_object();
  out_ += "\"ph\":\"e\"" + head;
  append_time("ts", row.model_us, end_ns);
  end_object();
  if (message.message != 0) {
    // The flow's end: a zero-length slice at the arrival on the machine's queue thread (the
    // viewers bind flows to complete slices only), in a microsecond of its own.
    const int64_t tid = queue_thread(message.receiver);
    const int64_t at = free_queue_ns(message.receiver, arrived_us * kNanosPerMicro + kReceiveOffsetNs);
    begin_marker(pid, tid, name, 0, at);
    out_ += ",\"args\":{\"msg_clock\":" + std::to_string(row.msg_clock) + "}";
    end_object();
    append_flow('f', pid, tid, message.message, 0, at);
  }
  note_end(row.model_us, end_ns);
  machines_[message.receiver].last_us = std::max(machines_[message.receiver].last_us, row.model_us);
}

void ChromeTrace::on_lost(const EndedMessage& message) {
  // A zero-length slice on the receiver's queue thread just after the end of the trace.
  const auto pid = static_cast<int64_t>(message.receiver + 1);
  const int64_t tid = queue_thread(message.receiver);
  const int64_t at = free_queue_ns(message.receiver, end_us_ * kNanosPerMicro + end_ns_ + 1);
  // (One a partition still held at the end was not lost: it is named as run.txt counts it.)
  begin_marker(pid, tid, (message.undelivered ? "UNDELIVERED from " : "LOST from ") + host(static_cast<int64_t>(message.sender)),
               0, at);
  out_ += ",\"args\":{\"msg_clock\":" + std::to_string(message.clock) +
          (message.undelivered ? ",\"held_by_a_partition_at_the_end_for\":\"" : ",\"never_reached_the_log_of\":\"") +
          host(static_cast<int64_t>(message.receiver)) + "\"}";
  end_object();
  append_flow('f', pid, tid, message.message, 0, at);
}

}  // namespace lc::lcstat
