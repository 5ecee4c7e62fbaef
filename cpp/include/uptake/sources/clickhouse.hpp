#pragma once
// ClickHouse over HTTP (the public ClickPy instance, user `demo`, or any server): SQL that aggregates on the
// server, filtered on the sort-key prefix (project, date). Literals are escaped and identifiers validated (old
// servers have no query parameters). 64-bit integers arrive quoted; an exception can arrive after HTTP 200;
// a result-row cap cuts answers silently: every query is paired with a count of its groups to detect that.
#include <string>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

std::string sql_string(const std::string& value);  // '...' with backslash and quote escaped
std::string sql_identifier(const std::string& name);  // validated [A-Za-z_][A-Za-z0-9_.]*

// Daily downloads of projects from pypi.pypi_downloads_per_day: columns date, project, downloads.
std::string clickhouse_daily_sql(const std::vector<std::string>& projects, Day first, Day last, const std::string& database);
// Daily downloads split by one or more dimensions of the raw table (installer, ci, system, version, python_minor).
std::string clickhouse_split_sql(const std::string& project, Day first, Day last, const std::vector<std::string>& by,
                                 const std::string& database);
// GH Archive events of one type (WatchEvent, ForkEvent, ...) per day for a repository in github.github_events;
// columns date and <alias>.
std::string clickhouse_events_sql(const std::string& repo, const std::string& event_type, const std::string& alias,
                                  Day first, Day last, const std::string& database);
// GH Archive stars: WatchEvents per day (column `stars`).
std::string clickhouse_stars_sql(const std::string& repo, Day first, Day last, const std::string& database);
// Commits pushed per week (Monday start): sum of push_distinct_size over PushEvents, all branches; columns week,
// commits, pushes.
std::string clickhouse_push_commits_sql(const std::string& repo, Day first, Day last, const std::string& database);
// The last day the server has loaded into pypi_downloads_per_day (any project), looking back from `last`:
// ClickPy runs about a day behind, and days it has not loaded must be missing, not zero. Column `last_day`.
std::string clickhouse_last_day_sql(Day first, Day last, const std::string& database);
// Names in pypi.projects within one edit (deletion, insertion, substitution, swap of neighbours) of a
// normalised name, the name itself included: to tell an unknown project from one without downloads and to
// suggest close matches. Plain IN over generated candidates: works on every server version (18.16 has no
// edit-distance functions) and uses the table's sort key (name). Column `name`.
std::string clickhouse_similar_names_sql(const std::string& project, const std::string& database);

// SELECT count() FROM (<query>): the number of rows the query should return.
std::string clickhouse_count_sql(const std::string& query);

struct ClickHouseTable {
  std::vector<std::string> columns;
  std::vector<std::string> types;
  std::vector<std::vector<std::string>> cells;  // row-major, every value as text (numbers unquoted)
  long long rows = 0;
};

// Credentials travel as X-ClickHouse-User / X-ClickHouse-Key headers (every version since 18.x), never in the
// URL, so they cannot reach the cache key, the stored URL or an error message.
PlannedRequest clickhouse_request(const std::string& sql, const std::string& base_url, const std::string& user,
                                  const std::string& password = "");
ClickHouseTable clickhouse_parse(const std::string& body, const std::string& url, const std::string& sql);

}  // namespace uptake::sources
