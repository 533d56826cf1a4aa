#include "logical_clock/base/sys.h"

#include <sys/resource.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace lc {

Status Status::from_errno(const std::string& what, int err) {
  return Status::error(what + ": " + errno_text(err));
}

std::string errno_text(int err) {
  char buf[128];
  return ::strerror_r(err, buf, sizeof buf);  // the GNU form: returns the text to use
}

std::string signal_text(int sig) {
  const char* name = ::sigabbrev_np(sig);
  return name ? std::string("SIG") + name : "signal " + std::to_string(sig);
}

namespace {

int64_t clock_ns(clockid_t id) {
  timespec ts{};
  ::clock_gettime(id, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

sockaddr_in loopback(uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// An endpoint as a socket address with `port`: an IPv4-mapped IPv6 address as its IPv4 one.
socklen_t socket_address(const Endpoint& e, uint16_t port, sockaddr_storage* out) {
  *out = sockaddr_storage{};
  if (e.family == AF_INET6 && !IN6_IS_ADDR_V4MAPPED(&e.v6)) {
    auto* a = reinterpret_cast<sockaddr_in6*>(out);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    a->sin6_addr = e.v6;
    return sizeof *a;
  }
  auto* a = reinterpret_cast<sockaddr_in*>(out);
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  a->sin_addr = e.family == AF_INET ? e.v4 : mapped_v4(e.v6);
  return sizeof *a;
}

// "198.18.0.2:7000" or "[fd00::2]:7000".
std::string address_text(const sockaddr_storage& addr) {
  char ip[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, ip, sizeof ip);
    return std::string(ip) + ":" + std::to_string(ntohs(a->sin_port));
  }
  if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof ip);
    return "[" + std::string(ip) + "]:" + std::to_string(ntohs(a->sin6_port));
  }
  return "an address of family " + std::to_string(addr.ss_family);
}

// A new TCP socket, CLOEXEC and non-blocking.
Status tcp_socket(int family, Fd* out) {
  Fd fd(::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return Status::from_errno("socket", errno);
  *out = std::move(fd);
  return Status::ok();
}

Status set_int_option(int fd, int level, int name, int value, const char* what) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0)
    return Status::from_errno(std::string("setsockopt ") + what, errno);
  return Status::ok();
}

// Connects the non-blocking socket fd to addr, waiting for the connection up to timeout_ms.
// `what` names the connection in errors ("connect 127.0.0.1:5000").
Status connect_within(int fd, const sockaddr_storage& addr, socklen_t addr_len, int timeout_ms,
                      const std::string& what) {
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), addr_len) == 0) return Status::ok();
  if (errno != EINPROGRESS && errno != EINTR) return Status::from_errno(what, errno);
  const int64_t deadline = monotonic_ns() + int64_t{timeout_ms} * 1'000'000;
  for (;;) {
    pollfd p{fd, POLLOUT, 0};
    int64_t left_ms = (deadline - monotonic_ns()) / 1'000'000;
    if (left_ms < 0) return Status::error(what + ": timed out");
    int n = ::poll(&p, 1, static_cast<int>(left_ms));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::from_errno("poll", errno);
    if (n == 0) return Status::error(what + ": timed out");
    break;
  }
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return Status::from_errno("getsockopt SO_ERROR", errno);
  if (err != 0) return Status::from_errno(what, err);
  return Status::ok();
}

IoResult io_result(ssize_t n, int err) {
  IoResult r;
  if (n > 0) {
    r.bytes = static_cast<size_t>(n);
  } else if (n == 0) {
    r.kind = IoResult::kEof;
  } else if (err == EAGAIN || err == EWOULDBLOCK) {
    r.kind = IoResult::kWouldBlock;
  } else {
    r.kind = IoResult::kError;
    r.err = err;
  }
  return r;
}

}  // namespace

int64_t monotonic_ns() { return clock_ns(CLOCK_MONOTONIC); }
int64_t realtime_ns() { return clock_ns(CLOCK_REALTIME); }

ClockPair read_clock_pair() {
  ClockPair best;
  best.spread_ns = INT64_MAX;
  for (int i = 0; i < 8 && best.spread_ns > 2'000; ++i) {
    const int64_t before = monotonic_ns();
    const int64_t real = realtime_ns();
    const int64_t after = monotonic_ns();
    if (after - before < best.spread_ns) best = {before + (after - before) / 2, real, after - before};
  }
  best.spread_ns = (best.spread_ns + 1) / 2;
  return best;
}

Status random_bytes(void* out, size_t size) {
  char* p = static_cast<char*>(out);
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::getrandom(p + got, size - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::from_errno("getrandom", errno);
    }
    got += static_cast<size_t>(n);
  }
  return Status::ok();
}

Status random_u64(uint64_t* out) { return random_bytes(out, sizeof *out); }

IoResult read_some(int fd, char* buf, size_t cap) {
  for (;;) {
    ssize_t n = ::read(fd, buf, cap);
    if (n < 0 && errno == EINTR) continue;
    return io_result(n, errno);
  }
}

