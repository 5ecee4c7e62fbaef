#include "uptake/trend/fixed_b.hpp"

#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>

#include "uptake/trend/ols.hpp"

namespace uptake::trend {

namespace {
#include "fixed_b_table.inc"

constexpr auto kLevels = std::size(kFixedBLevels);

// Quantile of |t| at table level i for bandwidth fraction b: linear in b between grid points, and from the normal
// quantile (the b -> 0 limit) to the first grid point.
double quantile_at(std::size_t level, double b, FixedBModel model) {
  const double* values = model == FixedBModel::Trend ? kFixedBTrend[level] : kFixedBMean[level];
  const double z = t_or_normal_quantile(0.5 + kFixedBLevels[level] / 2.0, 0);
  constexpr auto m = std::size(kFixedBGrid);
  if (b <= kFixedBGrid[0]) return z + (values[0] - z) * b / kFixedBGrid[0];
  for (std::size_t i = 1; i < m; ++i) {
    if (b <= kFixedBGrid[i]) {
      const double f = (b - kFixedBGrid[i - 1]) / (kFixedBGrid[i] - kFixedBGrid[i - 1]);
      return values[i - 1] + f * (values[i] - values[i - 1]);
    }
  }
  return values[m - 1];
}

void check_b(double b) {
  if (!(b > 0.0 && b <= 1.0)) {
    throw std::invalid_argument("fixed-b: the bandwidth fraction b must be in (0, 1], got " + std::to_string(b));
  }
}

}  // namespace

double fixed_b_critical_value(double b, double conf, FixedBModel model) {
  check_b(b);
  const double lo = kFixedBLevels[0], hi = kFixedBLevels[kLevels - 1];
  if (!(conf >= lo - 1e-12 && conf <= hi + 1e-12)) {
    throw std::invalid_argument("fixed-b: critical values are tabulated for conf between " + std::to_string(lo) +
                                " and " + std::to_string(hi) + ", got " + std::to_string(conf));
  }
  for (std::size_t i = 0; i < kLevels; ++i) {
    if (std::fabs(conf - kFixedBLevels[i]) < 1e-12) return quantile_at(i, b, model);
  }
  std::size_t i = 1;
  while (kFixedBLevels[i] < conf) ++i;
  // Between tabulated levels: linear in log(1 - level), the scale on which tail quantiles are nearly linear.
  const double x0 = std::log1p(-kFixedBLevels[i - 1]), x1 = std::log1p(-kFixedBLevels[i]);
  const double f = (std::log1p(-conf) - x0) / (x1 - x0);
  const double q0 = quantile_at(i - 1, b, model), q1 = quantile_at(i, b, model);
  return q0 + f * (q1 - q0);
}

double fixed_b_p_value(double b, double stat, FixedBModel model) {
  check_b(b);
  if (std::isnan(stat)) return stat;
  const double t = std::fabs(stat);
  // P(|T| > t) = 1 - level where the quantile curve passes t; below the first level the curve starts at (0, 0).
  double q_prev = 0.0, level_prev = 0.0;
  for (std::size_t i = 0; i < kLevels; ++i) {
    const double q = quantile_at(i, b, model);
    if (t <= q) {
      const double x0 = std::log1p(-level_prev), x1 = std::log1p(-kFixedBLevels[i]);
      const double f = q > q_prev ? (t - q_prev) / (q - q_prev) : 1.0;
      return std::exp(x0 + f * (x1 - x0));
    }
    q_prev = q;
    level_prev = kFixedBLevels[i];
  }
  return 1.0 - kFixedBLevels[kLevels - 1];  // past the table: report its smallest p as a bound
}

double fixed_b_min_p_value() noexcept { return 1.0 - kFixedBLevels[kLevels - 1]; }

double kiefer_vogelsang_mean_cv95(double b) noexcept { return 1.96 + 2.9694 * b + 0.4160 * b * b - 0.5324 * b * b * b; }

}  // namespace uptake::trend
