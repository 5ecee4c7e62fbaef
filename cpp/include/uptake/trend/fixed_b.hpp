#pragma once
// Fixed-b critical values for the t statistic of a trend slope with a Bartlett HAC variance of bandwidth M = b n
// (Kiefer & Vogelsang 2005; with a trend regressor the limit differs from the location model's and is larger).
// The table (quantiles of |t| at levels 0.10..0.999 on a grid of b) is simulated by tools/make_fixed_b_table.py;
// between grid points it is interpolated linearly in b, starting from the normal quantile at b = 0, and between
// levels linearly in log(1 - level).

namespace uptake::trend {

enum class FixedBModel { Trend, Mean };

// Two-sided critical value at level conf (0.10 to 0.999; exact table rows at 0.90 and 0.95) for bandwidth
// fraction b in (0, 1]. Throws std::invalid_argument outside those ranges.
double fixed_b_critical_value(double b, double conf, FixedBModel model = FixedBModel::Trend);

// Two-sided p-value P(|T| > |stat|) under the fixed-b limit, by inverting the quantile table. Past the table's
// last level the p-value is reported as fixed_b_min_p_value() (0.001), an upper bound; NaN stays NaN.
double fixed_b_p_value(double b, double stat, FixedBModel model = FixedBModel::Trend);
double fixed_b_min_p_value() noexcept;

// Kiefer & Vogelsang's (2005) published cubic for the location model, 95% two-sided (q = 0.975):
// 1.96 + 2.9694 b + 0.4160 b^2 - 0.5324 b^3. Kept as the reference the simulated "mean" table is tested against.
double kiefer_vogelsang_mean_cv95(double b) noexcept;

}  // namespace uptake::trend
