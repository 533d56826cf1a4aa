#include "shiviz.h"

#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

namespace {

void append_host(std::string* out, size_t machine) {
  out->push_back('m');
  out->append(std::to_string(machine));
}

}  // namespace

Status ShivizLog::open(const std::string& path) {
  Status s = file_.open(path);
  if (!s.is_ok()) return s;
  file_.append(std::string(kParser) + "\n" + kDelimiter + "\n");
  return Status::ok();
}

std::string ShivizLog::label_text(const std::string& name) {
  std::string text;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name.compare(i, 2, "\xe2\x80") == 0 && i + 2 < name.size() && (name[i + 2] == '\xa8' || name[i + 2] == '\xa9')) {
      text.push_back('?');
      i += 2;
    } else {
      text.push_back(static_cast<unsigned char>(name[i]) < 0x20 ? '?' : name[i]);
    }
  }
  return text;
}

void ShivizLog::begin_execution(const std::string& label) {
  file_.append("\n=== " + label + " ===\n");
  events_ = 0;
}

void ShivizLog::on_begin(const std::vector<LogHeader>&) {}

void ShivizLog::on_event(const CausalEvent& event) {
  const Row& row = *event.row;
  line_.clear();
  append_host(&line_, event.machine);
  line_ += " {";
  bool first = true;
  for (size_t j = 0; j < event.machines; ++j) {
    if (event.vector[j] == 0) continue;
    if (!first) line_ += ", ";
    first = false;
    line_.push_back('"');
    append_host(&line_, j);
    line_ += "\":";
    line_ += std::to_string(event.vector[j]);
  }
  line_ += "} ";
  line_ += event_name(row.event);
  if (row.event == LogEvent::kSend) {
    line_ += " to ";
    for (size_t k = 0; k < row.peers.size(); ++k) {
      if (k > 0) line_.push_back(',');
      append_host(&line_, static_cast<size_t>(row.peers[k]));
    }
  } else if (row.event == LogEvent::kReceive) {
    line_ += " from ";
    append_host(&line_, static_cast<size_t>(row.peers[0]));
    line_ += " (msg_clock " + std::to_string(row.msg_clock) + ")";
  }
  line_ += "; clock " + std::to_string(row.clock) + "; queue " + std::to_string(row.queue) + "; model time ";
  append_micros(&line_, row.model_us);
  line_ += " s";
  if (event.approximate) line_ += "; vector clock a lower bound (a SEND upstream is not in the logs)";
  line_.push_back('\n');
  file_.append(line_);
  ++events_;
}

}  // namespace lc::lcstat
