#include "uptake/sources/arxiv.hpp"

#include <cstdlib>
#include <stdexcept>

#include "uptake/core/errors.hpp"
#include "uptake/sources/windows.hpp"

namespace uptake::sources {

namespace {

// The text of the first <tag>...</tag> (namespace prefix included in `tag`), or nothing.
bool element_text(const std::string& xml, const std::string& tag, std::string& out, std::size_t from = 0) {
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  const auto a = xml.find(open, from);
  if (a == std::string::npos) return false;
  const auto b = xml.find(close, a + open.size());
  if (b == std::string::npos) return false;
  out = xml.substr(a + open.size(), b - a - open.size());
  return true;
}

}  // namespace

std::vector<PlannedRequest> arxiv_requests(const std::string& query, Day first, Day last, Unit unit,
                                           const std::string& base_url) {
  check_range("arxiv", first, last);
  if (query.empty()) throw std::invalid_argument("arxiv: empty query");
  std::vector<PlannedRequest> out;
  for (const auto& [a, b] : period_windows(first, last, unit == Unit::Year ? Unit::Year : Unit::Month)) {
    const std::string search = "(" + query + ") AND submittedDate:[" + compact_date(a) + "0000 TO " + compact_date(b) + "2359]";
    PlannedRequest r;
    r.url = join_url(base_url, "query?search_query=" + url_encode(search) + "&start=0&max_results=1");
    r.first = a;
    r.last = b;
    r.ttl = 7 * 24 * 3600.0;
    out.push_back(r);
  }
  return out;
}

Observations arxiv_parse(const std::string& body, const std::string& url, Day window_start, const std::string& query) {
  if (body.find("<feed") == std::string::npos) parse_error("arxiv", url, "expected an Atom feed");
  std::string title;
  const auto entry = body.find("<entry>");
  if (entry != std::string::npos && element_text(body, "title", title, entry) && title == "Error") {
    std::string summary;
    element_text(body, "summary", summary, entry);
    throw ParseError("arxiv: the API reports an error for " + url + ": " + summary);
  }
  std::string total;
  if (!element_text(body, "opensearch:totalResults", total)) parse_error("arxiv", url, "no opensearch:totalResults");
  char* end = nullptr;
  const double value = std::strtod(total.c_str(), &end);
  if (end == total.c_str() || value < 0) parse_error("arxiv", url, "totalResults is not a count: '" + total + "'");
  Observations out;
  out.add(window_start, query, value);
  return out;
}

}  // namespace uptake::sources
