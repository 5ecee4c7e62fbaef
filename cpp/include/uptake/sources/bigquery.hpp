#pragma once
// BigQuery (the public `bigquery-public-data.pypi.file_downloads` table) through the jobs.query REST call with
// an OAuth access token: SQL for daily downloads by CI flag and installer, jobComplete=false polling through
// getQueryResults, paging by pageToken, and typed decoding of the f/v rows (every cell is a JSON string).
// The CI flag is a lower bound: only pip and uv report it, as TRUE or NULL.
#include <string>
#include <utility>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

std::string bigquery_daily_sql(const std::string& project, Day first, Day last, bool by_ci_and_installer);
// Many-package planning, as clickhouse_weekly_plan (the same chunks, sized from row_cap): weekly sums on the
// server (DATE_TRUNC to the ISO week's Monday), columns week, project, downloads, weekend_downloads and with
// ci_split ci_downloads (details.ci = TRUE). The table is partitioned by day and clustered by project, so the
// bytes a chunk scans grow with its days; the caller dry-runs each chunk and halves its dates to fit a bytes quota.
std::string bigquery_weekly_sql(const std::vector<std::string>& projects, Day first, Day last, bool ci_split);
// The top n projects by downloads over [first, last] (columns project, downloads); and the registry-wide weekly
// total (columns week, downloads), which scans every project's rows: costly, so it is dry-run first.
std::string bigquery_top_sql(Day first, Day last, long long n);
std::string bigquery_total_weekly_sql(Day first, Day last);
// The last day with downloads of `pip` (downloaded every day, so a day without pip rows is not loaded yet) within
// 30 days before `last`: column last_day. Reading one project's cluster keeps the scan small.
std::string bigquery_last_day_sql(Day first, Day last);
// jobs.query. dry_run: BigQuery only estimates totalBytesProcessed (free); maximum_bytes_billed > 0: BigQuery
// refuses a query that would bill more (a quota the server enforces, so an estimate that was wrong cannot cost).
PlannedRequest bigquery_query_request(const std::string& sql, const std::string& billing_project, const std::string& base_url,
                                      bool dry_run = false, long long maximum_bytes_billed = 0);
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
