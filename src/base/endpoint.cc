#include "logical_clock/base/endpoint.h"

#include <arpa/inet.h>

#include <cstring>

namespace lc {

namespace {

bool parse_port(std::string_view text, uint16_t* out) {
  if (text.empty() || text.size() > 5) return false;
  uint32_t port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  if (port == 0 || port > 65535) return false;
  *out = static_cast<uint16_t>(port);
  return true;
}

}  // namespace

in_addr mapped_v4(const in6_addr& v6) {
  in_addr v4;
  std::memcpy(&v4.s_addr, v6.s6_addr + 12, 4);
  return v4;
}

Status parse_endpoint(std::string_view text, Endpoint* out) {
  const std::string shown(text);
  Endpoint e;
  e.text = shown;
  std::string host;
  std::string_view port;
  if (!text.empty() && text[0] == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return Status::error("'" + shown + "': an IPv6 address is written [ADDRESS]:PORT");
    host = std::string(text.substr(1, close - 1));
    port = text.substr(close + 2);
    e.family = AF_INET6;
    if (::inet_pton(AF_INET6, host.c_str(), &e.v6) != 1)
      return Status::error("'" + shown + "': '" + host + "' is not an IPv6 address");
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return Status::error("'" + shown + "': no port (HOST:PORT)");
    host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (host.find(':') != std::string::npos)
      return Status::error("'" + shown + "': an IPv6 address is written in brackets, [ADDRESS]:PORT");
    if (::inet_pton(AF_INET, host.c_str(), &e.v4) != 1)
      return Status::error("'" + shown + "': '" + host + "' is not an IPv4 address (names are not looked up)");
  }
  if (!parse_port(port, &e.port)) return Status::error("'" + shown + "': the port must be 1..65535");
  // Others connect to it: "any address" names no host.
  if ((e.family == AF_INET && e.v4.s_addr == INADDR_ANY) ||
      (e.family == AF_INET6 && (IN6_IS_ADDR_UNSPECIFIED(&e.v6) ||
                                (IN6_IS_ADDR_V4MAPPED(&e.v6) && mapped_v4(e.v6).s_addr == INADDR_ANY))))
    return Status::error("'" + shown + "': the unspecified address names no host");
  *out = e;
  return Status::ok();
}

}  // namespace lc
