#include "logical_clock/real/shared_stats.h"

#include <sys/mman.h>

#include <cerrno>
#include <new>

namespace lc {

SharedStats::~SharedStats() {
  if (stats_) ::munmap(stats_, bytes_);
}

Status SharedStats::create(int machines) {
  const size_t n = static_cast<size_t>(machines);
  const size_t pairs = 6 * n * n;
  bytes_ = sizeof(MachineStats) * n + sizeof(std::atomic<int64_t>) * pairs;
  void* p = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return Status::from_errno("mmap shared counters", errno);
  machines_ = machines;
  stats_ = static_cast<MachineStats*>(p);
  for (size_t i = 0; i < n; ++i) new (&stats_[i]) MachineStats();
  pairs_ = reinterpret_cast<std::atomic<int64_t>*>(stats_ + n);
  for (size_t i = 0; i < pairs; ++i) new (&pairs_[i]) std::atomic<int64_t>(i < 2 * n * n || (i >= 3 * n * n && i < 4 * n * n) ? 0 : -1);
  return Status::ok();
}

}  // namespace lc
