#pragma once
// Sampling frequency of a series and the arithmetic of its periods. A period is identified by its first day;
// weekly periods start on a configurable weekday (ISO weeks start on Monday).
#include <cstdint>
#include <string>
#include <string_view>

#include "uptake/core/calendar.hpp"

namespace uptake {

enum class Unit { Day, Week, Month, Year };

struct Frequency {
  Unit unit = Unit::Day;
  Weekday week_start = Weekday::Monday;  // only meaningful for Unit::Week

  friend bool operator==(const Frequency& a, const Frequency& b) noexcept {
    return a.unit == b.unit && (a.unit != Unit::Week || a.week_start == b.week_start);
  }
  friend bool operator!=(const Frequency& a, const Frequency& b) noexcept { return !(a == b); }
};

// "D"/"day", "W"/"week", "M"/"month", "Y"/"A"/"year" (case-insensitive).
Unit parse_unit(std::string_view text);
std::string unit_name(Unit unit);
std::string describe(const Frequency& freq);  // e.g. "week (starting Monday)"

Day period_start_of(Day day, const Frequency& freq) noexcept;  // first day of the period holding `day`
Day period_end_of(Day day, const Frequency& freq) noexcept;    // last day of the period holding `day`
bool is_period_start(Day day, const Frequency& freq) noexcept;
Day advance_periods(Day period_start, std::int64_t n, const Frequency& freq) noexcept;
// Number of whole periods from the period holding `from` to the period holding `to` (may be negative).
std::int64_t periods_between(Day from, Day to, const Frequency& freq) noexcept;
// Whether the period `unit` is an exact union of periods of `fine`, so resampling fine -> coarse is defined.
bool nests_into(const Frequency& fine, const Frequency& coarse) noexcept;

}  // namespace uptake
