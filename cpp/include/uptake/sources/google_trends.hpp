#pragma once
// Google Trends "Download CSV" exports (multiTimeline.csv): a category line, a blank line, then a header whose
// first field is Day/Week/Month/Time in the UI's language (parsed by position, not text), one column per term
// "<term>: (<geo>)", values 0..100 or "<1". Quoted fields and a UTF-8 BOM are handled.
#include <string>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

struct TrendsTable {
  std::string granularity;          // "day" | "week" | "month"
  std::vector<std::string> terms;   // column headers as exported
  std::vector<Day> day;             // first day of each row's period
  std::vector<std::vector<double>> values;  // values[term][row]
  std::string category;
};

// less_than_one: the number "<1" becomes (0.5 by default: between 0 and 1).
TrendsTable read_google_trends_csv(const std::string& text, const std::string& path, double less_than_one);
std::vector<std::string> split_csv_line(const std::string& line);

}  // namespace uptake::sources
