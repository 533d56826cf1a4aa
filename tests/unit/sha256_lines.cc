// sha256_lines: the digests of lines read from stdin, for sha256_python.py, which compares them
// with Python's hashlib and hmac. Each input line is
//   sha256 <message hex>          or          hmac <key hex> <message hex>
// (a hex field may be empty) and gives one output line: the one-shot digest, a space, and the
// digest of the same bytes given in pieces of 1, 2, ... 97 bytes, then again. Exit 2 on a line
// it cannot read.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include "logical_clock/base/sha256.h"

namespace {

bool from_hex(const std::string& text, std::string* out) {
  if (text.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < text.size(); i += 2) {
    int byte = 0;
    for (size_t j = i; j < i + 2; ++j) {
      const char c = text[j];
      int v = 0;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else return false;
      byte = byte * 16 + v;
    }
    out->push_back(static_cast<char>(byte));
  }
  return true;
}

template <typename Hash>
lc::Sha256Digest in_pieces(Hash h, const std::string& msg) {
  size_t piece = 1;
  for (size_t at = 0; at < msg.size(); at += piece, piece = piece % 97 + 1)
    h.update(msg.data() + at, std::min(piece, msg.size() - at));
  return h.finish();
}

}  // namespace

int main() {
  std::string line, key, msg;
  for (int number = 1; std::getline(std::cin, line); ++number) {
    const size_t space = line.find(' ');
    const std::string kind = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    lc::Sha256Digest whole, pieces;
    if (kind == "sha256" && from_hex(rest, &msg)) {
      whole = lc::sha256(msg);
      pieces = in_pieces(lc::Sha256(), msg);
    } else if (const size_t gap = rest.find(' ');
               kind == "hmac" && gap != std::string::npos && from_hex(rest.substr(0, gap), &key) &&
               from_hex(rest.substr(gap + 1), &msg)) {
      whole = lc::hmac_sha256(key, msg);
      pieces = in_pieces(lc::HmacSha256(key), msg);
    } else {
      std::fprintf(stderr, "sha256_lines: line %d is neither 'sha256 HEX' nor 'hmac HEX HEX'\n", number);
      return 2;
    }
    std::cout << lc::to_hex(whole) << ' ' << lc::to_hex(pieces) << '\n';
  }
  return std::cout.flush() ? 0 : 1;
}
