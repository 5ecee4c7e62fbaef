#include "uptake/sources/clickhouse.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "uptake/core/errors.hpp"
#include "uptake/sources/pypistats.hpp"

namespace uptake::sources {

std::string sql_string(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    if (c == '\0') throw std::invalid_argument("clickhouse: NUL byte in a string literal");
    out.push_back(c);
  }
  return out + "'";
}

std::string sql_identifier(const std::string& name) {
  const bool ok = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '.'; });
  if (!ok) throw std::invalid_argument("clickhouse: invalid identifier '" + name + "'");
  return name;
}

std::string clickhouse_daily_sql(const std::vector<std::string>& projects, Day first, Day last, const std::string& database) {
  check_range("clickhouse_pypi", first, last);
  if (projects.empty()) throw std::invalid_argument("clickhouse_pypi: give at least one project");
  std::string list;
  for (const auto& p : projects) list += (list.empty() ? "" : ", ") + sql_string(normalize_pypi_name(p));
  return "SELECT toString(date) AS date, project, sum(count) AS downloads FROM " + sql_identifier(database) +
         ".pypi_downloads_per_day WHERE project IN (" + list + ") AND date >= " + sql_string(format_iso_date(first)) +
         " AND date <= " + sql_string(format_iso_date(last)) + " GROUP BY date, project ORDER BY date, project";
}

std::string clickhouse_split_sql(const std::string& project, Day first, Day last, const std::vector<std::string>& by,
                                 const std::string& database) {
  check_range("clickhouse_pypi", first, last);
  static const char* kAllowed[] = {"installer", "ci", "system", "version", "python_minor", "country_code", "type"};
  if (by.empty()) throw std::invalid_argument("clickhouse_pypi: give at least one dimension to split by");
  std::string dims;
  for (const auto& d : by) {
    if (std::none_of(std::begin(kAllowed), std::end(kAllowed), [&](const char* a) { return d == a; })) {
      throw std::invalid_argument("clickhouse_pypi: cannot split by '" + d +
                                  "' (installer, ci, system, version, python_minor, country_code, type)");
    }
    dims += ", toString(" + d + ") AS " + d;
  }
  std::string group;
  for (const auto& d : by) group += ", " + d;
  // Filter on (project, date), the sort-key prefix, so the server reads only this project's days.
  return "SELECT toString(date) AS date" + dims + ", count() AS downloads FROM " + sql_identifier(database) +
         ".pypi WHERE project = " + sql_string(normalize_pypi_name(project)) + " AND date >= " +
         sql_string(format_iso_date(first)) + " AND date <= " + sql_string(format_iso_date(last)) + " GROUP BY date" +
         group + " ORDER BY date" + group;
}

namespace {
// One repository's events of one type between two days: the table's sort key is (repo_name, event_type, ...).
std::string events_where(const std::string& repo, const std::string& event_type, Day first, Day last,
                         const std::string& database) {
  return " FROM " + sql_identifier(database) + ".github_events WHERE repo_name = " + sql_string(repo) +
         " AND event_type = " + sql_string(event_type) + " AND created_at >= " +
         sql_string(format_iso_date(first) + " 00:00:00") + " AND created_at <= " +
         sql_string(format_iso_date(last) + " 23:59:59");
}
}  // namespace

std::string clickhouse_events_sql(const std::string& repo, const std::string& event_type, const std::string& alias,
                                  Day first, Day last, const std::string& database) {
  static const char* const kAllowed[] = {"WatchEvent", "ForkEvent", "PushEvent", "IssuesEvent", "PullRequestEvent",
                                         "ReleaseEvent", "CreateEvent"};
  if (std::none_of(std::begin(kAllowed), std::end(kAllowed), [&](const char* a) { return event_type == a; })) {
    throw std::invalid_argument("github_events: unknown event type '" + event_type + "'");
  }
  check_range("github_" + alias, first, last);
  return "SELECT toString(toDate(created_at)) AS date, count() AS " + sql_identifier(alias) +
         events_where(repo, event_type, first, last, database) + " GROUP BY date ORDER BY date";
}

std::string clickhouse_stars_sql(const std::string& repo, Day first, Day last, const std::string& database) {
  return clickhouse_events_sql(repo, "WatchEvent", "stars", first, last, database);
}

std::string clickhouse_push_commits_sql(const std::string& repo, Day first, Day last, const std::string& database) {
  check_range("github_commits", first, last);
  return "SELECT toString(toMonday(created_at)) AS week, sum(push_distinct_size) AS commits, count() AS pushes" +
         events_where(repo, "PushEvent", first, last, database) + " GROUP BY week ORDER BY week";
}

std::string clickhouse_last_day_sql(Day first, Day last, const std::string& database) {
  check_range("clickhouse_pypi", first, last);
  // A bounded look-back keeps the scan to a few partitions on the public server.
  const Day from = std::max(first, last - 30);
  return "SELECT toString(max(date)) AS last_day, count() AS n FROM " + sql_identifier(database) +
         ".pypi_downloads_per_day WHERE date >= " + sql_string(format_iso_date(from)) + " AND date <= " +
         sql_string(format_iso_date(last));
}

