#pragma once
// Log-linear trends of many series at once (one per column), each exactly as one ols_trend(log=True, ar_order=1)
// call (Prais-Winsten FGLS with AR(1) errors, bias-corrected phi, bootstrap-t when persistent), plus exact PELT for
// changes of level or slope (piecewise-linear cost, MBIC penalty), on all cores. Batch ranking of thousands of
// packages spends its time here instead of in a per-package interpreter loop. Optionally the yearly cycle is fitted
// jointly (seasonal_order > 0): Fourier pairs on the 365.25-day year plus the Christmas-New-Year share of each row,
// so that the holiday dip and the summer lull stay out of the AR errors (they would inflate phi) and out of the
// slope (they bias it when the window is not whole years).
#include <cstddef>
#include <string>
#include <vector>

#include "uptake/core/calendar.hpp"
#include "uptake/trend/prais_winsten.hpp"

namespace uptake::trend {

struct LogTrendBatchOptions {
  PraisWinstenOptions pw;       // conf, bootstrap, replications, seed, ar_order (1): as ols_trend's
  double near_unit_root = 0.9;  // phi~ at or above this is flagged
  bool changepoints = true;
  std::size_t min_obs = 3;      // fewer positive values: not fitted
  int threads = 0;              // <= 0: every core
  // Yearly cycle: with seasonal_order > 0 the design gains seasonal::yearly_terms_of_sums(first_day + t, row_days,
  // seasonal_order) for every column whose observed rows span at least seasonal_min_days (first row's first day to
  // the last row's last day); shorter columns keep the plain trend (row.seasonal false). t must then be in days.
  // A column with no observed row in the holiday window (those rows missing) is fitted without the holiday share.
  int seasonal_order = 0;
  Day first_day = 0;                 // the day (since 1970-01-01) at t = 0
  int row_days = 7;                  // days each row sums
  double seasonal_min_days = 728.0;  // two years of whole weeks: one year cannot tell the cycle from the trend
  // Breaks of a seasonal column are searched after removing a richer yearly model (this many pairs, fitted by OLS
  // with the trend): the few pairs of the growth fit keep its intervals calibrated under persistent errors, but
  // their misfit of a sharp summer lull would look like changes of level to PELT.
  int break_seasonal_order = 6;
};

struct LogTrendRow {
  bool fitted = false;
  int nobs = 0;
  double slope = 0, slope_low = 0, slope_high = 0;  // per unit of t, on the log scale
  double level = 0, level_se = 0;                   // fitted log value at the last observed row, and its se
  double crit = 0;                                  // critical value of the trend term (t or bootstrap)
  double phi = 0;
  bool bootstrapped = false, near_unit_root = false;
  bool seasonal = false;  // the yearly terms were fitted (level then includes the last row's seasonal effect)
  std::vector<std::size_t> breaks;  // rows (of the column) where a new segment starts
  std::string error;                // why a column with enough observations could not be fitted (fitted = false)
};

// y: rows x cols, column-major (time x series); values <= 0 or NaN are missing. t: the time of each row.
std::vector<LogTrendRow> log_trend_many(const double* y, std::size_t rows, std::size_t cols, const std::vector<double>& t,
                                        const LogTrendBatchOptions& options);

}  // namespace uptake::trend
