#pragma once
// Weekly-profile unmixing (methods.md F.2): daily totals y_d = h_k w_d + a_k v_d, a human level h_k with a strong
// weekly profile w and an automated level a_k with a flat or weak one v (both normalised to sum 7 over Mon..Sun).
//
// Per week, (h_k, a_k) follow from the week's own days by weighted least squares: the contrast between weekdays
// and weekends says how much of the week is human. A surge of automated traffic keeps the automated profile, so
// the week's own fit gives it to automated (pooling the share over neighbours would hand it to humans). Spike
// days are left out of the week's fit. The human level is then smoothed across weeks as a ratio to a running
// median of the totals (robust to surges and following level breaks), by local linear regression whose
// bandwidth is chosen by leave-one-out cross-validation. Holiday weeks get their own human level: the week's
// days minus the automated level carried from the neighbouring weeks, so the dip of people is measured, not
// copied. The band draws the profiles from stated priors (the automated weekend ratio and the human profile are
// uncertain inputs, not constants) and adds the smoothing and day-level sampling errors.
// w and v are not identified from totals alone: they must come from outside (a reference series, flagged
// data, or stated ratios), and the result is only as good as they are; the priors say how good.
#include <array>
#include <cstdint>
#include <vector>

#include "uptake/core/calendar.hpp"

namespace uptake::normalize {

using Profile = std::array<double, 7>;  // Monday..Sunday, sums to 7

// A profile with weekdays at 1 and weekend days at `weekend_ratio`, normalised to sum 7.
Profile profile_from_weekend_ratio(double weekend_ratio);
double weekend_ratio_of(const Profile& p);  // mean(Sat, Sun) / mean(Mon..Fri)
// The same profile with its weekend days scaled so that its weekend ratio is `ratio` (renormalised to 7).
Profile with_weekend_ratio(const Profile& p, double ratio);

// The weekly profile of a daily series (whole Monday-Sunday weeks, median of each day's share), and the
// standard error of its weekend ratio across weeks.
struct ProfileEstimate {
  Profile profile;
  double weekend_ratio;
  double weekend_ratio_se;
  int weeks;
};
ProfileEstimate estimate_profile(const double* y, std::size_t n, Day start);

// Profiles that drift: for each target week (its Monday in `targets`), the median profile of the series' whole
// weeks within `half_window` weeks of it (at least 4 weeks: the nearest ones when the window holds fewer).
// half_window <= 0 chooses it from the data: the candidate (4, 8, 13, 26, 52 weeks, or all) with the smallest
// leave-one-out error in predicting each week's profile from its neighbours.
struct LocalProfiles {
  std::vector<Profile> profiles;   // one per target week
  std::vector<double> ratio_se;    // standard error of each target's weekend ratio
  int half_window = 0;             // weeks each side (0 = all weeks)
  int weeks = 0;                   // usable weeks of the series
};
LocalProfiles estimate_local_profiles(const double* y, std::size_t n, Day start, const std::vector<Day>& targets,
                                      int half_window);

struct UnmixOptions {
  // One profile, or one per whole week (drifting profiles).
  std::vector<Profile> human, automated;
  // Priors for the band. Each draw shifts the human weekend ratio by N(0, human_ratio_se) + U(human_shift_low,
  // human_shift_high), and the automated one by N(0, automated_ratio_se) + U(automated_shift_low,
  // automated_shift_high); holiday days' automated traffic is scaled by U(automated_holiday_low, 1).
  double human_ratio_se = 0.0;
  double human_shift_low = 0.0, human_shift_high = 0.0;
  double automated_ratio_se = 0.0;
  double automated_shift_low = 0.0, automated_shift_high = 0.0;
  double automated_holiday_low = 1.0;
  int bandwidth_weeks = 0;  // half-width of the smoothing kernel; 0 = chosen by cross-validation
  double conf = 0.9;
  int draws = 400;
  std::uint64_t seed = 12345;
  std::vector<std::uint8_t> holiday_days;  // per day of y: 1 = people are on holiday
  std::vector<std::uint8_t> spike_days;    // per day of y: 1 = a spike of automated traffic
  std::vector<Day> breaks;                 // known level breaks (first day of the new level)
  double surge_threshold = 1.25;           // a week is a surge when its total exceeds the baseline by this factor
};

struct UnmixResult {
  Day first_week_start = 0;  // Monday of the first whole week
  std::vector<double> total, human, automated, human_low, human_high, share, lower_bound, baseline;
  std::vector<std::uint8_t> holiday, surge;  // per week
  std::vector<int> spike_days;               // per week: spike days left out of the week's fit
  double contrast = 0.0;    // automated minus human weekend ratio (the stated profiles, median over weeks)
  double dispersion = 1.0;  // Pearson overdispersion of the weeks' own fits
  double day_noise = 0.0;   // relative day-level noise of those fits
  int bandwidth_weeks = 0;  // the smoothing half-width used
  int usable_weeks = 0;     // weeks whose own fit entered the smoothing
};

// y: daily totals from `start` (NaN allowed: weeks with a missing day are NaN). Throws std::invalid_argument on
// bad input (negative counts, fewer than 4 whole weeks, profiles not summing to 7, masks of the wrong length).
UnmixResult unmix_weekly(const double* y, std::size_t n, Day start, const UnmixOptions& options);

}  // namespace uptake::normalize
