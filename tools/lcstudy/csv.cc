#include "csv.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>

#include "logical_clock/base/file_io.h"

namespace lc::study {

Status read_text(const std::string& path, std::string* text) {
  return read_whole_file(path, size_t{1} << 20, text);  // no limit in practice: 1 TiB
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t end = line.find(sep, start);
    out.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

Status Csv::load(const std::string& file) {
  path = file;
  std::string text;
  Status s = read_text(file, &text);
  if (!s.is_ok()) return s;
  size_t line_no = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (header.empty()) {
      header = split(line, ',');
      // Columns are found by name: a name given twice would leave one of them unread.
      std::map<std::string, size_t> seen;
      for (size_t i = 0; i < header.size(); ++i)
        if (auto [it, fresh] = seen.emplace(header[i], i); !fresh)
          return Status::error(file + ":" + std::to_string(line_no) + ": column '" + header[i] + "' twice (" +
                               std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")");
      continue;
    }
    rows.push_back(split(line, ','));
    lines.push_back(line_no);
    if (rows.back().size() != header.size())
      return Status::error(where(rows.size() - 1) + ": " + std::to_string(rows.back().size()) +
                           " fields, the header has " + std::to_string(header.size()));
  }
  if (header.empty()) return Status::error(file + ": empty");
  return Status::ok();
}

int Csv::column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

Status Csv::need(const std::string& name, int* col) const {
  *col = column(name);
  return *col >= 0 ? Status::ok() : Status::error(path + ": no column '" + name + "'");
}

bool parse_whole(const std::string& text, long long lo, long long hi, long long* out) {
  if (text.empty() || text.size() > 19 || (text[0] == '0' && text.size() > 1)) return false;
  long long v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return false;
    if (v > (std::numeric_limits<long long>::max() - (ch - '0')) / 10) return false;
    v = v * 10 + (ch - '0');
  }
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool parse_number(const std::string& text, double* out) {
  // strtod alone would take "nan", "inf", "0x1p3" and leading blanks.
  if (text.empty() || text.find_first_not_of("0123456789.-+eE") != std::string::npos) return false;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno != 0 || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

Status whole_field(const Csv& csv, size_t row, int col, long long lo, long long hi, long long* out) {
  const std::string& text = csv.field(row, col);
  if (parse_whole(text, lo, hi, out)) return Status::ok();
  return Status::error(csv.where(row) + ": " + csv.header[static_cast<size_t>(col)] + " '" + text +
                       "' is not a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
}

namespace {

std::string bound_text(double v) {
  if (v >= 1e6) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0e", v);
    return buf;
  }
  std::string t = std::to_string(v);
  while (t.find('.') != std::string::npos && (t.back() == '0' || t.back() == '.')) t.pop_back();
  return t;
}

}  // namespace

Status number_field(const Csv& csv, size_t row, int col, double lo, double hi, bool optional, double* out) {
  const std::string& text = csv.field(row, col);
  const std::string name = csv.header[static_cast<size_t>(col)];
  if (text.empty() && optional) {
    *out = std::nan("");
    return Status::ok();
  }
  double v = 0;
  if (!parse_number(text, &v)) return Status::error(csv.where(row) + ": " + name + " '" + text + "' is not a number");
  if (v < lo || v > hi) {
    const std::string range = hi == std::numeric_limits<double>::max() ? "at least " + bound_text(lo)
                                                                       : "from " + bound_text(lo) + " to " + bound_text(hi);
    return Status::error(csv.where(row) + ": " + name + " " + text + " is out of range (" + range + ")");
  }
  *out = v;
  return Status::ok();
}

}  // namespace lc::study
