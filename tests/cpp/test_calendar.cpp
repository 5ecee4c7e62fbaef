#include <gtest/gtest.h>

#include <stdexcept>

#include "uptake/core/calendar.hpp"
#include "uptake/core/frequency.hpp"

using namespace uptake;

TEST(Calendar, EpochAndKnownDays) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
  EXPECT_EQ(weekday(0), Weekday::Thursday);
  EXPECT_EQ(weekday(days_from_civil(2024, 1, 1)), Weekday::Monday);
  EXPECT_EQ(weekday(days_from_civil(1900, 1, 1)), Weekday::Monday);
}

TEST(Calendar, LeapYearRules) {
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_EQ(days_in_month(1900, 2), 28u);
  EXPECT_EQ(days_in_month(2000, 2), 29u);
  EXPECT_EQ(days_in_month(2100, 2), 28u);
  EXPECT_THROW(days_from_civil(1900, 2, 29), std::invalid_argument);
  EXPECT_THROW(days_from_civil(2100, 2, 29), std::invalid_argument);
  EXPECT_NO_THROW(days_from_civil(2000, 2, 29));
  // 1 March follows 28/29 February in each case.
  EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 29), 1);
  EXPECT_EQ(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28), 1);
}

TEST(Calendar, RoundTripOverFourCenturies) {
  // Every day from 1800 to 2200 converts to a civil date and back, and successive days are consecutive dates.
  const Day lo = days_from_civil(1800, 1, 1);
  const Day hi = days_from_civil(2200, 12, 31);
  CivilDate prev = civil_from_days(lo - 1);
  for (Day d = lo; d <= hi; ++d) {
    const CivilDate c = civil_from_days(d);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d);
    const bool next_day = c.day == prev.day + 1 && c.month == prev.month && c.year == prev.year;
    const bool next_month = c.day == 1 && prev.day == days_in_month(prev.year, prev.month) &&
                            ((c.month == prev.month + 1 && c.year == prev.year) ||
                             (c.month == 1 && prev.month == 12 && c.year == prev.year + 1));
    ASSERT_TRUE(next_day || next_month) << format_iso_date(d);
    prev = c;
  }
}

TEST(Calendar, ParseAndFormat) {
  EXPECT_EQ(parse_iso_date("2024-02-29"), 19782);
  EXPECT_EQ(format_iso_date(19782), "2024-02-29");
  EXPECT_EQ(format_iso_date(parse_iso_date("0001-01-01")), "0001-01-01");
  EXPECT_THROW(parse_iso_date("2023-02-29"), std::invalid_argument);
  EXPECT_THROW(parse_iso_date("2024-13-01"), std::invalid_argument);
  EXPECT_THROW(parse_iso_date("2024-1-01"), std::invalid_argument);
  EXPECT_THROW(parse_iso_date("2024/01/01"), std::invalid_argument);
  EXPECT_THROW(parse_iso_date(""), std::invalid_argument);
  EXPECT_THROW(parse_iso_date("2024-01-0x"), std::invalid_argument);
  try {
    parse_iso_date("2023-02-29");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2023-02-29"), std::string::npos);
  }
}

