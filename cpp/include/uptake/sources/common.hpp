#pragma once
// What every source shares: the requests it plans (no HTTP here) and the long-format observations its parser
// returns (a day, a key such as a category or term, a value). Parsers throw ParseError naming the source,
// the URL and what they expected.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "uptake/core/calendar.hpp"

namespace uptake::sources {

struct PlannedRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  double ttl = 6 * 3600.0;  // seconds a cached answer stays fresh
  Day first = 0, last = 0;  // the period this request covers (for parsers that check clamping)
  std::vector<std::string> permanent_errors;  // 5xx body markers of a request that retrying cannot fix
};

struct Observations {
  std::vector<Day> day;
  std::vector<std::string> key;
  std::vector<double> value;
  void add(Day d, std::string k, double v) {
    day.push_back(d);
    key.push_back(std::move(k));
    value.push_back(v);
  }
};

// Percent-encoding of one path segment or query value (RFC 3986 unreserved characters kept).
std::string url_encode(const std::string& text);
// base without trailing slash + path
std::string join_url(const std::string& base, const std::string& path);
[[noreturn]] void parse_error(const std::string& source, const std::string& url, const std::string& what);
// Days since epoch of "YYYY-MM-DD" or of the date part of "YYYY-MM-DDTHH:MM:SSZ" / "YYYYMMDDHH" stamps.
Day parse_day(const std::string& source, const std::string& url, const std::string& text);
// "YYYYMMDD" for day d.
std::string compact_date(Day d);
// Validates a day range given by the caller.
void check_range(const std::string& source, Day first, Day last);

}  // namespace uptake::sources
