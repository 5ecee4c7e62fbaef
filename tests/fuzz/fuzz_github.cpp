// Fuzz target: github
#include "fuzz_common.hpp"
#include "uptake/sources/github.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::github_repo_parse(in, "fuzz", 0); uptake::sources::github_commit_activity_parse(in, "fuzz"); uptake::sources::github_star_history_parse(in, "fuzz"); });
}
