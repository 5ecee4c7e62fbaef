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
// Tags whose name contains `tag`, most used first (`/tags?inname=`): whether the tag exists (an unknown tag
// counts 0 questions in every window, which must not pass for data) and, if not, close matches.
PlannedRequest stackexchange_tags_request(const std::string& tag, const std::string& site, const std::string& key,
                                          const std::string& base_url);
// The tag names of a `/tags` answer, in the server's order.
std::vector<std::string> stackexchange_tag_names(const std::string& body, const std::string& url);
// One value per window: key = tag, day = the window's first day.
Observations stackexchange_parse(const std::string& body, const std::string& url, Day window_start, const std::string& tag);

}  // namespace uptake::sources
