#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "uptake/core/date_index.hpp"

using namespace uptake;

namespace {
std::vector<Day> dates(std::initializer_list<const char*> iso) {
  std::vector<Day> out;
  for (const char* s : iso) out.push_back(parse_iso_date(s));
  return out;
}

std::string error_of(const std::vector<Day>& d) {
  try {
    infer_regular_index(d.data(), d.size(), "test");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(DateIndex, InfersDaily) {
  const auto d = dates({"2024-02-28", "2024-02-29", "2024-03-01"});
  const RegularIndex idx = infer_regular_index(d.data(), d.size(), "test");
  EXPECT_EQ(idx.freq.unit, Unit::Day);
  EXPECT_EQ(idx.start, d[0]);
  EXPECT_EQ(idx.size, 3u);
}

TEST(DateIndex, InfersWeeklyAsWeekEnd) {
  // Sundays: pandas W-SUN, weeks Monday..Sunday.
  const auto d = dates({"2024-01-07", "2024-01-14", "2024-01-21"});
  const RegularIndex idx = infer_regular_index(d.data(), d.size(), "test");
  EXPECT_EQ(idx.freq.unit, Unit::Week);
  EXPECT_EQ(idx.freq.week_start, Weekday::Monday);
  EXPECT_EQ(idx.anchor, Anchor::End);
  EXPECT_EQ(idx.start, parse_iso_date("2024-01-01"));
}

TEST(DateIndex, InfersMonthAndYearAnchors) {
  auto d = dates({"2023-11-30", "2023-12-31", "2024-01-31", "2024-02-29"});
  RegularIndex idx = infer_regular_index(d.data(), d.size(), "test");
  EXPECT_EQ(idx.freq.unit, Unit::Month);
  EXPECT_EQ(idx.anchor, Anchor::End);
  EXPECT_EQ(idx.start, parse_iso_date("2023-11-01"));
  d = dates({"2023-12-01", "2024-01-01", "2024-02-01"});
  idx = infer_regular_index(d.data(), d.size(), "test");
  EXPECT_EQ(idx.freq.unit, Unit::Month);
  EXPECT_EQ(idx.anchor, Anchor::Start);
  d = dates({"2019-12-31", "2020-12-31", "2021-12-31"});
  idx = infer_regular_index(d.data(), d.size(), "test");
  EXPECT_EQ(idx.freq.unit, Unit::Year);
  EXPECT_EQ(idx.anchor, Anchor::End);
  EXPECT_EQ(idx.start, parse_iso_date("2019-01-01"));
}

TEST(DateIndex, HintOverridesAmbiguity) {
  const auto d = dates({"2024-05-01"});
  const RegularIndex idx =
      infer_regular_index(d.data(), d.size(), "test", Frequency{Unit::Month, Weekday::Monday}, Anchor::Start);
  EXPECT_EQ(idx.freq.unit, Unit::Month);
  EXPECT_EQ(idx.start, d[0]);
}

TEST(DateIndex, ErrorsSayWhatAndWhere) {
  EXPECT_NE(error_of(dates({"2024-01-02", "2024-01-01"})).find("not sorted"), std::string::npos);
  EXPECT_NE(error_of(dates({"2024-01-02", "2024-01-01"})).find("position 1 (2024-01-01)"), std::string::npos);
  EXPECT_NE(error_of(dates({"2024-01-01", "2024-01-01"})).find("duplicate date 2024-01-01"), std::string::npos);
  const std::string gap = error_of(dates({"2024-01-01", "2024-01-02", "2024-01-05"}));
  EXPECT_NE(gap.find("not regular"), std::string::npos);
  EXPECT_NE(gap.find("2024-01-05"), std::string::npos);
  EXPECT_NE(error_of({}).find("empty"), std::string::npos);
  EXPECT_NE(error_of(dates({"2024-01-01", "2024-01-04", "2024-01-07"})).find("3 days apart"), std::string::npos);
}
