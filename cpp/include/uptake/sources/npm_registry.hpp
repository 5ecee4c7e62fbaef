#pragma once
// npm registry document (the full "packument"), GET <base>/<name> (base https://registry.npmjs.org): the
// package's repository as given in package.json for its latest version. The abbreviated form has no
// `repository`, so the full document is requested. Scoped names encode their slash (@scope%2Fname).
// Unknown packages answer 404 (the caller reads the status; the body has changed over the years).
#include <string>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

struct NpmPackage {
  std::string name;
  std::string description;
  std::string homepage;
  std::string repository_url;  // as written (string or repository.url), "" when absent
  std::string repository;      // "owner/repo" on GitHub, or "" (another host, or none)
};

PlannedRequest npm_registry_request(const std::string& package, const std::string& base_url);
NpmPackage npm_registry_parse(const std::string& body, const std::string& url);

}  // namespace uptake::sources
