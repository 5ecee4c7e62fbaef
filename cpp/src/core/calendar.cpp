#include "uptake/core/calendar.hpp"

#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace uptake {

bool is_leap_year(int year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    throw std::invalid_argument("calendar: month must be in 1..12, got " + std::to_string(month));
  }
  return (month == 2 && is_leap_year(year)) ? 29u : kDays[month - 1];
}

namespace {

// Hinnant's days_from_civil without validation, for internal use on dates known to be valid.
Day days_from_civil_unchecked(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<Day>(doe) - 719468;
}

}  // namespace

Day days_from_civil(int year, unsigned month, unsigned day) {
  if (month < 1 || month > 12) {
    throw std::invalid_argument("calendar: month must be in 1..12, got " + std::to_string(month));
  }
  if (day < 1 || day > days_in_month(year, month)) {
    throw std::invalid_argument("calendar: day " + std::to_string(day) + " does not exist in " +
                                std::to_string(year) + "-" + std::to_string(month));
  }
  return days_from_civil_unchecked(year, month, day);
}

CivilDate civil_from_days(Day z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2)), m, d};
}

Day parse_iso_date(std::string_view text) {
  const auto fail = [&](const char* why) {
    return std::invalid_argument("calendar: cannot parse date '" + std::string(text) + "': " + why +
                                 " (expected YYYY-MM-DD)");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw fail("wrong layout");
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t i = 0; i < lengths[f]; ++i) {
      const char c = text[starts[f] + i];
      if (!std::isdigit(static_cast<unsigned char>(c))) throw fail("non-digit character");
      fields[f] = fields[f] * 10 + (c - '0');
    }
  }
  if (fields[1] < 1 || fields[1] > 12) throw fail("month out of range");
  if (fields[2] < 1 || static_cast<unsigned>(fields[2]) > days_in_month(fields[0], static_cast<unsigned>(fields[1]))) {
    throw fail("day out of range for that month");
  }
  return days_from_civil_unchecked(fields[0], static_cast<unsigned>(fields[1]), static_cast<unsigned>(fields[2]));
}

std::string format_iso_date(Day day) {
  const CivilDate c = civil_from_days(day);
  char buf[32];
  if (c.year >= 0 && c.year <= 9999) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  } else {
    std::snprintf(buf, sizeof buf, "%+d-%02u-%02u", c.year, c.month, c.day);
  }
  return buf;
}

Weekday weekday(Day day) noexcept {
  // 1970-01-01 was a Thursday (ISO index 3).
  const std::int64_t w = ((day % 7) + 7 + 3) % 7;
  return static_cast<Weekday>(w);
}

Weekday parse_weekday(std::string_view name) {
  static constexpr const char* kNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static constexpr const char* kFull[7] = {"monday", "tuesday", "wednesday", "thursday",
                                           "friday", "saturday", "sunday"};
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (int i = 0; i < 7; ++i) {
    if (lower == kNames[i] || lower == kFull[i]) return static_cast<Weekday>(i);
  }
  throw std::invalid_argument("calendar: unknown weekday '" + std::string(name) + "' (use mon..sun)");
}

namespace {
// Monday of ISO week 1: the week holding 4 January.
Day iso_year_start(int iso_year) noexcept {
  const Day jan4 = days_from_civil_unchecked(iso_year, 1, 4);
  return jan4 - static_cast<Day>(weekday(jan4));
}
}  // namespace

unsigned iso_weeks_in_year(int iso_year) noexcept {
  return static_cast<unsigned>((iso_year_start(iso_year + 1) - iso_year_start(iso_year)) / 7);
}

IsoWeek iso_week(Day day) noexcept {
  const int y = civil_from_days(day).year;
  int iso_year = y;
  if (day >= iso_year_start(y + 1)) {
    iso_year = y + 1;
  } else if (day < iso_year_start(y)) {
    iso_year = y - 1;
  }
  const auto week = static_cast<unsigned>((day - iso_year_start(iso_year)) / 7 + 1);
  return IsoWeek{iso_year, week, weekday(day)};
}

Day from_iso_week(int iso_year, unsigned week, Weekday wd) {
  if (week < 1 || week > iso_weeks_in_year(iso_year)) {
    throw std::invalid_argument("calendar: ISO year " + std::to_string(iso_year) + " has no week " +
                                std::to_string(week));
  }
  return iso_year_start(iso_year) + static_cast<Day>(week - 1) * 7 + static_cast<Day>(wd);
}

Day week_start(Day day, Weekday first) noexcept {
  const int offset = (static_cast<int>(weekday(day)) - static_cast<int>(first) + 7) % 7;
  return day - offset;
}

Day month_start(Day day) noexcept {
  const CivilDate c = civil_from_days(day);
  return day - static_cast<Day>(c.day - 1);
}

Day month_end(Day day) noexcept {
  const CivilDate c = civil_from_days(day);
  return day + static_cast<Day>(days_in_month(c.year, c.month) - c.day);
}

Day year_start(Day day) noexcept {
  return days_from_civil_unchecked(civil_from_days(day).year, 1, 1);
}

Day year_end(Day day) noexcept {
  return days_from_civil_unchecked(civil_from_days(day).year, 12, 31);
}

Day add_months(Day month_first_day, std::int64_t months) noexcept {
  const CivilDate c = civil_from_days(month_first_day);
  std::int64_t total = static_cast<std::int64_t>(c.year) * 12 + (c.month - 1) + months;
  const std::int64_t y = (total >= 0 ? total : total - 11) / 12;
  const auto m = static_cast<unsigned>(total - y * 12 + 1);
  return days_from_civil_unchecked(y, m, 1);
}

}  // namespace uptake
