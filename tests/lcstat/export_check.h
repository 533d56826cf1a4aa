// Checkers for lcstat's exports, written from the viewers' rules (docs/analysis.md cites the
// code they follow):
//   - parse_json: strict JSON (RFC 8259): one value, nothing after it;
//   - check_shiviz: a ShiViz log as ShiViz reads a file (line 1 the parser regex with named
//     groups host, clock, event; line 2 the delimiter regex with group trace; then the log):
//     named groups turned into plain ones as ShiViz's NamedRegExp does, every event line
//     matched, clocks parsed as JSON objects, zero entries dropped; per host the own entry
//     rises by exactly 1 from 1; every other entry names an event that exists on that host; and
//     each vector is the textbook one: the host's previous vector, or its entrywise max with one
//     other event's vector (the message's send), with the own entry one higher;
//   - check_trace: a Chrome Trace Event Format file by the rules of Perfetto, catapult's trace
//     viewer (chrome://tracing), the DevTools Performance panel and speedscope (listed above
//     check_trace): slices nested in ns and in double precision, as speedscope's stacks take
//     them, flows of the start/end form bound to a slice of their instant and drawn forwards,
//     one start and one end each, no args merged twice, the time axis at model time 0.
// Each returns its problems (empty when the file follows every rule) and fills a summary.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace export_check {

// ---- JSON
struct JsonMember;

struct Json {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool boolean = false;
  double number = 0;
  bool integer = false;  // written without fraction or exponent
  std::string text;      // a string's value
  std::vector<Json> items;
  std::vector<JsonMember> members;  // a vector of a type still incomplete here, as the standard allows

  const Json* get(const std::string& key) const;
};

// An object's member; not a std::pair, whose traits clang asks of Json before Json is complete.
struct JsonMember {
  std::string key;
  Json value;
};

inline const Json* Json::get(const std::string& key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : s_(text) {}

  // The whole text as one value; an empty error when it is well formed.
  bool parse(Json* out, std::string* error) {
    skip();
    if (!value(out, 0)) {
      *error = error_ + " at byte " + std::to_string(pos_);
      return false;
    }
    skip();
    if (pos_ != s_.size()) {
      *error = "text after the value at byte " + std::to_string(pos_);
      return false;
    }
    return true;
  }

 private:
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what;
    return false;
  }
  void skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
  }
  bool literal(const char* word) {
    const std::string w(word);
    if (s_.compare(pos_, w.size(), w) != 0) return fail("bad literal");
    pos_ += w.size();
    return true;
  }
  bool string(std::string* out) {
    if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a string");
    ++pos_;
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case '"': case '\\': case '/': out->push_back(e); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          if (pos_ + 4 > s_.size()) return fail("short \\u escape");
          for (int k = 0; k < 4; ++k) {
            if (!std::isxdigit(static_cast<unsigned char>(s_[pos_ + static_cast<size_t>(k)]))) return fail("bad \\u escape");
          }
          const unsigned code = static_cast<unsigned>(std::stoul(s_.substr(pos_, 4), nullptr, 16));
          pos_ += 4;
          out->push_back(code < 0x80 ? static_cast<char>(code) : '?');
          break;
        }
        default: return fail("bad escape");
      }
    }
    return fail("unterminated string");
  }
  bool number(Json* out) {
    const size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_]))) return fail("bad number");
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    out->integer = true;
    if (pos_ < s_.size() && s_[pos_] == '.') {
      out->integer = false;
      ++pos_;
      if (pos_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_]))) return fail("bad fraction");
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      out->integer = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (pos_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_]))) return fail("bad exponent");
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    out->type = Json::kNumber;
    out->number = std::stod(s_.substr(start, pos_ - start));
    return true;
  }
  bool value(Json* out, int depth) {
    if (depth > 64) return fail("nested too deep");
    if (pos_ >= s_.size()) return fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') {
      out->type = Json::kObject;
      ++pos_;
      skip();
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      for (;;) {
        skip();
        std::string key;
        if (!string(&key)) return false;
        skip();
        if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':'");
        ++pos_;
        skip();
        Json v;
        if (!value(&v, depth + 1)) return false;
        for (const auto& m : out->members) {
          if (m.key == key) return fail("key '" + key + "' twice");
        }
        out->members.push_back(JsonMember{key, std::move(v)});
        skip();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == '}') {
          ++pos_;
          return true;
        }
        return fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      out->type = Json::kArray;
      ++pos_;
      skip();
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      for (;;) {
        skip();
        Json v;
        if (!value(&v, depth + 1)) return false;
        out->items.push_back(std::move(v));
        skip();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == ']') {
          ++pos_;
          return true;
        }
        return fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      out->type = Json::kString;
      return string(&out->text);
    }
    if (c == 't') {
      out->type = Json::kBool;
      out->boolean = true;
      return literal("true");
    }
    if (c == 'f') {
      out->type = Json::kBool;
      return literal("false");
    }
    if (c == 'n') return literal("null");
    return number(out);
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string error_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- ShiViz
struct ShivizSummary {
  std::vector<std::string> labels;             // executions, in file order
  std::vector<size_t> events;                  // per execution
  std::vector<std::map<std::string, int64_t>> hosts;  // per execution: host -> events
};

