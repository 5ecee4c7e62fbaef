// Inputs the fuzzers once crashed on (tests/fuzz/regressions/<parser>_crash-*): each must now end in a
// ParseError or NetworkError naming the source, never another exception.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "uptake/core/errors.hpp"
#include "uptake/sources/bigquery.hpp"
#include "uptake/sources/clickhouse.hpp"
#include "uptake/sources/stackexchange.hpp"

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void parse_as(const std::string& parser, const std::string& input) {
  if (parser == "stackexchange") uptake::sources::stackexchange_parse(input, "regression", 0, "tag");
  if (parser == "clickhouse") uptake::sources::clickhouse_parse(input, "regression", "SELECT 1");
  if (parser == "bigquery") uptake::sources::bigquery_parse(input, "regression");
}

}  // namespace

TEST(FuzzRegressions, EveryFoundCrashIsNowAParseError) {
  const std::filesystem::path dir = std::filesystem::path(UPTAKE_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string parser = name.substr(0, name.find('_'));
    try {
      parse_as(parser, slurp(entry.path()));
      ADD_FAILURE() << name << " was accepted as data";
    } catch (const uptake::ParseError&) {
    } catch (const uptake::NetworkError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << name << " raised " << typeid(e).name() << ": " << e.what();
    }
    ++checked;
  }
  EXPECT_GE(checked, 3);
}
