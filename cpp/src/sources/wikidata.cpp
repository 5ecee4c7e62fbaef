#include "uptake/sources/wikidata.hpp"

#include "json_guard.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace uptake::sources {

namespace {

const double kIdentityTtl = 7 * 24 * 3600.0;

std::string api_url(const std::string& base_url, const std::string& query) {
  std::string b = base_url;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + (b.find('?') == std::string::npos ? "?" : "&") + query;
}

bool valid_id(const std::string& id) {
  return id.size() >= 2 && id.size() <= 12 && id[0] == 'Q' &&
         std::all_of(id.begin() + 1, id.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string string_or_empty(const nlohmann::json& obj, const char* key) {
  return obj.is_object() && obj.contains(key) && obj.at(key).is_string() ? obj.at(key).get<std::string>() : "";
}

void check_api_error(const nlohmann::json& doc, const std::string& url) {
  if (!doc.is_object()) parse_error("wikidata", url, "expected a JSON object");
  if (doc.contains("error")) {
    const auto& e = doc.at("error");
    parse_error("wikidata", url, "the API says: " + string_or_empty(e, "code") + " " + string_or_empty(e, "info"));
  }
}

// String values of one property's statements: preferred rank first, deprecated and value-less snaks dropped.
std::vector<std::string> claim_strings(const nlohmann::json& claims, const char* property) {
  std::vector<std::string> preferred, normal;
  if (!claims.is_object() || !claims.contains(property) || !claims.at(property).is_array()) return {};
  for (const auto& st : claims.at(property)) {
    const std::string rank = string_or_empty(st, "rank");
    if (rank == "deprecated" || !st.is_object() || !st.contains("mainsnak")) continue;
    const auto& snak = st.at("mainsnak");
    if (string_or_empty(snak, "snaktype") != "value" || !snak.contains("datavalue")) continue;
    const std::string v = string_or_empty(snak.at("datavalue"), "value");
    if (v.empty()) continue;
    (rank == "preferred" ? preferred : normal).push_back(v);
  }
  preferred.insert(preferred.end(), normal.begin(), normal.end());
  return preferred;
}

// "https://stackoverflow.com/tags/pytorch" -> "pytorch"; tags of other Stack Exchange sites are skipped.
std::string stackoverflow_tag(const std::string& link) {
  const std::string marker = "stackoverflow.com/tags/";
  const auto at = link.find(marker);
  if (at == std::string::npos) return "";
  std::string tag = link.substr(at + marker.size());
  const auto end = tag.find_first_of("/?#");
  if (end != std::string::npos) tag.resize(end);
  return tag;
}

std::vector<WikidataHit> label_search_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  check_api_error(doc, url);
  if (!doc.contains("search") || !doc.at("search").is_array()) parse_error("wikidata", url, "expected a 'search' list");
  std::vector<WikidataHit> out;
  for (const auto& hit : doc.at("search")) {
    WikidataHit h;
    h.id = string_or_empty(hit, "id");
    if (!valid_id(h.id)) parse_error("wikidata", url, "expected search hits with an item 'id'");
    h.label = string_or_empty(hit, "label");
    if (h.label.empty() && hit.contains("display") && hit.at("display").contains("label")) {
      h.label = string_or_empty(hit.at("display").at("label"), "value");
    }
    h.description = string_or_empty(hit, "description");
    h.matched = hit.contains("match") ? string_or_empty(hit.at("match"), "text") : "";
    if (h.matched.empty()) h.matched = h.label;
    out.push_back(h);
  }
  return out;
}

std::vector<std::string> statement_search_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  check_api_error(doc, url);
  if (!doc.contains("query") || !doc.at("query").is_object() || !doc.at("query").contains("search") ||
      !doc.at("query").at("search").is_array()) {
    parse_error("wikidata", url, "expected 'query.search' (a list of items)");
  }
  std::vector<std::string> ids;
  for (const auto& hit : doc.at("query").at("search")) {
    const std::string id = string_or_empty(hit, "title");
    if (!valid_id(id)) parse_error("wikidata", url, "expected search hits titled by item id");
    ids.push_back(id);
  }
  return ids;
}

std::vector<WikidataItem> entities_impl(const std::string& body, const std::string& url) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  check_api_error(doc, url);
  if (!doc.contains("entities") || !doc.at("entities").is_object()) parse_error("wikidata", url, "expected 'entities'");
  std::vector<WikidataItem> out;
  for (const auto& [key, e] : doc.at("entities").items()) {
    if (!e.is_object()) parse_error("wikidata", url, "expected entity objects");
    WikidataItem item;
    item.id = string_or_empty(e, "id");
    if (item.id.empty()) item.id = key;
    item.missing = e.contains("missing");
    if (item.missing) {
      out.push_back(item);
      continue;
    }
    if (e.contains("labels") && e.at("labels").is_object() && e.at("labels").contains("en")) {
      item.label = string_or_empty(e.at("labels").at("en"), "value");
    }
    if (e.contains("sitelinks") && e.at("sitelinks").is_object() && e.at("sitelinks").contains("enwiki")) {
      item.enwiki = string_or_empty(e.at("sitelinks").at("enwiki"), "title");
    }
    const nlohmann::json empty = nlohmann::json::object();
    const auto& claims = e.contains("claims") ? e.at("claims") : empty;
    item.pypi = claim_strings(claims, "P5568");
    item.npm = claim_strings(claims, "P8262");
    item.repositories = claim_strings(claims, "P1324");
    for (const auto& link : claim_strings(claims, "P1482")) {
      const std::string tag = stackoverflow_tag(link);
      if (!tag.empty()) item.stackoverflow.push_back(tag);
    }
    out.push_back(item);
  }
  return out;
}

}  // namespace

