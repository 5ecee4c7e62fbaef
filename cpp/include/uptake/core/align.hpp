#pragma once
// Putting several series of one frequency on one calendar, so that comparisons index the same periods.
#include <string_view>
#include <vector>

#include "uptake/core/series.hpp"

namespace uptake {

enum class Join { Inner, Outer };

Join parse_join(std::string_view text);  // "inner" | "outer"

struct Aligned {
  Day start;
  Frequency freq;
  std::size_t size;
  std::vector<std::vector<double>> columns;  // one per input series, NaN where a series has no period
};

// Inner: the periods every series covers; outer: the union, padded with NaN. Throws if frequencies differ
// or an inner join is empty.
Aligned align(const std::vector<Series>& series, Join join);

}  // namespace uptake
