// The study's input files as lcstudy reads them: text read whole, CSV rows with the line each
// came from and columns found by name (each once), and fields read strictly (a number is
// decimal text, finite and in its range), each error naming the file and line. Plain values.
#pragma once

#include <string>
#include <vector>

#include "logical_clock/base/status.h"

namespace lc::study {

Status read_text(const std::string& path, std::string* text);
std::vector<std::string> split(const std::string& line, char sep);

// A CSV file without quoting (the study's CSVs hold none).
struct Csv {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;  // the line of each row in the file, from 1

  Status load(const std::string& file);
  int column(const std::string& name) const;
  Status need(const std::string& name, int* col) const;
  const std::string& field(size_t row, int col) const { return rows[row][static_cast<size_t>(col)]; }
  std::string where(size_t row) const { return path + ":" + std::to_string(lines[row]); }
};

// A whole number in [lo, hi] (decimal digits, no sign or leading zero).
bool parse_whole(const std::string& text, long long lo, long long hi, long long* out);
// A decimal number ("-1.5", "2e-3"; no nan, inf or hex), finite.
bool parse_number(const std::string& text, double* out);

// Field col of row as a whole number in [lo, hi]; the error names the column and the range.
Status whole_field(const Csv& csv, size_t row, int col, long long lo, long long hi, long long* out);
// Field col of row as a number in [lo, hi]; an empty field is NaN when optional, else an error.
Status number_field(const Csv& csv, size_t row, int col, double lo, double hi, bool optional, double* out);

}  // namespace lc::study
