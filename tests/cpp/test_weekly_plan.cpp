// The many-package planners (ClickHouse and BigQuery): chunks sized from a row cap, whole weeks, every
// package-week in exactly one chunk, and SQL that aggregates on the server.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "uptake/sources/bigquery.hpp"
#include "uptake/sources/clickhouse_plan.hpp"
#include "uptake/sources/common.hpp"

using namespace uptake::sources;
using uptake::Day;

namespace {
Day day(const std::string& iso) { return uptake::parse_iso_date(iso); }

std::vector<std::string> names(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back("pkg" + std::to_string(1000 + i));
  return out;
}

// How many times the plan covers each (project, Monday).
std::map<std::pair<std::string, Day>, int> coverage(const WeeklyPlan& plan) {
  std::map<std::pair<std::string, Day>, int> seen;
  for (std::size_t c = 0; c < plan.projects.size(); ++c) {
    for (const auto& p : plan.projects[c]) {
      for (Day monday = plan.spans[c].first; monday <= plan.spans[c].second; monday += 7) ++seen[{p, monday}];
    }
  }
  return seen;
}
}  // namespace

TEST(WeeklyPlanner, ChunksStayUnderTheRowCapAndCoverEveryPackageWeekOnce) {
  for (long long cap : {10000LL, 1000LL, 155LL, 154LL, 7LL, 1LL}) {
    const auto plan = weekly_chunks("clickhouse_pypi", names(500), day("2023-01-04"), day("2025-12-31"), cap);
    ASSERT_EQ(plan.first, day("2023-01-09"));  // the first Monday
    ASSERT_EQ(plan.last, day("2025-12-28"));   // the last Sunday
    ASSERT_EQ(plan.weeks, 155);
    ASSERT_EQ(plan.projects.size(), plan.spans.size());
    for (std::size_t c = 0; c < plan.projects.size(); ++c) {
      const long long weeks = (plan.spans[c].second - plan.spans[c].first + 1) / 7;
      EXPECT_LE(static_cast<long long>(plan.projects[c].size()) * weeks, cap) << "cap " << cap << " chunk " << c;
      EXPECT_EQ((plan.spans[c].second - plan.spans[c].first + 1) % 7, 0);
    }
    const auto seen = coverage(plan);
    EXPECT_EQ(seen.size(), 500u * 155u) << "cap " << cap;
    for (const auto& [key, n] : seen) ASSERT_EQ(n, 1) << key.first;
  }
}

TEST(WeeklyPlanner, ChunkCountIsTheLeastTheCapAllows) {
  const auto plan = weekly_chunks("clickhouse_pypi", names(5000), day("2023-01-02"), day("2025-12-28"), 10000);
  EXPECT_EQ(plan.weeks, 156);
  EXPECT_EQ(plan.projects.size(), (5000u + 63u) / 64u);  // 10,000 / 156 = 64 packages a chunk
  const auto whole = weekly_chunks("clickhouse_pypi", names(5000), day("2023-01-02"), day("2025-12-28"), 0);
  EXPECT_EQ(whole.projects.size(), 1u);  // no cap: the query runs whole
}

TEST(WeeklyPlanner, NamesAreNormalisedAndDeduplicated) {
  const auto plan = weekly_chunks("clickhouse_pypi", {"Foo_Bar", "foo.bar", "a"}, day("2024-01-01"), day("2024-12-29"), 0);
  ASSERT_EQ(plan.projects.size(), 1u);
  EXPECT_EQ(plan.projects[0], (std::vector<std::string>{"a", "foo-bar"}));
  EXPECT_THROW(weekly_chunks("clickhouse_pypi", {"it's"}, day("2024-01-01"), day("2024-12-29"), 0), std::invalid_argument);
  EXPECT_THROW(weekly_chunks("clickhouse_pypi", {}, day("2024-01-01"), day("2024-12-29"), 0), std::invalid_argument);
  EXPECT_THROW(weekly_chunks("clickhouse_pypi", {"a"}, day("2024-01-01"), day("2024-12-29"), -1), std::invalid_argument);
  EXPECT_THROW(weekly_chunks("clickhouse_pypi", {"a"}, day("2024-01-02"), day("2024-01-07"), 0), std::invalid_argument);
}

