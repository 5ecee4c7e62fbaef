#include "uptake/trend/theil_sen.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "uptake/trend/pairwise_slopes.hpp"

namespace uptake::trend {

InterceptMethod parse_intercept_method(std::string_view text) {
  if (text == "separate") return InterceptMethod::Separate;
  if (text == "joint") return InterceptMethod::Joint;
  throw std::invalid_argument("theil_sen: method must be 'separate' or 'joint', got '" + std::string(text) + "'");
}

double median_of(const double* v, std::size_t n) {
  std::vector<double> s(v, v + n);
  const std::size_t mid = n / 2;
  std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(mid), s.end());
  if (n % 2 == 1) return s[mid];
  const double upper = s[mid];
  const double lower = *std::max_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(mid));
  return 0.5 * (lower + upper);
}

int scale_exponent(const double* v, std::size_t n) {
  double big = 0.0;
  for (std::size_t i = 0; i < n; ++i) big = std::max(big, std::fabs(v[i]));
  return big > 0.0 ? std::ilogb(big) : 0;
}

namespace {
double tie_term(const double* v, std::size_t n) {
  std::vector<double> s(v, v + n);
  std::sort(s.begin(), s.end());
  double total = 0.0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && s[j] == s[i]) ++j;
    const auto t = static_cast<double>(j - i);
    total += t * (t - 1.0) * (2.0 * t + 5.0);
    i = j;
  }
  return total;
}
}  // namespace

double sen_variance(const double* x, const double* y, std::size_t n) {
  const auto nn = static_cast<double>(n);
  return (nn * (nn - 1.0) * (2.0 * nn + 5.0) - tie_term(x, n) - tie_term(y, n)) / 18.0;
}

TheilSen theil_sen(const double* x, const double* y, std::size_t n, double conf, InterceptMethod method,
                   double variance_factor) {
  if (!(variance_factor >= 1.0 && std::isfinite(variance_factor))) {
    throw std::invalid_argument("theil_sen: variance_factor must be finite and >= 1");
  }
  if (!(conf > 0.0 && conf < 1.0)) throw std::invalid_argument("theil_sen: conf must be in (0, 1)");
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i])) throw std::invalid_argument("theil_sen: x has a non-finite value at position " + std::to_string(i));
    if (!std::isfinite(y[i])) throw std::invalid_argument("theil_sen: y has a non-finite value at position " + std::to_string(i));
  }
  if (n < 2) throw std::invalid_argument("theil_sen: needs at least 2 points, got " + std::to_string(n));
  // Work on x and y scaled by powers of two into [1, 2): exact (the same slopes bit for bit, up to the scale),
  // and differences of values near the double limits (+-1.7e308) can no longer overflow.
  const int ex = scale_exponent(x, n), ey = scale_exponent(y, n);
  std::vector<double> xs(n), ys(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs[i] = std::ldexp(x[i], -ex);
    ys[i] = std::ldexp(y[i], -ey);
  }
  const PairwiseSlopes slopes(xs.data(), ys.data(), n);
  if (slopes.count() == 0) throw std::invalid_argument("theil_sen: needs at least two distinct x values");
  const auto unscale = [&](double v) { return std::ldexp(v, ey - ex); };
  TheilSen r{};
  r.n = n;
  r.pairs = slopes.count();
  const double scaled_slope = slopes.median();
  r.slope = unscale(scaled_slope);
  if (method == InterceptMethod::Separate) {
    r.intercept = std::ldexp(median_of(ys.data(), n) - scaled_slope * median_of(xs.data(), n), ey);
  } else {
    std::vector<double> resid(n);
    for (std::size_t i = 0; i < n; ++i) resid[i] = ys[i] - scaled_slope * xs[i];
    r.intercept = std::ldexp(median_of(resid.data(), n), ey);
  }
  // scipy: z = Phi^-1(alpha / 2) with alpha = 1 - conf; ranks round((N -/+ z sigma) / 2), half to even.
  const double z = boost::math::quantile(boost::math::normal(), (1.0 - conf) / 2.0);
  const double sigma = std::sqrt(sen_variance(x, y, n) * variance_factor);
  const auto nt = static_cast<double>(r.pairs);
  const double last = nt - 1.0;
  const double ru = std::min(std::nearbyint((nt - z * sigma) / 2.0), last);
  const double rl = std::max(std::nearbyint((nt + z * sigma) / 2.0) - 1.0, 0.0);
  r.low = unscale(slopes.kth(static_cast<std::uint64_t>(std::max(0.0, rl))));
  r.high = unscale(slopes.kth(static_cast<std::uint64_t>(std::max(0.0, ru))));
  if (!std::isfinite(r.slope) || !std::isfinite(r.low) || !std::isfinite(r.high) || !std::isfinite(r.intercept)) {
    throw std::invalid_argument("theil_sen: the slope or intercept exceeds the double range; rescale the data");
  }
  return r;
}

}  // namespace uptake::trend
