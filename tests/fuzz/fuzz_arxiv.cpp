// Fuzz target: arxiv
#include "fuzz_common.hpp"
#include "uptake/sources/arxiv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::arxiv_parse(in, "fuzz", 0, "q"); });
}
