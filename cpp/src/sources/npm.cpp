#include "uptake/sources/npm.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace uptake::sources {

namespace {
const Day kNpmFirstDay = 16445;  // 2015-01-10, the first day the API has
}

std::vector<PlannedRequest> npm_requests(const std::string& package, Day first, Day last, const std::string& base_url) {
  check_range("npm", first, last);
  if (package.empty() || package.find_first_of(" ,?#") != std::string::npos) {
    throw std::invalid_argument("npm: invalid package name '" + package + "'");
  }
  if (last < kNpmFirstDay) throw std::invalid_argument("npm: the API has no data before 2015-01-10");
  first = std::max(first, kNpmFirstDay);
  // Scoped names (@scope/name) keep their slash in range queries; encode each part.
  std::string encoded;
  const auto slash = package.find('/');
  if (package[0] == '@' && slash != std::string::npos) {
    encoded = "@" + url_encode(package.substr(1, slash - 1)) + "/" + url_encode(package.substr(slash + 1));
  } else {
    encoded = url_encode(package);
  }
  std::vector<PlannedRequest> out;
  for (Day a = first; a <= last; a += 365) {
    const Day b = std::min(last, a + 364);
    PlannedRequest r;
    r.url = join_url(base_url, "downloads/range/" + format_iso_date(a) + ":" + format_iso_date(b) + "/" + encoded);
    r.first = a;
    r.last = b;
    r.ttl = 12 * 3600.0;
    out.push_back(r);
  }
  return out;
}

namespace {
Observations npm_parse_impl(const std::string& body, const std::string& url, Day first, Day last) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) parse_error("npm", url, "expected a JSON object");
  if (doc.contains("error")) parse_error("npm", url, "the API says: " + doc.at("error").dump());
  if (!doc.contains("downloads") || !doc.at("downloads").is_array() || !doc.contains("start") || !doc.contains("end")) {
    parse_error("npm", url, "expected 'start', 'end' and a 'downloads' list");
  }
  const Day start = parse_day("npm", url, doc.at("start").get<std::string>());
  const Day end = parse_day("npm", url, doc.at("end").get<std::string>());
  if (start > first || end < last) {
    parse_error("npm", url, "the server answered " + format_iso_date(start) + " to " + format_iso_date(end) +
                                " for a request of " + format_iso_date(first) + " to " + format_iso_date(last) +
                                " (it clamps long ranges silently)");
  }
  const std::string package = doc.contains("package") && doc.at("package").is_string() ? doc.at("package").get<std::string>() : "";
  Observations out;
  for (const auto& row : doc.at("downloads")) {
    if (!row.is_object() || !row.contains("day") || !row.contains("downloads") || !row.at("downloads").is_number()) {
      parse_error("npm", url, "expected rows with 'day' and 'downloads'");
    }
    out.add(parse_day("npm", url, row.at("day").get<std::string>()), package, row.at("downloads").get<double>());
  }
  return out;
}
}  // namespace

Observations npm_parse(const std::string& body, const std::string& url, Day first, Day last) {
  return guard_json("npm", url, [&] { return npm_parse_impl(body, url, first, last); });
}

}  // namespace uptake::sources
