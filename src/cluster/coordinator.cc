#include "logical_clock/cluster/coordinator.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "logical_clock/base/sys.h"
#include "logical_clock/cluster/cluster_file.h"
#include "logical_clock/cluster/cluster_key.h"
#include "logical_clock/cluster/run_params.h"
#include "logical_clock/real/control_channel.h"
#include "logical_clock/real/supervisor.h"
#include "logical_clock/wire/handshake.h"

namespace lc {

namespace {

constexpr int64_t kHandshakeNs = 10'000'000'000;  // from accept to hello
constexpr size_t kMaxPending = 64;               // connections not yet known; more wait in the kernel

// A connection on its way in: handshake, then hello.
struct Pending {
  Pending(Fd f, const ClusterKey& key, std::string n) : fd(std::move(f)), handshake(key), name(std::move(n)) {}
  Fd fd;
  sockaddr_storage from{};
  HandshakeAcceptor handshake;
  std::string name;
  int64_t deadline_ns = 0;
  bool proven = false;
  ControlChannel control;
};

class Coordinator : public MachineLauncher {
 public:
  Coordinator(ClusterFile file, ClusterKey key) : file_(std::move(file)), key_(key) {}

  Status plan(RunPlan* plan) override {
    plan->endpoints = file_.machines;
    plan->key = key_;
    return listen_endpoint(file_.coordinator, &listen_);
  }

  Status launch(const RunPlan& plan, int wake_fd, const std::function<bool()>& stopped, std::vector<ControlChannel>* controls,
                std::vector<std::string>* where) override;

 private:
  void accept_all(int64_t now);
  // Reads what a connection sent of its handshake: false once it is refused (with its line).
  bool advance(Pending* p, int64_t now);
  // Its hello, once proven: the id it joined as, -1 while it has not said it, -2 refused.
  int read_hello(Pending* p, bool readable, int64_t now);
  void refuse(const Pending& p, const std::string& why);

