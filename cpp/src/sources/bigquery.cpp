#include "uptake/sources/bigquery.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "uptake/core/errors.hpp"
#include "uptake/sources/clickhouse.hpp"
#include "uptake/sources/pypistats.hpp"

namespace uptake::sources {

std::string bigquery_daily_sql(const std::string& project, Day first, Day last, bool by_ci_and_installer) {
  check_range("bigquery_pypi", first, last);
  const std::string name = normalize_pypi_name(project);  // also rejects anything but [a-z0-9-]
  const std::string dims = by_ci_and_installer
                               ? ", IFNULL(details.installer.name, '') AS installer, IFNULL(CAST(details.ci AS STRING), 'null') AS ci"
                               : "";
  const std::string group = by_ci_and_installer ? ", installer, ci" : "";
  return "SELECT CAST(DATE(timestamp) AS STRING) AS date" + dims +
         ", COUNT(*) AS downloads FROM `bigquery-public-data.pypi.file_downloads` WHERE file.project = '" + name +
         "' AND DATE(timestamp) BETWEEN '" + format_iso_date(first) + "' AND '" + format_iso_date(last) +
         "' GROUP BY date" + group + " ORDER BY date" + group;
}

namespace {
const char* const kTable = "`bigquery-public-data.pypi.file_downloads`";

std::string date_between(Day first, Day last) {
  return "DATE(timestamp) BETWEEN '" + format_iso_date(first) + "' AND '" + format_iso_date(last) + "'";
}
}  // namespace

std::string bigquery_weekly_sql(const std::vector<std::string>& projects, Day first, Day last, bool ci_split) {
  check_range("bigquery_pypi", first, last);
  if (projects.empty()) throw std::invalid_argument("bigquery_pypi: give at least one project");
  std::string list;
  for (const auto& p : projects) list += (list.empty() ? "'" : ", '") + normalize_pypi_name(p) + "'";  // [a-z0-9-] only
  // DAYOFWEEK: 1 = Sunday, 7 = Saturday. The date filter prunes partitions; the project filter uses clustering.
  return "SELECT CAST(DATE_TRUNC(DATE(timestamp), ISOWEEK) AS STRING) AS week, file.project AS project, COUNT(*) AS "
         "downloads, COUNTIF(EXTRACT(DAYOFWEEK FROM DATE(timestamp)) IN (1, 7)) AS weekend_downloads" +
         std::string(ci_split ? ", COUNTIF(details.ci IS TRUE) AS ci_downloads" : "") + " FROM " + kTable +
         " WHERE " + date_between(first, last) + " AND file.project IN (" + list +
         ") GROUP BY week, project ORDER BY project, week";
}

std::string bigquery_top_sql(Day first, Day last, long long n) {
  check_range("bigquery_pypi", first, last);
  if (n < 1) throw std::invalid_argument("bigquery_pypi: top must be >= 1, got " + std::to_string(n));
  return "SELECT file.project AS project, COUNT(*) AS downloads FROM " + std::string(kTable) + " WHERE " +
         date_between(first, last) + " GROUP BY project ORDER BY downloads DESC, project LIMIT " + std::to_string(n);
}

std::string bigquery_total_weekly_sql(Day first, Day last) {
  check_range("bigquery_pypi", first, last);
  return "SELECT CAST(DATE_TRUNC(DATE(timestamp), ISOWEEK) AS STRING) AS week, COUNT(*) AS downloads FROM " +
         std::string(kTable) + " WHERE " + date_between(first, last) + " GROUP BY week ORDER BY week";
}

std::string bigquery_last_day_sql(Day first, Day last) {
  check_range("bigquery_pypi", first, last);
  return "SELECT CAST(MAX(DATE(timestamp)) AS STRING) AS last_day FROM " + std::string(kTable) + " WHERE " +
         date_between(std::max(first, last - 30), last) + " AND file.project = 'pip'";
}

PlannedRequest bigquery_query_request(const std::string& sql, const std::string& billing_project, const std::string& base_url,
                                      bool dry_run, long long maximum_bytes_billed) {
  if (maximum_bytes_billed < 0) throw std::invalid_argument("bigquery_pypi: max_bytes must be >= 0 (0 = no limit)");
  if (billing_project.empty()) throw std::invalid_argument("bigquery_pypi: give a Google Cloud project to bill the query to");
  for (unsigned char c : billing_project) {
    if (!(std::isalnum(c) || c == '-' || c == ':' || c == '.')) {
      throw std::invalid_argument("bigquery_pypi: invalid Google Cloud project id '" + billing_project + "'");
    }
  }
  PlannedRequest r;
  r.method = "POST";
  r.url = join_url(base_url, "projects/" + url_encode(billing_project) + "/queries");
  nlohmann::json body = {{"query", sql}, {"useLegacySql", false}, {"timeoutMs", 30000}, {"maxResults", 10000}};
  if (dry_run) body["dryRun"] = true;
  if (maximum_bytes_billed > 0) body["maximumBytesBilled"] = std::to_string(maximum_bytes_billed);  // int64 as string
  r.body = body.dump();
  r.headers = {{"Content-Type", "application/json"}};
  r.ttl = 24 * 3600.0;
  return r;
}

PlannedRequest bigquery_results_request(const std::string& billing_project, const std::string& job_id,
                                        const std::string& location, const std::string& page_token,
                                        const std::string& base_url) {
  PlannedRequest r;
  r.url = join_url(base_url, "projects/" + url_encode(billing_project) + "/queries/" + url_encode(job_id) +
                                 "?timeoutMs=30000&maxResults=10000" + (location.empty() ? "" : "&location=" + url_encode(location)) +
                                 (page_token.empty() ? "" : "&pageToken=" + url_encode(page_token)));
  r.ttl = 0.0;  // polls and pages must not be answered from the cache
  return r;
}

namespace {
BigQueryPage bigquery_parse_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) parse_error("bigquery_pypi", url, "expected a JSON object");
  if (doc.contains("error")) {
    throw NetworkError("bigquery_pypi: " + doc.at("error").value("message", doc.at("error").dump()) + " (" + url + ")");
  }
  BigQueryPage p;
  p.complete = doc.value("jobComplete", false);
  if (doc.contains("jobReference")) {
    p.job_id = doc.at("jobReference").value("jobId", "");
    p.location = doc.at("jobReference").value("location", "");
  }
  p.page_token = doc.value("pageToken", "");
  const auto as_int = [&](const char* key) -> long long {
    if (!doc.contains(key)) return 0;
    const auto& v = doc[key];
    try {
      return v.is_string() ? std::stoll(v.get<std::string>()) : v.get<long long>();
    } catch (const std::exception&) {
      parse_error("bigquery_pypi", url, std::string("'") + key + "' is not a number");
    }
  };
  p.total_rows = as_int("totalRows");
  p.bytes_processed = as_int("totalBytesProcessed");
  if (!p.complete) return p;
  if (!doc.contains("schema") || !doc.at("schema").contains("fields")) parse_error("bigquery_pypi", url, "expected a schema");
  for (const auto& f : doc.at("schema")["fields"]) p.columns.push_back(f.value("name", ""));
  if (doc.contains("rows")) {
    for (const auto& row : doc.at("rows")) {
      if (!row.contains("f") || row.at("f").size() != p.columns.size()) {
        parse_error("bigquery_pypi", url, "a row does not match the schema's " + std::to_string(p.columns.size()) + " fields");
      }
      std::vector<std::string> cells;
      std::vector<bool> nulls;
      for (const auto& cell : row.at("f")) {
        const auto& v = cell.at("v");  // at(): a missing key throws (operator[] on const json is undefined)
        nulls.push_back(v.is_null());
        cells.push_back(v.is_null() ? "" : (v.is_string() ? v.get<std::string>() : v.dump()));
      }
      p.cells.push_back(std::move(cells));
      p.is_null.push_back(std::move(nulls));
    }
  }
  return p;
}
}  // namespace

BigQueryPage bigquery_parse(const std::string& body, const std::string& url) {
  return guard_json("bigquery_pypi", url, [&] { return bigquery_parse_impl(body, url); });
}

}  // namespace uptake::sources
