#pragma once
// Hacker News "Ask HN: Who is hiring?" threads through the Algolia HN Search API: the monthly threads of the
// whoishiring account, and per thread the top-level comments (one job posting each) that mention a term.
// Counting is ours, on the unescaped text with word boundaries: Algolia's own query matching applies typo
// tolerance and prefix matching, and its nbHits counts replies too.
#include <string>
#include <vector>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

struct HiringThread {
  std::string id;  // Algolia objectID (a string)
  Day month = 0;   // first day of the month named in the title, e.g. "(November 2025)"
  std::string title;
};

// /search_by_date?tags=story,author_whoishiring&hitsPerPage=1000&page=<page> (newest first).
PlannedRequest hn_threads_request(const std::string& base_url, int page);
// Only "Ask HN: Who is hiring? (Month YYYY)" stories; "Who wants to be hired?" and "Freelancer?" are dropped.
// nb_pages receives the envelope's nbPages.
std::vector<HiringThread> hn_threads_parse(const std::string& body, const std::string& url, int& nb_pages);
// /items/<id>: the whole thread as a tree.
PlannedRequest hn_thread_request(const std::string& base_url, const std::string& id);
// Observations on day = month: key "postings" = top-level comments with text (deleted ones, text null, are not
// postings); key = each term = postings whose text matches it. A term is one or more words separated by '|'
// ("pytorch|torch"), matched case-insensitively on word boundaries.
Observations hn_postings_parse(const std::string& body, const std::string& url, Day month,
                               const std::vector<std::string>& terms);
// Comment HTML to plain text: tags become spaces, entities (&amp; &#x2F; &#39; ...) are decoded.
std::string html_to_text(const std::string& html);

}  // namespace uptake::sources
