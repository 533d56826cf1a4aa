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
//   - check_trace: a Chrome Trace Event Format file as Perfetto's JSON importer takes it: events
//     sorted by time (at one instant: ends first, then complete slices longest first, then the
//     rest, each in file order), complete slices nested per thread, flows of the version-2 form
//     bound to the slice that carries them, a flow's end only after its start; every bind_id
//     with one start and one end; counters' values numbers; process names.
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
struct Json {
  enum Type { kNull, kBool, kNumber, kString, kArray, kObject } type = kNull;
  bool boolean = false;
  double number = 0;
  bool integer = false;  // written without fraction or exponent
  std::string text;      // a string's value
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* get(const std::string& key) const {
    for (const auto& [k, v] : members) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

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
          if (m.first == key) return fail("key '" + key + "' twice");
        }
        out->members.emplace_back(key, std::move(v));
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
    for (const auto& [host, list] : by_host) {
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

// ---- Chrome Trace Event Format, as Perfetto imports it
struct TraceSummary {
  size_t slices = 0;     // complete slices ("X")
  size_t events = 0;     // slices of cat "event"
  size_t flows = 0;      // bind_ids with a start and an end
  size_t pending = 0;    // async slices of cat "pending"
  size_t lost = 0;       // async instants of cat "lost"
  size_t counters = 0;
  std::map<int64_t, std::string> process_names;
};

inline std::vector<std::string> check_trace(const std::string& path, TraceSummary* summary) {
  std::vector<std::string> problems;
  auto problem = [&problems](const std::string& what) {
    if (problems.size() < 20) problems.push_back(what);
  };
  Json root;
  std::string error;
  const std::string text = read_file(path);
  if (!JsonParser(text).parse(&root, &error)) return {"not well-formed JSON: " + error};
  const Json* events = root.type == Json::kObject ? root.get("traceEvents") : nullptr;
  if (events == nullptr || events->type != Json::kArray) return {"no traceEvents array"};

  struct Item {
    int64_t ts_ns;
    int64_t key;
    size_t index;
  };
  std::vector<Item> order;
  auto ns = [](double us) { return static_cast<int64_t>(std::llround(us * 1000.0)); };
  for (size_t i = 0; i < events->items.size(); ++i) {
    const Json& e = events->items[i];
    const std::string where = "event " + std::to_string(i);
    if (e.type != Json::kObject) {
      problem(where + ": not an object");
      continue;
    }
    const Json* ph = e.get("ph");
    const Json* pid = e.get("pid");
    if (ph == nullptr || ph->type != Json::kString || ph->text.size() != 1) {
      problem(where + ": no one-letter ph");
      continue;
    }
    if (pid == nullptr || pid->type != Json::kNumber || !pid->integer || pid->number < 1) problem(where + ": bad pid");
    const char phase = ph->text[0];
    if (phase == 'M') {
      const Json* name = e.get("name");
      const Json* args = e.get("args");
      if (name == nullptr || args == nullptr || args->type != Json::kObject) {
        problem(where + ": metadata without name or args");
        continue;
      }
      if (name->text == "process_name") {
        const Json* n = args->get("name");
        if (n == nullptr || n->type != Json::kString) {
          problem(where + ": process_name without a name");
        } else if (pid != nullptr) {
          summary->process_names[static_cast<int64_t>(pid->number)] = n->text;
        }
      }
      continue;
    }
    const Json* ts = e.get("ts");
    if (ts == nullptr || ts->type != Json::kNumber || ts->number < 0) {
      problem(where + ": no ts");
      continue;
    }
    int64_t key = INT64_MAX;
    if (phase == 'X') {
      const Json* dur = e.get("dur");
      if (dur == nullptr || dur->type != Json::kNumber || dur->number < 0) {
        problem(where + ": X without a dur");
        continue;
      }
      key = INT64_MAX - ns(dur->number);
    } else if (phase == 'E' || phase == 'e') {
      key = INT64_MIN;
    } else if (phase == 'C') {
      const Json* args = e.get("args");
      if (args == nullptr || args->type != Json::kObject || args->members.empty()) {
        problem(where + ": counter without args");
      } else {
        for (const auto& [k, v] : args->members) {
          if (v.type != Json::kNumber) problem(where + ": counter " + k + " is not a number");
        }
      }
      ++summary->counters;
    } else if (phase != 'b' && phase != 'n') {
      problem(where + ": unexpected ph " + ph->text);
    }
    order.push_back({ns(ts->number), key, i});
  }
  std::sort(order.begin(), order.end(), [](const Item& a, const Item& b) {
    return std::tie(a.ts_ns, a.key, a.index) < std::tie(b.ts_ns, b.key, b.index);
  });

  struct Open {
    int64_t end_ns;
    size_t index;
  };
  std::map<std::pair<int64_t, int64_t>, std::vector<Open>> stacks;  // (pid, tid)
  std::map<std::tuple<int64_t, std::string, int64_t>, std::string> async;  // (pid, cat, id) -> name
  std::map<int64_t, size_t> starts, ends;  // bind_id -> event index
  for (const Item& item : order) {
    const Json& e = events->items[item.index];
    const char phase = e.get("ph")->text[0];
    const std::string where = "event " + std::to_string(item.index);
    const auto pid = static_cast<int64_t>(e.get("pid")->number);
    const Json* cat = e.get("cat");
    const std::string category = cat != nullptr ? cat->text : "";
    if (phase == 'X') {
      const Json* tid = e.get("tid");
      auto& stack = stacks[{pid, tid != nullptr ? static_cast<int64_t>(tid->number) : pid}];
      const int64_t end = item.ts_ns + ns(e.get("dur")->number);
      while (!stack.empty() && stack.back().end_ns <= item.ts_ns) stack.pop_back();
      if (!stack.empty() && end > stack.back().end_ns)
        problem(where + ": slice ends after the slice it starts in (event " + std::to_string(stack.back().index) + ")");
      stack.push_back({end, item.index});
      ++summary->slices;
      if (category == "event") ++summary->events;
    } else if (phase == 'b' || phase == 'e' || phase == 'n') {
      const Json* id = e.get("id");
      const Json* name = e.get("name");
      if (id == nullptr || name == nullptr) {
        problem(where + ": async event without id or name");
        continue;
      }
      const auto key = std::make_tuple(pid, category, static_cast<int64_t>(id->number));
      if (phase == 'b') {
        if (async.count(key) != 0) problem(where + ": async slice begun twice");
        async[key] = name->text;
        if (category == "pending") ++summary->pending;
      } else if (phase == 'e') {
        auto it = async.find(key);
        if (it == async.end() || it->second != name->text) problem(where + ": async end without its begin");
        if (it != async.end()) async.erase(it);
      } else if (category == "lost") {
        ++summary->lost;
      }
    }
    // Flows of the version-2 form, bound to the slice that carries them.
    const Json* bind = e.get("bind_id");
    if (bind == nullptr) continue;
    if (phase != 'X' && phase != 'b' && phase != 'n') {
      problem(where + ": bind_id on an event that is not a slice");
      continue;
    }
    const Json* out = e.get("flow_out");
    const Json* in = e.get("flow_in");
    const bool flow_out = out != nullptr && out->type == Json::kBool && out->boolean;
    const bool flow_in = in != nullptr && in->type == Json::kBool && in->boolean;
    const auto id = static_cast<int64_t>(bind->number);
    if (flow_out == flow_in) {
      problem(where + ": bind_id " + std::to_string(id) + " with neither or both of flow_in and flow_out");
    } else if (flow_out) {
      if (!starts.emplace(id, item.index).second) problem(where + ": flow " + std::to_string(id) + " starts twice");
    } else if (starts.count(id) == 0) {
      problem(where + ": flow " + std::to_string(id) + " ends before it starts (or never starts)");
    } else if (!ends.emplace(id, item.index).second) {
      problem(where + ": flow " + std::to_string(id) + " ends twice");
    }
  }
  for (const auto& [id, index] : starts) {
    if (ends.count(id) == 0) problem("flow " + std::to_string(id) + " (event " + std::to_string(index) + ") never ends");
  }
  if (!async.empty()) problem(std::to_string(async.size()) + " async slice(s) never end");
  summary->flows = ends.size();
  return problems;
}

}  // namespace export_check