// A named-group regex as ShiViz's NamedRegExp turns it into a plain one: other groups made
// non-capturing, named ones plain, their names in order.
inline std::string plain_regex(std::string regex, std::vector<std::string>* names) {
  std::string out;
  for (size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] == '\\' && i + 1 < regex.size()) {
      out += regex.substr(i, 2);
      ++i;
    } else if (regex[i] == '(' && regex.compare(i, 3, "(?<") == 0 && regex.compare(i, 4, "(?<=") != 0 &&
               regex.compare(i, 4, "(?<!") != 0) {
      const size_t close = regex.find('>', i);
      names->push_back(regex.substr(i + 3, close - i - 3));
      out.push_back('(');
      i = close;
    } else if (regex[i] == '(' && (i + 1 >= regex.size() || regex[i + 1] != '?')) {
      out += "(?:";
    } else {
      out.push_back(regex[i]);
    }
  }
  return out;
}

inline std::vector<std::string> check_shiviz(const std::string& path, ShivizSummary* summary) {
  std::vector<std::string> problems;
  auto problem = [&problems](const std::string& what) {
    if (problems.size() < 20) problems.push_back(what);
  };
  std::vector<std::string> lines;
  {
    std::stringstream in(read_file(path));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  if (lines.size() < 3) return {"fewer than 3 lines"};
  std::vector<std::string> names, delimiter_names;
  std::regex parser, delimiter;
  try {
    parser = std::regex(plain_regex(lines[0], &names), std::regex::ECMAScript);
    delimiter = std::regex(plain_regex(lines[1], &delimiter_names), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return {std::string("line 1 or 2 is not a regular expression: ") + e.what()};
  }
  auto index_of = [](const std::vector<std::string>& list, const std::string& name) {
    auto it = std::find(list.begin(), list.end(), name);
    return it == list.end() ? size_t{0} : static_cast<size_t>(it - list.begin()) + 1;
  };
  const size_t host_group = index_of(names, "host"), clock_group = index_of(names, "clock"),
               event_group = index_of(names, "event"), trace_group = index_of(delimiter_names, "trace");
  if (host_group == 0 || clock_group == 0 || event_group == 0) return {"line 1 lacks a host, clock or event group"};
  if (trace_group == 0) return {"line 2 lacks a trace group"};

  struct Event {
    std::string host;
    std::map<std::string, int64_t> clock;  // zero entries dropped
    size_t line;
  };
  std::vector<std::vector<Event>> executions;
  std::set<std::string> labels;
  for (size_t i = 2; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::smatch m;
    if (std::regex_match(line, m, delimiter)) {
      const std::string label = m[trace_group].str();
      if (!labels.insert(label).second) problem("line " + std::to_string(i + 1) + ": execution '" + label + "' twice");
      summary->labels.push_back(label);
      executions.emplace_back();
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (executions.empty()) {
      problem("line " + std::to_string(i + 1) + ": text before the first execution's delimiter");
      continue;
    }
    if (!std::regex_match(line, m, parser)) {
      problem("line " + std::to_string(i + 1) + ": not an event: " + line);
      continue;
    }
    Event e{m[host_group].str(), {}, i + 1};
    Json clock;
    std::string error;
    const std::string clock_text = m[clock_group].str();
    if (!JsonParser(clock_text).parse(&clock, &error) || clock.type != Json::kObject) {
      problem("line " + std::to_string(i + 1) + ": the clock is not a JSON object: " + error);
      continue;
    }
    bool own = false;
    for (const auto& [host, value] : clock.members) {
      if (value.type != Json::kNumber || !value.integer || value.number < 0) {
        problem("line " + std::to_string(i + 1) + ": clock entry '" + host + "' is not a whole number");
        continue;
      }
      own = own || host == e.host;
      if (value.number > 0) e.clock[host] = static_cast<int64_t>(value.number);
    }
    if (!own) problem("line " + std::to_string(i + 1) + ": the clock lacks its own host " + e.host);
    if (m[event_group].str().empty()) problem("line " + std::to_string(i + 1) + ": empty event text");
    executions.back().push_back(e);
  }
  for (size_t x = 0; x < executions.size(); ++x) {
    std::vector<Event>& events = executions[x];
    summary->events.push_back(events.size());
    summary->hosts.emplace_back();
    if (events.empty()) problem("execution " + summary->labels[x] + " has no events");
    std::map<std::string, std::vector<const Event*>> by_host;
    for (const Event& e : events) by_host[e.host].push_back(&e);
    for (auto& [host, list] : by_host) {
      summary->hosts.back()[host] = static_cast<int64_t>(list.size());
      const std::string h = host;
      auto own_of = [&h](const Event* e) { return e->clock.count(h) != 0 ? e->clock.at(h) : 0; };
      std::stable_sort(list.begin(), list.end(),
                       [&own_of](const Event* a, const Event* b) { return own_of(a) < own_of(b); });
      for (size_t k = 0; k < list.size(); ++k) {
        const int64_t own = list[k]->clock.count(host) != 0 ? list[k]->clock.at(host) : 0;
        if (own != static_cast<int64_t>(k + 1))
          problem("line " + std::to_string(list[k]->line) + ": host " + host + "'s own entry is " +
                  std::to_string(own) + ", expected " + std::to_string(k + 1) +
                  " (from 1, rising by exactly 1 per event)");
      }
    }
    // Every entry names an existing event; each vector the textbook one.
    auto event_of = [&by_host](const std::string& host, int64_t k) -> const Event* {
      auto it = by_host.find(host);
      if (it == by_host.end() || k < 1 || k > static_cast<int64_t>(it->second.size())) return nullptr;
      return it->second[static_cast<size_t>(k - 1)];
    };
    for (const auto& entry : by_host) {
      // A named reference, not a structured binding: clang 14 cannot capture one in a lambda.
      const std::string& host = entry.first;
      const std::vector<const Event*>& list = entry.second;
      std::map<std::string, int64_t> previous;
      for (const Event* e : list) {
        bool exists = true;
        for (const auto& [other, k] : e->clock) {
          if (event_of(other, k) == nullptr) {
            problem("line " + std::to_string(e->line) + ": entry " + other + ":" + std::to_string(k) +
                    " names no event of this execution");
            exists = false;
          }
        }
        if (!exists) continue;
        auto expected_from = [&](const std::map<std::string, int64_t>* sender) {
          std::map<std::string, int64_t> v = previous;
          if (sender != nullptr) {
            for (const auto& [h2, k2] : *sender) v[h2] = std::max(v[h2], k2);
          }
          v[host] = (previous.count(host) != 0 ? previous.at(host) : 0) + 1;
          return v;
        };
        bool textbook = expected_from(nullptr) == e->clock;
        for (const auto& [other, k] : e->clock) {
          if (textbook) break;
          if (other == host) continue;
          const int64_t before = previous.count(other) != 0 ? previous.at(other) : 0;
          if (k > before) textbook = expected_from(&event_of(other, k)->clock) == e->clock;
        }
        if (!textbook)
          problem("line " + std::to_string(e->line) +
                  ": not the textbook vector: neither the host's previous one nor its max with one other event's, "
                  "with the own entry + 1");
        previous = e->clock;
      }
    }
  }
  return problems;
}

// ---- Chrome Trace Event Format, as the viewers import it
struct TraceSummary {
  size_t slices = 0;     // complete slices ("X")
  size_t events = 0;     // slices of cat "event"
  size_t partitions = 0; // slices of cat "partition"
  size_t flows = 0;      // flows with a start and an end
  size_t pending = 0;    // async slices of cat "pending"
  size_t lost = 0;       // slices named "LOST from ..."
  size_t undelivered = 0;  // slices named "UNDELIVERED from ..." (held by a partition at the end)
  double partition_end_us = 0;      // the latest end (ts + dur) of a slice of cat "partition"
  double undelivered_first_us = -1; // the earliest ts of an "UNDELIVERED from ..." slice; -1: none
  size_t counters = 0;
  std::set<std::string> counter_names;
  std::map<int64_t, std::string> process_names;
};

namespace trace_detail {

struct Event {
  size_t index = 0;
  char phase = 0;
  int64_t pid = 0, tid = 0;
  double ts = 0, dur = 0;  // as doubles parsed from the text, as the viewers' JSON.parse reads them
  int64_t ts_ns = 0, dur_ns = 0;  // as Perfetto reads them: rounded to whole nanoseconds
  std::string cat, name, args_key;  // args_key: the args as speedscope keys a frame by them
  const Json* json = nullptr;
};

inline int64_t to_ns(double us) { return static_cast<int64_t>(std::llround(us * 1000.0)); }

// JSON.stringify of a value as the file wrote it (member order kept; numbers as written are
// enough to tell two frames apart).
inline void stringify(const Json& v, std::string* out) {
  switch (v.type) {
    case Json::kNull: *out += "null"; break;
    case Json::kBool: *out += v.boolean ? "true" : "false"; break;
    case Json::kNumber: {
      std::ostringstream s;
      s.precision(17);
      s << v.number;
      *out += s.str();
      break;
    }
    case Json::kString: *out += "\"" + v.text + "\""; break;
    case Json::kArray:
      out->push_back('[');
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out->push_back(',');
        stringify(v.items[i], out);
      }
      out->push_back(']');
      break;
    case Json::kObject:
      out->push_back('{');
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i > 0) out->push_back(',');
        *out += "\"" + v.members[i].key + "\":";
        stringify(v.members[i].value, out);
      }
      out->push_back('}');
      break;
  }
}

// speedscope 1.25's importer (src/import/trace-event.ts) on one thread's X events: rebased on
// their earliest ts; a begin queue (by ts, longer first, then file order) and an end queue (ts +
// dur in doubles, by ts, then file order); at one ts a begin goes first only when the end queue's
// front has its name; an end first looks at that ts for the frame on top of the stack, by key
// (name and args) then by name, and one that still does not match the top is refused. Returns
// its warnings.
inline std::vector<std::string> speedscope_warnings(std::vector<const Event*> xs) {
  std::vector<std::string> warnings;
  if (xs.empty()) return warnings;
  double first = xs[0]->ts;
  for (const Event* x : xs) first = std::min(first, x->ts);
  std::stable_sort(xs.begin(), xs.end(), [first](const Event* a, const Event* b) {
    const double at = a->ts - first, bt = b->ts - first;
    if (at != bt) return at < bt;
    return a->dur > b->dur;
  });
  struct Mark {
    double ts;
    const Event* e;
  };
  std::vector<Mark> begins, ends;
  for (const Event* x : xs) {
    begins.push_back({x->ts - first, x});
    ends.push_back({(x->ts - first) + x->dur, x});
  }
  std::stable_sort(ends.begin(), ends.end(), [](const Mark& a, const Mark& b) { return a.ts < b.ts; });
  std::vector<const Event*> stack;
  size_t b = 0;
  std::vector<Mark> queue(ends.begin(), ends.end());
  size_t e = 0;
  while (b < begins.size() || e < queue.size()) {
    bool take_begin;
    if (e == queue.size()) {
      take_begin = true;
    } else if (b == begins.size()) {
      take_begin = false;
    } else if (begins[b].ts != queue[e].ts) {
      take_begin = begins[b].ts < queue[e].ts;
    } else {
      take_begin = begins[b].e->name == queue[e].e->name;
    }
    if (take_begin) {
      stack.push_back(begins[b++].e);
      continue;
    }
    if (!stack.empty()) {
      const Event* top = stack.back();
      bool swapped = false;
      for (int pass = 0; pass < 2 && !swapped; ++pass) {
        for (size_t i = e + 1; i < queue.size() && queue[i].ts <= queue[e].ts; ++i) {
          const bool match = pass == 0 ? (queue[i].e->name + queue[i].e->args_key == top->name + top->args_key)
                                       : queue[i].e->name == top->name;
          if (match) {
            std::swap(queue[e], queue[i]);
            swapped = true;
            break;
          }
        }
      }
    }
    const Mark end = queue[e++];
    if (stack.empty()) {
      warnings.push_back("event " + std::to_string(end.e->index) + ": speedscope ends '" + end.e->name +
                         "' with nothing open");
    } else if (stack.back()->name != end.e->name) {
      warnings.push_back("event " + std::to_string(end.e->index) + ": speedscope ends '" + end.e->name +
                         "' while '" + stack.back()->name + "' (event " + std::to_string(stack.back()->index) +
                         ") is on top of its stack");
    } else {
      if (stack.back()->args_key != end.e->args_key)
        warnings.push_back("event " + std::to_string(end.e->index) + ": speedscope ends '" + end.e->name +
                           "' in place of another frame of that name");
      stack.pop_back();
    }
  }
  for (const Event* open : stack)
    warnings.push_back("event " + std::to_string(open->index) + ": speedscope leaves '" + open->name +
                       "' open to the end of the profile");
  return warnings;
}

}  // namespace trace_detail