TEST(Calendar, IsoWeeks) {
  // 2020 has 53 ISO weeks; 31 Dec 2020 is in week 53, 3 Jan 2021 still in 2020-W53.
  EXPECT_EQ(iso_weeks_in_year(2020), 53u);
  EXPECT_EQ(iso_weeks_in_year(2021), 52u);
  EXPECT_EQ(iso_weeks_in_year(2015), 53u);
  EXPECT_EQ(iso_weeks_in_year(2026), 53u);
  IsoWeek w = iso_week(days_from_civil(2020, 12, 31));
  EXPECT_EQ(w.year, 2020);
  EXPECT_EQ(w.week, 53u);
  w = iso_week(days_from_civil(2021, 1, 3));
  EXPECT_EQ(w.year, 2020);
  EXPECT_EQ(w.week, 53u);
  EXPECT_EQ(w.weekday, Weekday::Sunday);
  w = iso_week(days_from_civil(2021, 1, 4));
  EXPECT_EQ(w.year, 2021);
  EXPECT_EQ(w.week, 1u);
  // 29 Dec 2014 (Monday) starts 2015-W01; 1 Jan 2016 (Friday) is 2015-W53.
  w = iso_week(days_from_civil(2014, 12, 29));
  EXPECT_EQ(w.year, 2015);
  EXPECT_EQ(w.week, 1u);
  w = iso_week(days_from_civil(2016, 1, 1));
  EXPECT_EQ(w.year, 2015);
  EXPECT_EQ(w.week, 53u);
  EXPECT_EQ(from_iso_week(2020, 53, Weekday::Sunday), days_from_civil(2021, 1, 3));
  EXPECT_EQ(from_iso_week(2015, 1, Weekday::Monday), days_from_civil(2014, 12, 29));
  EXPECT_THROW(from_iso_week(2021, 53, Weekday::Monday), std::invalid_argument);
  for (Day d = days_from_civil(1999, 1, 1); d < days_from_civil(2031, 1, 1); ++d) {
    const IsoWeek iw = iso_week(d);
    ASSERT_EQ(from_iso_week(iw.year, iw.week, iw.weekday), d);
  }
}

TEST(Calendar, PeriodBoundaries) {
  const Day d = days_from_civil(2024, 2, 14);
  EXPECT_EQ(month_start(d), days_from_civil(2024, 2, 1));
  EXPECT_EQ(month_end(d), days_from_civil(2024, 2, 29));
  EXPECT_EQ(month_end(days_from_civil(2100, 2, 3)), days_from_civil(2100, 2, 28));
  EXPECT_EQ(year_start(d), days_from_civil(2024, 1, 1));
  EXPECT_EQ(year_end(d), days_from_civil(2024, 12, 31));
  EXPECT_EQ(week_start(d, Weekday::Monday), days_from_civil(2024, 2, 12));
  EXPECT_EQ(week_start(d, Weekday::Sunday), days_from_civil(2024, 2, 11));
  EXPECT_EQ(week_start(days_from_civil(2024, 2, 11), Weekday::Sunday), days_from_civil(2024, 2, 11));
  EXPECT_EQ(add_months(days_from_civil(2023, 11, 1), 3), days_from_civil(2024, 2, 1));
  EXPECT_EQ(add_months(days_from_civil(2023, 1, 1), -13), days_from_civil(2021, 12, 1));
  EXPECT_EQ(parse_weekday("Sunday"), Weekday::Sunday);
  EXPECT_EQ(parse_weekday("MON"), Weekday::Monday);
  EXPECT_THROW(parse_weekday("funday"), std::invalid_argument);
}

TEST(Frequency, ParseAndArithmetic) {
  EXPECT_EQ(parse_unit("D"), Unit::Day);
  EXPECT_EQ(parse_unit("week"), Unit::Week);
  EXPECT_EQ(parse_unit("ME"), Unit::Month);
  EXPECT_EQ(parse_unit("A"), Unit::Year);
  EXPECT_THROW(parse_unit("fortnight"), std::invalid_argument);
  const Frequency month{Unit::Month, Weekday::Monday};
  EXPECT_EQ(periods_between(days_from_civil(2023, 12, 31), days_from_civil(2024, 1, 1), month), 1);
  EXPECT_EQ(periods_between(days_from_civil(2024, 3, 5), days_from_civil(2023, 3, 31), month), -12);
  const Frequency week{Unit::Week, Weekday::Sunday};
  EXPECT_EQ(periods_between(days_from_civil(2024, 1, 6), days_from_civil(2024, 1, 7), week), 1);
  EXPECT_TRUE(nests_into(Frequency{Unit::Month, Weekday::Monday}, Frequency{Unit::Year, Weekday::Monday}));
  EXPECT_FALSE(nests_into(week, month));
}
