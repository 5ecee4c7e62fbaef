#pragma once
// PyPI JSON API, GET <base>/<name>/json (base https://pypi.org/pypi): the project's display name and its links.
// The server looks names up by their PEP 503 form and redirects other spellings (301), so requests use the
// normalised name. Unknown projects and projects without releases answer 404 (the caller reads the status).
// No rate limit at the edge, but PyPI asks for serial, identified clients; answers are CDN-cached for a day.
#include <string>
#include <utility>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

struct PypiProject {
  std::string name;        // display name as registered (info.name), e.g. "Django"
  std::string normalized;  // PEP 503 form, e.g. "django"
  std::string summary;
  std::string home_page;
  std::string repository;  // "owner/repo" on GitHub, or "" when no link points at one
  std::string repository_label;  // which link gave it ("Source", "Homepage", "home_page", ...)
  std::vector<std::pair<std::string, std::string>> project_urls;  // label, URL (info.project_urls; may be empty)
};

PlannedRequest pypi_json_request(const std::string& name, const std::string& base_url);
// Chooses the repository among the links: labels naming source/code/repository/GitHub first, then Homepage,
// then any other label, then `home_page` and `download_url`.
PypiProject pypi_json_parse(const std::string& body, const std::string& url);

}  // namespace uptake::sources
