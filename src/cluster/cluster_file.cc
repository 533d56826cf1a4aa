#include "logical_clock/cluster/cluster_file.h"

#include <arpa/inet.h>

#include <cstdio>
#include <map>

#include "logical_clock/base/file_io.h"
#include "logical_clock/base/sha256.h"

namespace lc {

namespace {

// The whitespace-separated words of a line, its comment cut off.
std::vector<std::string_view> words_of(std::string_view line) {
  line = line.substr(0, line.find('#'));
  std::vector<std::string_view> words;
  size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r')) ++at;
    const size_t start = at;
    while (at < line.size() && line[at] != ' ' && line[at] != '\t' && line[at] != '\r') ++at;
    if (at > start) words.push_back(line.substr(start, at - start));
  }
  return words;
}

// A machine's id: decimal digits, no sign, no leading zero, below the machines' bound.
bool parse_machine_id(std::string_view text, size_t* out) {
  if (text.empty() || text.size() > 4 || (text.size() > 1 && text[0] == '0')) return false;
  size_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + static_cast<size_t>(c - '0');
  }
  *out = id;
  return id < 1000;
}

std::string address_key(const Endpoint& e) {
  char host[INET6_ADDRSTRLEN] = {};
  if (e.family == AF_INET) ::inet_ntop(AF_INET, &e.v4, host, sizeof host);
  if (e.family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&e.v6)) {
    const in_addr v4 = mapped_v4(e.v6);
    ::inet_ntop(AF_INET, &v4, host, sizeof host);
  } else if (e.family == AF_INET6) {
    ::inet_ntop(AF_INET6, &e.v6, host, sizeof host);
  }
  return std::string(host) + " port " + std::to_string(e.port);
}

}  // namespace

Status ClusterFile::parse(std::string_view text, const std::string& dir, const std::string& name, ClusterFile* out) {
  ClusterFile file;
  bool has_coordinator = false, has_key = false;
  std::map<size_t, Endpoint> machines;
  std::map<std::string, size_t> taken;  // address and port -> the line that listens there
  size_t line_no = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    const std::string at = name + ":" + std::to_string(line_no) + ": ";
    // A NUL would end a word early for the system (an address, the key's path): refused, as is
    // any other control byte but a tab or the CR of a CRLF.
    for (const char c : line) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t' && c != '\r') || u == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", u);
        return Status::error(at + "a control byte (" + hex + ")");
      }
    }
    const std::vector<std::string_view> w = words_of(line);
    if (w.empty()) continue;
    if (w.size() != 2)
      return Status::error(at + "expected 'coordinator HOST:PORT', 'key FILE' or 'ID HOST:PORT', not '" +
                           std::string(line.substr(0, line.find('#'))) + "'");
    if (w[0] == "key") {
      if (has_key) return Status::error(at + "a second key line");
      has_key = true;
      const std::string key(w[1]);
      file.key_path = key[0] == '/' || dir.empty() ? key : dir == "/" ? "/" + key : dir + "/" + key;
      continue;
    }
    Endpoint e;
    size_t id = 0;
    const bool coordinator = w[0] == "coordinator";
    if (!coordinator && !parse_machine_id(w[0], &id))
      return Status::error(at + "'" + std::string(w[0]) + "' is neither 'coordinator', 'key' nor a machine id (0..999)");
    if (Status s = parse_endpoint(w[1], &e); !s.is_ok()) return Status::error(at + s.message());
    if (auto [it, fresh] = taken.emplace(address_key(e), line_no); !fresh)
      return Status::error(at + e.text + " is already line " + std::to_string(it->second) + "'s address");
    if (coordinator) {
      if (has_coordinator) return Status::error(at + "a second coordinator line");
      has_coordinator = true;
      file.coordinator = e;
    } else if (!machines.emplace(id, e).second) {
      return Status::error(at + "machine " + std::to_string(id) + " is named twice");
    }
  }
  if (!has_coordinator) return Status::error(name + ": no 'coordinator HOST:PORT' line");
  if (!has_key) return Status::error(name + ": no 'key FILE' line");
  if (machines.size() < 2) return Status::error(name + ": a cluster needs at least 2 machines");
  for (size_t i = 0; i < machines.size(); ++i) {
    const auto it = machines.find(i);
    if (it == machines.end())
      return Status::error(name + ": " + std::to_string(machines.size()) + " machines, but no machine " +
                           std::to_string(i) + " (ids are 0.." + std::to_string(machines.size() - 1) + ")");
    file.machines.push_back(it->second);
  }
  *out = std::move(file);
  return Status::ok();
}

std::string ClusterFile::addresses_digest() const {
  std::string text = "coordinator " + address_key(coordinator) + "\n";
  for (size_t i = 0; i < machines.size(); ++i) text += std::to_string(i) + " " + address_key(machines[i]) + "\n";
  return to_hex(sha256(text));
}

Status ClusterFile::load(const std::string& path, ClusterFile* out) {
  std::string text;
  Status s = read_whole_file(path, 1, &text);
  if (!s.is_ok()) return s;
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash == 0 ? 1 : slash);
  return parse(text, dir, path, out);
}

}  // namespace lc
