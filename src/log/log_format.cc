#include "logical_clock/log/log_format.h"

#include <charconv>

#include "logical_clock/base/decimal.h"

namespace lc {

namespace {

constexpr std::string_view kLogPrefix = "vm_";
constexpr std::string_view kLogSuffix = ".log";

std::string shortest(double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

void add(std::string* line, std::string_view key, const std::string& value) {
  line->push_back(' ');
  line->append(key);
  line->push_back('=');
  line->append(value);
}

}  // namespace

std::string log_file_name(int id, int rate) {
  return std::string(kLogPrefix) + std::to_string(id) + "_" + std::to_string(rate) + std::string(kLogSuffix);
}

bool is_log_file_name(std::string_view name) {
  return name.size() > kLogPrefix.size() + kLogSuffix.size() && name.substr(0, kLogPrefix.size()) == kLogPrefix &&
         name.substr(name.size() - kLogSuffix.size()) == kLogSuffix;
}

bool parse_log_file_name(std::string_view name, int64_t* id, std::string* rate) {
  if (!is_log_file_name(name)) return false;
  const std::string_view middle = name.substr(kLogPrefix.size(), name.size() - kLogPrefix.size() - kLogSuffix.size());
  const size_t underscore = middle.find('_');
  if (underscore == 0 || underscore == std::string_view::npos || underscore + 1 == middle.size()) return false;
  int64_t value = 0;
  for (char c : middle.substr(0, underscore)) {
    if (c < '0' || c > '9' || value > 1'000'000'000) return false;
    value = value * 10 + (c - '0');
  }
  *id = value;
  *rate = std::string(middle.substr(underscore + 1));
  return true;
}

const char* event_name(LogEvent event) {
  switch (event) {
    case LogEvent::kInternal: return "INTERNAL";
    case LogEvent::kSend: return "SEND";
    case LogEvent::kReceive: return "RECV";
    case LogEvent::kPending: return "PENDING";
  }
  return "?";
}

bool parse_event_name(std::string_view text, LogEvent* out) {
  // The first letter tells them apart; the whole name must match. Once per row read.
  LogEvent e;
  switch (text.empty() ? '\0' : text[0]) {
    case 'I': e = LogEvent::kInternal; break;
    case 'S': e = LogEvent::kSend; break;
    case 'R': e = LogEvent::kReceive; break;
    case 'P': e = LogEvent::kPending; break;
    default: return false;
  }
  if (text != event_name(e)) return false;
  *out = e;
  return true;
}

std::string column_line(bool vclock) {
  std::string line;
  for (size_t i = 0; i < kColumnCount; ++i) {
    if (i > 0) line.push_back(',');
    line += kColumnNames[i];
  }
  if (vclock) {
    line.push_back(',');
    line += kVclockColumn;
  }
  return line;
}

std::string run_id_text(uint64_t run_id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(16, '0');
  for (size_t i = 16; i-- > 0; run_id >>= 4) text[i] = kDigits[run_id & 0xf];
  return text;
}

std::string header_line(const HeaderLine& h) {
  namespace k = header_key;
  std::string line(kHeaderMagic);
  add(&line, k::kMachine, std::to_string(h.machine));
  add(&line, k::kRate, std::to_string(h.rate));
  add(&line, k::kMachines, std::to_string(h.machines));
  add(&line, k::kSeed, std::to_string(h.seed));
  add(&line, k::kSpeed, shortest(h.speed));
  add(&line, k::kInternalMax, std::to_string(h.internal_max));
  add(&line, k::kDuration, micros_text(h.duration_us));
  std::string start;
  append_micros(&start, h.start_us);
  add(&line, k::kStart, start);
  add(&line, k::kEngine, h.engine);
  if (!h.latency.empty()) add(&line, k::kLatency, h.latency);
  if (!h.links.empty()) add(&line, k::kLinks, h.links);
  if (!h.partitions.empty()) add(&line, k::kPartitions, h.partitions);
  if (h.vector) add(&line, k::kVector, "1");
  if (h.run_id != 0) add(&line, k::kRun, run_id_text(h.run_id));
  if (h.skew_given) add(&line, k::kSkew, micros_text(h.skew_us));
  if (h.clock_known) {
    add(&line, k::kClockOffset, micros_text(h.clock_offset_us));
    add(&line, k::kClockUncertainty, micros_text(h.clock_uncertainty_us));
    if (h.own_clock) add(&line, k::kOwnClock, "1");
  }
  add(&line, k::kVersion, LC_VERSION);
  return line;
}

}  // namespace lc
