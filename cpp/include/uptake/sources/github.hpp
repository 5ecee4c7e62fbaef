#pragma once
// GitHub REST: repository snapshot (stars, forks, watchers, open issues), weekly commit activity (202 while
// GitHub computes: the engine polls), and star history from the privacy-safe stargazers/history endpoint
// (weekly buckets of stars still present at query time). Tokens raise the limit from 60 to 5,000 requests an
// hour; rate-limit headers are honoured by the engine.
#include <string>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

PlannedRequest github_repo_request(const std::string& repo, const std::string& base_url);
PlannedRequest github_commit_activity_request(const std::string& repo, const std::string& base_url);
PlannedRequest github_star_history_request(const std::string& repo, int page, const std::string& base_url);
void check_repo_name(const std::string& repo);  // "owner/name"

// Snapshot: keys stars, forks, watchers, open_issues (day = today, given by the caller).
Observations github_repo_parse(const std::string& body, const std::string& url, Day today);
// Weekly totals: day = the Sunday starting each week, key "commits".
Observations github_commit_activity_parse(const std::string& body, const std::string& url);
// Daily stars from weekly buckets {"week", "total", "days": [7]}: day = week start + i, key "stars".
Observations github_star_history_parse(const std::string& body, const std::string& url);

}  // namespace uptake::sources
