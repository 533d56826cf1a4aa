// Cluster keys: --new-key's file (mode 0600 whatever the umask, 64 hex digits, fresh each time,
// never replacing a file), read back whole, and every file refused as a key with its reason.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "check.h"
#include "logical_clock/cluster/cluster_key.h"

namespace {

std::string g_dir;

std::string write_file(const std::string& name, const std::string& text, mode_t mode) {
  std::string path = g_dir + "/" + name;
  std::FILE* out = std::fopen(path.c_str(), "w");
  CHECK(out != nullptr);
  if (out != nullptr) {
    std::fputs(text.c_str(), out);
    std::fclose(out);
  }
  CHECK_EQ(::chmod(path.c_str(), mode), 0);
  return path;
}

std::string load_error(const std::string& path) {
  lc::ClusterKey key{};
  const lc::Status s = lc::load_key(path, &key);
  return s.is_ok() ? "(loaded)" : s.message();
}

void test_new_keys() {
  const mode_t old_umask = ::umask(0);  // a umask that takes nothing away: the mode is still 0600
  const std::string a = g_dir + "/a.key", b = g_dir + "/b.key";
  CHECK(lc::write_new_key(a).is_ok());
  CHECK(lc::write_new_key(b).is_ok());
  ::umask(old_umask);
  struct stat st {};
  CHECK_EQ(::stat(a.c_str(), &st), 0);
  CHECK_EQ(static_cast<unsigned>(st.st_mode & 07777), 0600u);
  CHECK_EQ(static_cast<long>(st.st_size), 65L);
  lc::ClusterKey ka{}, kb{};
  CHECK(lc::load_key(a, &ka).is_ok());
  CHECK(lc::load_key(b, &kb).is_ok());
  CHECK(ka != kb);
  const lc::Status again = lc::write_new_key(a);
  CHECK_EQ(again.message(), a + ": exists; a key is never replaced (remove it first)");
  lc::ClusterKey still{};
  CHECK(lc::load_key(a, &still).is_ok() && still == ka);
  const lc::Status no_dir = lc::write_new_key(g_dir + "/none/k");
  CHECK_EQ(no_dir.message(), g_dir + "/none/k: No such file or directory");
}

void test_known_key() {
  const std::string hex = "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F";
  lc::ClusterKey key{};
  CHECK(lc::load_key(write_file("known", hex + "\n", 0600), &key).is_ok());
  for (size_t i = 0; i < key.size(); ++i) CHECK_EQ(static_cast<size_t>(key[i]), i);
  CHECK(lc::load_key(write_file("no_newline", hex, 0400), &key).is_ok());
}

void test_refused() {
  const std::string hex(64, 'a');
  for (mode_t mode : {0640u, 0604u, 0602u, 0620u, 0666u}) {
    const std::string path = write_file("open", hex + "\n", mode);
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    CHECK_EQ(load_error(path), path + ": others than its owner may read or write it (mode " + octal +
                                   "); a key must be mode 0600: chmod 600 " + path);
  }
  const std::string not_key = ": not a key (64 hex digits, as logical_clock --new-key writes)";
  for (const std::string& text : {std::string(""), std::string(63, 'a'), hex + "a", hex + "\n\n", hex + " \n",
                                  " " + hex, std::string(63, 'a') + "g", hex + "\r\n", std::string(200, 'a')}) {
    const std::string path = write_file("bad", text, 0600);
    CHECK_EQ(load_error(path), path + not_key);
  }
  CHECK_EQ(load_error(g_dir + "/missing"), g_dir + "/missing: No such file or directory");
  CHECK_EQ(load_error(g_dir), g_dir + ": not a regular file");
}

}  // namespace

int main() {
  char dir[] = "/tmp/test_cluster_key.XXXXXX";
  if (::mkdtemp(dir) == nullptr) return 1;
  g_dir = dir;
  test_new_keys();
  test_known_key();
  test_refused();
  for (const char* name : {"a.key", "b.key", "known", "no_newline", "open", "bad"})
    std::remove((g_dir + "/" + name).c_str());
  ::rmdir(dir);
  return lc_test::finish("test_cluster_key");
}
