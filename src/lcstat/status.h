// Status: lcstat speaks the project's one result type (include/logical_clock/status.h): a
// one-line message naming the file (and line) at fault.
#pragma once

#include "logical_clock/status.h"

namespace lcstat {

using Status = lc::Status;

}  // namespace lcstat
