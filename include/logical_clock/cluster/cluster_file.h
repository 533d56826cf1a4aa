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

#include <string>
#include <string_view>
#include <vector>

#include "logical_clock/base/endpoint.h"
#include "logical_clock/base/status.h"

namespace lc {

struct ClusterFile {
  Endpoint coordinator;
  std::string key_path;             // as resolved against the file's directory
  std::vector<Endpoint> machines;   // by id: machines[i] is machine i's listening address

  // Parses a cluster file's text; `dir` resolves a relative key path, `name` prefixes messages
  // ("cluster.txt:4: ...").
  static Status parse(std::string_view text, const std::string& dir, const std::string& name, ClusterFile* out);
  static Status load(const std::string& path, ClusterFile* out);
  // SHA-256, in hex, of the addresses as parsed (the coordinator's and each machine's, in id
  // order; not the key's path, which each host may keep elsewhere): two hosts whose files
  // name the same addresses, however spelt ([FD00::2] or [fd00::2], [::ffff:A.B.C.D] or
  // A.B.C.D, port 07000 or 7000), agree on where everyone is.
  std::string addresses_digest() const;
};

}  // namespace lc
