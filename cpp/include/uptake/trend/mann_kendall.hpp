#pragma once
// Mann-Kendall trend test with ties, in O(n log n), the Hamed-Rao (1998) and Yue-Wang (2004) corrections for
// autocorrelation (lags capped, variance inflation floored at 1 unless asked otherwise), and the seasonal
// (Hirsch) test. Positions are the original ones: missing values (NaN) are dropped without closing the gaps.
#include <cstddef>
#include <string_view>

namespace uptake::trend {

enum class MkCorrection { None, HamedRao, YueWang };
MkCorrection parse_mk_correction(std::string_view text);  // "none" | "hamed_rao" | "yue_wang"

struct MannKendall {
  double s, var_s, z, p, tau;
  double slope, intercept;  // Sen's slope on original positions and Conover's intercept
  double variance_factor;   // n / n* applied to var_s (1 without correction)
  bool variance_factor_floored;
  std::size_t n;            // observed values used
  int lags;                 // autocorrelation lags used by the correction (0 without)
};

// Kendall's S for values in order: concordant minus discordant pairs, ties counted as neither.
double kendall_s(const double* v, std::size_t n);
// Tie-corrected variance of S for the values v.
double kendall_variance(const double* v, std::size_t n);

MannKendall mann_kendall(const double* y, std::size_t n, MkCorrection correction, int lags, bool floor_factor,
                         double alpha);
// Seasonal Mann-Kendall: S and Var(S) summed over the `period` cycle positions.
MannKendall seasonal_mann_kendall(const double* y, std::size_t n, int period);

}  // namespace uptake::trend