// A Chrome Trace Event Format file checked by the rules of the viewers it is written for:
//   - Perfetto (src/trace_processor: json_trace_tokenizer, json_trace_parser, slice_tracker,
//     flow_tracker, trace_sorter): ts and dur rounded to ns; events sorted by time (at one
//     instant: ends first, then complete slices longest first, then the rest, in file order);
//     complete slices per thread either nested or disjoint (a slice is popped by one starting at
//     its end unless both are zero-length); a flow's "s" and "f" bind to the topmost open slice of
//     their thread, which must be the zero-length slice of their instant; the arrow runs from the
//     end of the start's slice to the start of the end's, never backwards;
//   - the same nesting in double precision: a child's ts and ts + dur, as doubles, within its
//     parent's (speedscope and catapult compute ends so);
//   - speedscope's importer (trace_detail::speedscope_warnings): no end refused, nothing left open;
//   - the DevTools trace engine (handlers/FlowsHandler, MetaHandler): flows of the start/end form
//     only (it draws no bind_id flows); each "s" and "f" bound to a complete slice of the same cat,
//     pid, tid and ts; a flow's two ends at different ts;
//   - catapult (trace_event_importer createFlowSlices_): a flow keyed by id, cat and name starts
//     once and ends once, after its start; "f" with "bp":"e"; the arrow from the "s" ts to the "f"
//     ts forward; args on at most one end (it merges them and warns on a key given twice);
//     no slice that starts after another on its thread has ended but in the microsecond that
//     one ends in, and ends within it too (catapult's slice_group nests slices by bounds rounded
//     to the microsecond, TimeDisplayModes.ms.roundedLess, so it takes that slice for the
//     other's child, and findSliceAtTs, which looks among the top-level slices, then finds no
//     slice for a flow bound to it: flow_slice_end_error, the arrow dropped);
//   - the time axis: an event at ts 0 (catapult and Perfetto start at the earliest event), a
//     complete slice at ts 0 on every thread that has one (speedscope starts each thread at its
//     earliest), and an event within 1 ns of 0 that is not at 0 (DevTools leaves ts 0 out);
//   - every async begin ended; counters' values numbers; process names.
inline std::vector<std::string> check_trace(const std::string& path, TraceSummary* summary) {
  using trace_detail::Event;
  using trace_detail::to_ns;
  std::vector<std::string> problems;
  auto problem = [&problems](const std::string& what) {
    if (problems.size() < 20) problems.push_back(what);
  };
  Json root;
  std::string error;
  const std::string text = read_file(path);
  if (!JsonParser(text).parse(&root, &error)) return {"not well-formed JSON: " + error};
  const Json* list = root.type == Json::kObject ? root.get("traceEvents") : nullptr;
  if (list == nullptr || list->type != Json::kArray) return {"no traceEvents array"};

  std::vector<Event> events;
  size_t bind_ids = 0;
  for (size_t i = 0; i < list->items.size(); ++i) {
    const Json& j = list->items[i];
    const std::string where = "event " + std::to_string(i);
    if (j.type != Json::kObject) {
      problem(where + ": not an object");
      continue;
    }
    const Json* ph = j.get("ph");
    const Json* pid = j.get("pid");
    if (ph == nullptr || ph->type != Json::kString || ph->text.size() != 1) {
      problem(where + ": no one-letter ph");
      continue;
    }
    if (pid == nullptr || pid->type != Json::kNumber || !pid->integer || pid->number < 1) {
      problem(where + ": bad pid");
      continue;
    }
    Event e;
    e.index = i;
    e.phase = ph->text[0];
    e.json = &j;
    e.pid = static_cast<int64_t>(pid->number);
    const Json* tid = j.get("tid");
    e.tid = tid != nullptr && tid->type == Json::kNumber ? static_cast<int64_t>(tid->number) : e.pid;
    if (const Json* cat = j.get("cat")) e.cat = cat->text;
    if (const Json* name = j.get("name")) e.name = name->text;
    if (const Json* args = j.get("args")) {
      e.args_key = " ";
      trace_detail::stringify(*args, &e.args_key);
    }
    if (e.phase == 'M') {
      const Json* args = j.get("args");
      if (e.name.empty() || args == nullptr || args->type != Json::kObject) {
        problem(where + ": metadata without name or args");
      } else if (e.name == "process_name") {
        const Json* n = args->get("name");
        if (n == nullptr || n->type != Json::kString) {
          problem(where + ": process_name without a name");
        } else {
          summary->process_names[e.pid] = n->text;
        }
      }
      continue;
    }
    const Json* ts = j.get("ts");
    if (ts == nullptr || ts->type != Json::kNumber || ts->number < 0) {
      problem(where + ": no ts");
      continue;
    }
    e.ts = ts->number;
    e.ts_ns = to_ns(e.ts);
    if (e.phase == 'X') {
      const Json* dur = j.get("dur");
      if (dur == nullptr || dur->type != Json::kNumber || dur->number < 0) {
        problem(where + ": X without a dur");
        continue;
      }
      e.dur = dur->number;
      e.dur_ns = to_ns(e.dur);
    } else if (e.phase == 'C') {
      const Json* args = j.get("args");
      if (args == nullptr || args->type != Json::kObject || args->members.empty()) {
        problem(where + ": counter without args");
      } else {
        for (const auto& [k, v] : args->members) {
          if (v.type != Json::kNumber) problem(where + ": counter " + k + " is not a number");
        }
      }
      ++summary->counters;
      summary->counter_names.insert(e.name);
    } else if (std::string("beniIsf").find(e.phase) == std::string::npos) {
      problem(where + ": unexpected ph " + ph->text);
    }
    if (j.get("bind_id") != nullptr && bind_ids++ == 0)
      problem(where + ": a flow of the bind_id form (DevTools draws none, catapult none on async events)");
    events.push_back(e);
  }
  if (bind_ids > 1) problem(std::to_string(bind_ids) + " events with a bind_id in all");

  // The time axis.
  {
    bool at_zero = false;
    double devtools_min = -1;
    std::map<std::pair<int64_t, int64_t>, double> thread_first;  // speedscope: per thread, X only
    for (const Event& e : events) {
      at_zero = at_zero || e.ts == 0;
      if (e.ts != 0 && std::string("BEXI").find(e.phase) != std::string::npos)
        devtools_min = devtools_min < 0 ? e.ts : std::min(devtools_min, e.ts);
      if (e.phase == 'X') {
        auto [it, fresh] = thread_first.emplace(std::make_pair(e.pid, e.tid), e.ts);
        if (!fresh) it->second = std::min(it->second, e.ts);
      }
    }
    if (!events.empty() && !at_zero) problem("no event at ts 0: catapult and Perfetto start the axis at the first event");
    if (devtools_min > 0.001)
      problem("DevTools starts the axis at ts " + std::to_string(devtools_min) + " (it leaves ts 0 out): no event within 1 ns of 0");
    for (const auto& [thread, first] : thread_first) {
      if (first != 0)
        problem("thread " + std::to_string(thread.first) + "/" + std::to_string(thread.second) +
                ": no complete slice at ts 0, speedscope starts its axis at " + std::to_string(first));
    }
  }

  // Perfetto's order and slice stacks; the same nesting in doubles; its flow binding.
  std::vector<const Event*> order;
  for (const Event& e : events) order.push_back(&e);
  auto key = [](const Event* e) -> int64_t {
    if (e->phase == 'X') return INT64_MAX - 1 - e->dur_ns;
    if (e->phase == 'E' || e->phase == 'e') return INT64_MIN;
    return INT64_MAX;
  };
  std::stable_sort(order.begin(), order.end(), [&key](const Event* a, const Event* b) {
    if (a->ts_ns != b->ts_ns) return a->ts_ns < b->ts_ns;
    return key(a) < key(b);
  });
  std::map<std::pair<int64_t, int64_t>, std::vector<const Event*>> stacks;
  std::map<std::tuple<int64_t, std::string, int64_t>, std::string> async;
  std::map<std::tuple<std::string, std::string, int64_t>, const Event*> perfetto_out;  // flow -> bound slice
  for (const Event* e : order) {
    const std::string where = "event " + std::to_string(e->index);
    auto& stack = stacks[{e->pid, e->tid}];
    if (e->phase == 'X') {
      while (!stack.empty()) {
        const Event* top = stack.back();
        const int64_t end = top->ts_ns + top->dur_ns;
        if (end < e->ts_ns || (end == e->ts_ns && !(top->dur_ns == 0 && e->dur_ns == 0))) {
          stack.pop_back();
          continue;
        }
        break;
      }
      if (!stack.empty()) {
        const Event* parent = stack.back();
        if (e->ts_ns + e->dur_ns > parent->ts_ns + parent->dur_ns) {
          problem(where + ": slice ends after the slice it starts in (event " + std::to_string(parent->index) +
                  "); Perfetto drops it");
        } else if (e->ts < parent->ts || e->ts + e->dur > parent->ts + parent->dur) {
          problem(where + ": slice ends after the slice it starts in (event " + std::to_string(parent->index) +
                  ") in double precision");
        }
      }
      stack.push_back(e);
      ++summary->slices;
      if (e->cat == "event") ++summary->events;
      if (e->cat == "partition") {
        ++summary->partitions;
        summary->partition_end_us = std::max(summary->partition_end_us, e->ts + e->dur);
      }
      if (e->name.rfind("LOST from ", 0) == 0) ++summary->lost;
      if (e->name.rfind("UNDELIVERED from ", 0) == 0) {
        ++summary->undelivered;
        if (summary->undelivered_first_us < 0 || e->ts < summary->undelivered_first_us) summary->undelivered_first_us = e->ts;
      }
    } else if (e->phase == 'b' || e->phase == 'e' || e->phase == 'n') {
      const Json* id = e->json->get("id");
      if (id == nullptr || e->name.empty()) {
        problem(where + ": async event without id or name");
        continue;
      }
      const auto k = std::make_tuple(e->pid, e->cat, static_cast<int64_t>(id->number));
      if (e->phase == 'b') {
        if (async.count(k) != 0) problem(where + ": async slice begun twice");
        async[k] = e->name;
        if (e->cat == "pending") ++summary->pending;
      } else if (e->phase == 'e') {
        auto it = async.find(k);
        if (it == async.end() || it->second != e->name) problem(where + ": async end without its begin");
        if (it != async.end()) async.erase(it);
      }
    } else if (e->phase == 's' || e->phase == 'f') {
      const Event* top = stack.empty() ? nullptr : stack.back();
      if (top == nullptr || top->ts_ns != e->ts_ns) {
        problem(where + ": Perfetto binds this flow event to " +
                (top == nullptr ? std::string("no slice") : "'" + top->name + "' (event " + std::to_string(top->index) + ")") +
                ", not to a slice of its instant");
        continue;
      }
      const Json* id = e->json->get("id");
      const auto flow = std::make_tuple(e->cat, e->name, id != nullptr ? static_cast<int64_t>(id->number) : -1);
      if (e->phase == 's') {
        perfetto_out[flow] = top;
      } else if (auto it = perfetto_out.find(flow); it != perfetto_out.end()) {
        if (it->second->ts_ns + it->second->dur_ns > top->ts_ns)
          problem(where + ": Perfetto draws the arrow backwards, from the end of event " +
                  std::to_string(it->second->index) + " to the start of event " + std::to_string(top->index));
      }
    }
  }
  if (!async.empty()) problem(std::to_string(async.size()) + " async slice(s) never end");

  // speedscope, one profile per thread; catapult's nesting at microsecond precision.
  {
    std::map<std::pair<int64_t, int64_t>, std::vector<const Event*>> threads;
    for (const Event& e : events) {
      if (e.phase == 'X') threads[{e.pid, e.tid}].push_back(&e);
    }
    for (auto& [thread, xs] : threads) {
      for (const std::string& w : trace_detail::speedscope_warnings(xs)) problem(w);
      std::vector<const Event*> by_start = xs;
      std::stable_sort(by_start.begin(), by_start.end(), [](const Event* a, const Event* b) { return a->ts < b->ts; });
      for (size_t i = 1; i < by_start.size(); ++i) {
        const Event* a = by_start[i - 1];
        const Event* b = by_start[i];
        const double a_end = a->ts + a->dur;
        if (b->ts > a_end && std::llround(b->ts) <= std::llround(a_end) && std::llround(b->ts + b->dur) <= std::llround(a_end))
          problem("event " + std::to_string(b->index) + ": starts after event " + std::to_string(a->index) +
                  " ends, in its microsecond: catapult nests it into that one and drops a flow bound to it");
      }
    }
  }

  // Flows of the start/end form as catapult and DevTools bind them.
  {
    std::map<std::tuple<double, int64_t, int64_t, std::string>, const Event*> first_slice;  // DevTools' binding
    for (const Event* e : order) {
      if (e->phase == 'X') first_slice.emplace(std::make_tuple(e->ts, e->pid, e->tid, e->cat), e);
    }
    struct Flow {
      const Event* start = nullptr;
      const Event* end = nullptr;
    };
    std::map<std::tuple<std::string, std::string, int64_t>, Flow> flows;
    std::vector<const Event*> by_time;  // catapult: by ts, then file order
    for (const Event& e : events) {
      if (e.phase == 's' || e.phase == 'f') by_time.push_back(&e);
    }
    std::stable_sort(by_time.begin(), by_time.end(), [](const Event* a, const Event* b) { return a->ts < b->ts; });
    for (const Event* e : by_time) {
      const std::string where = "event " + std::to_string(e->index);
      const Json* id = e->json->get("id");
      if (id == nullptr || id->type != Json::kNumber) {
        problem(where + ": flow event without an id");
        continue;
      }
      if (first_slice.count(std::make_tuple(e->ts, e->pid, e->tid, e->cat)) == 0)
        problem(where + ": no complete slice with its cat, pid, tid and ts (DevTools binds none)");
      Flow& f = flows[std::make_tuple(e->cat, e->name, static_cast<int64_t>(id->number))];
      if (e->phase == 's') {
        if (f.start != nullptr) problem(where + ": flow " + std::to_string(static_cast<int64_t>(id->number)) + " starts twice");
        f.start = e;
        continue;
      }
      const Json* bp = e->json->get("bp");
      if (bp == nullptr || bp->text != "e")
        problem(where + ": flow end without \"bp\":\"e\" (catapult binds it to the next slice)");
      if (f.start == nullptr) {
        problem(where + ": flow " + std::to_string(static_cast<int64_t>(id->number)) + " ends before it starts (or never starts)");
        continue;
      }
      if (f.end != nullptr) problem(where + ": flow " + std::to_string(static_cast<int64_t>(id->number)) + " ends twice");
      f.end = e;
      if (e->ts < f.start->ts) problem(where + ": catapult draws the arrow backwards");
      if (e->ts == f.start->ts) problem(where + ": the flow's two ends at one ts (DevTools keeps one)");
      const Json* a = f.start->json->get("args");
      const Json* b = e->json->get("args");
      if (a != nullptr && b != nullptr) {
        for (const auto& [k, v] : b->members) {
          if (a->get(k) != nullptr) problem(where + ": both ends of the flow give arg '" + k + "' (catapult's arg_merge_error)");
        }
      }
    }
    for (const auto& [k, f] : flows) {
      if (f.end == nullptr && f.start != nullptr)
        problem("flow " + std::to_string(std::get<2>(k)) + " (event " + std::to_string(f.start->index) + ") never ends");
      if (f.end != nullptr) ++summary->flows;
    }
  }
  return problems;
}

}  // namespace export_check
