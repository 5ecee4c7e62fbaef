#pragma once
// Private to the sources: a payload whose JSON has the wrong shape (a number where a string belongs) must be a
// ParseError naming the source and URL, never an escaping nlohmann exception (found by fuzzing).
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "uptake/sources/common.hpp"

namespace uptake::sources {

template <class F>
auto guard_json(const std::string& source, const std::string& url, F&& parse) -> decltype(parse()) {
  try {
    return std::forward<F>(parse)();
  } catch (const nlohmann::json::exception& e) {
    parse_error(source, url, std::string("unexpected JSON shape (") + e.what() + ")");
  }
}

}  // namespace uptake::sources
