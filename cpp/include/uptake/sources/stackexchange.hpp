#pragma once
// Stack Exchange API 2.3: questions created per day/week/month with a tag, one `filter=total` request per
// window (fromdate/todate are inclusive unix seconds on creation_date). Answers may carry `backoff` (seconds
// to wait before the same method); quota 300/day per IP without a key, 10,000 with one; throttle violations
// are HTTP 400 with an error_message saying when requests are available again.
#include <string>
#include <vector>

#include "uptake/core/frequency.hpp"
#include "uptake/sources/common.hpp"

namespace uptake::sources {

std::vector<PlannedRequest> stackexchange_requests(const std::string& tag, const std::string& site, Day first, Day last,
                                                   Unit unit, const std::string& key, const std::string& base_url);
// One value per window: key = tag, day = the window's first day.
Observations stackexchange_parse(const std::string& body, const std::string& url, Day window_start, const std::string& tag);

}  // namespace uptake::sources
