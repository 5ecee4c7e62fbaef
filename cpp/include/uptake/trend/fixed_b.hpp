#pragma once
// Fixed-b critical values for the t statistic of a trend slope with a Bartlett HAC variance of bandwidth M = b n
// (Kiefer & Vogelsang 2005; with a trend regressor the limit differs from the location model's and is larger).
// The table is simulated by tools/make_fixed_b_table.py; between grid points it is interpolated linearly, and
// it starts from the normal quantile at b = 0.

namespace uptake::trend {

enum class FixedBModel { Trend, Mean };

// Two-sided critical value at level conf (0.90 or 0.95) for bandwidth fraction b in (0, 1].
// Throws std::invalid_argument outside that range or for another level.
double fixed_b_critical_value(double b, double conf, FixedBModel model = FixedBModel::Trend);

// Kiefer & Vogelsang's (2005) published cubic for the location model, 95% two-sided (q = 0.975):
// 1.96 + 2.9694 b + 0.4160 b^2 - 0.5324 b^3. Kept as the reference the simulated "mean" table is tested against.
double kiefer_vogelsang_mean_cv95(double b) noexcept;

}  // namespace uptake::trend
