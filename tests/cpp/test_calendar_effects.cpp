#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "uptake/seasonal/adjust.hpp"
#include "uptake/seasonal/calendar_effects.hpp"

using namespace uptake;
using namespace uptake::seasonal;

TEST(Holidays, BuiltInCalendars) {
  EXPECT_EQ(nth_weekday_of_month(2024, 11, Weekday::Thursday, 4), parse_iso_date("2024-11-28"));
  EXPECT_EQ(nth_weekday_of_month(2023, 11, Weekday::Thursday, 4), parse_iso_date("2023-11-23"));
  EXPECT_THROW(nth_weekday_of_month(2024, 2, Weekday::Monday, 5), std::invalid_argument);
  const HolidayWindow xmas = christmas_new_year(2020, 2022);
  ASSERT_EQ(xmas.dates.size(), 3u);
  EXPECT_EQ(xmas.dates[2], parse_iso_date("2022-12-24"));
  EXPECT_EQ(xmas.after, 8);  // through 1 January
}

TEST(Holidays, IndicatorsOnlyForDaysInRange) {
  const Day start = parse_iso_date("2021-12-30");
  std::vector<std::string> names, holiday_of;
  std::vector<int> offsets;
  const auto x = holiday_indicators(start, 5, {christmas_new_year(2021, 2021)}, names, offsets, holiday_of);
  // 30, 31 Dec and 1 Jan are offsets +6, +7, +8 of 24 Dec 2021.
  ASSERT_EQ(x.cols(), 3);
  EXPECT_EQ(offsets, (std::vector<int>{6, 7, 8}));
  EXPECT_EQ(names[0], "christmas_new_year[+6]");
  EXPECT_DOUBLE_EQ(x(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(x(2, 2), 1.0);
  EXPECT_DOUBLE_EQ(x(3, 2), 0.0);
}

TEST(Fourier, TermsAreCalendarAnchored) {
  const auto x = fourier_terms(0, 3, 365.25, 2);
  ASSERT_EQ(x.cols(), 4);
  EXPECT_DOUBLE_EQ(x(0, 0), 0.0);  // sin at t = 0
  EXPECT_DOUBLE_EQ(x(0, 1), 1.0);  // cos at t = 0
  EXPECT_NEAR(x(1, 0), std::sin(6.283185307179586 / 365.25), 1e-15);
  EXPECT_THROW(fourier_terms(0, 3, 365.25, 0), std::invalid_argument);
}

TEST(SeasonalAdjust, RemovesAnExactWeeklyProfile) {
  const std::size_t n = 84;
  const double profile[7] = {0.1, 0.12, 0.15, 0.1, 0.05, -0.3, -0.22};
  const Day start = parse_iso_date("2024-01-01");  // a Monday
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = std::expm1(7.0 + 0.002 * static_cast<double>(i) + profile[i % 7]);
  AdjustOptions o;
  o.yearly = false;
  const AdjustResult r = seasonal_adjust(y.data(), n, start, o);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double second = std::log1p(r.adjusted[i + 1]) - 2 * std::log1p(r.adjusted[i]) + std::log1p(r.adjusted[i - 1]);
    EXPECT_NEAR(second, 0.0, 1e-6) << i;
  }
  o.yearly = true;
  EXPECT_THROW(seasonal_adjust(y.data(), n, start, o), std::invalid_argument);
}
