// Fuzz target: openalex
#include "fuzz_common.hpp"
#include "uptake/sources/openalex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::openalex_parse(in, "fuzz", 0, "s", !in.empty() && (in[0] & 1)); });
}
