#include "uptake/trend/mann_kendall.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "uptake/core/cancel.hpp"
#include "uptake/trend/inversions.hpp"
#include "uptake/trend/pairwise_slopes.hpp"
#include "uptake/trend/theil_sen.hpp"

namespace uptake::trend {

MkCorrection parse_mk_correction(std::string_view text) {
  if (text == "none") return MkCorrection::None;
  if (text == "hamed_rao") return MkCorrection::HamedRao;
  if (text == "yue_wang") return MkCorrection::YueWang;
  throw std::invalid_argument("mann_kendall: correction must be None, 'hamed_rao' or 'yue_wang', got '" +
                              std::string(text) + "'");
}

namespace {

std::uint64_t tied_pairs(const double* v, std::size_t n) {
  std::vector<double> s(v, v + n);
  std::sort(s.begin(), s.end());
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && s[j] == s[i]) ++j;
    total += static_cast<std::uint64_t>(j - i) * (j - i - 1) / 2;
    i = j;
  }
  return total;
}

double z_score(double s, double var_s) {
  if (s > 0) return (s - 1.0) / std::sqrt(var_s);
  if (s < 0) return (s + 1.0) / std::sqrt(var_s);
  return 0.0;
}

double p_two_sided(double z) {
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(z)));
}

// Autocorrelation of v at lags 0..max_lag, normalised by the full-length variance (as pyMannKendall's __acf).
std::vector<double> acf(const std::vector<double>& v, int max_lag) {
  const std::size_t n = v.size();
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(n);
  std::vector<double> out(static_cast<std::size_t>(max_lag) + 1, 0.0);
  for (int k = 0; k <= max_lag; ++k) {
    double sum = 0.0;
    for (std::size_t i = 0; i + static_cast<std::size_t>(k) < n; ++i) sum += (v[i] - mean) * (v[i + static_cast<std::size_t>(k)] - mean);
    out[static_cast<std::size_t>(k)] = sum / static_cast<double>(n);
  }
  const double c0 = out[0];
  for (double& a : out) a = c0 > 0 ? a / c0 : 0.0;
  return out;
}

std::vector<double> average_ranks(const std::vector<double>& v) {
  const std::size_t n = v.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> ranks(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && v[order[j]] == v[order[i]]) ++j;
    const double r = 0.5 * static_cast<double>(i + j - 1) + 1.0;
    for (std::size_t t = i; t < j; ++t) ranks[order[t]] = r;
    i = j;
  }
  return ranks;
}

}  // namespace

double kendall_s(const double* v, std::size_t n) {
  const std::uint64_t all = static_cast<std::uint64_t>(n) * (n - 1) / 2;
  std::vector<double> key(v, v + n), scratch;
  const std::uint64_t ties = tied_pairs(v, n);
  // Discordant pairs (v_j < v_i) are the non-strict inversions minus the tied pairs.
  const std::uint64_t discordant = count_non_strict_inversions(key, scratch) - ties;
  const std::uint64_t concordant = all - discordant - ties;
  return static_cast<double>(concordant) - static_cast<double>(discordant);
}

double kendall_variance(const double* v, std::size_t n) {
  std::vector<double> s(v, v + n);
  std::sort(s.begin(), s.end());
  const auto nn = static_cast<double>(n);
  double ties = 0.0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && s[j] == s[i]) ++j;
    const auto t = static_cast<double>(j - i);
    ties += t * (t - 1.0) * (2.0 * t + 5.0);
    i = j;
  }
  return (nn * (nn - 1.0) * (2.0 * nn + 5.0) - ties) / 18.0;
}