  ClusterFile file_;
  ClusterKey key_;
  Fd listen_;
  std::vector<std::unique_ptr<Pending>> pending_;
  std::vector<ControlChannel> joined_;
  int64_t last_report_ns_ = 0;
  int64_t unreported_ = 0;
};

void Coordinator::refuse(const Pending& p, const std::string& why) {
  const int64_t now = monotonic_ns();
  if (now - last_report_ns_ < 1'000'000'000) {
    ++unreported_;
    return;
  }
  const std::string more = unreported_ > 0 ? " (and " + std::to_string(unreported_) + " more refused)" : "";
  std::fprintf(stderr, "logical_clock: coordinator: refused %s: %s%s\n", p.name.c_str(), why.c_str(), more.c_str());
  last_report_ns_ = now;
  unreported_ = 0;
}

void Coordinator::accept_all(int64_t now) {
  while (pending_.size() < kMaxPending) {
    Fd fd;
    sockaddr_storage from{};
    const IoResult r = accept_connection(listen_.get(), &fd, &from);
    if (r.kind != IoResult::kDone) return;
    std::string name = "a connection from " + peer_name(fd.get());
    auto p = std::make_unique<Pending>(std::move(fd), key_, std::move(name));
    p->from = from;
    p->deadline_ns = now + kHandshakeNs;
    if (!set_cluster_socket_options(p->fd.get()).is_ok()) continue;
    pending_.push_back(std::move(p));
  }
}

bool Coordinator::advance(Pending* p, int64_t now) {
  char buf[512];
  const IoResult r = read_some(p->fd.get(), buf, sizeof buf);
  if (r.kind == IoResult::kWouldBlock) {
    if (now < p->deadline_ns) return true;
    refuse(*p, "no handshake in time");
    return false;
  }
  if (r.kind != IoResult::kDone) {
    refuse(*p, "closed during the handshake");
    return false;
  }
  HandshakeAcceptor::State st = p->handshake.on_bytes(buf, r.bytes);
  if (st == HandshakeAcceptor::State::kOffered) {
    const HandshakeClaim& c = p->handshake.claim();
    const size_t n = file_.machines.size();
    std::string why;
    if (c.channel != HandshakeChannel::kControl || c.to != kCoordinatorId) {
      why = "not a control connection to the coordinator";
    } else if (c.run != 0) {
      why = "it claims a run already under way";
    } else if (c.from >= n) {
      why = "it claims machine " + std::to_string(c.from) + " of " + std::to_string(n);
    } else if (joined_[c.from].valid()) {
      why = "machine " + std::to_string(c.from) + " has joined already";
    } else if (!same_host(p->from, file_.machines[c.from])) {
      why = "it claims machine " + std::to_string(c.from) + ", listed at " + file_.machines[c.from].text;
    }
    Nonce nonce;
    if (why.empty() && !random_bytes(nonce.data(), nonce.size()).is_ok()) why = "no random nonce for it";
    if (!why.empty()) {
      refuse(*p, why);
      return false;
    }
    const std::string challenge = p->handshake.challenge(nonce);
    const IoResult w = send_some(p->fd.get(), challenge.data(), challenge.size());
    if (w.kind != IoResult::kDone || w.bytes != challenge.size()) {
      refuse(*p, "its challenge could not be sent");
      return false;
    }
    st = p->handshake.on_bytes(nullptr, 0);
  }
  if (st == HandshakeAcceptor::State::kFailed) {
    refuse(*p, p->handshake.error());
    return false;
  }
  if (st != HandshakeAcceptor::State::kDone) return true;
  p->proven = true;
  if (!set_blocking(p->fd.get(), true).is_ok()) {
    refuse(*p, "its socket");
    return false;
  }
  p->control = ControlChannel(std::move(p->fd));
  p->control.feed(p->handshake.extra());
  return true;
}

int Coordinator::read_hello(Pending* p, bool readable, int64_t now) {
  ControlFrame hello;
  const ControlChannel::Got got = p->control.next(&hello, readable);
  const uint32_t claimed = p->handshake.claim().from;
  if (got == ControlChannel::Got::kFrame) {
    if (joined_[claimed].valid()) {
      refuse(*p, "machine " + std::to_string(claimed) + " has joined already");
      return -2;
    }
    if (hello.type == ControlType::kHello && hello.id == claimed && hello.run == 0) return static_cast<int>(claimed);
    refuse(*p, "its first frame is not machine " + std::to_string(claimed) + "'s hello");
  } else if (got != ControlChannel::Got::kNeedMore) {
    refuse(*p, got == ControlChannel::Got::kEnd ? "closed before its hello" : p->control.error());
  } else if (now >= p->deadline_ns) {
    refuse(*p, "no hello in time");
  } else {
    return -1;
  }
  return -2;
}

Status Coordinator::launch(const RunPlan& plan, int wake_fd, const std::function<bool()>& stopped,
                           std::vector<ControlChannel>* controls, std::vector<std::string>* where) {
  const size_t n = file_.machines.size();
  joined_.clear();
  joined_.resize(n);
  size_t joined = 0;
  int64_t progress_ns = monotonic_ns();
  std::fprintf(stderr, "logical_clock: coordinator at %s: waiting for %zu machines\n", file_.coordinator.text.c_str(), n);
  std::vector<pollfd> fds;
  while (joined < n) {
    if (stopped()) return Status::error("stopped while waiting for the machines (" + std::to_string(joined) + " of " + std::to_string(n) + " joined)");
    const int64_t now = monotonic_ns();
    if (now - progress_ns > int64_t{kJoinWaitSeconds} * 1'000'000'000) {
      std::string missing;
      for (size_t i = 0; i < n; ++i)
        if (!joined_[i].valid()) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
      return Status::error("no machine joined for " + std::to_string(kJoinWaitSeconds) + " s; still missing: " + missing +
                           " (is `logical_clock --cluster FILE --id ...` running on their hosts?)");
    }
    // With every place taken, the next connections wait in the kernel's accept queue: the
    // listener is not polled meanwhile (it stays readable, and the loop would spin).
    const int listen_fd = pending_.size() < kMaxPending ? listen_.get() : -1;
    fds.assign({pollfd{wake_fd, POLLIN, 0}, pollfd{listen_fd, POLLIN, 0}});
    for (const auto& p : pending_) fds.push_back(pollfd{p->proven ? p->control.get() : p->fd.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), 250) < 0 && errno != EINTR) return Status::from_errno("poll", errno);
    if (fds[0].revents) eventfd_drain(wake_fd);
    const int64_t at = monotonic_ns();
    std::vector<std::unique_ptr<Pending>> still;
    for (size_t k = 0; k < pending_.size(); ++k) {
      Pending* p = pending_[k].get();
      bool readable = fds[k + 2].revents != 0;
      int id = -1;
      if (!p->proven && (readable || at >= p->deadline_ns)) {
        id = advance(p, at) ? -1 : -2;
        readable = false;  // read just now: the hello may be in what came with the proof
      }
      if (id == -1 && p->proven) id = read_hello(p, readable, at);
      if (id >= 0) {
        joined_[static_cast<size_t>(id)] = std::move(p->control);
        ++joined;
        progress_ns = at;
        std::fprintf(stderr, "logical_clock: coordinator: machine %d joined from %s (%zu of %zu)\n", id,
                     file_.machines[static_cast<size_t>(id)].text.c_str(), joined, n);
      } else if (id == -1) {
        still.push_back(std::move(pending_[k]));
      }
    }
    pending_ = std::move(still);
    if (fds[1].revents) accept_all(at);
  }
  pending_.clear();
  listen_.reset();  // late connections are refused by the kernel from now on
  ControlFrame params;
  params.type = ControlType::kParams;
  params.text = params_text(plan, file_.addresses_digest());
  for (size_t i = 0; i < n; ++i) {
    Status s = joined_[i].send(params, "control connection of machine " + std::to_string(i));
    if (!s.is_ok()) return s;
  }
  for (size_t i = 0; i < n; ++i) {
    controls->push_back(std::move(joined_[i]));
    where->push_back(file_.machines[i].text);
  }
  return Status::ok();
}

}  // namespace

int run_coordinator(const Options& options) {
  ClusterFile file;
  Status s = ClusterFile::load(options.cluster, &file);
  ClusterKey key{};
  if (s.is_ok()) s = load_key(file.key_path, &key);
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
    return 1;
  }
  Coordinator coordinator(std::move(file), key);
  return run_supervisor(options, &coordinator);
}

}  // namespace lc
