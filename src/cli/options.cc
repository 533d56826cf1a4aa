#include "logical_clock/cli/options.h"

#include <getopt.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "logical_clock/base/decimal.h"
#include "logical_clock/cluster/cluster_file.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/log_reader.h"
#include "logical_clock/model/model_clock.h"
#include "logical_clock/model/rng.h"

namespace lc {

namespace {

Status bad(const std::string& what) { return Status::error(what); }

// A whole decimal integer in [lo, hi]; no sign, no spaces, no trailing bytes.
Status parse_int(const char* text, const char* what, int64_t lo, int64_t hi, int64_t* out) {
  const std::string s(text);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec == std::errc::invalid_argument || ptr != s.data() + s.size() ||
      s[0] == '+')
    return bad(what + std::string(" must be a whole number, not '") + s + "'");
  if (ec == std::errc::result_out_of_range || v < lo || v > hi)
    return bad(what + std::string(" must be between ") + std::to_string(lo) + " and " +
               std::to_string(hi) + ", not " + s);
  *out = v;
  return Status::ok();
}

Status parse_seed(const char* text, uint64_t* out) {
  const std::string s(text);
  int base = 10;
  size_t skip = 0;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    skip = 2;
  }
  auto [ptr, ec] = std::from_chars(s.data() + skip, s.data() + s.size(), *out, base);
  if (s.size() == skip || ec != std::errc() || ptr != s.data() + s.size())
    return bad("--seed must be an unsigned 64-bit number (decimal or 0x hex), not '" + s + "'");
  return Status::ok();
}

// Unix seconds, at most 6 decimals, up to kMaxEpochSeconds: system time is kept in int64
// nanoseconds (ModelClock), which end in the year 2262, and the run's model time (up to
// 10^7 s, plus 10^6 s of latency) comes on top.
constexpr int64_t kMaxEpochSeconds = 9'000'000'000;

Status parse_epoch(const char* text, int64_t* out_us) {
  const std::string s(text);
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  bool ok = !whole.empty() && whole.size() <= 11 && frac.size() <= 6 && (dot == std::string::npos || !frac.empty());
  for (char c : whole + frac) ok = ok && c >= '0' && c <= '9';
  if (!ok) return bad("--epoch must be Unix seconds with at most 6 decimals, not '" + s + "'");
  int64_t w = 0, f = 0;
  for (char c : whole) w = w * 10 + (c - '0');
  for (size_t i = 0; i < 6; ++i) f = f * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  if (w > kMaxEpochSeconds || (w == kMaxEpochSeconds && f > 0))
    return bad("--epoch must be at most " + std::to_string(kMaxEpochSeconds) + " (the year 2255), not " + s);
  *out_us = w * 1'000'000 + f;
  return Status::ok();
}

// FROM-TO:SPEC: the latency of one directed channel (machines checked against -n later).
Status parse_link_option(const char* text, Options::Link* out) {
  const Status s = parse_link(text, kMaxSimMachines, out);
  return s.is_ok() ? s : bad("--link " + s.message());
}

Status parse_duration(const char* text, int64_t* out_us) {
  return parse_model_seconds(text, "--duration must be a positive number of seconds", false, out_us);
}

// ID@SECONDS: machine ID is killed (SIGKILL) at that model time.
Status parse_kill(const char* text, Options::Kill* out) {
  const std::string s(text);
  const size_t at = s.find('@');
  if (at == std::string::npos) return bad("--kill takes ID@SECONDS, e.g. 1@5, not '" + s + "'");
  int64_t id = 0;
  Status st = parse_int(s.substr(0, at).c_str(), "the machine id of --kill", 0, kMaxMachines - 1, &id);
  if (!st.is_ok()) return st;
  out->machine = static_cast<int>(id);
  return parse_model_seconds(s.substr(at + 1), "the time of --kill must be model seconds", true, &out->at_us);
}

Status parse_speed(const char* text, double* out) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v) ||
      s.find_first_of("xXnN") != std::string::npos)
    return bad("--speed must be a positive number, not '" + s + "'");
  if (v <= 0 || v > 1e9) return bad("--speed must be above 0 and at most 1e9, not " + s);
  *out = v;
  return Status::ok();
}

