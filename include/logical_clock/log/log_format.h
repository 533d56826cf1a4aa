// The log format, defined once (README.md, "Log format"): the names of a run's files, the
// keys of a log's header line, its columns, its event names, the row the engines produce, and
// run.txt's keys. The writers (EventLog, header_line, the run's report) and the readers
// (LogReader, read_run_ending, lcstat) all take them from here. Plain data and functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lc {

// ---- Files of a run's directory
// "vm_<id>_<rate>.log"
std::string log_file_name(int id, int rate);
// Whether `name` looks like a log's ("vm_*.log"), and its id and rate text when it is one.
bool is_log_file_name(std::string_view name);
bool parse_log_file_name(std::string_view name, int64_t* id, std::string* rate);
inline constexpr char kRunFileName[] = "run.txt";

// ---- Events
enum class LogEvent : uint8_t { kInternal, kSend, kReceive, kPending };
const char* event_name(LogEvent event);  // INTERNAL, SEND, RECV, PENDING
bool parse_event_name(std::string_view text, LogEvent* out);
inline bool is_tick(LogEvent event) { return event != LogEvent::kPending; }

// ---- Columns, in the order they are written
// The columns every log has.
enum class Column : uint8_t { kSystemTime, kModelTime, kEvent, kClock, kQueue, kPeers, kMsgClock, kQueueWait };
inline constexpr size_t kColumnCount = 8;
inline constexpr const char* kColumnNames[kColumnCount] = {"system_time", "model_time", "event", "clock",
                                                           "queue", "peers", "msg_clock", "queue_wait"};
// An optional column after queue_wait, in every row of a log whose line 1 says vector=1 and in
// no other: a vector clock of N entries joined by ';', machine 0 first. INTERNAL, SEND, RECV:
// the machine's vector after the event (a SEND's is the one its messages carry); PENDING: the
// vector its message carried.
inline constexpr char kVclockColumn[] = "vclock";
// Line 2 of a log, without its newline; with the vclock column after queue_wait when `vclock`.
std::string column_line(bool vclock = false);

// One row, as an engine's MachineStep makes it and EventLog writes it.
struct LogRow {
  int64_t system_us = 0;  // Unix time, from the run's ModelClock
  int64_t model_us = 0;
  LogEvent event = LogEvent::kInternal;
  uint64_t clock = 0;
  size_t queue = 0;
  // SEND: the receivers, ascending. RECV, PENDING: `peer` is the sender.
  const std::vector<int>* receivers = nullptr;
  int peer = -1;
  uint64_t msg_clock = 0;
  int64_t queue_wait_us = 0;  // RECV, PENDING
  // --vector: the machine's vector clock after the event; PENDING: the message's. Else null.
  const std::vector<uint64_t>* vclock = nullptr;
};

// ---- Line 1: "# logical_clock key=value key=value ..."
inline constexpr std::string_view kHeaderMagic = "# logical_clock";
namespace header_key {
inline constexpr std::string_view kMachine = "machine";
inline constexpr std::string_view kRate = "rate";
inline constexpr std::string_view kMachines = "machines";
inline constexpr std::string_view kSeed = "seed";
inline constexpr std::string_view kSpeed = "speed";
inline constexpr std::string_view kInternalMax = "internal_max";
inline constexpr std::string_view kDuration = "duration";
inline constexpr std::string_view kStart = "start";
inline constexpr std::string_view kEngine = "engine";
inline constexpr std::string_view kLatency = "latency";
inline constexpr std::string_view kLinks = "links";
// The --partition texts, "GROUPS@FROM-TO" joined by ';' in the order given; only when there are
inline constexpr std::string_view kPartitions = "partitions";
inline constexpr std::string_view kVector = "vector";  // vector=1: the rows carry the vclock column
inline constexpr std::string_view kRun = "run";        // the run's identity: 16 hex digits
// The machine's clock minus its parent's (the local supervisor's, a cluster's coordinator's),
// and the bound on that estimate's error, in signed and unsigned seconds with at most 6
// decimals: system_time - clock_offset is the row's instant on the parent's clock, which start=
// is given on, within clock_uncertainty. Both or neither; without them (older logs, a
// simulated machine without --skew) the offset is 0 and its uncertainty unknown.
inline constexpr std::string_view kClockOffset = "clock_offset";
inline constexpr std::string_view kClockUncertainty = "clock_uncertainty";
// --skew: the seconds this machine's clock was made to read off; only on a machine given one.
inline constexpr std::string_view kSkew = "skew";
// own_clock=1: the machine's model time is its own clock's, the common start read through its
// clock_offset= (a cluster's machine on a host of its own). Two such machines' model times
// agree only within the sum of their clock_uncertainty= (real time) times the run's speed:
// lcstat allows that much between a send and its arrival, and a machine's own share between
// its rows and run.txt's instants.
inline constexpr std::string_view kOwnClock = "own_clock";
inline constexpr std::string_view kVersion = "version";
}  // namespace header_key

