// The fuzz targets' one assertion: abort, which libFuzzer reports as a crash with its input, and
// which the corpus replay in the ordinary builds turns into a failed test.
#pragma once

#include <cstdlib>

inline void require(bool ok) {
  if (!ok) std::abort();
}