IoResult send_some(int fd, const char* data, size_t len) {
  for (;;) {
    ssize_t n = ::send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    IoResult r = io_result(n, errno);
    if (r.kind == IoResult::kEof) r.kind = IoResult::kWouldBlock;  // len was 0 or nothing fit
    return r;
  }
}

Status set_blocking(int fd, bool blocking) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK) != 0)
    return Status::from_errno("fcntl", errno);
  return Status::ok();
}

Status write_all(int fd, const char* data, size_t len, const std::string& what) {
  while (len > 0) {
    ssize_t n = ::write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::from_errno("write " + what, errno);
    }
    data += n;
    len -= static_cast<size_t>(n);
  }
  return Status::ok();
}

Status listen_loopback(Fd* out, uint16_t* port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return Status::from_errno("socket", errno);
  sockaddr_in addr = loopback(0);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return Status::from_errno("bind 127.0.0.1:0", errno);
  if (::listen(fd.get(), SOMAXCONN) != 0) return Status::from_errno("listen", errno);
  socklen_t len = sizeof addr;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return Status::from_errno("getsockname", errno);
  *port = ntohs(addr.sin_port);
  *out = std::move(fd);
  return Status::ok();
}

Status connect_loopback(uint16_t port, int timeout_ms, Fd* out) {
  Fd fd;
  Status s = tcp_socket(AF_INET, &fd);
  if (s.is_ok()) s = set_int_option(fd.get(), IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
  if (!s.is_ok()) return s;
  sockaddr_storage addr{};
  const sockaddr_in loop = loopback(port);
  std::memcpy(&addr, &loop, sizeof loop);
  s = connect_within(fd.get(), addr, sizeof loop, timeout_ms, "connect 127.0.0.1:" + std::to_string(port));
  if (!s.is_ok()) return s;
  *out = std::move(fd);
  return Status::ok();
}

Status listen_endpoint(const Endpoint& at, Fd* out) {
  sockaddr_storage addr;
  const socklen_t len = socket_address(at, at.port, &addr);
  Fd fd;
  Status s = tcp_socket(addr.ss_family, &fd);
  if (s.is_ok()) s = set_int_option(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
  if (s.is_ok() && addr.ss_family == AF_INET6) s = set_int_option(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY");
  if (!s.is_ok()) return s;
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), len) != 0)
    return Status::from_errno("bind " + address_text(addr), errno);
  if (::listen(fd.get(), SOMAXCONN) != 0) return Status::from_errno("listen " + address_text(addr), errno);
  *out = std::move(fd);
  return Status::ok();
}

Status connect_endpoint(const Endpoint& to, const Endpoint* from, int timeout_ms, Fd* out) {
  sockaddr_storage addr;
  const socklen_t len = socket_address(to, to.port, &addr);
  const std::string what = "connect " + address_text(addr);
  Fd fd;
  Status s = tcp_socket(addr.ss_family, &fd);
  if (s.is_ok()) s = set_int_option(fd.get(), IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
  if (!s.is_ok()) return s;
  if (from != nullptr) {
    sockaddr_storage source;
    const socklen_t source_len = socket_address(*from, 0, &source);
    if (source.ss_family != addr.ss_family)
      return Status::error(what + " from " + from->text + ": one address is IPv4, the other IPv6");
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&source), source_len) != 0)
      return Status::from_errno(what + ": bind the source address " + address_text(source), errno);
  }
  s = connect_within(fd.get(), addr, len, timeout_ms, what);
  if (!s.is_ok()) return s;
  *out = std::move(fd);
  return Status::ok();
}

Status set_cluster_socket_options(int fd) {
  Status s = set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
  if (s.is_ok()) s = set_int_option(fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
  if (s.is_ok()) s = set_int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE, 5, "TCP_KEEPIDLE");
  if (s.is_ok()) s = set_int_option(fd, IPPROTO_TCP, TCP_KEEPINTVL, 1, "TCP_KEEPINTVL");
  if (s.is_ok()) s = set_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT, 5, "TCP_KEEPCNT");
  if (s.is_ok()) s = set_int_option(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, 10'000, "TCP_USER_TIMEOUT");
  return s;
}

bool same_host(const sockaddr_storage& peer, const Endpoint& listed) {
  sockaddr_storage want;
  socket_address(listed, 0, &want);
  if (peer.ss_family == AF_INET6) {
    const auto* p6 = reinterpret_cast<const sockaddr_in6*>(&peer);
    if (IN6_IS_ADDR_V4MAPPED(&p6->sin6_addr)) {
      if (want.ss_family != AF_INET) return false;
      const in_addr v4 = mapped_v4(p6->sin6_addr);
      return v4.s_addr == reinterpret_cast<const sockaddr_in*>(&want)->sin_addr.s_addr;
    }
    if (want.ss_family != AF_INET6) return false;
    return std::memcmp(&p6->sin6_addr, &reinterpret_cast<const sockaddr_in6*>(&want)->sin6_addr, sizeof(in6_addr)) == 0;
  }
  if (peer.ss_family != AF_INET || want.ss_family != AF_INET) return false;
  return reinterpret_cast<const sockaddr_in*>(&peer)->sin_addr.s_addr ==
         reinterpret_cast<const sockaddr_in*>(&want)->sin_addr.s_addr;
}

