// Fuzz target: stackexchange
#include "fuzz_common.hpp"
#include "uptake/sources/stackexchange.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::stackexchange_parse(in, "fuzz", 0, "tag"); });
}
