#include "uptake/clean/spikes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace uptake::clean {

namespace {
double median_of(std::vector<double> v) {
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  if (v.size() % 2 == 1) return v[m];
  const double hi = v[m];
  return 0.5 * (hi + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m)));
}
}  // namespace

std::vector<std::uint8_t> robust_spikes(const double* resid, std::size_t n, double threshold, bool both_directions,
                                        std::vector<double>& robust_z) {
  if (!(threshold > 0)) throw std::invalid_argument("find_spikes: threshold must be > 0");
  std::vector<double> finite;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(resid[i])) finite.push_back(resid[i]);
  }
  if (finite.size() < 3) throw std::invalid_argument("find_spikes: needs at least 3 observed values");
  const double med = median_of(finite);
  for (double& v : finite) v = std::fabs(v - med);
  double scale = 1.4826 * median_of(finite);
  if (scale <= 0) scale = std::numeric_limits<double>::min();
  robust_z.assign(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::uint8_t> flags(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(resid[i])) continue;
    robust_z[i] = (resid[i] - med) / scale;
    flags[i] = robust_z[i] > threshold || (both_directions && robust_z[i] < -threshold);
  }
  return flags;
}

}  // namespace uptake::clean
