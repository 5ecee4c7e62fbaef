#include "uptake/sources/arxiv.hpp"

#include <cstdlib>
#include <stdexcept>

#include "uptake/core/errors.hpp"
#include "uptake/sources/windows.hpp"
#include "uptake/sources/xml.hpp"

namespace uptake::sources {

namespace {

const std::string kAtom = "http://www.w3.org/2005/Atom";

bool is_opensearch(const std::string& uri) { return uri.rfind("http://a9.com/-/spec/opensearch/", 0) == 0; }

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
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
  // Read as XML with namespaces resolved: the prefix ("opensearch:", "os:", a default namespace) is the
  // writer's choice; the namespace URI is what identifies the element.
  XmlElement feed;
  try {
    feed = parse_xml(body);
  } catch (const std::invalid_argument& e) {
    parse_error("arxiv", url, std::string("expected an Atom feed (") + e.what() + ")");
  }
  if (feed.ns != kAtom || feed.local != "feed") parse_error("arxiv", url, "expected an Atom <feed>, got <" + feed.local + ">");
  for (const auto& entry : feed.children) {
    if (entry.ns != kAtom || entry.local != "entry") continue;
    const XmlElement* title = entry.find(kAtom, "title");
    const XmlElement* id = entry.find(kAtom, "id");
    const bool error = (title && trimmed(title->text) == "Error") ||
                       (id && id->text.find("/api/errors") != std::string::npos);
    if (error) {
      const XmlElement* summary = entry.find(kAtom, "summary");
      throw ParseError("arxiv: the API reports an error for " + url + ": " + (summary ? trimmed(summary->text) : ""));
    }
  }
  const XmlElement* total = nullptr;
  for (const auto& c : feed.children) {
    if (is_opensearch(c.ns) && c.local == "totalResults") {
      total = &c;
      break;
    }
  }
  if (!total) parse_error("arxiv", url, "no totalResults element (OpenSearch namespace) in the feed");
  const std::string text = trimmed(total->text);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || value < 0) parse_error("arxiv", url, "totalResults is not a count: '" + text + "'");
  Observations out;
  out.add(window_start, query, value);
  return out;
}

}  // namespace uptake::sources
