// Fuzz target: google_trends
#include "fuzz_common.hpp"
#include "uptake/sources/google_trends.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::read_google_trends_csv(in, "fuzz", 0.5); });
}
