#include "logical_clock/log/log_reader.h"

#include <algorithm>
#include <cstring>

#include "logical_clock/log/event_log.h"
#include "logical_clock/log/numbers.h"

namespace lc {

namespace {


// Shows at most 40 bytes of a field in an error message.
std::string quoted(std::string_view text) {
  std::string out = "'";
  out.append(text.substr(0, 40));
  if (text.size() > 40) out += "...";
  return out + "'";
}

bool parse_peers(std::string_view text, std::vector<int64_t>* out) {
  out->clear();
  if (text.empty()) return true;
  for (;;) {
    size_t semi = text.find(';');
    int64_t id;
    if (!parse_count(text.substr(0, semi), &id)) return false;
    out->push_back(id);
    if (semi == std::string_view::npos) return true;
    text.remove_prefix(semi + 1);
  }
}

// N whole numbers joined by ';' into *out (resized to n); false on anything else.
bool parse_vclock(std::string_view text, size_t n, std::vector<int64_t>* out) {
  out->resize(n);
  const char* p = text.data();
  const char* const end = p + text.size();
  for (size_t i = 0; i < n; ++i) {
    const char* start = p;
    int64_t value = 0;
    for (; p != end && p - start < 14; ++p) {
      const auto d = static_cast<unsigned>(*p - '0');
      if (d > 9) break;
      value = value * 10 + static_cast<int64_t>(d);
    }
    if (p == start || value > kMaxValue) return false;
    (*out)[i] = value;
    if (i + 1 < n) {
      if (p == end || *p != ';') return false;
      ++p;
    }
  }
  return p == end;
}

}  // namespace

int64_t LogHeader::expected_ticks() const {
  __int128 product = static_cast<__int128>(rate_micro) * duration_us;
  return static_cast<int64_t>(product / (static_cast<__int128>(kMicrosPerSecond) * kMicrosPerSecond));
}

Status LogReader::bad(uint64_t line, const std::string& what) const {
  return Status::error(header_.path + ":" + std::to_string(line) + ": " + what);
}

Status LogReader::bad_field(Field field, std::string_view text, const char* expected) const {
  const char* name = field == kVclock ? kVclockColumn : kColumnNames[field];
  return bad(line_no_, std::string("bad row: ") + name + " " + quoted(text) + " is not " + expected);
}

Status LogReader::open(const std::string& path, bool allow_torn_tail) {
  header_ = LogHeader();
  header_.path = path;
  allow_torn_tail_ = allow_torn_tail;
  has_header_ = has_columns_ = has_vclock_ = false;
  torn_line_ = 0;
  Status s = open_for_reading(path, &fd_);
  if (!s.is_ok()) return s;
  // Not zeroed: the reader only ever looks at bytes read into it, and zeroing 1 MiB per log was
  // most of the cost of checking a small run (the page faults of the memset).
  buf_ = std::make_unique_for_overwrite<char[]>(kBufferBytes);
  begin_ = end_ = 0;
  eof_ = false;
  line_no_ = 0;
  std::string_view line;
  bool done = false;
  s = next_line(&line, &done);
  if (!s.is_ok()) return s;
  if (done) {
    if (!allow_torn_tail_) return bad(1, "empty file, not a logical_clock log");
    // Cut inside line 1: what was written must still be the start of a log's first line.
    const size_t n = std::min(line.size(), kHeaderMagic.size());
    if (line.substr(0, n) != kHeaderMagic.substr(0, n))
      return bad(1, "not a logical_clock log (line 1 does not start with '# logical_clock')");
    return Status::ok();
  }
  s = parse_header_line(line);
  if (!s.is_ok()) return s;
  has_header_ = true;
  s = next_line(&line, &done);
  if (!s.is_ok()) return s;
  if (done) return allow_torn_tail_ ? Status::ok() : bad(2, "missing the column header line");
  s = parse_columns(line);
  has_columns_ = s.is_ok();
  return s;
}

Status LogReader::next_line(std::string_view* line, bool* done) {
  for (;;) {
    char* start = buf_.get() + begin_;
    auto* newline = static_cast<char*>(std::memchr(start, '\n', end_ - begin_));
    if (newline != nullptr) {
      ++line_no_;
      size_t length = static_cast<size_t>(newline - start);
      if (length > kMaxLineBytes)
        return bad(line_no_, "line longer than " + std::to_string(kMaxLineBytes) + " bytes, not a log row");
      *line = std::string_view(start, length);
      begin_ += length + 1;
      if (line_no_ > 2 && (bytes_past_blocks_ += length + 1) >= EventLog::kFlushBytes) bytes_past_blocks_ = 0;
      *done = false;
      return Status::ok();
    }
    if (end_ - begin_ > kMaxLineBytes)
      return bad(line_no_ + 1, "line longer than " + std::to_string(kMaxLineBytes) + " bytes, not a log row");
    if (eof_) {
      if (end_ > begin_) {
        if (!allow_torn_tail_) return bad(line_no_ + 1, "torn last row (no newline at the end of the file)");
        torn_line_ = line_no_ + 1;
        *line = std::string_view(start, end_ - begin_);
        begin_ = end_;
      }
      *done = true;
      return Status::ok();
    }
    std::memmove(buf_.get(), start, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    size_t got = 0;
    Status s = read_file_some(fd_.get(), buf_.get() + end_, kBufferBytes - end_, &got, header_.path);
    if (!s.is_ok()) return s;
    if (got == 0) eof_ = true;
    end_ += got;
  }
}

Status LogReader::parse_header_line(std::string_view line) {
  if (line.substr(0, kHeaderMagic.size()) != kHeaderMagic || (line.size() > kHeaderMagic.size() && line[kHeaderMagic.size()] != ' '))
    return bad(1, "not a logical_clock log (line 1 does not start with '# logical_clock')");
  std::string_view rest = line.substr(kHeaderMagic.size());
  bool have_machine = false, have_machines = false, have_rate = false, have_duration = false;
  bool have_start = false, have_speed = false, have_offset = false;
  std::vector<std::string_view> keys;  // a key given twice would leave its meaning to the order
  while (!rest.empty()) {
    size_t space = rest.find(' ');
    std::string_view token = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    size_t eq = token.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = token.substr(0, eq), value = token.substr(eq + 1);
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      return bad(1, "header names '" + std::string(key) + "' twice");
    keys.push_back(key);
    bool ok = true;
    if (key == header_key::kMachine) ok = have_machine = parse_count(value, &header_.machine);
    else if (key == header_key::kMachines) ok = have_machines = parse_count(value, &header_.machines);
    else if (key == header_key::kRate) ok = have_rate = parse_micros(value, &header_.rate_micro);
    else if (key == header_key::kDuration) ok = have_duration = parse_micros(value, &header_.duration_us);
    else if (key == header_key::kStart) ok = have_start = parse_unix_micros(value, &header_.start_us);
    else if (key == header_key::kSpeed) ok = have_speed = parse_factor(value, &header_.speed);
    else if (key == header_key::kSeed) {
      header_.seed = value;
      ok = parse_seed(value, &header_.seed_value);
    }
    else if (key == header_key::kInternalMax) header_.internal_max = value;
    else if (key == header_key::kEngine) header_.engine = value;
    else if (key == header_key::kLatency) header_.latency = value;
    else if (key == header_key::kLinks) header_.links = value;
    else if (key == header_key::kPartitions) header_.partitions = value;
    else if (key == header_key::kVersion) header_.version = value;
    else if (key == header_key::kRun) header_.run = value;
    else if (key == header_key::kClockOffset)
      ok = have_offset = parse_signed_seconds(value, kMaxUnixSeconds * kMicrosPerSecond, &header_.clock_offset_us);
    else if (key == header_key::kClockUncertainty)
      ok = parse_signed_seconds(value, kMaxUnixSeconds * kMicrosPerSecond, &header_.clock_uncertainty_us) &&
           header_.clock_uncertainty_us >= 0 && value[0] != '-';
    else if (key == header_key::kSkew)
      ok = header_.skew_given = parse_signed_seconds(value, kMaxUnixSeconds * kMicrosPerSecond, &header_.skew_us);
    else if (key == header_key::kOwnClock) {
      ok = value == "0" || value == "1";
      header_.own_clock = value == "1";
    } else if (key == header_key::kVector) {
      ok = value == "0" || value == "1";
      header_.vector = value == "1";
    }
    if (!ok) return bad(1, "header: bad value " + quoted(token));
    if (key == header_key::kRate) header_.rate_text = value;
    if (key == header_key::kSpeed) header_.speed_text = value;
  }
  if (!have_machine) return bad(1, "header lacks machine=<id>");
  if (!have_machines) return bad(1, "header lacks machines=<N>");
  if (!have_rate) return bad(1, "header lacks rate=<ticks/s>");
  if (!have_duration) return bad(1, "header lacks duration=<seconds>");
  if (!have_start) return bad(1, "header lacks start=<Unix time>");
  if (!have_speed) return bad(1, "header lacks speed=<factor above 0>");
  if (have_offset != (header_.clock_uncertainty_us >= 0))
    return bad(1, have_offset ? "header has clock_offset= without clock_uncertainty="
                              : "header has clock_uncertainty= without clock_offset=");
  if (header_.skew_given && !have_offset) return bad(1, "header has skew= without clock_offset=");
  if (header_.own_clock && !have_offset) return bad(1, "header has own_clock=1 without clock_offset=");
  if (header_.own_clock && header_.engine == "sim")
    return bad(1, "header has own_clock=1 with engine=sim (a simulated machine's clock is the simulation's)");
  // A simulated clock's offset is known exactly: its skew.
  if (header_.engine == "sim" && have_offset &&
      (header_.clock_offset_us != header_.skew_us || header_.clock_uncertainty_us != 0))
    return bad(1, "header: a simulated machine's clock_offset= is its skew= (" + micros_text(header_.skew_us) +
                      ") and its clock_uncertainty= 0, not " + micros_text(header_.clock_offset_us) + " and " +
                      micros_text(header_.clock_uncertainty_us));
  if (header_.machine >= header_.machines)
    return bad(1, "header: machine=" + std::to_string(header_.machine) + " is not below machines=" +
                      std::to_string(header_.machines));
  return check_header_ranges();
}

// The values logical_clock's options allow, as its engines write them: a header outside them is
// no run's. Keys that older or hand-written logs lack are not required here.
Status LogReader::check_header_ranges() const {
  const LogHeader& h = header_;
  const bool sim = h.engine == "sim";
  const int64_t most_machines = sim || h.engine.empty() ? kMaxMachines : kMaxRealMachines;
  if (h.machines < 2 || h.machines > most_machines)
    return bad(1, "header: machines=" + std::to_string(h.machines) + " is out of range 2.." + std::to_string(most_machines) +
                      (h.engine.empty() ? "" : " (engine=" + h.engine + ")"));
  // Rates are whole ticks per second (drawn from 1..RATE_MAX, or given by --rates).
  int64_t rate = 0;
  if (!parse_count(h.rate_text, &rate) || h.rate_micro <= 0 || h.rate_micro > kMaxRateMicro)
    return bad(1, "header: rate=" + h.rate_text + ": rate must be above 0 and at most 1000000, a whole number of ticks/s");
  if (h.duration_us <= 0) return bad(1, "header: duration must be above 0");
  if (h.duration_us > kMaxDurationUs) return bad(1, "header: duration must be at most 10000000 s");
  int64_t internal_max = 0;
  if (!h.internal_max.empty() && (!parse_count(h.internal_max, &internal_max) || internal_max < kMinInternalMax ||
                                  internal_max > kMaxInternalMax))
    return bad(1, "header: internal_max=" + h.internal_max + " is not a whole number in " +
                      std::to_string(kMinInternalMax) + ".." + std::to_string(kMaxInternalMax) + " (INTERNAL_MAX)");
  if (!h.engine.empty() && h.engine != "real" && h.engine != "sim")
    return bad(1, "header: engine=" + h.engine + " is neither real nor sim");
  if (sim ? h.speed != 1 : h.speed > kMaxSpeed)
    return bad(1, "header: speed=" + h.speed_text + (sim ? " in a simulated run, whose speed is 1" : " is above 1e9"));
  // Every instant of a run fits the clocks: it takes at most 100 years of real time.
  if (static_cast<long double>(h.duration_us) * 1000.0L / static_cast<long double>(h.speed) > kMaxRealNs)
    return bad(1, "header: duration=" + micros_text(h.duration_us) + " at speed=" + h.speed_text +
                      " takes more than 100 years of real time, which no run may");
  if (h.skew_given && (h.skew_us > kMaxSkewUs || h.skew_us < -kMaxSkewUs))
    return bad(1, "header: skew=" + micros_text(h.skew_us) + " is beyond 1000000 s either way");
  // A simulated run's start is its --epoch.
  if (sim && h.start_us > kMaxEpochUs)
    return bad(1, "header: start=" + micros_text(h.start_us) + " of a simulated run is past 9000000000 (--epoch's most)");
  if (!h.run.empty() && (h.run.size() != 16 || h.run.find_first_not_of("0123456789abcdef") != std::string::npos))
    return bad(1, "header: run=" + h.run + " is not 16 lowercase hex digits (the run's identity)");
  // Every version writes seed= and internal_max=; every one after 1.0.0 engine= too.
  const char* lacks = h.version.empty()                               ? nullptr
                      : h.seed.empty()                                ? "seed="
                      : h.internal_max.empty()                        ? "internal_max="
                      : h.engine.empty() && h.version != "1.0.0"     ? "engine="
                                                                      : nullptr;
  if (lacks != nullptr)
    return bad(1, std::string("header lacks ") + lacks + ", which every log of version " + h.version + " has: edited");
  return Status::ok();
}

Status LogReader::parse_columns(std::string_view line) {
  columns_.clear();
  bool seen[kOther] = {};
  for (;;) {
    size_t comma = line.find(',');
    std::string_view name = line.substr(0, comma);
    Field role = name == kVclockColumn ? kVclock : kOther;
    for (int f = 0; f < kRequiredFields; ++f) {
      if (name == kColumnNames[f]) role = static_cast<Field>(f);
    }
    if (role != kOther) {
      if (seen[role]) return bad(2, "column header names '" + std::string(name) + "' twice");
      seen[role] = true;
    }
    columns_.push_back(role);
    if (comma == std::string_view::npos) break;
    line.remove_prefix(comma + 1);
  }
  for (int f = 0; f < kRequiredFields; ++f) {
    if (!seen[f]) return bad(2, std::string("column header lacks '") + kColumnNames[f] + "'");
  }
  has_vclock_ = seen[kVclock];
  if (has_vclock_ && !header_.vector)
    return bad(2, std::string("column '") + kVclockColumn + "' but line 1 does not say vector=1");
  if (!has_vclock_ && header_.vector)
    return bad(2, std::string("line 1 says vector=1 but the column header lacks '") + kVclockColumn + "'");
  return Status::ok();
}

Status LogReader::next(Row* row, bool* done) {
  if (!has_columns_) {  // a failed machine's log that ends within its header lines
    *done = true;
    return Status::ok();
  }
  std::string_view line;
  Status s = next_line(&line, done);
  if (!s.is_ok() || *done) return s;
  return parse_row(line, row);
}

Status LogReader::parse_row(std::string_view line, Row* row) {
  std::string_view fields[kOther];
  size_t column = 0;
  const char* p = line.data();
  const char* end = p + line.size();
  // Fields are short: a plain scan beats a memchr call per field.
  for (;;) {
    const char* stop = p;
    while (stop != end && *stop != ',') ++stop;
    if (column >= columns_.size())
      return bad(line_no_, "bad row: more than " + std::to_string(columns_.size()) + " fields");
    if (columns_[column] != kOther) fields[columns_[column]] = std::string_view(p, static_cast<size_t>(stop - p));
    ++column;
    if (stop == end) break;
    p = stop + 1;
  }
  if (column != columns_.size())
    return bad(line_no_, "bad row: " + std::to_string(column) + " fields, the header has " +
                             std::to_string(columns_.size()));
  row->line = line_no_;
  if (!parse_unix_micros(fields[kSystemTime], &row->system_us))
    return bad_field(kSystemTime, fields[kSystemTime], "a Unix time in seconds");
  if (!parse_micros(fields[kModelTime], &row->model_us))
    return bad_field(kModelTime, fields[kModelTime], "a time in seconds");
  if (!parse_event_name(fields[kEvent], &row->event))
    return bad_field(kEvent, fields[kEvent], "INTERNAL, SEND, RECV or PENDING");
  if (!parse_count(fields[kClock], &row->clock)) return bad_field(kClock, fields[kClock], "a whole number");
  if (!parse_count(fields[kQueue], &row->queue)) return bad_field(kQueue, fields[kQueue], "a whole number");
  if (!parse_peers(fields[kPeers], &row->peers))
    return bad_field(kPeers, fields[kPeers], "machine ids joined by ';'");
  row->msg_clock = -1;
  if (!fields[kMsgClock].empty() && !parse_count(fields[kMsgClock], &row->msg_clock))
    return bad_field(kMsgClock, fields[kMsgClock], "a whole number");
  row->wait_us = -1;
  if (!fields[kWait].empty() && !parse_micros(fields[kWait], &row->wait_us))
    return bad_field(kWait, fields[kWait], "a time in seconds");
  const char* name = event_name(row->event);
  if (row->event == LogEvent::kReceive || row->event == LogEvent::kPending) {
    if (row->peers.size() != 1) return bad(line_no_, std::string("bad row: ") + name + " needs one sender id in peers");
    if (row->msg_clock < 0) return bad(line_no_, std::string("bad row: ") + name + " without msg_clock");
    if (row->wait_us < 0) return bad(line_no_, std::string("bad row: ") + name + " without queue_wait");
  } else if (row->event == LogEvent::kSend && row->msg_clock < 0) {
    return bad(line_no_, "bad row: SEND without msg_clock");
  }
  if (!has_vclock_) {
    row->vclock.clear();
  } else if (!parse_vclock(fields[kVclock], static_cast<size_t>(header_.machines), &row->vclock)) {
    return bad_field(kVclock, fields[kVclock],
                     (std::to_string(header_.machines) + " whole numbers joined by ';' (machines=" +
                      std::to_string(header_.machines) + ")").c_str());
  }
  return Status::ok();
}

}  // namespace lc
