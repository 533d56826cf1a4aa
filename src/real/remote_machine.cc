#include "logical_clock/real/remote_machine.h"

#include <atomic>

#include "logical_clock/base/file_io.h"
#include "logical_clock/base/sys.h"

namespace lc {

bool RemoteMachine::take(const ControlFrame& f, SharedStats* stats) {
  if (ended_) return refuse("a " + control_type_name(static_cast<uint8_t>(f.type)) + " frame after its end");
  switch (f.type) {
    case ControlType::kCounters: {
      const MachineCounters& c = f.counters;
      if (c.channels.size() != static_cast<size_t>(machines_))
        return refuse("counters for " + std::to_string(c.channels.size()) + " machines in a run of " +
                      std::to_string(machines_));
      // Checked whole before any of it is believed: a partition's index picks its text for
      // run.txt, and a count below zero would pass for a loss.
      for (int64_t v : {c.ticks, c.internal, c.sent, c.received, c.pending, c.clock, c.peak_queue, c.forced, c.beats,
                        c.hellos, c.held})
        if (v < 0) return refuse("counters with a negative count");
      for (int to = 0; to < machines_; ++to) {
        const ChannelCounters& ch = c.channels[static_cast<size_t>(to)];
        const std::string channel = " (channel " + std::to_string(id_) + " to " + std::to_string(to) + ")";
        if (ch.sent_to < 0 || ch.dropped < 0 || ch.undelivered < 0)
          return refuse("counters with a negative count" + channel);
        // (undelivered > 0 with held_by -1 is a machine's two stores read between: its host's
        // last counters, sent once it has ended, have both.)
        if (ch.held_by < -1 || ch.held_by >= partitions_)
          return refuse("counters name partition " + std::to_string(ch.held_by) + " of " + std::to_string(partitions_) +
                        channel);
      }
      store_counters(c, id_, machines_, stats);
      waited_ns_ = c.waited_ns;
      return true;
    }
    case ControlType::kLogData: {
      if (log_whole_) return refuse("log data after the log's end");
      if (f.offset != log_bytes_)
        return refuse("log data at byte " + std::to_string(f.offset) + " where byte " + std::to_string(log_bytes_) +
                      " was due");
      if (!log_.valid()) {
        Status s = open_for_writing(log_path_, &log_);
        if (!s.is_ok()) return refuse(s.message());
      }
      Status s = write_all(log_.get(), f.text.data(), f.text.size(), log_path_);
      if (!s.is_ok()) return refuse(s.message());
      log_bytes_ += f.text.size();
      return true;
    }
    case ControlType::kLogEnd:
      if (log_whole_ || f.offset != log_bytes_)
        return refuse("a log end at " + std::to_string(f.offset) + " bytes after " + std::to_string(log_bytes_));
      if (!log_.valid()) {  // an empty log: nothing was logged (stopped before the start)
        Status s = open_for_writing(log_path_, &log_);
        if (!s.is_ok()) return refuse(s.message());
      }
      log_.reset();
      log_whole_ = true;
      return true;
    case ControlType::kEnded:
      ended_ = true;
      failed_ = f.failed;
      why_ = f.text;
      return true;
    default:
      return refuse("an unexpected " + control_type_name(static_cast<uint8_t>(f.type)) + " frame");
  }
}

}  // namespace lc
