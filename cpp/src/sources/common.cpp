#include "uptake/sources/common.hpp"

#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "uptake/core/errors.hpp"

namespace uptake::sources {

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string join_url(const std::string& base, const std::string& path) {
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + (path.empty() || path[0] == '/' ? "" : "/") + path;
}

void parse_error(const std::string& source, const std::string& url, const std::string& what) {
  throw ParseError(source + ": cannot read the response of " + url + ": " + what);
}

Day parse_day(const std::string& source, const std::string& url, const std::string& text) {
  try {
    if (text.size() >= 10 && text[4] == '-') return parse_iso_date(text.substr(0, 10));
    if (text.size() >= 8 && std::isdigit(static_cast<unsigned char>(text[0]))) {
      return parse_iso_date(text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2));
    }
  } catch (const std::invalid_argument&) {
  }
  parse_error(source, url, "expected a date, got '" + text.substr(0, 40) + "'");
}

std::string compact_date(Day d) {
  const CivilDate c = civil_from_days(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", c.year, c.month, c.day);
  return buf;
}

void check_range(const std::string& source, Day first, Day last) {
  if (last < first) {
    throw std::invalid_argument(source + ": end " + format_iso_date(last) + " is before start " + format_iso_date(first));
  }
}

}  // namespace uptake::sources