IoResult accept_connection(int listen_fd, Fd* out, sockaddr_storage* from) {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0 && from != nullptr) *from = addr;
    if (fd >= 0) {
      *out = Fd(fd);
      IoResult r;
      r.bytes = 1;
      return r;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    return io_result(-1, errno);
  }
}

std::string peer_name(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "unknown peer";
  return address_text(addr);
}

Status raise_open_file_limit(uint64_t need, const std::string& for_what) {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return Status::from_errno("getrlimit", errno);
  if (lim.rlim_cur >= need) return Status::ok();
  if (lim.rlim_max >= need) {
    lim.rlim_cur = need;
    if (::setrlimit(RLIMIT_NOFILE, &lim) == 0) return Status::ok();
  }
  return Status::error("the open-file limit (ulimit -n " + std::to_string(lim.rlim_cur) + ") is too small for " +
                       for_what + ": they need " + std::to_string(need));
}

Status make_eventfd(Fd* out) {
  Fd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!fd.valid()) return Status::from_errno("eventfd", errno);
  *out = std::move(fd);
  return Status::ok();
}

void eventfd_signal(int fd) {
  const int saved = errno;  // signal handlers must leave errno as they found it
  uint64_t one = 1;
  while (::write(fd, &one, sizeof one) < 0 && errno == EINTR) {
  }
  errno = saved;
}

bool eventfd_drain(int fd) {
  uint64_t value = 0;
  ssize_t n;
  do {
    n = ::read(fd, &value, sizeof value);
  } while (n < 0 && errno == EINTR);
  return n == sizeof value && value > 0;
}

Status make_epoll(Fd* out) {
  Fd fd(::epoll_create1(EPOLL_CLOEXEC));
  if (!fd.valid()) return Status::from_errno("epoll_create1", errno);
  *out = std::move(fd);
  return Status::ok();
}

static Status epoll_control(int epfd, int op, int fd, uint32_t events, uint64_t data) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = data;
  if (::epoll_ctl(epfd, op, fd, &ev) != 0) return Status::from_errno("epoll_ctl", errno);
  return Status::ok();
}

Status epoll_add(int epfd, int fd, uint32_t events, uint64_t data) {
  return epoll_control(epfd, EPOLL_CTL_ADD, fd, events, data);
}

Status epoll_modify(int epfd, int fd, uint32_t events, uint64_t data) {
  return epoll_control(epfd, EPOLL_CTL_MOD, fd, events, data);
}

Status make_timerfd(Fd* out) {
  Fd fd(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  if (!fd.valid()) return Status::from_errno("timerfd_create", errno);
  *out = std::move(fd);
  return Status::ok();
}

Status timerfd_arm_at(int fd, int64_t deadline_ns) {
  itimerspec spec{};
  spec.it_value.tv_sec = deadline_ns / 1'000'000'000;
  spec.it_value.tv_nsec = deadline_ns % 1'000'000'000;
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
  if (::timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, nullptr) != 0)
    return Status::from_errno("timerfd_settime", errno);
  return Status::ok();
}

WaitResult wait_readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  int n = ::poll(&p, 1, timeout_ms);
  if (n > 0) return WaitResult::kReady;
  if (n == 0) return WaitResult::kTimeout;
  return errno == EINTR ? WaitResult::kInterrupted : WaitResult::kError;
}

WaitResult wait_until(int fd, short events, int64_t deadline_ns) {
  for (;;) {
    const int64_t left_ns = deadline_ns - monotonic_ns();
    if (left_ns <= 0) return WaitResult::kTimeout;
    pollfd p{fd, events, 0};
    // Rounded up: a wait never ends before its deadline, so a timeout means the deadline passed.
    const int64_t left_ms = std::min<int64_t>((left_ns + 999'999) / 1'000'000, INT32_MAX);
    const int n = ::poll(&p, 1, static_cast<int>(left_ms));
    if (n > 0) return WaitResult::kReady;
    if (n < 0 && errno != EINTR) return WaitResult::kError;
  }
}

bool peer_closed(int fd) {
  pollfd p{fd, POLLRDHUP, 0};
  int n;
  do {
    n = ::poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  return n > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

Status read_sched_stat(int pid, SchedStat* out) {
  const std::string path = "/proc/" + std::to_string(pid) + "/schedstat";
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Status::from_errno("open " + path, errno);
  Fd owned(fd);
  char buf[128];
  ssize_t n;
  do {
    n = ::read(fd, buf, sizeof buf - 1);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return Status::from_errno("read " + path, errno);
  buf[n] = '\0';
  // "<run ns> <wait ns> <timeslices>\n"
  unsigned long long run = 0, waited = 0;
  if (std::sscanf(buf, "%llu %llu", &run, &waited) != 2) return Status::error(path + ": not a schedstat line");
  out->run_ns = static_cast<int64_t>(run);
  out->waited_ns = static_cast<int64_t>(waited);
  return Status::ok();
}

}  // namespace lc
