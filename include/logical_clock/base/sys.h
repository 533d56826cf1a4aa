// The project's syscalls, each wrapped once: EINTR is retried here, errno is turned into a
// Status with context here, and every descriptor is created CLOEXEC (sockets also NONBLOCK
// unless a function says otherwise). Stateless functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

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

// Writes all of data to a blocking fd, advancing past partial writes. `what` names the file.
Status write_all(int fd, const char* data, size_t len, const std::string& what);

// A listening TCP socket on 127.0.0.1 with a port chosen by the kernel (port 0).
Status listen_loopback(Fd* out, uint16_t* port);
// Connects to 127.0.0.1:port within timeout_ms; the socket is non-blocking, TCP_NODELAY.
Status connect_loopback(uint16_t port, int timeout_ms, Fd* out);
// accept4 with CLOEXEC|NONBLOCK. Returns kWouldBlock when nothing is pending.
IoResult accept_connection(int listen_fd, Fd* out);
// The peer address of a socket as "127.0.0.1:5555", for reports.
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

// Whether the other end of the connected socket fd has closed or reset the connection, as far
// as this side has heard by now (POLLRDHUP, POLLHUP or POLLERR); reads nothing, never waits.
bool peer_closed(int fd);

}  // namespace lc
