#pragma once
// Weekly-profile unmixing (methods.md F.2): daily totals y = H_k w_d + A_k v_d, a human part with a strong
// weekly profile w and an automated part with a flat or weak one v (both normalised to sum 7 over Mon..Sun).
// Per week the human share s_k follows from the week's normalised profile p_d = y_d / sum(y):
// p = s w/7 + (1 - s) v/7, estimated by weighted least squares pooled over neighbouring weeks (weights from
// the multinomial variance), with weeks flagged as holidays or spikes left out of the pooling. The band adds
// sampling error (overdispersion estimated) to Monte Carlo draws of the profiles' uncertainty.
// w and v are not identified from totals alone: they must come from outside (a reference series, flagged
// data, or stated ratios), and the result is only as good as they are.
#include <array>
#include <cstdint>
#include <vector>

#include "uptake/core/calendar.hpp"

namespace uptake::normalize {

using Profile = std::array<double, 7>;  // Monday..Sunday, sums to 7

// A profile with weekdays at 1 and weekend days at `weekend_ratio`, normalised to sum 7.
Profile profile_from_weekend_ratio(double weekend_ratio);
double weekend_ratio_of(const Profile& p);  // mean(Sat, Sun) / mean(Mon..Fri)

// The weekly profile of a daily series (whole Monday-Sunday weeks, median of each day's share), and the
// standard error of its weekend ratio across weeks.
struct ProfileEstimate {
  Profile profile;
  double weekend_ratio;
  double weekend_ratio_se;
  int weeks;
};
ProfileEstimate estimate_profile(const double* y, std::size_t n, Day start);

struct UnmixOptions {
  Profile human, automated;
  double human_ratio_se = 0.0;      // uncertainty of the human profile's weekend ratio
  double automated_ratio_se = 0.0;  // and of the automated one
  int window_weeks = 9;             // weeks pooled around each week (odd)
  double conf = 0.9;
  int draws = 400;                  // Monte Carlo draws for the band
  std::uint64_t seed = 12345;
  std::vector<std::uint8_t> exclude;  // per week: 1 = not used for pooling (holidays, spikes)
};

struct UnmixResult {
  Day first_week_start = 0;  // Monday of the first whole week
  std::vector<double> total, human, automated, human_low, human_high, share, lower_bound;
  double contrast = 0.0;      // automated minus human weekend ratio
  double dispersion = 1.0;    // Pearson overdispersion of the daily profile fit
};

// y: daily totals from `start` (NaN allowed: weeks with a missing day are NaN). Throws std::invalid_argument on
// bad input (negative counts, fewer than window_weeks whole weeks, profiles not summing to 7).
UnmixResult unmix_weekly(const double* y, std::size_t n, Day start, const UnmixOptions& options);

}  // namespace uptake::normalize
