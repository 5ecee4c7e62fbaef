#include "uptake/sources/clickhouse_plan.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "uptake/sources/clickhouse.hpp"
#include "uptake/sources/pypistats.hpp"

namespace uptake::sources {

namespace {
// Day 0 (1970-01-01) was a Thursday: Mondays are the days congruent to 4 modulo 7.
Day monday_on_or_after(Day d) { return d + (((4 - d) % 7) + 7) % 7; }

std::string in_list(const std::vector<std::string>& projects) {
  std::string list;
  for (const auto& p : projects) list += (list.empty() ? "" : ", ") + sql_string(p);
  return list;
}

std::string date_filter(Day first, Day last) {
  return "date >= " + sql_string(format_iso_date(first)) + " AND date <= " + sql_string(format_iso_date(last));
}

}  // namespace

std::string clickhouse_weekly_sql(const std::vector<std::string>& projects, Day first, Day last,
                                  const std::string& database, bool ci_split) {
  // Filter on (project, date), the sort-key prefix of both tables, so the server reads only these rows.
  const std::string where = " WHERE project IN (" + in_list(projects) + ") AND " + date_filter(first, last);
  const std::string tail = " GROUP BY week, project ORDER BY project, week";
  if (ci_split) {
    return "SELECT toString(toMonday(date)) AS week, project, count() AS downloads, countIf(toDayOfWeek(date) >= 6) "
           "AS weekend_downloads, countIf(ci = 'true') AS ci_downloads FROM " + sql_identifier(database) + ".pypi" +
           where + tail;
  }
  return "SELECT toString(toMonday(date)) AS week, project, sum(count) AS downloads, sumIf(count, toDayOfWeek(date) "
         ">= 6) AS weekend_downloads FROM " + sql_identifier(database) + ".pypi_downloads_per_day" + where + tail;
}

std::pair<Day, Day> whole_weeks(Day first, Day last, const std::string& source) {
  const Day monday = monday_on_or_after(first);
  const Day sunday = last - (((last - 3) % 7) + 7) % 7;  // Sundays are congruent to 3
  if (sunday < monday + 6) {
    throw std::invalid_argument(source + ": " + format_iso_date(first) + " to " + format_iso_date(last) +
                                " holds no whole week (Monday to Sunday)");
  }
  return {monday, sunday};
}

WeeklyPlan weekly_chunks(const std::string& source, const std::vector<std::string>& projects, Day first, Day last,
                         long long row_cap) {
  check_range(source, first, last);
  if (projects.empty()) throw std::invalid_argument(source + ": give at least one project");
  if (row_cap < 0) throw std::invalid_argument(source + ": row_cap must be >= 0 (0 = no cap)");
  std::vector<std::string> names;
  for (const auto& p : projects) names.push_back(normalize_pypi_name(p));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  WeeklyPlan plan;
  std::tie(plan.first, plan.last) = whole_weeks(first, last, source);
  plan.weeks = (plan.last - plan.first + 1) / 7;
  plan.row_cap = row_cap;
  const long long cap = row_cap == 0 ? static_cast<long long>(names.size()) * plan.weeks : row_cap;
  // Whole packages per chunk when a package's weeks fit under the cap; otherwise one package per chunk and its
  // weeks split into spans of `cap` weeks (spans start on Mondays, so no week is cut in two).
  const long long per_chunk = std::max(1LL, cap / plan.weeks);
  const long long span_weeks = std::min(plan.weeks, cap);
  for (std::size_t i = 0; i < names.size(); i += static_cast<std::size_t>(per_chunk)) {
    const std::vector<std::string> chunk(names.begin() + static_cast<std::ptrdiff_t>(i),
                                         names.begin() + static_cast<std::ptrdiff_t>(
                                             std::min(names.size(), i + static_cast<std::size_t>(per_chunk))));
    for (Day from = plan.first; from <= plan.last; from += 7 * span_weeks) {
      plan.spans.emplace_back(from, std::min<Day>(plan.last, from + 7 * span_weeks - 1));
      plan.projects.push_back(chunk);
    }
  }
  return plan;
}

WeeklyPlan clickhouse_weekly_plan(const std::vector<std::string>& projects, Day first, Day last,
                                  const std::string& database, long long row_cap, bool ci_split) {
  WeeklyPlan plan = weekly_chunks("clickhouse_pypi", projects, first, last, row_cap);
  for (std::size_t i = 0; i < plan.projects.size(); ++i) {
    plan.sql.push_back(clickhouse_weekly_sql(plan.projects[i], plan.spans[i].first, plan.spans[i].second, database,
                                             ci_split));
  }
  return plan;
}

std::string clickhouse_top_sql(Day first, Day last, long long n, const std::string& database) {
  check_range("clickhouse_pypi", first, last);
  if (n < 1) throw std::invalid_argument("clickhouse_pypi: top must be >= 1, got " + std::to_string(n));
  return "SELECT project, sum(count) AS downloads FROM " + sql_identifier(database) + ".pypi_downloads_per_day WHERE " +
         date_filter(first, last) + " GROUP BY project ORDER BY downloads DESC, project LIMIT " + std::to_string(n);
}

std::string clickhouse_total_weekly_sql(Day first, Day last, const std::string& database) {
  check_range("clickhouse_pypi", first, last);
  return "SELECT toString(toMonday(date)) AS week, sum(count) AS downloads FROM " + sql_identifier(database) +
         ".pypi_downloads_per_day WHERE " + date_filter(first, last) + " GROUP BY week ORDER BY week";
}

}  // namespace uptake::sources
