#pragma once
// Many-package ClickHouse queries planned around a server's quotas. The public ClickPy instance cuts answers
// at a result-row cap (10,000 rows) and 60 s, so a query over thousands of packages is split into chunks by
// package and, when one package alone exceeds the cap, by date. Weekly sums are computed on the server
// (toMonday), so a chunk moves packages x weeks rows, never daily or raw rows. On a user's own server the cap
// is a setting (0 = no cap) and the query runs whole.
#include <string>
#include <utility>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

// The whole weeks (Monday..Sunday) inside [first, last]: first Monday and last Sunday. Throws if none.
std::pair<Day, Day> whole_weeks(Day first, Day last, const std::string& source = "clickhouse_pypi");

struct WeeklyPlan {
  Day first = 0, last = 0;  // the whole weeks covered (first Monday, last Sunday)
  long long weeks = 0;
  long long row_cap = 0;
  std::vector<std::string> sql;  // one query per chunk; each returns at most row_cap rows
  std::vector<std::vector<std::string>> projects;  // the projects of each chunk
  std::vector<std::pair<Day, Day>> spans;  // the dates of each chunk (a Monday .. a Sunday)
};

// The chunking shared by every SQL dialect: normalised, de-duplicated projects in chunks of row_cap / weeks
// (each chunk returns at most row_cap package-weeks), one package's weeks split into spans of row_cap weeks when
// they alone exceed the cap. The plan's sql is left empty. row_cap = 0: one chunk.
WeeklyPlan weekly_chunks(const std::string& source, const std::vector<std::string>& projects, Day first, Day last,
                         long long row_cap);

// Weekly downloads of projects, columns week (Monday, ISO), project, downloads, weekend_downloads (Saturday and
// Sunday, for the profile split where no CI flag exists), and with ci_split also ci_downloads (rows flagged
// ci = 'true' in the raw table `pypi`; the non-CI rest is the human side). Without ci_split the per-day table
// pypi_downloads_per_day is summed. row_cap = 0: one query.
WeeklyPlan clickhouse_weekly_plan(const std::vector<std::string>& projects, Day first, Day last,
                                  const std::string& database, long long row_cap, bool ci_split);
// One chunk's query (projects already normalised; first a Monday, last a Sunday).
std::string clickhouse_weekly_sql(const std::vector<std::string>& projects, Day first, Day last,
                                  const std::string& database, bool ci_split);

// The top n projects by downloads over [first, last], selected on the server: columns project, downloads.
std::string clickhouse_top_sql(Day first, Day last, long long n, const std::string& database);

// Weekly downloads of all projects together (the registry-wide total): columns week, downloads.
std::string clickhouse_total_weekly_sql(Day first, Day last, const std::string& database);

}  // namespace uptake::sources
