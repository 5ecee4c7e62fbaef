// Fuzz target: Wikidata label search, statement search and entities (one input tried as each)
#include "fuzz_common.hpp"
#include "uptake/sources/wikidata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz_parser(data, size, [](const std::string& in) { uptake::sources::wikidata_label_search_parse(in, "fuzz"); });
  fuzz_parser(data, size, [](const std::string& in) { uptake::sources::wikidata_statement_search_parse(in, "fuzz"); });
  return fuzz_parser(data, size, [](const std::string& in) { uptake::sources::wikidata_entities_parse(in, "fuzz"); });
}
