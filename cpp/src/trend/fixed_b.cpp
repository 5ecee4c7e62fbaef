#include "uptake/trend/fixed_b.hpp"

#include <cmath>
#include <iterator>
#include <stdexcept>
#include <string>

namespace uptake::trend {

namespace {
#include "fixed_b_table.inc"

double interpolate(const double* values, double b, double z) {
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
}  // namespace

double fixed_b_critical_value(double b, double conf, FixedBModel model) {
  if (!(b > 0.0 && b <= 1.0)) {
    throw std::invalid_argument("fixed-b: the bandwidth fraction b must be in (0, 1], got " + std::to_string(b));
  }
  const bool trend = model == FixedBModel::Trend;
  if (std::fabs(conf - 0.95) < 1e-12) return interpolate(trend ? kFixedBTrend95 : kFixedBMean95, b, 1.959963984540054);
  if (std::fabs(conf - 0.90) < 1e-12) return interpolate(trend ? kFixedBTrend90 : kFixedBMean90, b, 1.6448536269514722);
  throw std::invalid_argument("fixed-b: critical values are tabulated for conf = 0.90 and 0.95 only, got " +
                              std::to_string(conf));
}

double kiefer_vogelsang_mean_cv95(double b) noexcept { return 1.96 + 2.9694 * b + 0.4160 * b * b - 0.5324 * b * b * b; }

}  // namespace uptake::trend
