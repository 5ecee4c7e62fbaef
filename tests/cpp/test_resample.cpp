#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "uptake/core/resample.hpp"

using namespace uptake;

namespace {
const Frequency kDay{Unit::Day, Weekday::Monday};
const Frequency kIsoWeek{Unit::Week, Weekday::Monday};
const Frequency kMonth{Unit::Month, Weekday::Monday};
const Frequency kYear{Unit::Year, Weekday::Monday};

Series daily_ramp(const char* start, int n) {
  std::vector<double> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 1.0);
  return Series(parse_iso_date(start), kDay, v);
}
}  // namespace

TEST(Resample, WeeklySumDropsPartialEdges) {
  // Wed 2024-01-03 .. Tue 2024-01-23: the ISO weeks of Jan 8 and Jan 15 are whole, the edges are partial.
  const Series s = daily_ramp("2024-01-03", 21);
  const Resampled r = resample(s, kIsoWeek, Aggregation::Sum, PartialPolicy::Drop);
  ASSERT_EQ(r.series.size(), 2u);
  EXPECT_EQ(r.series.start(), parse_iso_date("2024-01-08"));
  EXPECT_DOUBLE_EQ(r.series.values()[0], 6 + 7 + 8 + 9 + 10 + 11 + 12);
  EXPECT_DOUBLE_EQ(r.series.values()[1], 13 + 14 + 15 + 16 + 17 + 18 + 19);
  EXPECT_EQ(r.partial, (std::vector<std::uint8_t>{0, 0}));
}

TEST(Resample, FlagKeepsEdgesWithCoverage) {
  const Series s = daily_ramp("2024-01-03", 21);
  const Resampled r = resample(s, kIsoWeek, Aggregation::Sum, PartialPolicy::Flag);
  ASSERT_EQ(r.series.size(), 4u);
  EXPECT_EQ(r.series.start(), parse_iso_date("2024-01-01"));
  EXPECT_EQ(r.partial, (std::vector<std::uint8_t>{1, 0, 0, 1}));
  EXPECT_EQ(r.days_covered, (std::vector<std::int32_t>{5, 7, 7, 2}));
  EXPECT_EQ(r.days_in_period, (std::vector<std::int32_t>{7, 7, 7, 7}));
  EXPECT_DOUBLE_EQ(r.series.values()[0], 1 + 2 + 3 + 4 + 5);
  EXPECT_DOUBLE_EQ(r.series.values()[3], 20 + 21);
  // Total is preserved when nothing is dropped.
  double total = 0;
  for (double v : r.series.values()) total += v;
  EXPECT_DOUBLE_EQ(total, 21.0 * 22.0 / 2.0);
}

TEST(Resample, SundayWeeks) {
  const Series s = daily_ramp("2024-01-07", 14);  // Sunday start
  const Resampled r = resample(s, Frequency{Unit::Week, Weekday::Sunday}, Aggregation::Sum, PartialPolicy::Drop);
  ASSERT_EQ(r.series.size(), 2u);
  EXPECT_EQ(r.series.start(), parse_iso_date("2024-01-07"));
}

TEST(Resample, MonthsHandleLeapFebruary) {
  const Series s(parse_iso_date("2024-01-01"), kDay, std::vector<double>(31 + 29 + 31, 1.0));
  const Resampled r = resample(s, kMonth, Aggregation::Sum, PartialPolicy::Drop);
  ASSERT_EQ(r.series.size(), 3u);
  EXPECT_DOUBLE_EQ(r.series.values()[1], 29.0);
  EXPECT_EQ(r.days_in_period[1], 29);
}

TEST(Resample, MissingValues) {
  std::vector<double> v(14, 2.0);
  v[3] = std::numeric_limits<double>::quiet_NaN();
  const Series s(parse_iso_date("2024-01-01"), kDay, v);
  const Resampled sum = resample(s, kIsoWeek, Aggregation::Sum, PartialPolicy::Drop);
  EXPECT_TRUE(std::isnan(sum.series.values()[0]));  // never a partial sum posing as a drop
  EXPECT_DOUBLE_EQ(sum.series.values()[1], 14.0);
  EXPECT_EQ(sum.days_observed[0], 6);
  const Resampled mean = resample(s, kIsoWeek, Aggregation::Mean, PartialPolicy::Drop);
  EXPECT_DOUBLE_EQ(mean.series.values()[0], 2.0);
  std::vector<double> all_missing(7, std::numeric_limits<double>::quiet_NaN());
  const Resampled none =
      resample(Series(parse_iso_date("2024-01-01"), kDay, all_missing), kIsoWeek, Aggregation::Mean,
               PartialPolicy::Drop);
  EXPECT_TRUE(std::isnan(none.series.values()[0]));
}

TEST(Resample, MonthsToYears) {
  const Series months(parse_iso_date("2023-01-01"), kMonth, std::vector<double>(24, 10.0));
  const Resampled r = resample(months, kYear, Aggregation::Sum, PartialPolicy::Drop);
  ASSERT_EQ(r.series.size(), 2u);
  EXPECT_DOUBLE_EQ(r.series.values()[0], 120.0);
  EXPECT_EQ(r.days_in_period[1], 366);
  const Resampled m = resample(months, kYear, Aggregation::Mean, PartialPolicy::Drop);
  EXPECT_DOUBLE_EQ(m.series.values()[0], 10.0);
}

TEST(Resample, Errors) {
  const Series weeks(parse_iso_date("2024-01-01"), kIsoWeek, std::vector<double>(10, 1.0));
  EXPECT_THROW(resample(weeks, kMonth, Aggregation::Sum, PartialPolicy::Drop), std::invalid_argument);
  const Series short_series = daily_ramp("2024-01-03", 3);
  EXPECT_THROW(resample(short_series, kIsoWeek, Aggregation::Sum, PartialPolicy::Drop), std::invalid_argument);
  EXPECT_NO_THROW(resample(short_series, kIsoWeek, Aggregation::Sum, PartialPolicy::Keep));
  EXPECT_THROW(parse_partial_policy("sometimes"), std::invalid_argument);
  EXPECT_THROW(parse_aggregation("median"), std::invalid_argument);
}

TEST(Series, RejectsBadConstruction) {
  EXPECT_THROW(Series(0, kDay, {}), std::invalid_argument);
  EXPECT_THROW(Series(0, kDay, {1.0, std::numeric_limits<double>::infinity()}), std::invalid_argument);
  EXPECT_THROW(Series(parse_iso_date("2024-01-02"), kMonth, {1.0}), std::invalid_argument);
  EXPECT_NO_THROW(Series(0, kDay, {std::numeric_limits<double>::quiet_NaN()}));
}
