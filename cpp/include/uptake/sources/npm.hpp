#pragma once
// npm downloads API: daily downloads per package in windows of at most 365 days (the server allows 18 months
// for one package but silently clamps longer ranges; data start 2015-01-10). Scoped names keep their slash.
// Outage days come back as 0: callers flag them. No auth; strict Cloudflare rate limiting since 2025-11.
#include <string>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

std::vector<PlannedRequest> npm_requests(const std::string& package, Day first, Day last, const std::string& base_url);
// key = package; checks the answer covers the requested window (clamping is an error, not a short series).
Observations npm_parse(const std::string& body, const std::string& url, Day first, Day last);

}  // namespace uptake::sources
