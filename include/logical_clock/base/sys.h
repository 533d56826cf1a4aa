// The project's syscalls, each wrapped once: EINTR is retried here, errno is turned into a
// Status with context here, and every descriptor is created CLOEXEC (sockets also NONBLOCK
// unless a function says otherwise). Stateless functions; safe from any thread.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "logical_clock/base/endpoint.h"
#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"

namespace lc {

// strerror(err), safe from any thread.
std::string errno_text(int err);
// "Killed", "Terminated"...: the name of a signal, safe from any thread.
std::string signal_text(int sig);

// Nanoseconds on CLOCK_MONOTONIC (intervals, deadlines) and CLOCK_REALTIME (log rows only).
int64_t monotonic_ns();
int64_t realtime_ns();
// The two clocks read as one instant: CLOCK_REALTIME between two readings of CLOCK_MONOTONIC,
// the closest pair of a few tries (a busy host can preempt between any two readings), the
// monotonic reading their midpoint. `spread_ns` bounds how far apart the two
// readings' instants may be.
struct ClockPair {
  int64_t monotonic_ns = 0;
  int64_t realtime_ns = 0;
  int64_t spread_ns = 0;
};
ClockPair read_clock_pair();

// Random bytes from the kernel (getrandom), for seeds, the per-run secret, keys and nonces.
Status random_bytes(void* out, size_t size);
Status random_u64(uint64_t* out);

// Result of one non-blocking read or write.
struct IoResult {
  enum Kind { kDone, kEof, kWouldBlock, kError };
  Kind kind = kDone;
  size_t bytes = 0;  // kDone: bytes moved (> 0)
  int err = 0;       // kError: errno
};
IoResult read_some(int fd, char* buf, size_t cap);
// send(MSG_NOSIGNAL): a dead peer is an error result, never SIGPIPE.
IoResult send_some(int fd, const char* data, size_t len);
// Makes fd's reads and writes block (or not).
Status set_blocking(int fd, bool blocking);

// Writes all of data to a blocking fd, advancing past partial writes. `what` names the file.
Status write_all(int fd, const char* data, size_t len, const std::string& what);

// A listening TCP socket on 127.0.0.1 with a port chosen by the kernel (port 0).
Status listen_loopback(Fd* out, uint16_t* port);
// Connects to 127.0.0.1:port within timeout_ms; the socket is non-blocking, TCP_NODELAY.
Status connect_loopback(uint16_t port, int timeout_ms, Fd* out);
// A listening TCP socket bound to exactly `at`'s address and port (SO_REUSEADDR, so that a
// run may follow another at once), non-blocking; an IPv6 one takes IPv6 only (IPV6_V6ONLY).
// An IPv4-mapped IPv6 address ([::ffff:A.B.C.D]) listens as the IPv4 address it is.
Status listen_endpoint(const Endpoint& at, Fd* out);
// Connects to `to` within timeout_ms, as connect_loopback does (non-blocking, TCP_NODELAY; a
// refusal is an error at once, not retried). With `from`, the socket is first bound to from's
// address, port 0 (any free one), so that the acceptor sees the address a cluster file lists
// for this host whatever the route; `from` and `to` must then be of one family.
Status connect_endpoint(const Endpoint& to, const Endpoint* from, int timeout_ms, Fd* out);
// The options of a connection between hosts: TCP_NODELAY; keepalive probes after 5 s of
// silence, every 1 s, 5 of them; TCP_USER_TIMEOUT 10000 ms. So a connection whose other end
// is silent for about 10 s (5 s idle, then 5 probes unanswered), or whose bytes sent stay
// unacknowledged for 10 s (the host is gone, the network cut, its window shut), is dead: its
// reads and writes fail with ETIMEDOUT, as a crashed peer's would with a reset.
Status set_cluster_socket_options(int fd);
// Whether `peer` (a connection's source, as accept_connection gives it) is the host `listed`
// names: the same address, whatever the ports; an IPv4-mapped IPv6 address is its IPv4 one.
bool same_host(const sockaddr_storage& peer, const Endpoint& listed);
// accept4 with CLOEXEC|NONBLOCK. Returns kWouldBlock when nothing is pending. With `from`, the
// connection's source address too.
IoResult accept_connection(int listen_fd, Fd* out, sockaddr_storage* from = nullptr);
// The peer address of a socket as "127.0.0.1:5555" or "[::1]:5555", for reports.
std::string peer_name(int fd);

// Raises the soft limit on open files to at least `need` (up to the hard limit). The error
// names the limit, `need` and what needs them ("3 machines' logs").
Status raise_open_file_limit(uint64_t need, const std::string& for_what);

Status make_eventfd(Fd* out);
// Adds 1 to an eventfd. Async-signal-safe (used from signal handlers).
void eventfd_signal(int fd);
// Resets an eventfd to 0; returns whether it was signalled.
bool eventfd_drain(int fd);

Status make_epoll(Fd* out);
Status epoll_add(int epfd, int fd, uint32_t events, uint64_t data);
Status epoll_modify(int epfd, int fd, uint32_t events, uint64_t data);

// A CLOCK_MONOTONIC timerfd, armed for one absolute deadline.
Status make_timerfd(Fd* out);
Status timerfd_arm_at(int fd, int64_t deadline_ns);

// The kernel's scheduling account of process `pid`'s main thread (/proc/<pid>/schedstat):
// nanoseconds run on a CPU, and spent runnable waiting for one. An error when the kernel keeps
// none (no CONFIG_SCHED_INFO) or the process is gone.
struct SchedStat {
  int64_t run_ns = 0;
  int64_t waited_ns = 0;
};
Status read_sched_stat(int pid, SchedStat* out);

// Blocks until fd is readable, or timeout_ms passes (-1: no limit). Retries EINTR only when
// the caller asks, so that a signal handler that sets a flag can be seen by the caller.
enum class WaitResult { kReady, kTimeout, kInterrupted, kError };
WaitResult wait_readable(int fd, int timeout_ms);

// Blocks until fd is ready for `events` (POLLIN, POLLOUT; its end or an error counts as
// ready) or CLOCK_MONOTONIC deadline_ns passes. EINTR is retried until the deadline.
WaitResult wait_until(int fd, short events, int64_t deadline_ns);

// Whether the other end of the connected socket fd has closed or reset the connection, as far
// as this side has heard by now (POLLRDHUP, POLLHUP or POLLERR); reads nothing, never waits.
bool peer_closed(int fd);

}  // namespace lc
