#include "uptake/sources/pypistats.hpp"

#include "json_guard.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace uptake::sources {

std::string normalize_pypi_name(const std::string& name) {
  // PEP 503: lower case, runs of -, _ and . become one -.
  std::string out;
  bool dash = false;
  for (unsigned char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      dash = true;
      continue;
    }
    if (!std::isalnum(c)) throw std::invalid_argument("pypi: invalid character in package name '" + name + "'");
    if (dash && !out.empty()) out.push_back('-');
    dash = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  if (out.empty()) throw std::invalid_argument("pypi: empty package name");
  return out;
}

PlannedRequest pypistats_request(const std::string& package, const std::string& kind, const std::string& base_url) {
  if (kind != "overall" && kind != "system" && kind != "python_minor" && kind != "python_major") {
    throw std::invalid_argument("pypistats: kind must be 'overall', 'system', 'python_minor' or 'python_major', got '" +
                                kind + "'");
  }
  PlannedRequest r;
  r.url = join_url(base_url, "packages/" + url_encode(normalize_pypi_name(package)) + "/" + kind);
  r.ttl = 6 * 3600.0;  // the server updates once a day
  return r;
}

namespace {
Observations pypistats_parse_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("data") || !doc.at("data").is_array()) {
    parse_error("pypistats", url, "expected a JSON object with a 'data' list");
  }
  Observations out;
  for (const auto& row : doc.at("data")) {
    if (!row.is_object() || !row.contains("date") || !row.contains("downloads") || !row.at("date").is_string() ||
        !row.at("downloads").is_number()) {
      parse_error("pypistats", url, "expected rows with 'date' and 'downloads'");
    }
    const std::string category = row.contains("category") && row.at("category").is_string() ? row.at("category").get<std::string>() : "";
    out.add(parse_day("pypistats", url, row.at("date").get<std::string>()), category, row.at("downloads").get<double>());
  }
  return out;
}
}  // namespace

Observations pypistats_parse(const std::string& body, const std::string& url) {
  return guard_json("pypistats", url, [&] { return pypistats_parse_impl(body, url); });
}

}  // namespace uptake::sources
