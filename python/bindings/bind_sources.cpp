// Glue for the sources: request plans out as dicts, parsers fed with bytes, observations out as arrays.
#include "common.hpp"
#include "uptake/sources/arxiv.hpp"
#include "uptake/sources/bigquery.hpp"
#include "uptake/sources/clickhouse.hpp"
#include "uptake/sources/clickhouse_plan.hpp"
#include "uptake/sources/github.hpp"
#include "uptake/sources/google_trends.hpp"
#include "uptake/sources/hn_hiring.hpp"
#include "uptake/sources/npm.hpp"
#include "uptake/sources/npm_registry.hpp"
#include "uptake/sources/openalex.hpp"
#include "uptake/sources/pypi_json.hpp"
#include "uptake/sources/pypistats.hpp"
#include "uptake/sources/repository_url.hpp"
#include "uptake/sources/stackexchange.hpp"
#include "uptake/sources/wikidata.hpp"
#include "uptake/sources/wikimedia.hpp"

namespace uptake::bindings {

namespace {

using sources::Observations;
using sources::PlannedRequest;

py::dict request_dict(const PlannedRequest& r) {
  py::list headers;
  for (const auto& [k, v] : r.headers) headers.append(py::make_tuple(k, v));
  return dict_of("method"_a = r.method, "url"_a = r.url, "headers"_a = headers, "body"_a = r.body, "ttl"_a = r.ttl,
                  "first"_a = r.first, "last"_a = r.last, "permanent_errors"_a = r.permanent_errors);
}

py::list request_list(const std::vector<PlannedRequest>& rs) {
  py::list out;
  for (const auto& r : rs) out.append(request_dict(r));
  return out;
}

py::dict observations_dict(Observations&& o) {
  return dict_of("day"_a = to_numpy(std::move(o.day)), "key"_a = o.key, "value"_a = to_numpy(std::move(o.value)));
}

std::string body_of(const py::bytes& b) { return b; }

py::dict table_dict(const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& cells) {
  py::dict out;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    py::list col;
    for (const auto& row : cells) col.append(row[j]);
    out[py::str(columns[j])] = col;
  }
  return out;
}

}  // namespace

