#include "uptake/sources/npm_registry.hpp"

#include "json_guard.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "uptake/sources/repository_url.hpp"

namespace uptake::sources {

PlannedRequest npm_registry_request(const std::string& package, const std::string& base_url) {
  if (package.empty() || package.find_first_of(" ,?#") != std::string::npos) {
    throw std::invalid_argument("npm: invalid package name '" + package + "'");
  }
  PlannedRequest r;
  // A scoped name is one path segment for the registry: its slash is encoded (url_encode does that).
  r.url = join_url(base_url, package[0] == '@' ? "@" + url_encode(package.substr(1)) : url_encode(package));
  r.headers = {{"Accept", "application/json"}};
  r.ttl = 7 * 24 * 3600.0;
  return r;
}

namespace {

std::string string_or_empty(const nlohmann::json& obj, const char* key) {
  return obj.contains(key) && obj.at(key).is_string() ? obj.at(key).get<std::string>() : "";
}

NpmPackage npm_registry_parse_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) parse_error("npm", url, "expected a JSON object");
  if (doc.contains("error")) parse_error("npm", url, "the registry says: " + doc.at("error").dump());
  NpmPackage p;
  p.name = string_or_empty(doc, "name");
  if (p.name.empty()) parse_error("npm", url, "expected the package document's 'name'");
  p.description = string_or_empty(doc, "description");
  p.homepage = string_or_empty(doc, "homepage");
  bool shorthand = false;
  if (doc.contains("repository")) {
    const auto& repo = doc.at("repository");
    if (repo.is_string()) {
      p.repository_url = repo.get<std::string>();
      shorthand = true;  // package.json allows "owner/repo" and "github:owner/repo" in the string form
    } else if (repo.is_object()) {
      p.repository_url = string_or_empty(repo, "url");
    }
  }
  p.repository = github_repository(p.repository_url, shorthand);
  if (p.repository.empty()) p.repository = github_repository(p.homepage);
  return p;
}

}  // namespace

NpmPackage npm_registry_parse(const std::string& body, const std::string& url) {
  return guard_json("npm", url, [&] { return npm_registry_parse_impl(body, url); });
}

}  // namespace uptake::sources