TEST(WeeklyPlanner, ClickHouseSqlAggregatesOnTheServer) {
  const auto plan = clickhouse_weekly_plan({"torch", "jax"}, day("2024-01-01"), day("2024-12-29"), "pypi", 0, true);
  ASSERT_EQ(plan.sql.size(), 1u);
  const std::string& sql = plan.sql[0];
  EXPECT_NE(sql.find("toMonday(date)"), std::string::npos);
  EXPECT_NE(sql.find("countIf(ci = 'true') AS ci_downloads"), std::string::npos);
  EXPECT_NE(sql.find("countIf(toDayOfWeek(date) >= 6) AS weekend_downloads"), std::string::npos);
  EXPECT_NE(sql.find("FROM pypi.pypi WHERE project IN ('jax', 'torch') AND date >= '2024-01-01' AND date <= '2024-12-29'"),
            std::string::npos);
  const auto daily = clickhouse_weekly_plan({"torch"}, day("2024-01-01"), day("2024-12-29"), "eco", 0, false);
  EXPECT_NE(daily.sql[0].find("sum(count) AS downloads"), std::string::npos);
  EXPECT_NE(daily.sql[0].find("FROM eco.pypi_downloads_per_day"), std::string::npos);
  EXPECT_EQ(daily.sql[0].find("ci_downloads"), std::string::npos);
  EXPECT_THROW(clickhouse_weekly_plan({"a"}, day("2024-01-01"), day("2024-12-29"), "bad name", 0, false),
               std::invalid_argument);
}

TEST(WeeklyPlanner, OnePackageLongerThanTheCapIsSplitOnMondays) {
  const auto plan = clickhouse_weekly_plan({"torch"}, day("2016-01-04"), day("2025-12-28"), "pypi", 100, false);
  ASSERT_EQ(plan.sql.size(), static_cast<std::size_t>((plan.weeks + 99) / 100));
  EXPECT_EQ(plan.spans[0], std::make_pair(day("2016-01-04"), day("2017-12-03")));
  EXPECT_EQ(plan.spans[1].first, day("2017-12-04"));
  EXPECT_EQ(plan.spans.back().second, day("2025-12-28"));
}

TEST(WeeklyPlanner, TopAndTotalQueries) {
  EXPECT_NE(clickhouse_top_sql(day("2024-01-01"), day("2024-12-29"), 100, "pypi").find("ORDER BY downloads DESC, project LIMIT 100"),
            std::string::npos);
  EXPECT_THROW(clickhouse_top_sql(day("2024-01-01"), day("2024-12-29"), 0, "pypi"), std::invalid_argument);
  EXPECT_NE(clickhouse_total_weekly_sql(day("2024-01-01"), day("2024-12-29"), "pypi").find("GROUP BY week"), std::string::npos);
}

TEST(WeeklyPlanner, BigQuerySqlAggregatesOnTheServer) {
  const std::string sql = bigquery_weekly_sql({"Torch", "jax"}, day("2024-01-01"), day("2024-12-29"), true);
  EXPECT_NE(sql.find("DATE_TRUNC(DATE(timestamp), ISOWEEK)"), std::string::npos);
  EXPECT_NE(sql.find("COUNTIF(details.ci IS TRUE) AS ci_downloads"), std::string::npos);
  EXPECT_NE(sql.find("EXTRACT(DAYOFWEEK FROM DATE(timestamp)) IN (1, 7)"), std::string::npos);
  EXPECT_NE(sql.find("DATE(timestamp) BETWEEN '2024-01-01' AND '2024-12-29' AND file.project IN ('torch', 'jax')"),
            std::string::npos);
  EXPECT_EQ(bigquery_weekly_sql({"torch"}, day("2024-01-01"), day("2024-12-29"), false).find("ci_downloads"),
            std::string::npos);
  EXPECT_THROW(bigquery_weekly_sql({"a'b"}, day("2024-01-01"), day("2024-12-29"), false), std::invalid_argument);
  EXPECT_NE(bigquery_top_sql(day("2024-01-01"), day("2024-12-29"), 5).find("LIMIT 5"), std::string::npos);
  EXPECT_NE(bigquery_total_weekly_sql(day("2024-01-01"), day("2024-12-29")).find("GROUP BY week"), std::string::npos);
  EXPECT_NE(bigquery_last_day_sql(day("2024-01-01"), day("2024-12-29")).find("BETWEEN '2024-11-29' AND '2024-12-29' AND file.project = 'pip'"),
            std::string::npos);
}

TEST(WeeklyPlanner, BigQueryRequestCarriesTheBytesQuota) {
  const auto dry = bigquery_query_request("SELECT 1", "proj", "https://bq.example/v2", true, 0);
  EXPECT_NE(dry.body.find("\"dryRun\":true"), std::string::npos);
  EXPECT_EQ(dry.body.find("maximumBytesBilled"), std::string::npos);
  const auto capped = bigquery_query_request("SELECT 1", "proj", "https://bq.example/v2", false, 5000000000LL);
  EXPECT_NE(capped.body.find("\"maximumBytesBilled\":\"5000000000\""), std::string::npos);
  EXPECT_EQ(capped.body.find("dryRun"), std::string::npos);
  EXPECT_THROW(bigquery_query_request("SELECT 1", "proj", "https://bq.example/v2", false, -1), std::invalid_argument);
}
