// A cluster's pre-shared key: 32 random bytes, kept as 64 hex digits and a newline in a file
// that only its owner may read or write (mode 0600). Written once (--new-key), read by the
// coordinator and every machine; what proves membership in the handshake. Plain functions.
#pragma once

#include <string>

#include "logical_clock/base/sha256.h"
#include "logical_clock/base/status.h"

namespace lc {

// Creates `path` (mode 0600) holding a fresh key; an existing file is refused, never replaced.
Status write_new_key(const std::string& path);
// Reads a key file; refused when it is not a regular file, when others than its owner may read
// or write it, or when it holds anything but 64 hex digits (and a newline).
Status load_key(const std::string& path, ClusterKey* out);

}  // namespace lc
