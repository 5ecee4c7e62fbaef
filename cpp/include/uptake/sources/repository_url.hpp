#pragma once
// Repository links as projects write them (PyPI project URLs, package.json `repository`, Wikidata P1324):
// "https://github.com/o/r/tags", "git+https://github.com/o/r.git", "git@github.com:o/r", "github:o/r", "o/r".
#include <string>

namespace uptake::sources {

// "owner/repo" of a GitHub link, or "" when the text is not a link to one repository (another host, an
// organisation page, a reserved path such as /sponsors/...). Sub-paths, ".git", queries and fragments are dropped.
// `allow_shorthand` also accepts package.json's bare "owner/repo" and "github:owner/repo" forms.
std::string github_repository(const std::string& url, bool allow_shorthand = false);

}  // namespace uptake::sources
