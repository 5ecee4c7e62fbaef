#pragma once
// OpenAlex: works matching a search, per publication year (one group_by request) or per month (one
// per-page=1 request per window, reading meta.count). An API key is required since 2026-02-13
// (search calls are billed per page). Group keys are strings and arrive ordered by count: sorted here.
#include <string>
#include <vector>

#include "uptake/core/frequency.hpp"
#include "uptake/sources/common.hpp"

namespace uptake::sources {

// A search text made safe inside a filter value: ',', '|' and ':' (filter syntax) become spaces, a leading
// '!' (negation) is dropped. Throws std::invalid_argument when no words remain.
std::string openalex_search_value(const std::string& search);

std::vector<PlannedRequest> openalex_requests(const std::string& search, Day first, Day last, Unit unit,
                                              const std::string& api_key, const std::string& base_url);
// Yearly (group_by) answers give one observation per year (day = 1 January); monthly ones give meta.count.
Observations openalex_parse(const std::string& body, const std::string& url, Day window_start, const std::string& search,
                            bool grouped);

}  // namespace uptake::sources
