#include "uptake/sources/pypi_json.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "uptake/sources/pypistats.hpp"
#include "uptake/sources/repository_url.hpp"

namespace uptake::sources {

PlannedRequest pypi_json_request(const std::string& name, const std::string& base_url) {
  PlannedRequest r;
  r.url = join_url(base_url, url_encode(normalize_pypi_name(name)) + "/json");
  r.ttl = 7 * 24 * 3600.0;  // identities change rarely; a week keeps resolution cheap and offline-friendly
  return r;
}

namespace {

// PEP 753 label normalisation, reduced to what ranking needs: lower case, letters and digits only.
std::string label_key(const std::string& label) {
  std::string out;
  for (unsigned char c : label) {
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

int label_rank(const std::string& label) {
  const std::string k = label_key(label);
  for (const char* word : {"source", "code", "repo", "github"}) {
    if (k.find(word) != std::string::npos) return 0;
  }
  return k == "homepage" || k == "home" ? 1 : 2;
}

std::string string_or_empty(const nlohmann::json& obj, const char* key) {
  return obj.contains(key) && obj.at(key).is_string() ? obj.at(key).get<std::string>() : "";
}

PypiProject pypi_json_parse_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("info") || !doc.at("info").is_object()) {
    parse_error("pypi", url, "expected a JSON object with an 'info' object");
  }
  const auto& info = doc.at("info");
  PypiProject p;
  p.name = string_or_empty(info, "name");
  if (p.name.empty()) parse_error("pypi", url, "expected 'info.name'");
  try {
    p.normalized = normalize_pypi_name(p.name);
  } catch (const std::invalid_argument&) {
    parse_error("pypi", url, "'info.name' is not a valid project name");
  }
  p.summary = string_or_empty(info, "summary");
  p.home_page = string_or_empty(info, "home_page");
  if (info.contains("project_urls") && info.at("project_urls").is_object()) {
    for (const auto& [label, link] : info.at("project_urls").items()) {
      if (link.is_string()) p.project_urls.emplace_back(label, link.get<std::string>());
    }
  }
  std::vector<std::pair<std::string, std::string>> candidates = p.project_urls;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return label_rank(a.first) < label_rank(b.first); });
  candidates.emplace_back("home_page", p.home_page);
  candidates.emplace_back("download_url", string_or_empty(info, "download_url"));
  for (const auto& [label, link] : candidates) {
    p.repository = github_repository(link);
    if (!p.repository.empty()) {
      p.repository_label = label;
      break;
    }
  }
  return p;
}

}  // namespace

PypiProject pypi_json_parse(const std::string& body, const std::string& url) {
  return guard_json("pypi", url, [&] { return pypi_json_parse_impl(body, url); });
}

}  // namespace uptake::sources