MannKendall mann_kendall(const double* y, std::size_t n, MkCorrection correction, int lags, bool floor_factor,
                         double alpha) {
  std::vector<double> v, pos;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(y[i])) throw std::invalid_argument("mann_kendall: infinite value at position " + std::to_string(i));
    if (std::isnan(y[i])) continue;
    v.push_back(y[i]);
    pos.push_back(static_cast<double>(i));
  }
  const std::size_t m = v.size();
  if (m < 3) throw std::invalid_argument("mann_kendall: needs at least 3 observed values, got " + std::to_string(m));
  if (correction != MkCorrection::None && lags < 1) {
    throw std::invalid_argument("mann_kendall: lags must be >= 1, got " + std::to_string(lags));
  }
  MannKendall r{};
  r.n = m;
  r.s = kendall_s(v.data(), m);
  r.var_s = kendall_variance(v.data(), m);
  r.tau = r.s / (0.5 * static_cast<double>(m) * static_cast<double>(m - 1));
  const TheilSen sen = theil_sen(pos.data(), v.data(), m, 0.95, InterceptMethod::Separate);
  r.slope = sen.slope;
  r.intercept = sen.intercept;
  r.variance_factor = 1.0;
  r.variance_factor_floored = false;
  r.lags = 0;
  if (correction != MkCorrection::None) {
    const int max_lag = std::min<int>(lags, static_cast<int>(m) - 1);
    r.lags = max_lag;
    // Detrend in units scaled by a power of two (the autocorrelations do not depend on the scale) so that
    // values near the double limits cannot overflow.
    const int ev = scale_exponent(v.data(), m);
    const double scaled_slope = std::ldexp(sen.slope, -ev);
    std::vector<double> detrended(m);
    for (std::size_t i = 0; i < m; ++i) detrended[i] = std::ldexp(v[i], -ev) - pos[i] * scaled_slope;
    const auto nn = static_cast<double>(m);
    double factor;
    if (correction == MkCorrection::HamedRao) {
      const std::vector<double> rho = acf(average_ranks(detrended), max_lag);
      const double bound = boost::math::quantile(boost::math::normal(), 1.0 - alpha / 2.0) / std::sqrt(nn);
      double sum = 0.0;
      for (int i = 1; i <= max_lag; ++i) {
        const double a = rho[static_cast<std::size_t>(i)];
        if (a > bound || a < -bound) sum += (nn - i) * (nn - i - 1) * (nn - i - 2) * a;
      }
      factor = 1.0 + 2.0 / (nn * (nn - 1) * (nn - 2)) * sum;
    } else {
      const std::vector<double> rho = acf(detrended, max_lag);
      double sum = 0.0;
      for (int i = 1; i <= max_lag; ++i) sum += (1.0 - i / nn) * rho[static_cast<std::size_t>(i)];
      factor = 1.0 + 2.0 * sum;
    }
    if (floor_factor && factor < 1.0) {
      factor = 1.0;
      r.variance_factor_floored = true;
    }
    if (!(factor > 0.0)) {
      throw std::invalid_argument("mann_kendall: the autocorrelation correction made the variance non-positive "
                                  "(factor " + std::to_string(factor) + "); use fewer lags or floor it");
    }
    r.variance_factor = factor;
    r.var_s *= factor;
  }
  r.z = z_score(r.s, r.var_s);
  r.p = p_two_sided(r.z);
  return r;
}

MannKendall seasonal_mann_kendall(const double* y, std::size_t n, int period) {
  if (period < 2) throw std::invalid_argument("mann_kendall: seasonal_period must be >= 2, got " + std::to_string(period));
  MannKendall r{};
  double denom = 0.0;
  // Every observed value with its cycle number and season: the seasonal Sen slope is the median of the
  // within-season pairwise slopes, selected by counting (O(n) memory) rather than listing the pairs.
  std::vector<double> values, cycles;
  std::vector<int> seasons;
  const auto p = static_cast<std::size_t>(period);
  for (std::size_t j = 0; j < p && j < n; ++j) {
    poll_cancel();
    std::vector<double> v;
    for (std::size_t i = j; i < n; i += p) {
      if (std::isinf(y[i])) throw std::invalid_argument("mann_kendall: infinite value at position " + std::to_string(i));
      if (std::isnan(y[i])) continue;
      v.push_back(y[i]);
      values.push_back(y[i]);
      cycles.push_back(static_cast<double>(i / p));
      seasons.push_back(static_cast<int>(j));
    }
    const std::size_t m = v.size();
    r.n += m;
    if (m < 2) continue;
    r.s += kendall_s(v.data(), m);
    r.var_s += kendall_variance(v.data(), m);
    denom += 0.5 * static_cast<double>(m) * static_cast<double>(m - 1);
  }
  if (denom == 0.0) throw std::invalid_argument("mann_kendall: every season has fewer than 2 observed values");
  r.tau = r.s / denom;
  r.z = z_score(r.s, r.var_s);
  r.p = p_two_sided(r.z);
  const int ev = scale_exponent(values.data(), values.size());
  for (double& v : values) v = std::ldexp(v, -ev);
  const PairwiseSlopes slopes(cycles.data(), values.data(), seasons.data(), values.size());
  r.slope = std::ldexp(slopes.median(), ev);
  if (!std::isfinite(r.slope)) {
    throw std::invalid_argument("mann_kendall: the seasonal Sen slope exceeds the double range; rescale the data");
  }
  r.intercept = std::numeric_limits<double>::quiet_NaN();
  r.variance_factor = 1.0;
  return r;
}

}  // namespace uptake::trend
