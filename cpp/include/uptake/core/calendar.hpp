#pragma once
// Proleptic-Gregorian calendar on days since 1970-01-01 (day 0 is a Thursday). Every date in the core is
// one int64 "Day"; civil conversions use Howard Hinnant's era-based algorithms, exact for all int32 years.
#include <cstdint>
#include <string>
#include <string_view>

namespace uptake {

using Day = std::int64_t;

struct CivilDate {
  int year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// ISO 8601 weekday numbering: Monday = 0 ... Sunday = 6.
enum class Weekday : int { Monday = 0, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday };

struct IsoWeek {
  int year;          // ISO week-numbering year (may differ from the civil year near 1 January)
  unsigned week;     // 1..53
  Weekday weekday;
};

bool is_leap_year(int year) noexcept;
unsigned days_in_month(int year, unsigned month);  // throws std::invalid_argument for month outside 1..12

Day days_from_civil(int year, unsigned month, unsigned day);  // validates the date
CivilDate civil_from_days(Day day) noexcept;

// Parses "YYYY-MM-DD" strictly (four-digit year, two-digit month and day, a real calendar date).
Day parse_iso_date(std::string_view text);
std::string format_iso_date(Day day);

Weekday weekday(Day day) noexcept;
Weekday parse_weekday(std::string_view name);  // "mon", "Monday", "MON" ...
IsoWeek iso_week(Day day) noexcept;
Day from_iso_week(int iso_year, unsigned week, Weekday wd);  // throws if the year has no such week
unsigned iso_weeks_in_year(int iso_year) noexcept;           // 52 or 53

// Period boundaries. Weeks start on `first`; months and years are civil.
Day week_start(Day day, Weekday first) noexcept;
Day month_start(Day day) noexcept;
Day month_end(Day day) noexcept;
Day year_start(Day day) noexcept;
Day year_end(Day day) noexcept;
Day add_months(Day month_first_day, std::int64_t months) noexcept;  // for month-start days

}  // namespace uptake
