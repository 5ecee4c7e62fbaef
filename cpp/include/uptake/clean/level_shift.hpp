#pragma once
// The size of a level shift at a known date (a data-source change, a logging fix): a local regression of the
// log series on a trend, weekday dummies and a step at the break, over the surrounding weeks, with a HAC
// standard error. exp(step) is the factor by which counts changed at the break.
#include <cstddef>

#include "uptake/core/calendar.hpp"

namespace uptake::clean {

struct LevelShift {
  double step, se, low, high;  // on the log scale
  int before, after;           // observations used on each side
};

LevelShift estimate_level_shift(const double* log_y, std::size_t n, Day start, Day break_day, int window_days, double conf);

}  // namespace uptake::clean
