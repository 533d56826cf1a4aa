#include "logical_clock/real/machine_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "logical_clock/base/sys.h"
#include "logical_clock/real/machine_runner.h"

namespace lc {

namespace {

// The signal handler's only state: how many SIGTERMs arrived, counted apart by source (the
// parent, which forwards a stop of the run, or anyone else), and the eventfd it pokes so that
// a wait that began just before the signal still wakes at once. g_terms, what the machine acts
// on, is the larger count: the first SIGTERM of either kind stops it, a second of one kind cuts
// its drain short. So a machine that left on a SIGTERM of its own still drains in full when
// the run is then stopped once: the parent's first SIGTERM is not its second.
volatile sig_atomic_t g_terms = 0;
volatile sig_atomic_t g_parent_terms = 0;
volatile sig_atomic_t g_other_terms = 0;
pid_t g_parent = 0;
int g_machine_wake_fd = -1;

void on_term(int, siginfo_t* info, void*) {
  if (info != nullptr && info->si_code == SI_USER && info->si_pid == g_parent) {
    g_parent_terms = g_parent_terms + 1;
  } else {
    g_other_terms = g_other_terms + 1;
  }
  g_terms = g_parent_terms > g_other_terms ? g_parent_terms : g_other_terms;
  if (g_machine_wake_fd >= 0) eventfd_signal(g_machine_wake_fd);
}

}  // namespace

int machine_sigterms() { return g_terms; }
void set_machine_wake_fd(int fd) { g_machine_wake_fd = fd; }

int run_machine(const RunPlan& plan, int id, Fd listen_fd, Fd control_fd, SharedStats* shared) {
  // The parent's handlers are not ours: SIGINT and SIGHUP (Ctrl-C or a hang-up to the group)
  // are the parent's to turn into one SIGTERM per machine; SIGTERM stops this machine;
  // SIGPIPE never helps; SIGXFSZ would kill where a failed write explains itself (EFBIG).
  g_parent = ::getppid();
  struct sigaction sa {};
  sa.sa_sigaction = on_term;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGXFSZ, SIG_IGN);
  ::signal(SIGCHLD, SIG_DFL);
  sigset_t none;  // the parent blocked signals across fork; a SIGTERM held back lands now
  sigemptyset(&none);
  ::pthread_sigmask(SIG_SETMASK, &none, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  MachineRunner runner(plan, id, std::move(control_fd), shared);
  return runner.run(std::move(listen_fd));
}

}  // namespace lc

