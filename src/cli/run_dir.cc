#include "logical_clock/cli/run_dir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <vector>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/log/log_format.h"

namespace lc {

namespace {

Status list_logs(const std::string& dir, std::vector<std::string>* logs) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return Status::from_errno("open directory " + dir, errno);
  while (dirent* e = ::readdir(d))  // NOLINT(concurrency-mt-unsafe): one stream, one thread
    if (is_log_file_name(e->d_name)) logs->push_back(dir + "/" + e->d_name);
  ::closedir(d);
  return Status::ok();
}

// The longest existing prefix of dir must be a directory we may create entries in.
Status check_creatable(const std::string& dir) {
  std::string probe = dir;
  for (;;) {
    struct stat st{};
    if (::stat(probe.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Status::error("--out: " + probe + " is not a directory");
      if (::access(probe.c_str(), W_OK | X_OK) != 0)
        return Status::from_errno("--out: cannot write in " + probe, errno);
      return Status::ok();
    }
    if (errno != ENOENT) return Status::from_errno("--out: " + probe, errno);
    const size_t slash = probe.find_last_of('/');
    if (slash == std::string::npos) probe = ".";
    else if (slash == 0) probe = "/";
    else probe.resize(slash);
  }
}

Status mkdir_parents(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    const std::string part = dir.substr(0, pos);
    if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST)
      return Status::from_errno("create directory " + part, errno);
  }
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return Status::error("create directory " + dir + ": not a directory");
  return Status::ok();
}

}  // namespace

Status write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return Status::from_errno("open " + tmp, errno);
  Status s = write_all(fd.get(), text.data(), text.size(), tmp);
  fd.reset();
  if (s.is_ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = Status::from_errno("rename " + tmp, errno);
  if (!s.is_ok()) ::unlink(tmp.c_str());
  return s;
}

ReservedFile::~ReservedFile() {
  if (fd_.valid()) ::unlink(tmp_.c_str());
}

Status ReservedFile::reserve(const std::string& path) {
  tmp_ = path + ".tmp";
  fd_ = Fd(::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd_.valid()) return Status::from_errno("open " + tmp_, errno);
  const int err = ::posix_fallocate(fd_.get(), 0, static_cast<off_t>(kReserveBytes));
  if (err != 0) {
    fd_.reset();
    ::unlink(tmp_.c_str());
    return Status::from_errno("reserve " + tmp_, err);
  }
  return Status::ok();
}

Status ReservedFile::commit(const std::string& path, const std::string& text) {
  if (!fd_.valid()) return write_file_atomically(path, text);
  Status s = write_all(fd_.get(), text.data(), text.size(), tmp_);
  if (s.is_ok() && ::ftruncate(fd_.get(), static_cast<off_t>(text.size())) != 0)
    s = Status::from_errno("truncate " + tmp_, errno);
  fd_.reset();
  if (s.is_ok() && ::rename(tmp_.c_str(), path.c_str()) != 0) s = Status::from_errno("rename " + tmp_, errno);
  if (!s.is_ok()) ::unlink(tmp_.c_str());
  return s;
}

Status check_out_dir(const std::string& dir, bool force) {
  struct stat st{};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) return Status::from_errno("--out " + dir, errno);
    return check_creatable(dir);
  }
  if (!S_ISDIR(st.st_mode)) return Status::error("--out " + dir + " is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    return Status::from_errno("--out: cannot write in " + dir, errno);
  std::vector<std::string> logs;
  Status s = list_logs(dir, &logs);
  if (!s.is_ok()) return s;
  if (!logs.empty() && !force)
    return Status::error("--out " + dir + " already holds " + std::to_string(logs.size()) +
                         " vm_*.log file(s); add --force to replace them");
  return Status::ok();
}

Status make_out_dir(const std::string& dir, bool force) {
  Status s = mkdir_parents(dir);
  if (!s.is_ok() || !force) return s;
  std::vector<std::string> logs;
  s = list_logs(dir, &logs);
  logs.push_back(dir + "/run.txt");  // the old run's ending, if any, goes with its logs
  for (const std::string& log : logs)
    if (s.is_ok() && ::unlink(log.c_str()) != 0 && errno != ENOENT)
      s = Status::from_errno("remove " + log, errno);
  return s;
}

Status make_default_run_dir(const std::string& root, std::string* dir) {
  Status s = mkdir_parents(root);
  if (!s.is_ok()) return s;
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  std::string name;
  for (int k = 1;; ++k) {
    name = k == 1 ? stamp : std::string(stamp) + "-" + std::to_string(k);
    if (::mkdir((root + "/" + name).c_str(), 0755) == 0) break;
    if (errno != EEXIST) return Status::from_errno("create directory " + root + "/" + name, errno);
  }
  *dir = root + "/" + name;
  // Replace runs/latest atomically: a new link beside it, renamed over it.
  const std::string tmp = root + "/.latest." + std::to_string(::getpid());
  ::unlink(tmp.c_str());
  if (::symlink(name.c_str(), tmp.c_str()) != 0 || ::rename(tmp.c_str(), (root + "/latest").c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Status::from_errno("point " + root + "/latest at " + name, err);
  }
  return Status::ok();
}

}  // namespace lc
