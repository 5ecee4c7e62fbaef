// Fuzz target: npm
#include "fuzz_common.hpp"
#include "uptake/sources/npm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::npm_parse(in, "fuzz", 19723, 19730); });
}
