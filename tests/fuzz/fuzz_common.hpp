#pragma once
// Shared by the fuzz targets: run a parser on arbitrary bytes; the documented errors are fine, anything else
// (another exception, a crash, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "uptake/core/errors.hpp"

template <class F>
int fuzz_parser(const std::uint8_t* data, std::size_t size, F&& parse) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  try {
    parse(input);
  } catch (const uptake::ParseError&) {
  } catch (const uptake::NetworkError&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
