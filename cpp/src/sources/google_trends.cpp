#include "uptake/sources/google_trends.hpp"

#include <cctype>
#include <cstdlib>
#include <sstream>

#include "uptake/core/errors.hpp"

namespace uptake::sources {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(field);
      field.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  out.push_back(field);
  return out;
}

TrendsTable read_google_trends_csv(const std::string& text_in, const std::string& path, double less_than_one) {
  std::string text = text_in;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text = text.substr(3);  // UTF-8 BOM
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  // The header is the first line followed by a dated row: its first field is Day/Week/Month in any language.
  std::size_t header = lines.size();
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const auto next = split_csv_line(lines[i + 1]);
    const auto fields = split_csv_line(lines[i]);
    if (fields.size() >= 2 && next.size() == fields.size() && next[0].size() >= 7 &&
        std::isdigit(static_cast<unsigned char>(next[0][0])) && next[0][4] == '-') {
      header = i;
      break;
    }
  }
  if (header == lines.size()) {
    throw ParseError("google_trends: " + path + " has no header followed by dated rows (expected a multiTimeline.csv export)");
  }
  TrendsTable t;
  if (header > 0) t.category = lines[0];
  const auto head = split_csv_line(lines[header]);
  t.terms.assign(head.begin() + 1, head.end());
  t.values.assign(t.terms.size(), {});
  for (std::size_t i = header + 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    const auto f = split_csv_line(lines[i]);
    if (f.size() != head.size()) {
      throw ParseError("google_trends: " + path + " line " + std::to_string(i + 1) + " has " + std::to_string(f.size()) +
                       " fields, the header has " + std::to_string(head.size()));
    }
    const std::string& d = f[0];
    if (d.size() > 10 && (d[10] == 'T' || d[10] == ' ')) {
      // Hourly exports (ranges of 7 days or less) label rows with an hour; read as days they would collapse
      // onto duplicate dates, so they are refused rather than guessed at.
      throw ParseError("google_trends: " + path + " is an hourly export (line " + std::to_string(i + 1) + ": '" + d +
                       "'); uptake reads daily, weekly and monthly exports only: download a range longer than 7 days");
    }
    Day day;
    try {
      if (d.size() == 7) {
        day = parse_iso_date(d + "-01");
        t.granularity = "month";
      } else {
        day = parse_iso_date(d.substr(0, 10));
        if (t.granularity.empty() && t.day.size() == 1) t.granularity = (day - t.day[0]) == 7 ? "week" : "day";
      }
    } catch (const std::invalid_argument&) {
      throw ParseError("google_trends: " + path + " line " + std::to_string(i + 1) + ": '" + d + "' is not a date");
    }
    if (!t.day.empty() && day <= t.day.back()) {
      throw ParseError("google_trends: " + path + " line " + std::to_string(i + 1) + ": '" + d +
                       "' does not come after the previous row (duplicate or unordered dates)");
    }
    t.day.push_back(day);
    for (std::size_t j = 1; j < f.size(); ++j) {
      const std::string& v = f[j];
      double value;
      if (v == "<1") {
        value = less_than_one;
      } else {
        char* end = nullptr;
        value = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0' || value < 0 || value > 100) {
          throw ParseError("google_trends: " + path + " line " + std::to_string(i + 1) + ": value '" + v +
                           "' is not 0..100 or <1");
        }
      }
      t.values[j - 1].push_back(value);
    }
  }
  if (t.day.empty()) throw ParseError("google_trends: " + path + " has a header but no rows");
  if (t.granularity.empty()) t.granularity = "day";
  return t;
}

}  // namespace uptake::sources