void bind_sources(py::module_& m) {
  m.def("normalize_pypi_name", &sources::normalize_pypi_name, "name"_a);
  m.def("pypistats_request", [](const std::string& p, const std::string& k, const std::string& b) {
    return request_dict(sources::pypistats_request(p, k, b));
  }, "package"_a, "kind"_a, "base_url"_a);
  m.def("pypistats_parse", [](const py::bytes& body, const std::string& url) {
    return observations_dict(sources::pypistats_parse(body_of(body), url));
  }, "body"_a, "url"_a);

  m.def("npm_requests", [](const std::string& p, Day a, Day b, const std::string& base) {
    return request_list(sources::npm_requests(p, a, b, base));
  }, "package"_a, "first"_a, "last"_a, "base_url"_a);
  m.def("npm_parse", [](const py::bytes& body, const std::string& url, Day a, Day b) {
    return observations_dict(sources::npm_parse(body_of(body), url, a, b));
  }, "body"_a, "url"_a, "first"_a, "last"_a);

  m.def("wikimedia_request", [](const std::string& article, const std::string& project, const std::string& access,
                                const std::string& agent, Day a, Day b, const std::string& base) {
    return request_dict(sources::wikimedia_request(article, project, access, agent, a, b, base));
  }, "article"_a, "project"_a, "access"_a, "agent"_a, "first"_a, "last"_a, "base_url"_a);
  m.def("hn_threads_request", [](const std::string& base, int page) {
    return request_dict(sources::hn_threads_request(base, page));
  }, "base_url"_a, "page"_a);
  m.def("hn_threads_parse", [](const py::bytes& body, const std::string& url) {
    int nb_pages = 1;
    const auto threads = sources::hn_threads_parse(body_of(body), url, nb_pages);
    py::list out;
    for (const auto& t : threads) out.append(dict_of("id"_a = t.id, "month"_a = t.month, "title"_a = t.title));
    return py::make_tuple(out, nb_pages);
  }, "body"_a, "url"_a);
  m.def("hn_thread_request", [](const std::string& base, const std::string& id) {
    return request_dict(sources::hn_thread_request(base, id));
  }, "base_url"_a, "id"_a);
  m.def("hn_postings_parse", [](const py::bytes& body, const std::string& url, std::int64_t month,
                                const std::vector<std::string>& terms) {
    return observations_dict(sources::hn_postings_parse(body_of(body), url, month, terms));
  }, "body"_a, "url"_a, "month"_a, "terms"_a);
  m.def("html_to_text", &sources::html_to_text, "html"_a);
  m.def("wikimedia_parse", [](const py::bytes& body, const std::string& url) {
    return observations_dict(sources::wikimedia_parse(body_of(body), url));
  }, "body"_a, "url"_a);

  m.def("stackexchange_requests", [](const std::string& tag, const std::string& site, Day a, Day b, const std::string& unit,
                                     const std::string& key, const std::string& base) {
    return request_list(sources::stackexchange_requests(tag, site, a, b, parse_unit(unit), key, base));
  }, "tag"_a, "site"_a, "first"_a, "last"_a, "unit"_a, "key"_a, "base_url"_a);
  m.def("stackexchange_tags_request", [](const std::string& tag, const std::string& site, const std::string& key,
                                         const std::string& base) {
    return request_dict(sources::stackexchange_tags_request(tag, site, key, base));
  }, "tag"_a, "site"_a, "key"_a, "base_url"_a);
  m.def("stackexchange_tag_names", [](const py::bytes& body, const std::string& url) {
    return sources::stackexchange_tag_names(body_of(body), url);
  }, "body"_a, "url"_a);
  m.def("stackexchange_parse", [](const py::bytes& body, const std::string& url, Day start, const std::string& tag) {
    return observations_dict(sources::stackexchange_parse(body_of(body), url, start, tag));
  }, "body"_a, "url"_a, "window_start"_a, "tag"_a);

  m.def("arxiv_requests", [](const std::string& q, Day a, Day b, const std::string& unit, const std::string& base) {
    return request_list(sources::arxiv_requests(q, a, b, parse_unit(unit), base));
  }, "query"_a, "first"_a, "last"_a, "unit"_a, "base_url"_a);
  m.def("arxiv_parse", [](const py::bytes& body, const std::string& url, Day start, const std::string& q) {
    return observations_dict(sources::arxiv_parse(body_of(body), url, start, q));
  }, "body"_a, "url"_a, "window_start"_a, "query"_a);

  m.def("openalex_requests", [](const std::string& s, Day a, Day b, const std::string& unit, const std::string& key,
                                const std::string& base) {
    return request_list(sources::openalex_requests(s, a, b, parse_unit(unit), key, base));
  }, "search"_a, "first"_a, "last"_a, "unit"_a, "api_key"_a, "base_url"_a);
  m.def("openalex_parse", [](const py::bytes& body, const std::string& url, Day start, const std::string& s, bool grouped) {
    return observations_dict(sources::openalex_parse(body_of(body), url, start, s, grouped));
  }, "body"_a, "url"_a, "window_start"_a, "search"_a, "grouped"_a);

  m.def("github_repo_request", [](const std::string& repo, const std::string& base) {
    return request_dict(sources::github_repo_request(repo, base));
  }, "repo"_a, "base_url"_a);
  m.def("github_commit_activity_request", [](const std::string& repo, const std::string& base) {
    return request_dict(sources::github_commit_activity_request(repo, base));
  }, "repo"_a, "base_url"_a);
  m.def("github_star_history_request", [](const std::string& repo, int page, const std::string& base) {
    return request_dict(sources::github_star_history_request(repo, page, base));
  }, "repo"_a, "page"_a, "base_url"_a);
  m.def("github_repo_parse", [](const py::bytes& body, const std::string& url, Day today) {
    return observations_dict(sources::github_repo_parse(body_of(body), url, today));
  }, "body"_a, "url"_a, "today"_a);
  m.def("github_commit_activity_parse", [](const py::bytes& body, const std::string& url) {
    return observations_dict(sources::github_commit_activity_parse(body_of(body), url));
  }, "body"_a, "url"_a);
  m.def("github_star_history_parse", [](const py::bytes& body, const std::string& url) {
    return observations_dict(sources::github_star_history_parse(body_of(body), url));
  }, "body"_a, "url"_a);
  m.def("check_repo_name", &sources::check_repo_name, "repo"_a);

  m.def("read_google_trends_csv", [](const std::string& text, const std::string& path, double less_than_one) {
    auto t = sources::read_google_trends_csv(text, path, less_than_one);
    py::list values;
    for (auto& v : t.values) values.append(to_numpy(std::move(v)));
    return dict_of("granularity"_a = t.granularity, "terms"_a = t.terms, "day"_a = to_numpy(std::move(t.day)),
                    "values"_a = values, "category"_a = t.category);
  }, "text"_a, "path"_a, "less_than_one"_a = 0.5);

  m.def("sql_string", &sources::sql_string, "value"_a);
  m.def("clickhouse_daily_sql", &sources::clickhouse_daily_sql, "projects"_a, "first"_a, "last"_a, "database"_a);
  m.def("clickhouse_split_sql", &sources::clickhouse_split_sql, "project"_a, "first"_a, "last"_a, "by"_a, "database"_a);
  m.def("clickhouse_stars_sql", &sources::clickhouse_stars_sql, "repo"_a, "first"_a, "last"_a, "database"_a);
  m.def("clickhouse_events_sql", &sources::clickhouse_events_sql, "repo"_a, "event_type"_a, "alias"_a, "first"_a,
        "last"_a, "database"_a);
  m.def("clickhouse_push_commits_sql", &sources::clickhouse_push_commits_sql, "repo"_a, "first"_a, "last"_a,
        "database"_a);
  m.def("clickhouse_count_sql", &sources::clickhouse_count_sql, "query"_a);
  m.def("clickhouse_last_day_sql", &sources::clickhouse_last_day_sql, "first"_a, "last"_a, "database"_a);
  m.def("clickhouse_similar_names_sql", &sources::clickhouse_similar_names_sql, "project"_a, "database"_a);
  m.def("clickhouse_weekly_plan", [](const std::vector<std::string>& projects, Day first, Day last,
                                     const std::string& database, long long row_cap, bool ci_split) {
    const auto p = sources::clickhouse_weekly_plan(projects, first, last, database, row_cap, ci_split);
    return dict_of("first"_a = p.first, "last"_a = p.last, "weeks"_a = p.weeks, "row_cap"_a = p.row_cap,
                    "sql"_a = p.sql, "projects"_a = p.projects, "spans"_a = p.spans);
  }, "projects"_a, "first"_a, "last"_a, "database"_a, "row_cap"_a, "ci_split"_a);
  m.def("weekly_chunks", [](const std::string& source, const std::vector<std::string>& projects, Day first, Day last,
                            long long row_cap) {
    const auto p = sources::weekly_chunks(source, projects, first, last, row_cap);
    return dict_of("first"_a = p.first, "last"_a = p.last, "weeks"_a = p.weeks, "row_cap"_a = p.row_cap,
                    "projects"_a = p.projects, "spans"_a = p.spans);
  }, "source"_a, "projects"_a, "first"_a, "last"_a, "row_cap"_a);
  m.def("clickhouse_weekly_sql", &sources::clickhouse_weekly_sql, "projects"_a, "first"_a, "last"_a, "database"_a,
        "ci_split"_a);
  m.def("whole_weeks", &sources::whole_weeks, "first"_a, "last"_a, "source"_a = "clickhouse_pypi");
  m.def("clickhouse_top_sql", &sources::clickhouse_top_sql, "first"_a, "last"_a, "n"_a, "database"_a);
  m.def("clickhouse_total_weekly_sql", &sources::clickhouse_total_weekly_sql, "first"_a, "last"_a, "database"_a);
  m.def("clickhouse_request", [](const std::string& sql, const std::string& base, const std::string& user,
                                  const std::string& password) {
    return request_dict(sources::clickhouse_request(sql, base, user, password));
  }, "sql"_a, "base_url"_a, "user"_a, "password"_a = "");
  m.def("clickhouse_parse", [](const py::bytes& body, const std::string& url, const std::string& sql) {
    const auto t = sources::clickhouse_parse(body_of(body), url, sql);
    return py::make_tuple(table_dict(t.columns, t.cells), t.rows);
  }, "body"_a, "url"_a, "sql"_a);

  m.def("bigquery_daily_sql", &sources::bigquery_daily_sql, "project"_a, "first"_a, "last"_a, "by_ci_and_installer"_a);
  m.def("bigquery_weekly_sql", &sources::bigquery_weekly_sql, "projects"_a, "first"_a, "last"_a, "ci_split"_a);
  m.def("bigquery_top_sql", &sources::bigquery_top_sql, "first"_a, "last"_a, "n"_a);
  m.def("bigquery_total_weekly_sql", &sources::bigquery_total_weekly_sql, "first"_a, "last"_a);
  m.def("bigquery_last_day_sql", &sources::bigquery_last_day_sql, "first"_a, "last"_a);
  m.def("bigquery_query_request", [](const std::string& sql, const std::string& billing, const std::string& base,
                                     bool dry_run, long long maximum_bytes_billed) {
    return request_dict(sources::bigquery_query_request(sql, billing, base, dry_run, maximum_bytes_billed));
  }, "sql"_a, "billing_project"_a, "base_url"_a, "dry_run"_a = false, "maximum_bytes_billed"_a = 0);
  m.def("bigquery_results_request", [](const std::string& billing, const std::string& job, const std::string& location,
                                       const std::string& token, const std::string& base) {
    return request_dict(sources::bigquery_results_request(billing, job, location, token, base));
  }, "billing_project"_a, "job_id"_a, "location"_a, "page_token"_a, "base_url"_a);
  m.def("bigquery_parse", [](const py::bytes& body, const std::string& url) {
    const auto p = sources::bigquery_parse(body_of(body), url);
    py::dict table = table_dict(p.columns, p.cells);
    return dict_of("complete"_a = p.complete, "job_id"_a = p.job_id, "location"_a = p.location,
                    "page_token"_a = p.page_token, "table"_a = table, "is_null"_a = p.is_null,
                    "total_rows"_a = p.total_rows, "bytes_processed"_a = p.bytes_processed);
  }, "body"_a, "url"_a);

  m.def("github_repository", &sources::github_repository, "url"_a, "allow_shorthand"_a = false);
  m.def("pypi_json_request", [](const std::string& name, const std::string& base) {
    return request_dict(sources::pypi_json_request(name, base));
  }, "name"_a, "base_url"_a);
  m.def("pypi_json_parse", [](const py::bytes& body, const std::string& url) {
    const auto p = sources::pypi_json_parse(body_of(body), url);
    py::list urls;
    for (const auto& [label, link] : p.project_urls) urls.append(py::make_tuple(label, link));
    return dict_of("name"_a = p.name, "normalized"_a = p.normalized, "summary"_a = p.summary,
                    "home_page"_a = p.home_page, "repository"_a = p.repository,
                    "repository_label"_a = p.repository_label, "project_urls"_a = urls);
  }, "body"_a, "url"_a);
  m.def("npm_registry_request", [](const std::string& name, const std::string& base) {
    return request_dict(sources::npm_registry_request(name, base));
  }, "package"_a, "base_url"_a);
  m.def("npm_registry_parse", [](const py::bytes& body, const std::string& url) {
    const auto p = sources::npm_registry_parse(body_of(body), url);
    return dict_of("name"_a = p.name, "description"_a = p.description, "homepage"_a = p.homepage,
                    "repository_url"_a = p.repository_url, "repository"_a = p.repository);
  }, "body"_a, "url"_a);
  m.def("wikidata_label_search_request", [](const std::string& label, const std::string& base) {
    return request_dict(sources::wikidata_label_search_request(label, base));
  }, "label"_a, "base_url"_a);
  m.def("wikidata_label_search_parse", [](const py::bytes& body, const std::string& url) {
    py::list out;
    for (const auto& h : sources::wikidata_label_search_parse(body_of(body), url)) {
      out.append(dict_of("id"_a = h.id, "label"_a = h.label, "description"_a = h.description, "matched"_a = h.matched));
    }
    return out;
  }, "body"_a, "url"_a);
  m.def("wikidata_statement_search_request", [](const std::string& property, const std::string& value,
                                                const std::string& base) {
    return request_dict(sources::wikidata_statement_search_request(property, value, base));
  }, "property"_a, "value"_a, "base_url"_a);
  m.def("wikidata_statement_search_parse", [](const py::bytes& body, const std::string& url) {
    return sources::wikidata_statement_search_parse(body_of(body), url);
  }, "body"_a, "url"_a);
  m.def("wikidata_entities_request", [](const std::vector<std::string>& ids, const std::string& base) {
    return request_dict(sources::wikidata_entities_request(ids, base));
  }, "ids"_a, "base_url"_a);
  m.def("wikidata_entities_parse", [](const py::bytes& body, const std::string& url) {
    py::list out;
    for (const auto& i : sources::wikidata_entities_parse(body_of(body), url)) {
      out.append(dict_of("id"_a = i.id, "missing"_a = i.missing, "label"_a = i.label, "enwiki"_a = i.enwiki,
                          "pypi"_a = i.pypi, "npm"_a = i.npm, "stackoverflow"_a = i.stackoverflow,
                          "repositories"_a = i.repositories));
    }
    return out;
  }, "body"_a, "url"_a);
}

}  // namespace uptake::bindings
