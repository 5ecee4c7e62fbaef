#include "uptake/core/frequency.hpp"

#include <cctype>
#include <stdexcept>

namespace uptake {

Unit parse_unit(std::string_view text) {
  std::string t;
  for (char c : text) t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (t == "d" || t == "day" || t == "daily") return Unit::Day;
  if (t == "w" || t == "week" || t == "weekly") return Unit::Week;
  if (t == "m" || t == "ms" || t == "me" || t == "month" || t == "monthly") return Unit::Month;
  if (t == "y" || t == "a" || t == "ys" || t == "ye" || t == "as" || t == "year" || t == "yearly" || t == "annual") {
    return Unit::Year;
  }
  throw std::invalid_argument("frequency: unknown frequency '" + std::string(text) +
                              "' (use 'D', 'W', 'M' or 'Y')");
}

std::string unit_name(Unit unit) {
  switch (unit) {
    case Unit::Day: return "day";
    case Unit::Week: return "week";
    case Unit::Month: return "month";
    case Unit::Year: return "year";
  }
  return "?";
}

std::string describe(const Frequency& freq) {
  if (freq.unit != Unit::Week) return unit_name(freq.unit);
  static constexpr const char* kDays[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
  return std::string("week (starting ") + kDays[static_cast<int>(freq.week_start)] + ")";
}

Day period_start_of(Day day, const Frequency& freq) noexcept {
  switch (freq.unit) {
    case Unit::Day: return day;
    case Unit::Week: return week_start(day, freq.week_start);
    case Unit::Month: return month_start(day);
    case Unit::Year: return year_start(day);
  }
  return day;
}

Day period_end_of(Day day, const Frequency& freq) noexcept {
  switch (freq.unit) {
    case Unit::Day: return day;
    case Unit::Week: return week_start(day, freq.week_start) + 6;
    case Unit::Month: return month_end(day);
    case Unit::Year: return year_end(day);
  }
  return day;
}

bool is_period_start(Day day, const Frequency& freq) noexcept { return period_start_of(day, freq) == day; }

Day advance_periods(Day period_start, std::int64_t n, const Frequency& freq) noexcept {
  switch (freq.unit) {
    case Unit::Day: return period_start + n;
    case Unit::Week: return period_start + 7 * n;
    case Unit::Month: return add_months(period_start, n);
    case Unit::Year: return add_months(period_start, 12 * n);
  }
  return period_start;
}

std::int64_t periods_between(Day from, Day to, const Frequency& freq) noexcept {
  const Day a = period_start_of(from, freq);
  const Day b = period_start_of(to, freq);
  switch (freq.unit) {
    case Unit::Day: return b - a;
    case Unit::Week: return (b - a) / 7;
    case Unit::Month: {
      const CivilDate ca = civil_from_days(a), cb = civil_from_days(b);
      return (static_cast<std::int64_t>(cb.year) - ca.year) * 12 + (static_cast<std::int64_t>(cb.month) - ca.month);
    }
    case Unit::Year: return static_cast<std::int64_t>(civil_from_days(b).year) - civil_from_days(a).year;
  }
  return 0;
}

bool nests_into(const Frequency& fine, const Frequency& coarse) noexcept {
  if (fine.unit == Unit::Day) return true;
  if (fine.unit == Unit::Week) return coarse.unit == Unit::Week && coarse.week_start == fine.week_start;
  if (fine.unit == Unit::Month) return coarse.unit == Unit::Month || coarse.unit == Unit::Year;
  return coarse.unit == Unit::Year;
}

}  // namespace uptake
