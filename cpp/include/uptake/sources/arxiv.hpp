#pragma once
// arXiv API: papers per month for a query, counted with one max_results=1 request per submittedDate window.
// Errors are Atom feeds too (HTTP 400, totalResults 1 and an entry titled "Error"): never read the count
// without checking for that entry. At most one request every 3 seconds.
#include <string>
#include <vector>

#include "uptake/core/frequency.hpp"
#include "uptake/sources/common.hpp"

namespace uptake::sources {

std::vector<PlannedRequest> arxiv_requests(const std::string& query, Day first, Day last, Unit unit,
                                           const std::string& base_url);
// The feed's opensearch:totalResults, after checking it is not an error feed. key = query.
Observations arxiv_parse(const std::string& body, const std::string& url, Day window_start, const std::string& query);

}  // namespace uptake::sources
