// Identity parsers: PyPI JSON, the npm registry document, Wikidata search and entities, repository links.
#include <gtest/gtest.h>

#include <string>

#include "uptake/core/errors.hpp"
#include "uptake/sources/npm_registry.hpp"
#include "uptake/sources/pypi_json.hpp"
#include "uptake/sources/repository_url.hpp"
#include "uptake/sources/wikidata.hpp"

using namespace uptake::sources;

TEST(RepositoryUrl, FormsProjectsWrite) {
  EXPECT_EQ(github_repository("https://github.com/pytorch/pytorch/tags"), "pytorch/pytorch");
  EXPECT_EQ(github_repository("https://github.com/pypa/sampleproject/"), "pypa/sampleproject");
  EXPECT_EQ(github_repository("git+https://github.com/jslicense/not-licensed.js.git"), "jslicense/not-licensed.js");
  EXPECT_EQ(github_repository("git://github.com/o/r.git"), "o/r");
  EXPECT_EQ(github_repository("git@github.com:o/r.git"), "o/r");
  EXPECT_EQ(github_repository("ssh://git@github.com/o/r"), "o/r");
  EXPECT_EQ(github_repository("http://www.github.com/o/r#readme"), "o/r");
  EXPECT_EQ(github_repository("https://github.com/o/r/tree/main/python?x=1"), "o/r");
  EXPECT_EQ(github_repository("https://github.com/sponsors/someone"), "");
  EXPECT_EQ(github_repository("https://github.com/orgs/pola-rs/people"), "");
  EXPECT_EQ(github_repository("https://github.com/pola-rs"), "");
  EXPECT_EQ(github_repository("http://bitbucket.org/nikhilm/uuidjs"), "");
  EXPECT_EQ(github_repository("https://pytorch.org/"), "");
  EXPECT_EQ(github_repository("o/r"), "");
  EXPECT_EQ(github_repository("o/r", true), "o/r");
  EXPECT_EQ(github_repository("github:o/r", true), "o/r");
  EXPECT_EQ(github_repository("gitlab:o/r", true), "");
  EXPECT_EQ(github_repository("", true), "");
}

TEST(PypiJson, RequestUsesTheNormalisedName) {
  EXPECT_EQ(pypi_json_request("Scikit_Learn", "https://pypi.org/pypi/").url, "https://pypi.org/pypi/scikit-learn/json");
  EXPECT_THROW(pypi_json_request("a/../b", "https://pypi.org/pypi"), std::invalid_argument);
}

TEST(PypiJson, SourceLabelBeatsHomepageAndDownloadUrl) {
  const std::string body = R"({"info": {"name": "Polars", "home_page": "https://github.com/someone/else",
    "project_urls": {"Homepage": "https://github.com/wrong/homepage", "Documentation": "https://docs.pola.rs",
                     "Source Code": "https://github.com/pola-rs/polars/"}}})";
  const auto p = pypi_json_parse(body, "u");
  EXPECT_EQ(p.name, "Polars");
  EXPECT_EQ(p.normalized, "polars");
  EXPECT_EQ(p.repository, "pola-rs/polars");
  EXPECT_EQ(p.repository_label, "Source Code");
  EXPECT_EQ(p.project_urls.size(), 3u);
}

TEST(PypiJson, DownloadUrlWhenNothingElseAndNullProjectUrls) {
  const auto p = pypi_json_parse(R"({"info": {"name": "torch", "home_page": "https://pytorch.org/",
    "download_url": "https://github.com/pytorch/pytorch/tags", "project_urls": null}})", "u");
  EXPECT_EQ(p.repository, "pytorch/pytorch");
  EXPECT_EQ(p.repository_label, "download_url");
  const auto none = pypi_json_parse(R"({"info": {"name": "x", "home_page": null}})", "u");
  EXPECT_EQ(none.repository, "");
}

TEST(PypiJson, WrongShapesAreParseErrors) {
  EXPECT_THROW(pypi_json_parse(R"({"message": "Not Found"})", "u"), uptake::ParseError);
  EXPECT_THROW(pypi_json_parse(R"({"info": {"name": 3}})", "u"), uptake::ParseError);
  EXPECT_THROW(pypi_json_parse("<html>", "u"), uptake::ParseError);
}

TEST(NpmRegistry, ScopedNameIsOneSegment) {
  EXPECT_EQ(npm_registry_request("@tensorflow/tfjs", "https://registry.npmjs.org").url,
            "https://registry.npmjs.org/@tensorflow%2Ftfjs");
  EXPECT_EQ(npm_registry_request("left-pad", "https://registry.npmjs.org/").url, "https://registry.npmjs.org/left-pad");
}

