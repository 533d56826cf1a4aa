// Runs a fuzz target over every file named on the command line (or found in the directories
// named), without libFuzzer: the corpus and every crash ever found stay regression tests in
// the ordinary and sanitizer builds.
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

int replay_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return 1;
  }
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int files = 0, errors = 0;
  for (int i = 1; i < argc; ++i) {
    struct stat st {};
    if (::stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      DIR* d = ::opendir(argv[i]);
      if (!d) continue;
      while (dirent* e = ::readdir(d)) {
        if (e->d_name[0] == '.') continue;
        errors += replay_file(std::string(argv[i]) + "/" + e->d_name);
        ++files;
      }
      ::closedir(d);
    } else {
      errors += replay_file(argv[i]);
      ++files;
    }
  }
  if (files == 0 || errors > 0) {
    std::fprintf(stderr, "replay: %d input(s), %d unreadable\n", files, errors);
    return 1;
  }
  std::printf("replay: %d input(s) passed\n", files);
  return 0;
}
