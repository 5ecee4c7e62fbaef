#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "uptake/core/align.hpp"
#include "uptake/core/gaps.hpp"

using namespace uptake;

namespace {
const Frequency kDay{Unit::Day, Weekday::Monday};
const Frequency kMonth{Unit::Month, Weekday::Monday};
}  // namespace

TEST(FillGaps, ZeroAndMissingPolicies) {
  const std::vector<Day> d = {parse_iso_date("2024-03-01"), parse_iso_date("2024-03-04")};
  const std::vector<double> v = {5, 7};
  const Series zero = fill_gaps(d.data(), v.data(), d.size(), kDay, GapPolicy::Zero);
  EXPECT_EQ(zero.values(), (std::vector<double>{5, 0, 0, 7}));
  const Series nan = fill_gaps(d.data(), v.data(), d.size(), kDay, GapPolicy::Missing);
  EXPECT_TRUE(std::isnan(nan.values()[1]));
  EXPECT_DOUBLE_EQ(nan.values()[3], 7);
}

TEST(FillGaps, WidensToRequestedWindow) {
  const std::vector<Day> d = {parse_iso_date("2024-03-02")};
  const std::vector<double> v = {1};
  const Series s = fill_gaps(d.data(), v.data(), 1, kDay, GapPolicy::Zero, parse_iso_date("2024-03-01"),
                             parse_iso_date("2024-03-03"));
  EXPECT_EQ(s.values(), (std::vector<double>{0, 1, 0}));
  EXPECT_THROW(fill_gaps(d.data(), v.data(), 1, kDay, GapPolicy::Zero, parse_iso_date("2024-03-05"), std::nullopt),
               std::invalid_argument);
}

TEST(FillGaps, MonthlyLabelsAnywhereInTheMonth) {
  const std::vector<Day> d = {parse_iso_date("2024-01-31"), parse_iso_date("2024-03-31")};
  const std::vector<double> v = {1, 3};
  const Series s = fill_gaps(d.data(), v.data(), d.size(), kMonth, GapPolicy::Missing);
  EXPECT_EQ(s.start(), parse_iso_date("2024-01-01"));
  ASSERT_EQ(s.size(), 3u);
  EXPECT_TRUE(std::isnan(s.values()[1]));
  const std::vector<Day> same = {parse_iso_date("2024-01-01"), parse_iso_date("2024-01-31")};
  EXPECT_THROW(fill_gaps(same.data(), v.data(), 2, kMonth, GapPolicy::Missing), std::invalid_argument);
}

TEST(Align, InnerAndOuter) {
  const Series a(parse_iso_date("2024-01-01"), kDay, {1, 2, 3}, SeriesMeta{"a", "", "", ""});
  const Series b(parse_iso_date("2024-01-02"), kDay, {10, 20, 30}, SeriesMeta{"b", "", "", ""});
  const Aligned outer = align({a, b}, Join::Outer);
  EXPECT_EQ(outer.start, parse_iso_date("2024-01-01"));
  ASSERT_EQ(outer.size, 4u);
  EXPECT_TRUE(std::isnan(outer.columns[0][3]));
  EXPECT_TRUE(std::isnan(outer.columns[1][0]));
  EXPECT_DOUBLE_EQ(outer.columns[1][1], 10);
  const Aligned inner = align({a, b}, Join::Inner);
  EXPECT_EQ(inner.size, 2u);
  EXPECT_EQ(inner.columns[0], (std::vector<double>{2, 3}));
  EXPECT_EQ(inner.columns[1], (std::vector<double>{10, 20}));
}

TEST(Align, Errors) {
  const Series a(parse_iso_date("2024-01-01"), kDay, {1, 2});
  const Series b(parse_iso_date("2024-02-01"), kDay, {1, 2});
  const Series m(parse_iso_date("2024-01-01"), kMonth, {1, 2});
  EXPECT_THROW(align({a, b}, Join::Inner), std::invalid_argument);
  EXPECT_THROW(align({a, m}, Join::Outer), std::invalid_argument);
  EXPECT_THROW(align({}, Join::Outer), std::invalid_argument);
  EXPECT_THROW(parse_join("left"), std::invalid_argument);
}
