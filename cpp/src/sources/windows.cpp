#include "uptake/sources/windows.hpp"

#include <algorithm>

namespace uptake::sources {

std::vector<std::pair<Day, Day>> period_windows(Day first, Day last, Unit unit) {
  std::vector<std::pair<Day, Day>> out;
  const Frequency freq{unit, Weekday::Monday};
  for (Day s = period_start_of(first, freq); s <= last; s = advance_periods(s, 1, freq)) {
    out.emplace_back(std::max(s, first), std::min(period_end_of(s, freq), last));
  }
  return out;
}

}  // namespace uptake::sources
