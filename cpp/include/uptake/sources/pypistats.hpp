#pragma once
// pypistats.org: daily PyPI downloads for the last 180 days (overall with/without mirrors, by system, by
// Python minor version). Rows with zero downloads are omitted by the server (gap = 0). No auth; 30 requests
// per minute per IP; a 429 answer is HTML.
#include <string>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

// kind: "overall" | "system" | "python_minor" | "python_major"; the package name is normalised (PEP 503).
PlannedRequest pypistats_request(const std::string& package, const std::string& kind, const std::string& base_url);
std::string normalize_pypi_name(const std::string& name);
// key = category ("with_mirrors", "Linux", "3.11", ...), value = downloads.
Observations pypistats_parse(const std::string& body, const std::string& url);

}  // namespace uptake::sources