Status parse_rates(const char* text, std::vector<int>* out) {
  const std::string s(text);
  out->clear();
  size_t pos = 0;
  for (;;) {
    const size_t comma = s.find(',', pos);
    const std::string item = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    int64_t v = 0;
    Status st = parse_int(item.c_str(), "each of --rates", 1, kMaxRate, &v);
    if (!st.is_ok()) return st;
    out->push_back(static_cast<int>(v));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return Status::ok();
}

// I[,J...]: the machines a cluster host runs (checked against the cluster file later).
Status parse_id_list(const char* text, std::vector<int>* out) {
  const std::string s(text);
  out->clear();
  size_t pos = 0;
  for (;;) {
    const size_t comma = s.find(',', pos);
    int64_t v = 0;
    Status st = parse_int(s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos).c_str(),
                          "each id of --id", 0, kMaxMachines - 1, &v);
    if (!st.is_ok()) return st;
    for (int seen : *out)
      if (seen == v) return bad("--id names machine " + std::to_string(v) + " twice");
    out->push_back(static_cast<int>(v));
    if (comma == std::string::npos) return Status::ok();
    pos = comma + 1;
  }
}

// --cluster with --coordinator or --id; the file read for its machines (only read: a bad
// command line still writes nothing).
Status check_cluster_options(Options* o, bool only_host_options, bool machines_given) {
  if (o->cluster.empty()) {
    if (o->coordinator) return bad("--coordinator needs --cluster FILE");
    if (!o->cluster_ids.empty()) return bad("--id needs --cluster FILE");
    return Status::ok();
  }
  if (o->coordinator == !o->cluster_ids.empty())
    return bad(o->coordinator ? "--coordinator and --id are two roles: a host coordinates the run or runs machines"
                              : "--cluster needs --coordinator (on the host that coordinates) or --id I[,J...] "
                                "(on a host that runs machines)");
  if (o->engine == Options::Engine::kSim || !o->replay_dir.empty() || !o->new_key.empty())
    return bad("--cluster runs the real engine: drop --engine sim, --replay and --new-key");
  ClusterFile file;
  Status s = ClusterFile::load(o->cluster, &file);
  if (!s.is_ok()) return s;
  const int machines = static_cast<int>(file.machines.size());
  if (machines > kMaxMachines)
    return bad(o->cluster + " lists " + std::to_string(machines) + " machines; the real engine runs at most " +
               std::to_string(kMaxMachines));
  if (!o->coordinator) {
    if (!only_host_options)
      return bad("a host's machines take the run's options from the coordinator: with --id, only --out, --force "
                 "and --quiet belong here");
    for (int id : o->cluster_ids)
      if (id >= machines)
        return bad("--id " + std::to_string(id) + ": " + o->cluster + " lists machines 0.." +
                   std::to_string(machines - 1));
  } else if (machines_given && o->machines != machines) {
    return bad("--machines " + std::to_string(o->machines) + " but " + o->cluster + " lists " +
               std::to_string(machines) + " machines");
  }
  o->machines = machines;
  return Status::ok();
}

// --skew's texts against the run's machines: one per machine at most; in the simulation no
// system_time before the Unix epoch (the log format has none).
Status check_skews(const std::vector<std::string>& texts, Options* o) {
  for (const std::string& text : texts) {
    ClockSkew skew;
    Status s = parse_clock_skew(text, o->machines, &skew);
    if (!s.is_ok()) return bad("--skew " + s.message());
    for (const ClockSkew& given : o->skews)
      if (given.machine == skew.machine)
        return bad("--skew gives machine " + std::to_string(skew.machine) + " twice (" + micros_text(given.us) +
                   " and " + micros_text(skew.us) + " s)");
    if (o->engine == Options::Engine::kSim && o->epoch_us + skew.us < 0)
      return bad("--skew " + text + " would put machine " + std::to_string(skew.machine) +
                 "'s system_time before 1970 (--epoch " + micros_text(o->epoch_us) + "): give --epoch " +
                 micros_text(-skew.us) + " or more");
    o->skews.push_back(skew);
  }
  return Status::ok();
}

}  // namespace

