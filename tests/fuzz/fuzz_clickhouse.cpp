// Fuzz target: clickhouse
#include "fuzz_common.hpp"
#include "uptake/sources/clickhouse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::clickhouse_parse(in, "fuzz", "SELECT 1"); });
}
