#pragma once
// Reading the shared golden CSV files from C++ tests; a test skips when ../shared is absent.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace uptake::testing {

inline std::filesystem::path golden_dir() {
  return std::filesystem::path(UPTAKE_SOURCE_DIR).parent_path() / "shared" / "reference" / "golden";
}

// Rows of a CSV file as strings (header dropped), fields split on commas.
inline std::vector<std::vector<std::string>> read_csv_rows(const std::filesystem::path& path, bool header = true) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  if (header) std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

}  // namespace uptake::testing

#define UPTAKE_REQUIRE_GOLDEN()                                                                             \
  do {                                                                                                      \
    if (!std::filesystem::is_directory(uptake::testing::golden_dir())) {                                    \
      GTEST_SKIP() << "golden reference data not found at " << uptake::testing::golden_dir()                \
                   << " (it lives beside the project in ../shared)";                                        \
    }                                                                                                       \
  } while (0)
