// ClusterFile: where a cluster's coordinator and machines listen, and its pre-shared key's
// file, as a cluster file states them. One line each, `#` to the end of a line a comment:
//   coordinator HOST:PORT
//   key FILE                  (relative to the cluster file's directory unless absolute)
//   ID HOST:PORT              (one per machine; IDs 0 .. N-1, each once, in any order)
// HOST is an IPv4 address or an IPv6 one in brackets ([::1]:7000; [::ffff:A.B.C.D] is the IPv4
// address A.B.C.D, the same address twice when both are named); no names are looked up, so a
// file means the same on every host. Anything else is refused with the line's number, as is a
// control byte other than a tab or a CRLF's CR anywhere (a NUL would cut an address or a path).
// A plain value: parse once, then read from any thread.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logical_clock/base/status.h"

namespace lc {

// An IPv4 or IPv6 address and a port, as a cluster file names it.
struct Endpoint {
  int family = AF_INET;  // AF_INET or AF_INET6
  in_addr v4{};
  in6_addr v6{};
  uint16_t port = 0;
  std::string text;  // as written: 198.18.0.2:7000, [fd00::2]:7000
};

// Parses "A.B.C.D:PORT" or "[IPV6]:PORT" (port 1..65535); the message names what is wrong.
Status parse_endpoint(std::string_view text, Endpoint* out);

struct ClusterFile {
  Endpoint coordinator;
  std::string key_path;             // as resolved against the file's directory
  std::vector<Endpoint> machines;   // by id: machines[i] is machine i's listening address

  // Parses a cluster file's text; `dir` resolves a relative key path, `name` prefixes messages
  // ("cluster.txt:4: ...").
  static Status parse(std::string_view text, const std::string& dir, const std::string& name, ClusterFile* out);
  static Status load(const std::string& path, ClusterFile* out);
};

}  // namespace lc
