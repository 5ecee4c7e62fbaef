#include "uptake/sources/stackexchange.hpp"

#include "json_guard.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "uptake/core/errors.hpp"
#include "uptake/sources/windows.hpp"

namespace uptake::sources {

std::vector<PlannedRequest> stackexchange_requests(const std::string& tag, const std::string& site, Day first, Day last,
                                                   Unit unit, const std::string& key, const std::string& base_url) {
  check_range("stackexchange", first, last);
  if (unit == Unit::Year) unit = Unit::Month;  // a year is twelve months summed by the caller's resampling
  std::vector<PlannedRequest> out;
  for (const auto& [a, b] : period_windows(first, last, unit)) {
    PlannedRequest r;
    // An empty tag counts every question on the site: the denominator of a tag's share.
    r.url = join_url(base_url, "questions?" + (tag.empty() ? std::string() : "tagged=" + url_encode(tag) + "&") +
                                   "site=" + url_encode(site) +
                                   "&fromdate=" + std::to_string(a * 86400) + "&todate=" + std::to_string(b * 86400 + 86399) +
                                   "&filter=total" + (key.empty() ? "" : "&key=" + url_encode(key)));
    r.first = a;
    r.last = b;
    r.ttl = 24 * 3600.0;
    out.push_back(r);
  }
  return out;
}

PlannedRequest stackexchange_tags_request(const std::string& tag, const std::string& site, const std::string& key,
                                          const std::string& base_url) {
  if (tag.empty()) throw std::invalid_argument("stackexchange: empty tag");
  PlannedRequest r;
  r.url = join_url(base_url, "tags?inname=" + url_encode(tag) + "&site=" + url_encode(site) +
                                 "&order=desc&sort=popular&pagesize=10" + (key.empty() ? "" : "&key=" + url_encode(key)));
  r.ttl = 7 * 24 * 3600.0;
  return r;
}

namespace {
std::vector<std::string> stackexchange_tag_names_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("items") || !doc.at("items").is_array()) {
    parse_error("stackexchange", url, "expected {\"items\": [...]}");
  }
  std::vector<std::string> out;
  for (const auto& item : doc.at("items")) {
    if (item.is_object() && item.contains("name") && item.at("name").is_string()) out.push_back(item.at("name").get<std::string>());
  }
  return out;
}
}  // namespace

std::vector<std::string> stackexchange_tag_names(const std::string& body, const std::string& url) {
  return guard_json("stackexchange", url, [&] { return stackexchange_tag_names_impl(body, url); });
}

namespace {
Observations stackexchange_parse_impl(const std::string& body, const std::string& url, Day window_start, const std::string& tag) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) parse_error("stackexchange", url, "expected a JSON object");
  if (doc.contains("error_id")) {
    const std::string msg = doc.contains("error_message") ? doc.at("error_message").get<std::string>() : "";
    const std::string name = doc.contains("error_name") ? doc.at("error_name").get<std::string>() : "";
    throw NetworkError("stackexchange: " + name + ": " + msg + " (" + url + ")");
  }
  if (!doc.contains("total") || !doc.at("total").is_number()) parse_error("stackexchange", url, "expected {\"total\": N}");
  Observations out;
  out.add(window_start, tag, doc.at("total").get<double>());
  return out;
}
}  // namespace

Observations stackexchange_parse(const std::string& body, const std::string& url, Day window_start, const std::string& tag) {
  return guard_json("stackexchange", url, [&] { return stackexchange_parse_impl(body, url, window_start, tag); });
}

}  // namespace uptake::sources
