#pragma once
// BigQuery (the public `bigquery-public-data.pypi.file_downloads` table) through the jobs.query REST call with
// an OAuth access token: SQL for daily downloads by CI flag and installer, jobComplete=false polling through
// getQueryResults, paging by pageToken, and typed decoding of the f/v rows (every cell is a JSON string).
// The CI flag is a lower bound: only pip and uv report it, as TRUE or NULL.
#include <string>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

std::string bigquery_daily_sql(const std::string& project, Day first, Day last, bool by_ci_and_installer);
PlannedRequest bigquery_query_request(const std::string& sql, const std::string& billing_project, const std::string& base_url);
PlannedRequest bigquery_results_request(const std::string& billing_project, const std::string& job_id,
                                        const std::string& location, const std::string& page_token,
                                        const std::string& base_url);

struct BigQueryPage {
  bool complete = false;
  std::string job_id, location, page_token;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> cells;  // NULL -> "" with is_null set
  std::vector<std::vector<bool>> is_null;
  long long total_rows = 0;
  long long bytes_processed = 0;
};
BigQueryPage bigquery_parse(const std::string& body, const std::string& url);

}  // namespace uptake::sources