PlannedRequest wikidata_label_search_request(const std::string& label, const std::string& base_url) {
  if (label.empty()) throw std::invalid_argument("wikidata: empty search label");
  PlannedRequest r;
  r.url = api_url(base_url, "action=wbsearchentities&search=" + url_encode(label) +
                                "&language=en&uselang=en&type=item&limit=10&format=json");
  r.ttl = kIdentityTtl;
  return r;
}

std::vector<WikidataHit> wikidata_label_search_parse(const std::string& body, const std::string& url) {
  return guard_json("wikidata", url, [&] { return label_search_impl(body, url); });
}

PlannedRequest wikidata_statement_search_request(const std::string& property, const std::string& value,
                                                 const std::string& base_url) {
  if (property != "P5568" && property != "P8262") {
    throw std::invalid_argument("wikidata: statement search supports P5568 (PyPI) and P8262 (npm), got '" + property + "'");
  }
  if (value.empty() || value.find('"') != std::string::npos) {
    throw std::invalid_argument("wikidata: invalid statement value '" + value + "'");
  }
  PlannedRequest r;
  // Quoted so values with '@', '/' or '-' stay one keyword for CirrusSearch.
  r.url = api_url(base_url, "action=query&list=search&srsearch=" + url_encode("haswbstatement:\"" + property + "=" + value + "\"") +
                                "&srnamespace=0&srlimit=10&format=json");
  r.ttl = kIdentityTtl;
  return r;
}

std::vector<std::string> wikidata_statement_search_parse(const std::string& body, const std::string& url) {
  return guard_json("wikidata", url, [&] { return statement_search_impl(body, url); });
}

PlannedRequest wikidata_entities_request(const std::vector<std::string>& ids, const std::string& base_url) {
  if (ids.empty() || ids.size() > 50) throw std::invalid_argument("wikidata: give 1 to 50 item ids");
  std::string joined;
  for (const auto& id : ids) {
    if (!valid_id(id)) throw std::invalid_argument("wikidata: invalid item id '" + id + "'");
    joined += (joined.empty() ? "" : "|") + id;
  }
  PlannedRequest r;
  r.url = api_url(base_url, "action=wbgetentities&ids=" + url_encode(joined) +
                                "&props=claims%7Csitelinks%7Clabels&languages=en&sitefilter=enwiki&formatversion=2&format=json");
  r.ttl = kIdentityTtl;
  return r;
}

std::vector<WikidataItem> wikidata_entities_parse(const std::string& body, const std::string& url) {
  return guard_json("wikidata", url, [&] { return entities_impl(body, url); });
}

}  // namespace uptake::sources
