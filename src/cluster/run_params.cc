#include "logical_clock/cluster/run_params.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace lc {

namespace {

std::string hex16(uint64_t v) {
  char b[17];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

bool parse_hex16(std::string_view text, uint64_t* out) {
  if (text.size() != 16) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out, 16);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

std::string params_text(const RunPlan& plan, const std::string& addresses) {
  std::string text = "run " + hex16(plan.run_id) + "\nsecret " + hex16(plan.secret) + "\naddresses " + addresses + "\n";
  for (const std::string& arg : run_arguments(plan.options)) text += "arg " + arg + "\n";
  return text;
}

Status parse_params(std::string_view text, Options* options, uint64_t* run_id, uint64_t* secret,
                    std::string* addresses) {
  std::vector<std::string> args = {"logical_clock"};
  bool have_run = false, have_secret = false, have_addresses = false;
  int line = 0;
  while (!text.empty()) {
    ++line;
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return Status::error("params: line " + std::to_string(line) + " has no end");
    const std::string_view item = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    const size_t space = item.find(' ');
    const std::string_view key = item.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? std::string_view() : item.substr(space + 1);
    if (key == "run" && !have_run && parse_hex16(value, run_id) && *run_id != 0) {
      have_run = true;
    } else if (key == "secret" && !have_secret && parse_hex16(value, secret)) {
      have_secret = true;
    } else if (key == "addresses" && !have_addresses && value.size() == 64 &&
               value.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
      have_addresses = true;
      addresses->assign(value);
    } else if (key == "arg" && space != std::string_view::npos && args.size() < 10'000) {
      args.emplace_back(value);
    } else {
      return Status::error("params: line " + std::to_string(line) + " is not a run's parameter");
    }
  }
  if (!have_run || !have_secret || !have_addresses)
    return Status::error("params: no run identity, no secret or no addresses' digest");
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  Status s = parse_options(static_cast<int>(args.size()), argv.data(), options);
  if (!s.is_ok()) return Status::error("params: " + s.message());
  return Status::ok();
}

}  // namespace lc
