// Fuzz target: bigquery
#include "fuzz_common.hpp"
#include "uptake/sources/bigquery.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::bigquery_parse(in, "fuzz"); });
}