std::string clickhouse_similar_names_sql(const std::string& project, const std::string& database) {
  const std::string name = normalize_pypi_name(project);
  static const std::string kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
  std::set<std::string> candidates{name};
  for (std::size_t i = 0; i <= name.size(); ++i) {
    for (char c : kAlphabet) candidates.insert(name.substr(0, i) + c + name.substr(i));
    if (i < name.size()) {
      candidates.insert(name.substr(0, i) + name.substr(i + 1));
      for (char c : kAlphabet) candidates.insert(name.substr(0, i) + c + name.substr(i + 1));
      if (i + 1 < name.size()) {
        std::string swapped = name;
        std::swap(swapped[i], swapped[i + 1]);
        candidates.insert(swapped);
      }
    }
  }
  candidates.erase("");
  std::string list;
  for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + sql_string(c);
  return "SELECT name FROM " + sql_identifier(database) + ".projects WHERE name IN (" + list +
         ") GROUP BY name ORDER BY name LIMIT 20";
}

std::string clickhouse_count_sql(const std::string& query) { return "SELECT count() AS n FROM (" + query + ")"; }

PlannedRequest clickhouse_request(const std::string& sql, const std::string& base_url, const std::string& user,
                                  const std::string& password) {
  PlannedRequest r;
  r.method = "POST";
  std::string url = base_url;
  url += (url.find('?') == std::string::npos ? "?" : "&");
  url += "default_format=JSON";
  for (const auto& value : {user, password}) {
    if (value.find_first_of("\r\n") != std::string::npos) {
      throw std::invalid_argument("clickhouse: user and password cannot contain line breaks");
    }
  }
  if (!user.empty()) r.headers.emplace_back("X-ClickHouse-User", user);
  if (!password.empty()) r.headers.emplace_back("X-ClickHouse-Key", password);
  r.url = url;
  r.body = sql + " FORMAT JSON";
  r.ttl = 6 * 3600.0;
  // Errors of the query itself, which ClickHouse sends as HTTP 500 (18.16 writes "Code: 62, e.displayText()",
  // newer servers "Code: 62. DB::Exception"): unknown function/identifier/table/database, syntax, type errors,
  // a row or byte cap, and authentication. Overload and timeouts stay retried.
  for (const int code : {43, 46, 47, 53, 60, 62, 81, 158, 164, 192, 193, 194, 307, 396, 497, 516}) {
    for (const char* sep : {",", "."}) r.permanent_errors.push_back("Code: " + std::to_string(code) + sep);
  }
  return r;
}

namespace {
ClickHouseTable clickhouse_parse_impl(const std::string& body, const std::string& url, const std::string& sql) {
  const auto where = [&] { return "query " + sql.substr(0, 160) + (sql.size() > 160 ? "..." : ""); };
  // An exception raised after streaming started arrives with HTTP 200, appended to (or instead of) the JSON.
  const auto exception = body.find("DB::Exception");
  if (exception != std::string::npos) {
    const auto code = body.rfind("Code:", exception);
    throw ParseError("clickhouse: the server failed on " + where() + ": " +
                     body.substr(code == std::string::npos ? exception : code, 300));
  }
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("meta") || !doc.contains("data") || !doc.at("data").is_array()) {
    throw ParseError("clickhouse: cannot read the response of " + url + " for " + where() +
                     ": expected FORMAT JSON with 'meta' and 'data' (the answer may be truncated)");
  }
  ClickHouseTable t;
  for (const auto& m : doc.at("meta")) {
    t.columns.push_back(m.value("name", ""));
    t.types.push_back(m.value("type", ""));
  }
  for (const auto& row : doc.at("data")) {
    std::vector<std::string> cells;
    if (row.is_object()) {
      for (const auto& c : t.columns) {
        if (!row.contains(c)) throw ParseError("clickhouse: row without column '" + c + "' in " + where());
        cells.push_back(row[c].is_string() ? row[c].get<std::string>() : row[c].dump());
      }
    } else if (row.is_array()) {
      for (const auto& v : row) cells.push_back(v.is_string() ? v.get<std::string>() : v.dump());
    }
    t.cells.push_back(std::move(cells));
  }
  t.rows = doc.contains("rows") && doc.at("rows").is_number() ? doc.at("rows").get<long long>() : static_cast<long long>(t.cells.size());
  if (t.rows != static_cast<long long>(t.cells.size())) {
    throw ParseError("clickhouse: " + where() + " says " + std::to_string(t.rows) + " rows but carries " +
                     std::to_string(t.cells.size()));
  }
  return t;
}
}  // namespace

ClickHouseTable clickhouse_parse(const std::string& body, const std::string& url, const std::string& sql) {
  return guard_json("clickhouse", url, [&] { return clickhouse_parse_impl(body, url, sql); });
}

}  // namespace uptake::sources
