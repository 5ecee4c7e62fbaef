// Fuzz target: npm registry document
#include "fuzz_common.hpp"
#include "uptake/sources/npm_registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::npm_registry_parse(in, "fuzz"); });
}
