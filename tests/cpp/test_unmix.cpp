#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "uptake/normalize/unmix.hpp"
#include "uptake/seasonal/calendar_effects.hpp"

using namespace uptake;
using namespace uptake::normalize;

namespace {
// People: 1200 on weekdays, 480 at weekends (ratio 0.4); machines: a flat level.
const double kPeopleWeek = 5 * 1200.0 + 2 * 480.0;

UnmixOptions exact_options() {
  UnmixOptions o;
  Profile w{};
  for (int d = 0; d < 7; ++d) w[static_cast<std::size_t>(d)] = 7.0 * (d < 5 ? 1200.0 : 480.0) / kPeopleWeek;
  o.human = {w};
  o.automated = {profile_from_weekend_ratio(1.0)};
  o.draws = 50;
  return o;
}
}  // namespace

TEST(Unmix, PureSurgeStaysAutomated) {
  const Day start = parse_iso_date("2024-03-04");  // a Monday
  std::vector<double> y;
  for (int i = 0; i < 20 * 7; ++i) y.push_back((i % 7 < 5 ? 1200.0 : 480.0) + (i >= 70 && i < 91 ? 4000.0 : 1000.0));
  const UnmixResult r = unmix_weekly(y.data(), y.size(), start, exact_options());
  for (std::size_t k = 0; k < 20; ++k) {
    EXPECT_NEAR(r.human[k], kPeopleWeek, 1e-6) << k;
    EXPECT_EQ(r.surge[k], k >= 10 && k < 13 ? 1 : 0) << k;
  }
  EXPECT_NEAR(r.automated[11], 28000.0, 1e-6);
}

TEST(Unmix, HolidayWeekIsMeasuredAgainstTheNeighboursAutomatedLevel) {
  const Day start = parse_iso_date("2024-11-04");
  std::vector<double> y;
  UnmixOptions o = exact_options();
  double holiday_people = 0.0;
  for (int i = 0; i < 12 * 7; ++i) {
    const bool holiday = i >= 49 && i < 53;  // Monday-Thursday of week 7: people at half
    const double people = (i % 7 < 5 ? 1200.0 : 480.0) * (holiday ? 0.5 : 1.0);
    if (i >= 49 && i < 56) holiday_people += people;
    y.push_back(people + 1000.0);
    o.holiday_days.push_back(holiday ? 1 : 0);
  }
  const UnmixResult r = unmix_weekly(y.data(), y.size(), start, o);
  EXPECT_EQ(r.holiday[7], 1);
  EXPECT_NEAR(r.human[7], holiday_people, 1e-6);
  EXPECT_NEAR(r.human[6], kPeopleWeek, 1e-6);
}

TEST(Unmix, BadInputThrows) {
  std::vector<double> y(20, 100.0);
  EXPECT_THROW(unmix_weekly(y.data(), y.size(), parse_iso_date("2024-03-04"), exact_options()), std::invalid_argument);
  y.assign(70, 100.0);
  y[3] = -1.0;
  EXPECT_THROW(unmix_weekly(y.data(), y.size(), parse_iso_date("2024-03-04"), exact_options()), std::invalid_argument);
  y[3] = 100.0;
  UnmixOptions o = exact_options();
  o.holiday_days.assign(5, 0);  // wrong length
  EXPECT_THROW(unmix_weekly(y.data(), y.size(), parse_iso_date("2024-03-04"), o), std::invalid_argument);
}

TEST(Unmix, WeekendRatioRescaling) {
  const Profile p = with_weekend_ratio(profile_from_weekend_ratio(0.4), 0.7);
  EXPECT_NEAR(weekend_ratio_of(p), 0.7, 1e-12);
  double s = 0.0;
  for (double v : p) s += v;
  EXPECT_NEAR(s, 7.0, 1e-12);
}

TEST(Holidays, LunarNewYearTable) {
  const auto h = seasonal::lunar_new_year(2024, 2025);
  ASSERT_EQ(h.dates.size(), 2u);
  EXPECT_EQ(h.dates[0], parse_iso_date("2024-02-10"));
  EXPECT_EQ(h.before, 1);
  EXPECT_THROW(seasonal::lunar_new_year(2000, 2024), std::invalid_argument);
}
