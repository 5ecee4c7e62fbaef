#include "uptake/sources/openalex.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "uptake/core/errors.hpp"
#include "uptake/sources/windows.hpp"

namespace uptake::sources {

std::string openalex_search_value(const std::string& search) {
  // OpenAlex's filter syntax has no escape: ',' separates filters, '|' ORs values, a leading '!' negates, and
  // URL-encoding does not help (the server decodes first). In a text search these are only word separators,
  // so they become spaces; a search left empty is refused.
  std::string out;
  for (char c : search) out.push_back(c == ',' || c == '|' || c == ':' ? ' ' : c);
  const auto b = out.find_first_not_of(" !");
  if (b == std::string::npos) throw std::invalid_argument("openalex: search '" + search + "' has no words to search for");
  out = out.substr(b);
  return out.substr(0, out.find_last_not_of(' ') + 1);
}

std::vector<PlannedRequest> openalex_requests(const std::string& search, Day first, Day last, Unit unit,
                                              const std::string& api_key, const std::string& base_url) {
  check_range("openalex", first, last);
  if (search.empty()) throw std::invalid_argument("openalex: empty search");
  const std::string key = api_key.empty() ? "" : "&api_key=" + url_encode(api_key);
  const std::string filter_base = "title_and_abstract.search:" + openalex_search_value(search);
  // One request per window: yearly counts come grouped in a single answer, monthly ones one per month.
  const auto request = [&](Day a, Day b, const std::string& tail) {
    PlannedRequest r;
    r.url = join_url(base_url, "works?filter=" + url_encode(filter_base + ",from_publication_date:" + format_iso_date(a) +
                                                            ",to_publication_date:" + format_iso_date(b)) +
                                   tail + key);
    r.first = a;
    r.last = b;
    r.ttl = 7 * 24 * 3600.0;
    return r;
  };
  if (unit == Unit::Year) return {request(first, last, "&group_by=publication_year")};
  std::vector<PlannedRequest> out;
  for (const auto& [a, b] : period_windows(first, last, unit)) out.push_back(request(a, b, "&per_page=1"));
  return out;
}

namespace {
Observations openalex_parse_impl(const std::string& body, const std::string& url, Day window_start, const std::string& search,
                            bool grouped) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) parse_error("openalex", url, "expected a JSON object");
  if (doc.contains("error")) {
    const std::string msg = doc.contains("message") ? doc.at("message").dump() : "";
    throw NetworkError("openalex: " + doc.at("error").dump() + " " + msg + " (" + url + ")");
  }
  Observations out;
  if (grouped) {
    if (!doc.contains("group_by") || !doc.at("group_by").is_array()) parse_error("openalex", url, "expected a 'group_by' list");
    std::vector<std::pair<int, double>> years;
    for (const auto& g : doc.at("group_by")) {
      if (!g.contains("key") || !g.contains("count")) parse_error("openalex", url, "expected groups with 'key' and 'count'");
      const std::string k = g.at("key").is_string() ? g.at("key").get<std::string>() : g.at("key").dump();
      if (k == "unknown") continue;
      try {
        years.emplace_back(std::stoi(k), g.at("count").get<double>());
      } catch (const std::exception&) {
        parse_error("openalex", url, "group key '" + k + "' is not a year");
      }
    }
    std::sort(years.begin(), years.end());
    for (const auto& [y, c] : years) out.add(days_from_civil(y, 1, 1), search, c);
    return out;
  }
  if (!doc.contains("meta") || !doc.at("meta").contains("count") || !doc.at("meta")["count"].is_number()) {
    parse_error("openalex", url, "expected meta.count");
  }
  out.add(window_start, search, doc.at("meta")["count"].get<double>());
  return out;
}
}  // namespace

Observations openalex_parse(const std::string& body, const std::string& url, Day window_start, const std::string& search,
                            bool grouped) {
  return guard_json("openalex", url, [&] { return openalex_parse_impl(body, url, window_start, search, grouped); });
}

}  // namespace uptake::sources
