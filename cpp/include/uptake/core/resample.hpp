#pragma once
// Aggregating a series to a coarser frequency. Edge periods that the data cover only partly are the classic
// source of a fake "drop" in the last week or month; they are dropped by default, or kept with a flag.
#include <cstdint>
#include <string_view>
#include <vector>

#include "uptake/core/series.hpp"

namespace uptake {

enum class Aggregation { Sum, Mean };
enum class PartialPolicy { Drop, Keep, Flag };

Aggregation parse_aggregation(std::string_view text);    // "sum" | "mean"
PartialPolicy parse_partial_policy(std::string_view text);  // "drop" | "keep" | "flag"

struct Resampled {
  Series series;
  std::vector<std::int32_t> days_in_period;  // calendar days in each output period
  std::vector<std::int32_t> days_covered;    // of those, days inside the input's range
  std::vector<std::int32_t> days_observed;   // of those, days with a non-missing value
  std::vector<std::uint8_t> partial;         // 1 where days_covered < days_in_period (only edges can be)
};

// Missing values: a sum over a period with any missing day is missing (a partial sum would be a fake drop);
// a mean averages the observed days and is missing only when none was observed.
Resampled resample(const Series& input, const Frequency& to, Aggregation how, PartialPolicy partial);

}  // namespace uptake
