// Hacker News "Who is hiring?" parsing on our own Algolia-format answers.
#include <gtest/gtest.h>

#include <stdexcept>

#include "uptake/core/calendar.hpp"
#include "uptake/core/errors.hpp"
#include "uptake/sources/hn_hiring.hpp"

using namespace uptake;
using namespace uptake::sources;

TEST(HnHiring, ThreadListKeepsOnlyHiringThreadsAndReadsTheMonthFromTheTitle) {
  const std::string body = R"J({"hits":[
    {"objectID":"45800465","title":"Ask HN: Who is hiring? (November 2025)","created_at":"2025-11-03T16:00:00Z"},
    {"objectID":"45800466","title":"Ask HN: Who wants to be hired? (November 2025)"},
    {"objectID":"45800467","title":"Ask HN: Freelancer? Seeking freelancer? (November 2025)"},
    {"objectID":44000000,"title":"Ask HN: Who is hiring? (December 2024)","created_at":"2024-11-30T23:59:00Z"}],
    "nbHits":4,"page":0,"nbPages":3,"hitsPerPage":1000})J";
  int pages = 0;
  const auto threads = hn_threads_parse(body, "u", pages);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(threads[0].id, "45800465");
  EXPECT_EQ(threads[0].month, days_from_civil(2025, 11, 1));
  EXPECT_EQ(threads[1].id, "44000000");  // integer objectID accepted
  EXPECT_EQ(threads[1].month, days_from_civil(2024, 12, 1));  // the title's month, not created_at's
}

TEST(HnHiring, CountsTopLevelPostingsByWordBoundary) {
  const std::string body = R"J({"id":1,"children":[
    {"id":2,"text":"<p>ML engineer: PyTorch &amp; JAX","children":[{"id":9,"text":"pytorch reply"}]},
    {"id":3,"text":"Backend; we use TensorFlow&#x2F;Keras and torch"},
    {"id":4,"text":"Python, pytorchlightning fans, tensorflowjs"},
    {"id":5,"text":null,"author":null},
    {"id":6,"text":"C++ and <a href=\"x\">Pytorch</a>.","children":[]}]})J";
  const auto obs = hn_postings_parse(body, "u", days_from_civil(2020, 1, 1), {"pytorch|torch", "tensorflow", "c++"});
  ASSERT_EQ(obs.key.size(), 4u);
  EXPECT_EQ(obs.key[0], "postings");
  EXPECT_EQ(obs.value[0], 4);  // the deleted comment is not a posting; replies are not postings
  EXPECT_EQ(obs.value[1], 3);  // ids 2, 3 (torch), 6; not "pytorchlightning"
  EXPECT_EQ(obs.value[2], 1);  // id 3 via the decoded slash; not "tensorflowjs"
  EXPECT_EQ(obs.value[3], 1);  // a term ending in a non-word character
}

TEST(HnHiring, HtmlToTextDecodesEntitiesAndDropsTags) {
  EXPECT_EQ(html_to_text("a&amp;b&#x2F;c&#39;d&lt;<i>x</i>&bogus;"), "a&b/c'd< x &bogus;");
  EXPECT_EQ(html_to_text("&#233;"), "\xC3\xA9");
}

TEST(HnHiring, BadInputIsNamed) {
  int pages = 0;
  EXPECT_THROW(hn_threads_parse("[]", "u", pages), ParseError);
  EXPECT_THROW(hn_threads_parse(R"J({"hits":[{"title":"x"}]})J", "u", pages), ParseError);
  EXPECT_THROW(hn_postings_parse(R"J({"id":1})J", "u", 0, {"x"}), ParseError);
  EXPECT_THROW(hn_postings_parse(R"J({"children":[]})J", "u", 0, {"a||b"}), std::invalid_argument);
  EXPECT_THROW(hn_thread_request("http://h", "12a"), std::invalid_argument);
  EXPECT_EQ(hn_thread_request("http://h/", "12").url, "http://h/items/12");
  EXPECT_NE(hn_threads_request("http://h", 2).url.find("tags=story,author_whoishiring&hitsPerPage=1000&page=2"),
            std::string::npos);
}
