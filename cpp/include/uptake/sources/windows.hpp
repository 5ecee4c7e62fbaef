#pragma once
// Calendar windows for sources that count per period with one request per window (Stack Exchange, arXiv,
// OpenAlex): whole days, weeks or months inside [first, last].
#include <string>
#include <utility>
#include <vector>

#include "uptake/core/frequency.hpp"

namespace uptake::sources {

// (first day, last day) of each period of `unit` that overlaps [first, last], clipped to it.
std::vector<std::pair<Day, Day>> period_windows(Day first, Day last, Unit unit);

}  // namespace uptake::sources
