#include "uptake/sources/wikimedia.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>
#include <stdexcept>

namespace uptake::sources {

PlannedRequest wikimedia_request(const std::string& article, const std::string& project, const std::string& access,
                                 const std::string& agent, Day first, Day last, const std::string& base_url) {
  check_range("wikipedia_pageviews", first, last);
  if (article.empty()) throw std::invalid_argument("wikipedia_pageviews: empty article title");
  for (const auto& [what, value, allowed] :
       {std::tuple<std::string, std::string, std::vector<std::string>>{"access", access, {"all-access", "desktop", "mobile-app", "mobile-web"}},
        {"agent", agent, {"all-agents", "user", "spider", "automated"}}}) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      throw std::invalid_argument("wikipedia_pageviews: unknown " + what + " '" + value + "'");
    }
  }
  std::string title = article;
  for (char& c : title) {
    if (c == ' ') c = '_';
  }
  PlannedRequest r;
  r.url = join_url(base_url, "metrics/pageviews/per-article/" + url_encode(project) + "/" + access + "/" + agent + "/" +
                                 url_encode(title) + "/daily/" + compact_date(first) + "00/" + compact_date(last) + "00");
  r.first = first;
  r.last = last;
  r.ttl = 12 * 3600.0;
  return r;
}

namespace {
Observations wikimedia_parse_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) parse_error("wikipedia_pageviews", url, "expected a JSON object");
  if (!doc.contains("items") || !doc.at("items").is_array()) {
    const std::string detail = doc.contains("detail") ? doc.at("detail").dump() : doc.dump().substr(0, 200);
    parse_error("wikipedia_pageviews", url, "expected an 'items' list; the server says " + detail);
  }
  Observations out;
  for (const auto& row : doc.at("items")) {
    if (!row.contains("timestamp") || !row.contains("views") || !row.at("views").is_number()) {
      parse_error("wikipedia_pageviews", url, "expected items with 'timestamp' and 'views'");
    }
    const std::string agent = row.contains("agent") && row.at("agent").is_string() ? row.at("agent").get<std::string>() : "";
    out.add(parse_day("wikipedia_pageviews", url, row.at("timestamp").get<std::string>()), agent, row.at("views").get<double>());
  }
  return out;
}
}  // namespace

Observations wikimedia_parse(const std::string& body, const std::string& url) {
  return guard_json("wikipedia_pageviews", url, [&] { return wikimedia_parse_impl(body, url); });
}

}  // namespace uptake::sources