TEST(NpmRegistry, RepositoryObjectStringOrAbsent) {
  auto p = npm_registry_parse(R"({"name": "@tensorflow/tfjs", "repository": {"type": "git",
    "url": "git+https://github.com/tensorflow/tfjs.git", "directory": "tfjs"}})", "u");
  EXPECT_EQ(p.repository, "tensorflow/tfjs");
  p = npm_registry_parse(R"({"name": "x", "repository": "owner/x"})", "u");
  EXPECT_EQ(p.repository, "owner/x");
  p = npm_registry_parse(R"({"name": "uuid", "repository": {"type": "hg", "url": "http://bitbucket.org/nikhilm/uuidjs"}})", "u");
  EXPECT_EQ(p.repository, "");
  EXPECT_EQ(p.repository_url, "http://bitbucket.org/nikhilm/uuidjs");
  p = npm_registry_parse(R"({"name": "tiny-tarball", "homepage": "https://github.com/a/b#readme"})", "u");
  EXPECT_EQ(p.repository, "a/b");
  EXPECT_THROW(npm_registry_parse(R"({"error": "Not found"})", "u"), uptake::ParseError);
}

TEST(Wikidata, Requests) {
  const std::string base = "https://www.wikidata.org/w/api.php";
  EXPECT_EQ(wikidata_statement_search_request("P5568", "torch", base).url,
            base + "?action=query&list=search&srsearch=haswbstatement%3A%22P5568%3Dtorch%22&srnamespace=0&srlimit=10&format=json");
  EXPECT_NE(wikidata_label_search_request("scikit learn", base).url.find("search=scikit%20learn&"), std::string::npos);
  EXPECT_NE(wikidata_entities_request({"Q1", "Q22"}, base).url.find("ids=Q1%7CQ22&"), std::string::npos);
  EXPECT_THROW(wikidata_statement_search_request("P31", "x", base), std::invalid_argument);
  EXPECT_THROW(wikidata_entities_request({"Q1; DROP"}, base), std::invalid_argument);
  EXPECT_THROW(wikidata_entities_request({}, base), std::invalid_argument);
}

TEST(Wikidata, Searches) {
  const auto hits = wikidata_label_search_parse(
      R"({"search": [{"id": "Q7", "label": "PyTorch", "description": "library", "match": {"type": "alias", "text": "pytorch"}}, {"id": "Q8", "display": {"label": {"value": "Torch"}}}]})", "u");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].label, "PyTorch");
  EXPECT_EQ(hits[1].label, "Torch");
  EXPECT_EQ(hits[0].matched, "pytorch");
  EXPECT_EQ(hits[1].matched, "Torch");
  const auto ids = wikidata_statement_search_parse(R"({"query": {"searchinfo": {"totalhits": 1}, "search": [{"ns": 0, "title": "Q7"}]}})", "u");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0], "Q7");
  EXPECT_TRUE(wikidata_statement_search_parse(R"({"query": {"search": []}})", "u").empty());
  EXPECT_THROW(wikidata_label_search_parse(R"({"error": {"code": "maxlag", "info": "Waiting"}})", "u"), uptake::ParseError);
  EXPECT_THROW(wikidata_statement_search_parse(R"({"query": {"search": [{"title": "Talk:X"}]}})", "u"), uptake::ParseError);
}

TEST(Wikidata, EntitiesRanksSnaksSitelinksAndMissing) {
  const std::string body = R"({"entities": {
    "Q7": {"id": "Q7", "labels": {"en": {"value": "PyTorch"}},
           "sitelinks": {"enwiki": {"site": "enwiki", "title": "PyTorch"}},
           "claims": {
             "P5568": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": "pytorch-old"}}, "rank": "deprecated"},
                       {"mainsnak": {"snaktype": "value", "datavalue": {"value": "torch"}}, "rank": "normal"}],
             "P1482": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": "https://ai.stackexchange.com/tags/pytorch"}}, "rank": "normal"},
                       {"mainsnak": {"snaktype": "value", "datavalue": {"value": "https://stackoverflow.com/tags/pytorch"}}, "rank": "normal"}],
             "P1324": [{"mainsnak": {"snaktype": "novalue"}, "rank": "normal"},
                       {"mainsnak": {"snaktype": "value", "datavalue": {"value": "https://github.com/a/old"}}, "rank": "normal"},
                       {"mainsnak": {"snaktype": "value", "datavalue": {"value": "https://github.com/pytorch/pytorch"}}, "rank": "preferred"}]}},
    "Q9": {"id": "Q9", "missing": ""},
    "Q10": {"id": "Q10", "labels": {}, "claims": []}}})";
  const auto items = wikidata_entities_parse(body, "u");
  ASSERT_EQ(items.size(), 3u);
  const auto& t = items[0].id == "Q7" ? items[0] : items[1].id == "Q7" ? items[1] : items[2];
  EXPECT_EQ(t.label, "PyTorch");
  EXPECT_EQ(t.enwiki, "PyTorch");
  ASSERT_EQ(t.pypi.size(), 1u);
  EXPECT_EQ(t.pypi[0], "torch");
  ASSERT_EQ(t.stackoverflow.size(), 1u);
  EXPECT_EQ(t.stackoverflow[0], "pytorch");
  ASSERT_EQ(t.repositories.size(), 2u);
  EXPECT_EQ(t.repositories[0], "https://github.com/pytorch/pytorch");
  int missing = 0;
  for (const auto& i : items) missing += i.missing;
  EXPECT_EQ(missing, 1);
  EXPECT_THROW(wikidata_entities_parse(R"({"success": 1})", "u"), uptake::ParseError);
  EXPECT_THROW(wikidata_entities_parse(R"({"entities": {"Q1": 3}})", "u"), uptake::ParseError);
}
