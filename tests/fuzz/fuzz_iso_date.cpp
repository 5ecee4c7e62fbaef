// Fuzz target: iso_date
#include "fuzz_common.hpp"
#include "uptake/core/date_index.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::parse_iso_date(in); uptake::infer_regular_index(reinterpret_cast<const uptake::Day*>(in.data()), in.size() / sizeof(uptake::Day), "fuzz"); });
}