Latency default_latency() {
  Latency l;
  (void)Latency::parse(kDefaultLatency, &l);  // a constant known to parse (test_options)
  return l;
}

const char* usage_text() {
  return "usage: logical_clock [options] [RATE_MAX [INTERNAL_MAX]]\n"
         "Runs N model machines as processes that exchange Lamport-clocked messages over TCP\n"
         "on 127.0.0.1 and log every event.\n"
         "\n"
         "  RATE_MAX            each machine's tick rate is drawn uniformly from 1..RATE_MAX ticks/s (default 6)\n"
         "  INTERNAL_MAX        on a tick with an empty queue a machine draws v uniformly from 1..INTERNAL_MAX (default 10);\n"
         "                      v=1,2 send to one machine, v=3 send to all, v>=4 internal event; at least 3\n"
         "  -n, --machines N    number of machines (default 3; 2..512, 2..1000 with --engine sim)\n"
         "  -d, --duration S    model seconds to run (default 60; up to 6 decimals)\n"
         "  -x, --speed F       run the model F times faster than real time (default 1); F may be fractional\n"
         "  -s, --seed S        64-bit seed (default: fresh from the OS); rates and every machine's draws derive from it\n"
         "  -r, --rates LIST    fix the rates, e.g. 1,3,6 (one integer per machine; overrides RATE_MAX)\n"
         "  -o, --out DIR       directory for the logs (default: a new runs/<UTC yyyymmdd-HHMMSS>[-2, -3...]/;\n"
         "                      runs/latest points to it)\n"
         "  -f, --force         let --out name a directory that already holds vm_*.log files (those are replaced)\n"
         "  -q, --quiet         no progress line\n"
         "  -k, --kill ID@S     kill machine ID (SIGKILL) at model time S, to watch the others cope; repeatable\n"
         "  --engine real|sim   real: processes and TCP in real time (default); sim: every machine in one\n"
         "                      process on a virtual clock and a simulated network, byte-identical per seed\n"
         "  --latency SPEC      every channel's delay, drawn per message: none, 0, 250us, uniform:1ms:5ms, exp:2ms,\n"
         "                      normal:5ms:1ms, lognormal:2ms:1ms (units ns, us, ms, s); sim default\n"
         "                      lognormal:100us:50us (as on loopback); real default none (loopback alone; a\n"
         "                      real message is held by its sender for its draw, then takes loopback's time)\n"
         "  --link F-T:SPEC     the delay of the channel from machine F to machine T; repeatable\n"
         "  --partition G@F-T   cut the channels between groups of machines from model second F to T, e.g.\n"
         "                      0,1|2@30-60 (groups split by |, ids by ,; machines not named are a group);\n"
         "                      what would cross meanwhile arrives at T; repeatable\n"
         "  --skew ID:S         machine ID's system clock reads S seconds off (signed, at most 1000000 either\n"
         "                      way): its system_time and its clock probes carry it; repeatable, once per machine\n"
         "  --epoch S           sim: the Unix time that model time 0 stands for in system_time (default 0;\n"
         "                      at most 9000000000)\n"
         "  --replay RUN_DIR    sim: rerun a run, real or simulated, from its logs (its arrivals as the network)\n"
         "                      and compare every row with the model's; exit 1 at the first that differs\n"
         "  --vector            every machine also keeps a vector clock: sent with each message, logged in a\n"
         "                      vclock column\n"
         "  --new-key FILE      write a fresh pre-shared key for a cluster to FILE (mode 0600; never replaces\n"
         "                      one), then exit\n"
         "  --cluster FILE      a run over the hosts FILE lists (README, \"Machines on separate hosts\"), with:\n"
         "  --coordinator       this host coordinates the run: takes the run's options, writes run.txt and\n"
         "                      collects every machine's log into its run directory\n"
         "  --id I[,J...]       this host runs machines I, J...: they wait up to 120 s for the coordinator,\n"
         "                      take the run's options from it, and keep their logs in --out too\n"
         "  -h, --help          print this help\n"
         "  -V, --version       print the version\n"
         "\n"
         "Exit status: 0 the run ended and every log is complete; 1 a machine failed (named on\n"
         "stderr); 2 bad command line.\n";
}

