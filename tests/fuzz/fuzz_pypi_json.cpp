// Fuzz target: PyPI JSON project document
#include "fuzz_common.hpp"
#include "uptake/sources/pypi_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::pypi_json_parse(in, "fuzz"); });
}
