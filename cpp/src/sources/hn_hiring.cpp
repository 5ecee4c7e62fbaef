#include "uptake/sources/hn_hiring.hpp"

#include "json_guard.hpp"

#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

namespace uptake::sources {

namespace {

const char* const kSource = "hn_hiring";

void append_utf8(std::string& out, unsigned long cp) {
  if (cp == 0 || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The month named in "Ask HN: Who is hiring? (November 2025)"; false for the account's other threads.
bool hiring_month(const std::string& title, Day& month) {
  static const std::regex pattern(R"(^\s*Ask HN:\s*Who is hiring\?\s*\(([A-Za-z]+)\s+(\d{4})\))",
                                  std::regex::icase);
  static const std::array<const char*, 12> names = {"january", "february", "march", "april", "may", "june",
                                                    "july", "august", "september", "october", "november",
                                                    "december"};
  std::smatch m;
  if (!std::regex_search(title, m, pattern)) return false;
  std::string name = m[1].str();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (unsigned i = 0; i < names.size(); ++i) {
    if (name == names[i]) {
      month = days_from_civil(std::stoi(m[2].str()), i + 1, 1);
      return true;
    }
  }
  return false;
}

std::string regex_escape(const std::string& word) {
  std::string out;
  for (char c : word) {
    if (std::string_view("\\^$.|?*+()[]{}-/").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::regex term_regex(const std::string& term) {
  std::string alternatives;
  std::size_t start = 0;
  while (start <= term.size()) {
    const std::size_t bar = term.find('|', start);
    std::string word = term.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    while (!word.empty() && std::isspace(static_cast<unsigned char>(word.back()))) word.pop_back();
    while (!word.empty() && std::isspace(static_cast<unsigned char>(word.front()))) word.erase(word.begin());
    if (word.empty()) throw std::invalid_argument("hn_hiring: empty word in term '" + term + "'");
    alternatives += (alternatives.empty() ? "" : "|") + regex_escape(word);
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  // \b fails next to non-word characters at a term's edge ("c++"): use explicit non-word look-arounds instead.
  return std::regex("(^|[^A-Za-z0-9_])(" + alternatives + ")(?![A-Za-z0-9_])",
                    std::regex::icase | std::regex::ECMAScript);
}

std::vector<HiringThread> threads_impl(const std::string& body, const std::string& url, int& nb_pages) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("hits") || !doc.at("hits").is_array()) {
    parse_error(kSource, url, "expected an Algolia answer with a 'hits' list");
  }
  nb_pages = doc.contains("nbPages") && doc.at("nbPages").is_number_integer() ? doc.at("nbPages").get<int>() : 1;
  std::vector<HiringThread> out;
  for (const auto& hit : doc.at("hits")) {
    if (!hit.is_object() || !hit.contains("objectID")) parse_error(kSource, url, "expected hits with an objectID");
    const auto& title = hit.contains("title") && hit.at("title").is_string() ? hit.at("title").get<std::string>()
                                                                             : std::string();
    Day month = 0;
    if (!hiring_month(title, month)) continue;
    const auto& oid = hit.at("objectID");
    const std::string id = oid.is_string() ? oid.get<std::string>() : std::to_string(oid.get<long long>());
    out.push_back({id, month, title});
  }
  return out;
}

Observations postings_impl(const std::string& body, const std::string& url, Day month,
                           const std::vector<std::string>& terms) {
  std::vector<std::regex> patterns;
  patterns.reserve(terms.size());
  for (const auto& t : terms) patterns.push_back(term_regex(t));
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object() || !doc.contains("children") || !doc.at("children").is_array()) {
    parse_error(kSource, url, "expected an item with a 'children' list");
  }
  double postings = 0;
  std::vector<double> hits(terms.size(), 0.0);
  for (const auto& child : doc.at("children")) {
    if (!child.is_object() || !child.contains("text") || !child.at("text").is_string()) continue;  // deleted
    const std::string text = html_to_text(child.at("text").get<std::string>());
    postings += 1;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (std::regex_search(text, patterns[i])) hits[i] += 1;
    }
  }
  Observations out;
  out.add(month, "postings", postings);
  for (std::size_t i = 0; i < terms.size(); ++i) out.add(month, terms[i], hits[i]);
  return out;
}

}  // namespace

std::string html_to_text(const std::string& html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<') {
      const std::size_t close = html.find('>', i);
      out += ' ';
      i = close == std::string::npos ? html.size() : close + 1;
    } else if (c == '&') {
      const std::size_t semi = html.find(';', i);
      if (semi == std::string::npos || semi - i > 10) {
        out += c;
        ++i;
        continue;
      }
      const std::string name = html.substr(i + 1, semi - i - 1);
      unsigned long cp = 0;
      bool known = true;
      if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string digits = name.substr(hex ? 2 : 1);
        known = !digits.empty() && digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") ==
                                       std::string::npos;
        if (known) cp = std::stoul(digits, nullptr, hex ? 16 : 10);
      } else if (name == "amp") {
        cp = '&';
      } else if (name == "lt") {
        cp = '<';
      } else if (name == "gt") {
        cp = '>';
      } else if (name == "quot") {
        cp = '"';
      } else if (name == "apos") {
        cp = '\'';
      } else if (name == "nbsp") {
        cp = ' ';
      } else {
        known = false;
      }
      if (known) {
        append_utf8(out, cp);
        i = semi + 1;
      } else {
        out += c;
        ++i;
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

PlannedRequest hn_threads_request(const std::string& base_url, int page) {
  if (page < 0) throw std::invalid_argument("hn_hiring: page must be >= 0");
  PlannedRequest r;
  r.url = join_url(base_url, "search_by_date?tags=story,author_whoishiring&hitsPerPage=1000&page=" +
                                 std::to_string(page));
  r.ttl = 6 * 3600.0;
  return r;
}

std::vector<HiringThread> hn_threads_parse(const std::string& body, const std::string& url, int& nb_pages) {
  return guard_json(kSource, url, [&] { return threads_impl(body, url, nb_pages); });
}

PlannedRequest hn_thread_request(const std::string& base_url, const std::string& id) {
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("hn_hiring: a thread id is digits, got '" + id + "'");
  }
  PlannedRequest r;
  r.url = join_url(base_url, "items/" + id);
  r.ttl = 24 * 3600.0;  // a month's thread keeps growing for a few weeks; a day is fresh enough
  return r;
}

Observations hn_postings_parse(const std::string& body, const std::string& url, Day month,
                               const std::vector<std::string>& terms) {
  return guard_json(kSource, url, [&] { return postings_impl(body, url, month, terms); });
}

}  // namespace uptake::sources