Status parse_options(int argc, char* const argv[], Options* out) {
  static const option kLong[] = {
      {"machines", required_argument, nullptr, 'n'}, {"duration", required_argument, nullptr, 'd'},
      {"speed", required_argument, nullptr, 'x'},    {"seed", required_argument, nullptr, 's'},
      {"rates", required_argument, nullptr, 'r'},    {"out", required_argument, nullptr, 'o'},
      {"force", no_argument, nullptr, 'f'},          {"quiet", no_argument, nullptr, 'q'},
      {"kill", required_argument, nullptr, 'k'},
      {"engine", required_argument, nullptr, 'E'},   {"latency", required_argument, nullptr, 'L'},
      {"link", required_argument, nullptr, 'K'},     {"epoch", required_argument, nullptr, 'P'},
      {"replay", required_argument, nullptr, 'R'},   {"vector", no_argument, nullptr, 'W'},
      {"partition", required_argument, nullptr, 'G'}, {"new-key", required_argument, nullptr, 'N'},
      {"cluster", required_argument, nullptr, 'C'},  {"coordinator", no_argument, nullptr, 'O'},
      {"id", required_argument, nullptr, 'I'},
      {"skew", required_argument, nullptr, 'Y'},
      {"help", no_argument, nullptr, 'h'},           {"version", no_argument, nullptr, 'V'},
      {nullptr, 0, nullptr, 0}};
  Options o;
  // --partition's texts, parsed once the run's machines and duration are known.
  std::vector<std::string> partition_texts;
  std::vector<std::string> skew_texts;  // --skew's, likewise
  bool machines_given = false, duration_given = false;
  optind = 0;  // full re-initialisation, so the parser can run more than once (tests)
  opterr = 0;  // errors are ours to word
  int c;
  int64_t v = 0;
  int options_read = 0;
  int host_options = 0;         // --id and what a cluster host may add to it
  Status s;
  // getopt_long keeps global state: parse before any thread exists.
  while ((c = getopt_long(argc, argv, ":n:d:x:s:r:o:k:fqhV", kLong, nullptr)) != -1) {  // NOLINT(concurrency-mt-unsafe)
    switch (c) {
      case 'n':
        s = parse_int(optarg, "--machines", 2, kMaxSimMachines, &v);
        o.machines = static_cast<int>(v);
        machines_given = true;
        break;
      case 'd':
        s = parse_duration(optarg, &o.duration_us);
        o.duration_text = optarg;
        duration_given = true;
        break;
      case 'x':
        s = parse_speed(optarg, &o.speed);
        o.speed_text = optarg;
        o.speed_given = true;
        break;
      case 'E':
        if (std::string(optarg) == "real") o.engine = Options::Engine::kReal;
        else if (std::string(optarg) == "sim") o.engine = Options::Engine::kSim;
        else s = bad(std::string("--engine is real or sim, not '") + optarg + "'");
        break;
      case 'L':
        s = Latency::parse(optarg, &o.latency);
        if (!s.is_ok()) s = bad("--latency: " + s.message());
        o.latency_given = true;
        break;
      case 'K':
        o.links.emplace_back();
        s = parse_link_option(optarg, &o.links.back());
        break;
      case 'G':
        // Parsed against the run's machines once every option is read (an id beyond them is
        // named with the run's range, not the engine's).
        partition_texts.emplace_back(optarg);
        break;
      case 'Y': skew_texts.emplace_back(optarg); break;
      case 'P':
        s = parse_epoch(optarg, &o.epoch_us);
        o.epoch_given = true;
        break;
      case 'W': o.vector = true; break;
      case 'N':
        o.new_key = optarg;
        if (o.new_key.empty()) s = bad("--new-key needs a file name");
        break;
      case 'C':
        o.cluster = optarg;
        if (o.cluster.empty()) s = bad("--cluster needs a cluster file");
        break;
      case 'O': o.coordinator = true; break;
      case 'I':
        s = parse_id_list(optarg, &o.cluster_ids);
        ++host_options;
        break;
      case 'R':
        o.replay_dir = optarg;
        if (o.replay_dir.empty()) s = bad("--replay needs a run directory");
        break;
      case 's':
        s = parse_seed(optarg, &o.seed);
        o.seed_given = true;
        break;
      case 'r': s = parse_rates(optarg, &o.rates); break;
      case 'o':
        o.out_dir = optarg;
        if (o.out_dir.empty()) s = bad("--out needs a directory name");
        break;
      case 'k':
        o.kills.emplace_back();
        s = parse_kill(optarg, &o.kills.back());
        break;
      case 'f': o.force = true; break;
      case 'q': o.quiet = true; break;
      case 'h': o.help = true; break;
      case 'V': o.version = true; break;
      case ':': return bad(std::string("option ") + argv[optind - 1] + " needs a value");
      default: {
        // A long option: getopt has moved past it. A short one: optopt names it.
        const std::string arg = optind >= 1 && optind <= argc ? argv[optind - 1] : "";
        if (arg.rfind("--", 0) == 0) {
          const size_t eq = arg.find('=');
          if (eq != std::string::npos && optopt != 0)
            return bad("option " + arg.substr(0, eq) + " takes no value");
          return bad("unknown option '" + arg.substr(0, eq) + "'");
        }
        return bad(std::string("unknown option '-") + static_cast<char>(optopt) + "'");
      }
    }
    if (!s.is_ok()) return s;
    ++options_read;
    if (c == 'o' || c == 'f' || c == 'q' || c == 'C') ++host_options;
  }
  const int positional = argc - optind;
  if (!o.new_key.empty() && (options_read > 1 || positional > 0))
    return bad("--new-key FILE writes a key and nothing else: drop the other options");
  if (positional > 2)
    return bad(std::string("too many arguments (from '") + argv[optind + 2] + "')");
  s = check_cluster_options(&o, host_options == options_read && positional == 0,
                            machines_given);
  if (!s.is_ok()) return s;
  if (positional >= 1) {
    s = parse_int(argv[optind], "RATE_MAX", 1, kMaxRate, &v);
    if (!s.is_ok()) return s;
    o.rate_max = static_cast<int>(v);
  }
  if (positional == 2) {
    s = parse_int(argv[optind + 1], "INTERNAL_MAX", 3, 1'000'000'000, &v);
    if (!s.is_ok()) return s;
    o.internal_max = static_cast<int>(v);
  }
  if (o.engine == Options::Engine::kReal) {
    if (!o.latency_given) (void)Latency::parse("none", &o.latency);
    const char* sim_only = o.epoch_given        ? "--epoch"
                           : !o.replay_dir.empty() ? "--replay"
                                                  : nullptr;
    if (sim_only) return bad(std::string(sim_only) + " needs --engine sim (the real engine's network is the host's)");
    if (o.machines > kMaxMachines)
      return bad("--machines must be between 2 and " + std::to_string(kMaxMachines) + " with the real engine, not " +
                 std::to_string(o.machines) + " (--engine sim takes up to " + std::to_string(kMaxSimMachines) + ")");
  } else {
    if (o.speed_given) return bad("--speed is meaningless with --engine sim: its time is virtual, a run takes what it takes");
    if (!o.replay_dir.empty()) {
      const char* shape = machines_given        ? "--machines"
                          : duration_given      ? "--duration"
                          : o.seed_given        ? "--seed"
                          : !o.rates.empty()    ? "--rates"
                          : positional > 0      ? "RATE_MAX/INTERNAL_MAX"
                          : !o.kills.empty()    ? "--kill"
                          : o.latency_given     ? "--latency"
                          : !o.links.empty()    ? "--link"
                          : !partition_texts.empty() ? "--partition"
                          : !skew_texts.empty() ? "--skew"
                          : o.vector            ? "--vector"
                                                : nullptr;
      if (shape) return bad(std::string("--replay takes the run's shape and arrivals from its logs; drop ") + shape);
    }
  }
  for (size_t i = 0; i < o.links.size(); ++i) {
    const Options::Link& l = o.links[i];
    const std::string channel = std::to_string(l.from) + "-" + std::to_string(l.to);
    if (l.from >= o.machines || l.to >= o.machines)
      return bad("--link " + channel + " names a machine beyond 0.." + std::to_string(o.machines - 1));
    // Two delays for one channel: neither could be said to be its delay.
    for (size_t j = 0; j < i; ++j)
      if (o.links[j].from == l.from && o.links[j].to == l.to)
        return bad("--link " + channel + " is given twice (" + o.links[j].latency.text() + ", " + l.latency.text() + ")");
  }
  for (const std::string& text : partition_texts) {
    Partition p;
    s = Partition::parse(text, o.machines, &p);
    if (!s.is_ok()) return bad("--partition " + s.message());
    if (p.from_us() >= o.duration_us)
      return bad("--partition " + text + " starts at or after the run's end (--duration " + o.duration_text +
                 "): it would never cut anything");
    o.partitions.push_back(std::move(p));
  }
  s = check_skews(skew_texts, &o);
  if (!s.is_ok()) return s;
  for (const Options::Kill& k : o.kills) {
    if (k.machine >= o.machines)
      return bad("--kill names machine " + std::to_string(k.machine) + " but the machines are 0.." +
                 std::to_string(o.machines - 1));
    if (k.at_us > o.duration_us)
      return bad("--kill " + std::to_string(k.machine) + "@" + micros_text(k.at_us) +
                 " comes after the run's end (--duration " + o.duration_text + ")");
  }
  // Every instant of the run must be representable: its real time is bounded.
  if (ModelClock::real_span_ns(o.duration_us, o.speed) < 0) {
    char span[64];
    std::snprintf(span, sizeof span, "%.3g years",
                  static_cast<double>(o.duration_us) / 1e6 / o.speed / (365.25 * 86400));
    return bad("--duration " + o.duration_text + " at --speed " + o.speed_text + " would take " + span +
               " of real time; a run may take at most 100 years");
  }
  if (!o.rates.empty() && static_cast<int>(o.rates.size()) != o.machines)
    return bad("--rates lists " + std::to_string(o.rates.size()) + " rates for " +
               std::to_string(o.machines) + " machines" +
               (machines_given ? "" : " (the default; set -n)"));
  // Line 1 of each log names every --link and --partition, and a line a reader takes is bounded:
  // a header past it would make logs that lcstat and --replay refuse. Its widest reading: the
  // largest id, rate, seed, start and run id the run can write there.
  if (!o.links.empty() || !o.partitions.empty()) {
    HeaderLine h;
    h.machine = o.machines - 1;
    h.rate = std::numeric_limits<int>::max();
    h.machines = o.machines;
    h.seed = std::numeric_limits<uint64_t>::max();
    h.speed = o.speed;
    h.internal_max = o.internal_max;
    h.duration_us = o.duration_us;
    h.start_us = kMaxEpochSeconds * 1'000'000;
    h.engine = "real";
    h.latency = o.latency.text();
    h.links = links_text(o.links);
    for (const Partition& p : o.partitions) h.partitions += (h.partitions.empty() ? "" : ";") + p.text();
    h.vector = o.vector;
    h.run_id = std::numeric_limits<uint64_t>::max();
    h.skew_given = true;
    h.skew_us = -kMaxSkewUs;
    h.clock_known = true;  // an estimate's widest (clock_estimate.h: stamps within 2^61 ns)
    h.clock_offset_us = -(int64_t{1} << 62) / 1000;
    h.clock_uncertainty_us = (int64_t{1} << 62) / 1000;
    const size_t bytes = header_line(h).size();
    if (bytes > LogReader::kMaxLineBytes)
      return bad("--link and --partition (" + std::to_string(o.links.size()) + " and " +
                 std::to_string(o.partitions.size()) + " given) would make each log's header " +
                 std::to_string(bytes) + " bytes, more than the " + std::to_string(LogReader::kMaxLineBytes) +
                 " a log line may hold: lcstat and --replay could not read the logs");
  }
  *out = o;
  return Status::ok();
}

std::vector<int> machine_rates(const Options& options) {
  if (!options.rates.empty()) return options.rates;
  Rng rng(options.seed, kRateStream);
  std::vector<int> rates;
  rates.reserve(static_cast<size_t>(options.machines));
  for (int i = 0; i < options.machines; ++i)
    rates.push_back(static_cast<int>(rng.uniform(1, static_cast<uint64_t>(options.rate_max))));
  return rates;
}

}  // namespace lc
