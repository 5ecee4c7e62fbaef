#include "uptake/sources/github.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "uptake/core/errors.hpp"

namespace uptake::sources {

void check_repo_name(const std::string& repo) {
  const auto slash = repo.find('/');
  const bool ok = slash != std::string::npos && slash > 0 && slash + 1 < repo.size() &&
                  repo.find('/', slash + 1) == std::string::npos &&
                  std::all_of(repo.begin(), repo.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
                  });
  if (!ok) throw std::invalid_argument("github: repository must be 'owner/name', got '" + repo + "'");
}

PlannedRequest github_repo_request(const std::string& repo, const std::string& base_url) {
  check_repo_name(repo);
  PlannedRequest r;
  r.url = join_url(base_url, "repos/" + repo);
  r.headers = {{"Accept", "application/vnd.github+json"}};
  r.ttl = 3600.0;
  return r;
}

PlannedRequest github_commit_activity_request(const std::string& repo, const std::string& base_url) {
  PlannedRequest r = github_repo_request(repo, base_url);
  r.url += "/stats/commit_activity";
  r.ttl = 24 * 3600.0;
  return r;
}

PlannedRequest github_star_history_request(const std::string& repo, int page, const std::string& base_url) {
  PlannedRequest r = github_repo_request(repo, base_url);
  r.url += "/stargazers/history?per_page=30&page=" + std::to_string(page);
  r.headers.emplace_back("X-GitHub-Api-Version", "2026-03-10");
  r.ttl = 24 * 3600.0;
  return r;
}

namespace {
nlohmann::json parse_json(const std::string& body, const std::string& url) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) parse_error("github", url, "the response is not JSON");
  if (doc.is_object() && doc.contains("message") && !doc.contains("stargazers_count")) {
    throw NetworkError("github: " + doc.at("message").dump() + " (" + url + ")");
  }
  return doc;
}

double number(const nlohmann::json& doc, const char* key, const std::string& url) {
  if (!doc.contains(key) || !doc[key].is_number()) parse_error("github", url, std::string("expected a number '") + key + "'");
  return doc[key].get<double>();
}
}  // namespace

namespace {
Observations github_repo_parse_impl(const std::string& body, const std::string& url, Day today) {
  const auto doc = parse_json(body, url);
  if (!doc.is_object()) parse_error("github", url, "expected a repository object");
  Observations out;
  out.add(today, "stars", number(doc, "stargazers_count", url));
  out.add(today, "forks", number(doc, "forks_count", url));
  out.add(today, "watchers", doc.contains("subscribers_count") ? number(doc, "subscribers_count", url) : std::nan(""));
  out.add(today, "open_issues", number(doc, "open_issues_count", url));
  return out;
}
}  // namespace

Observations github_repo_parse(const std::string& body, const std::string& url, Day today) {
  return guard_json("github", url, [&] { return github_repo_parse_impl(body, url, today); });
}

namespace {
Observations github_commit_activity_parse_impl(const std::string& body, const std::string& url) {
  const auto doc = parse_json(body.empty() ? "[]" : body, url);
  if (!doc.is_array()) parse_error("github", url, "expected a list of weeks");
  Observations out;
  for (const auto& w : doc) {
    const double week = number(w, "week", url);
    out.add(static_cast<Day>(std::floor(week / 86400.0)), "commits", number(w, "total", url));
  }
  return out;
}
}  // namespace

Observations github_commit_activity_parse(const std::string& body, const std::string& url) {
  return guard_json("github", url, [&] { return github_commit_activity_parse_impl(body, url); });
}

namespace {
Observations github_star_history_parse_impl(const std::string& body, const std::string& url) {
  const auto doc = parse_json(body, url);
  if (!doc.is_array()) parse_error("github", url, "expected a list of weekly buckets");
  Observations out;
  for (const auto& w : doc) {
    const auto start = static_cast<Day>(std::floor(number(w, "week", url) / 86400.0));
    // Every bucket gives its week's total ("stars_week"); buckets with a per-day breakdown also give their
    // days ("stars"). The caller returns daily values only when every bucket had them.
    if (w.contains("days") && w.at("days").is_array() && w.at("days").size() == 7) {
      double sum = 0.0;
      for (std::size_t i = 0; i < 7; ++i) {
        const auto& d = w.at("days").at(i);
        if (!d.is_number()) parse_error("github", url, "expected 7 numbers in 'days'");
        sum += d.get<double>();
        out.add(start + static_cast<Day>(i), "stars", d.get<double>());
      }
      out.add(start, "stars_week", w.contains("total") ? number(w, "total", url) : sum);
    } else {
      out.add(start, "stars_week", number(w, "total", url));
    }
  }
  return out;
}
}  // namespace

Observations github_star_history_parse(const std::string& body, const std::string& url) {
  return guard_json("github", url, [&] { return github_star_history_parse_impl(body, url); });
}

}  // namespace uptake::sources
