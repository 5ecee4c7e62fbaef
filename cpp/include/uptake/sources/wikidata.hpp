#pragma once
// Wikidata Action API (base https://www.wikidata.org/w/api.php) for identity resolution:
//  - label search (wbsearchentities): items whose label or alias matches a common name ("pytorch", "sklearn");
//  - statement search (CirrusSearch haswbstatement): items with P5568 (PyPI project) or P8262 (npm package) = value;
//  - entities (wbgetentities, at most 50 ids): claims P5568, P8262, P1482 (Stack Exchange tag URL), P1324
//    (source repository URL) and the English Wikipedia sitelink.
// Item ids are never hard-coded: third-party lists disagree on them. Serial requests with a descriptive
// User-Agent; 429 carries Retry-After (the engine honours it).
#include <string>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

struct WikidataHit {
  std::string id;     // "Q47509047"
  std::string label;  // English label, may be ""
  std::string description;
  std::string matched;  // the label or alias the search matched ("sklearn" is an alias of scikit-learn)
};

struct WikidataItem {
  std::string id;
  bool missing = false;     // the id does not exist (or was deleted)
  std::string label;        // English label
  std::string enwiki;       // English Wikipedia article title, "" without a sitelink
  std::vector<std::string> pypi;            // P5568 values, preferred rank first, deprecated dropped
  std::vector<std::string> npm;             // P8262
  std::vector<std::string> stackoverflow;   // tags from P1482 URLs on stackoverflow.com
  std::vector<std::string> repositories;    // P1324 URLs as stored
};

PlannedRequest wikidata_label_search_request(const std::string& label, const std::string& base_url);
std::vector<WikidataHit> wikidata_label_search_parse(const std::string& body, const std::string& url);

// property: "P5568" or "P8262".
PlannedRequest wikidata_statement_search_request(const std::string& property, const std::string& value,
                                                 const std::string& base_url);
std::vector<std::string> wikidata_statement_search_parse(const std::string& body, const std::string& url);

PlannedRequest wikidata_entities_request(const std::vector<std::string>& ids, const std::string& base_url);
std::vector<WikidataItem> wikidata_entities_parse(const std::string& body, const std::string& url);

}  // namespace uptake::sources