// What line 1 says of one machine's log.
struct HeaderLine {
  uint64_t seed = 0;
  double speed = 1;
  int64_t duration_us = 0;
  int64_t start_us = 0;   // Unix time of model time 0
  uint64_t run_id = 0;    // the run's identity (RunPlan::run_id); written unless 0
  int64_t clock_offset_us = 0;
  int64_t clock_uncertainty_us = 0;
  int64_t skew_us = 0;
  std::string engine;     // "real" or "sim"
  std::string latency;    // sim: the --latency spec
  std::string links;      // sim: the --link overrides, "F-T:SPEC" joined by ','; empty if none
  std::string partitions; // sim: the --partition texts joined by ';'; empty if none
  int machine = 0;
  int rate = 0;
  int machines = 0;
  int internal_max = 0;
  bool vector = false;       // vector=1: the rows carry the vclock column (column_line(true))
  bool clock_known = false;  // clock_offset= and clock_uncertainty= are written
  bool skew_given = false;   // skew= is written
  bool own_clock = false;    // own_clock=1 is written
};
// A run's identity as written in its logs and run.txt: 16 lowercase hex digits.
std::string run_id_text(uint64_t run_id);
// Line 1, without its newline.
std::string header_line(const HeaderLine& header);

// ---- run.txt: "key=value" lines, written whole at the end of a run
namespace run_key {
inline constexpr std::string_view kStatus = "status";  // complete, stopped, failed
inline constexpr std::string_view kMachines = "machines";
inline constexpr std::string_view kSeed = "seed";
inline constexpr std::string_view kRun = "run";  // as in the logs' headers
inline constexpr std::string_view kStoppedAt = "stopped_at";
inline constexpr std::string_view kStoppedPrefix = "stopped_";  // stopped_<id>
inline constexpr std::string_view kForced = "forced";
inline constexpr std::string_view kFailed = "failed";
inline constexpr std::string_view kFailedAtPrefix = "failed_at_";  // failed_at_<id>
inline constexpr std::string_view kLostPrefix = "lost_";        // lost_<from>_<to>
inline constexpr std::string_view kDroppedPrefix = "dropped_";  // dropped_<from>_<to>
inline constexpr std::string_view kDroppedAtPrefix = "dropped_at_";  // dropped_at_<from>_<to>
// link_down_<from>_<to>=S: the model time `from` gave its link to `to` up while both machines
// lived on (a cluster's network cut it): the channel's last messages may be lost (lost_).
inline constexpr std::string_view kLinkDownPrefix = "link_down_";
// undelivered_<from>_<to>: messages a partition still held when the run ended (never delivered);
// undelivered_cause_<from>_<to>: "partition GROUPS@FROM-TO", the first given that held them.
inline constexpr std::string_view kUndeliveredPrefix = "undelivered_";
inline constexpr std::string_view kUndeliveredCausePrefix = "undelivered_cause_";
inline constexpr std::string_view kPartitionCause = "partition ";  // the cause's text before GROUPS@FROM-TO
}  // namespace run_key

// ---- What dropped_<from>_<to> can be: the real engine's sender gives a link's backlog up once
// it holds more than kMaxBacklogBytes (PeerLinks), and drops the messages in it. The backlog
// may start with what is left of the connection's hello; every other byte is messages', and a
// message partly sent counts whole. So a give-up drops more than (kMaxBacklogBytes - hello) /
// (one message's frame) messages. The simulation never drops.
inline constexpr int64_t kMaxBacklogBytes = int64_t{4} << 20;
inline constexpr int64_t kHelloFrameBytes = 24;  // wire/frame.h's, checked there
// The bytes of one message frame: the header, sender and clock, and with --vector N entries.
inline constexpr int64_t message_frame_bytes(int64_t machines, bool vector) {
  return 20 + (vector ? 8 * machines : 0);
}
inline constexpr int64_t min_dropped_messages(int64_t machines, bool vector) {
  return (kMaxBacklogBytes - kHelloFrameBytes) / message_frame_bytes(machines, vector) + 1;
}

}  // namespace lc
