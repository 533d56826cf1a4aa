// Endpoint: an IPv4 or IPv6 address and a port, as a cluster file names it (no names are looked
// up, so it means the same on every host), for the sockets of base/sys.h and the cluster's files.
// A plain value.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>
#include <string_view>

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

// An IPv4-mapped IPv6 address (::ffff:A.B.C.D) is the IPv4 address A.B.C.D: its IPv4 part.
in_addr mapped_v4(const in6_addr& v6);

}  // namespace lc
