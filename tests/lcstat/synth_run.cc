// synth_run: writes the logs of a made-up but valid run, simulated in virtual time, in the
// logical_clock log format. Used to test lcstat on runs too long to write by hand (every
// generated run must pass its checks) and to measure lcstat's speed on big logs.
//
//   synth_run DIR MACHINES DURATION_S SEED RATE[,RATE...] INTERNAL_MAX [SPEED]
//
// Machine i ticks at k/rate_i plus up to 300 us; a message arrives 100 us after it is sent
// (one fixed delay keeps every channel FIFO). At a tick a machine takes one queued message if
// any, else draws 1..INTERNAL_MAX: 1 sends to the next machine, 2 to the one after, 3 to all
// others, anything else is an internal event. Messages still queued at the end are PENDING.
// Model time runs SPEED (default 1) times faster than the wall clock of system_time.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <queue>
#include <string>
#include <vector>

namespace {

constexpr int64_t kDelayUs = 100;
constexpr int64_t kStartUs = 1'764'118'000'000'000;

struct Message {
  int64_t arrival_us;
  int64_t sender;
  int64_t clock;
};

struct Machine {
  int64_t rate = 1;
  int64_t clock = 0;
  int64_t tick = 0;
  std::deque<Message> inbox;  // by arrival: one delay for all, and sends happen in time order
  std::FILE* file = nullptr;
  std::string buf;
};

uint64_t next_random(uint64_t* state) {  // splitmix64
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void append_micros(std::string* out, int64_t us) {
  char tmp[40];
  int n = std::snprintf(tmp, sizeof tmp, "%lld.%06lld", static_cast<long long>(us / 1'000'000),
                        static_cast<long long>(us % 1'000'000));
  out->append(tmp, static_cast<size_t>(n));
}

double g_speed = 1;

void row(Machine* m, int64_t t, const char* event, int64_t clock, size_t queue, const std::string& peers,
         int64_t msg_clock, int64_t wait) {
  // The wall clock at model time t, floored to the microsecond as logical_clock writes it.
  append_micros(&m->buf, kStartUs + static_cast<int64_t>(std::floor(static_cast<double>(t) / g_speed)));
  m->buf.push_back(',');
  append_micros(&m->buf, t);
  m->buf += std::string(",") + event + "," + std::to_string(clock) + "," + std::to_string(queue) + "," + peers + ",";
  if (msg_clock >= 0) m->buf += std::to_string(msg_clock);
  m->buf.push_back(',');
  if (wait >= 0) append_micros(&m->buf, wait);
  m->buf.push_back('\n');
  if (m->buf.size() > (1 << 20)) {
    std::fwrite(m->buf.data(), 1, m->buf.size(), m->file);
    m->buf.clear();
  }
}

size_t arrived(const Machine& m, int64_t t) {
  size_t n = 0;
  while (n < m.inbox.size() && m.inbox[n].arrival_us <= t) ++n;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7 && argc != 8) {
    std::fprintf(stderr, "usage: synth_run DIR MACHINES DURATION_S SEED RATE[,RATE...] INTERNAL_MAX [SPEED]\n");
    return 2;
  }
  const char* speed_text = argc == 8 ? argv[7] : "1";
  g_speed = std::strtod(speed_text, nullptr);
  const std::string dir = argv[1];
  const int64_t n = std::atoll(argv[2]);
  const int64_t duration_s = std::atoll(argv[3]);
  uint64_t rng = std::strtoull(argv[4], nullptr, 10);
  const int64_t internal_max = std::atoll(argv[6]);
  std::vector<int64_t> rates;
  for (const char* p = argv[5]; *p != '\0';) {
    char* end;
    rates.push_back(std::strtoll(p, &end, 10));
    p = *end == ',' ? end + 1 : end;
  }
  if (n < 2 || duration_s < 1 || internal_max < 3 || rates.empty() || !(g_speed > 0)) {
    std::fprintf(stderr, "synth_run: need MACHINES >= 2, DURATION_S >= 1, INTERNAL_MAX >= 3, rates, SPEED > 0\n");
    return 2;
  }
  std::vector<Machine> machines(static_cast<size_t>(n));
  using Tick = std::pair<int64_t, int64_t>;  // (time, machine)
  std::priority_queue<Tick, std::vector<Tick>, std::greater<Tick>> ticks;
  auto schedule = [&](int64_t i) {
    Machine& m = machines[static_cast<size_t>(i)];
    if (++m.tick > m.rate * duration_s) return;
    int64_t due = (m.tick * 1'000'000 + m.rate - 1) / m.rate;
    ticks.emplace(due + static_cast<int64_t>(next_random(&rng) % 300), i);
  };
  for (int64_t i = 0; i < n; ++i) {
    Machine& m = machines[static_cast<size_t>(i)];
    m.rate = rates[static_cast<size_t>(i) % rates.size()];
    std::string path = dir + "/vm_" + std::to_string(i) + "_" + std::to_string(m.rate) + ".log";
    m.file = std::fopen(path.c_str(), "w");
    if (m.file == nullptr) {
      std::perror(path.c_str());
      return 2;
    }
    std::fprintf(m.file,
                 "# logical_clock machine=%lld rate=%lld machines=%lld seed=%s speed=%s internal_max=%lld "
                 "duration=%lld start=1764118000.000000\n"
                 "system_time,model_time,event,clock,queue,peers,msg_clock,queue_wait\n",
                 static_cast<long long>(i), static_cast<long long>(m.rate), static_cast<long long>(n), argv[4], speed_text,
                 static_cast<long long>(internal_max), static_cast<long long>(duration_s));
    schedule(i);
  }
  while (!ticks.empty()) {
    auto [t, i] = ticks.top();
    ticks.pop();
    Machine& m = machines[static_cast<size_t>(i)];
    size_t queued = arrived(m, t);
    if (queued > 0) {
      Message msg = m.inbox.front();
      m.inbox.pop_front();
      m.clock = std::max(m.clock, msg.clock) + 1;
      row(&m, t, "RECV", m.clock, queued - 1, std::to_string(msg.sender), msg.clock, t - msg.arrival_us);
    } else {
      int64_t action = static_cast<int64_t>(next_random(&rng) % static_cast<uint64_t>(internal_max)) + 1;
      ++m.clock;
      std::vector<int64_t> to;
      if (action == 1 || action == 2) to.push_back((i + 1 + (action - 1) % (n - 1)) % n);
      if (action == 3)
        for (int64_t j = 0; j < n; ++j)
          if (j != i) to.push_back(j);
      if (to.empty()) {
        row(&m, t, "INTERNAL", m.clock, 0, "", -1, -1);
      } else {
        std::string peers;
        for (int64_t j : to) {
          machines[static_cast<size_t>(j)].inbox.push_back({t + kDelayUs, i, m.clock});
          peers += (peers.empty() ? "" : ";") + std::to_string(j);
        }
        row(&m, t, "SEND", m.clock, 0, peers, m.clock, -1);
      }
    }
    schedule(i);
  }
  const int64_t end = duration_s * 1'000'000 + 100'000;
  for (Machine& m : machines) {
    for (size_t left = m.inbox.size(); left > 0; --left) {
      const Message& msg = m.inbox[m.inbox.size() - left];
      row(&m, end, "PENDING", m.clock, left - 1, std::to_string(msg.sender), msg.clock, end - msg.arrival_us);
    }
    std::fwrite(m.buf.data(), 1, m.buf.size(), m.file);
    if (std::fclose(m.file) != 0) {
      std::perror("close");
      return 2;
    }
  }
  return 0;
}
