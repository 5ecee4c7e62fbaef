#pragma once
// Wikimedia pageviews (REST): daily views of one article by agent type (user, spider, automated, all-agents)
// from 2015-07-01; days with zero views are omitted (gap = 0). No key, but a descriptive User-Agent is required.
#include <string>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

PlannedRequest wikimedia_request(const std::string& article, const std::string& project, const std::string& access,
                                 const std::string& agent, Day first, Day last, const std::string& base_url);
// key = agent, value = views.
Observations wikimedia_parse(const std::string& body, const std::string& url);

}  // namespace uptake::sources
