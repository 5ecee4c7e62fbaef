#include "uptake/trend/sen_calibration.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "uptake/trend/ar_errors.hpp"
#include "uptake/trend/mann_kendall.hpp"
#include "uptake/trend/prais_winsten.hpp"
#include "uptake/trend/slope_design_effect.hpp"
#include "uptake/trend/theil_sen.hpp"

namespace uptake::trend {

namespace {
constexpr double kMaxRoot = 0.99;  // as prais_winsten's refits
}  // namespace

double sen_bootstrap_critical(const Eigen::VectorXd& x, const Eigen::VectorXd& coef, const Eigen::VectorXd& bias,
                              double conf, int replications, std::uint64_t seed) {
  const Eigen::Index n = x.size();
  const auto p = static_cast<int>(coef.size());
  if (!(conf > 0.0 && conf < 1.0)) throw std::invalid_argument("sen_bootstrap_critical: conf must be in (0, 1)");
  if (replications < 99) {
    throw std::invalid_argument("sen_bootstrap_critical: replications must be at least 99, got " +
                                std::to_string(replications));
  }
  if (p < 1 || (p > 1 && bias.size() != p)) throw std::invalid_argument("sen_bootstrap_critical: coef and bias differ");
  if (n < 2 * p + 4) throw std::invalid_argument("sen_bootstrap_critical: too few observations for the AR order");
  for (Eigen::Index i = 1; i < n; ++i) {
    if (!(x(i) > x(i - 1))) throw std::invalid_argument("sen_bootstrap_critical: x must be strictly increasing");
  }
  const Eigen::MatrixXd chol = ar_initial_cholesky(coef);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<std::int64_t> pos(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) pos[static_cast<std::size_t>(i)] = i;
  const auto un = static_cast<std::size_t>(n);
  Eigen::VectorXd u(n), resid(n);
  const Eigen::VectorXd xc = x.array() - x.mean();
  const double sxx = xc.squaredNorm();
  std::vector<double> stat;
  stat.reserve(static_cast<std::size_t>(replications));
  for (int b = 0; b < replications; ++b) {
    simulate_ar(coef, chol, 1.0, rng, normal, u.data(), un);
    // Detrended by least squares, not by Sen's slope again: for Gaussian errors the two slopes differ little and
    // so do the AR estimates from their residuals, and the replicate costs O(n) instead of O(n log n) here.
    const double slope = xc.dot(u) / sxx;
    resid = (u.array() - u.mean()) - slope * xc.array();
    Eigen::VectorXd star(p);
    if (p == 1) {
      star(0) = bias_corrected_phi(ar1_coefficient(resid, pos), static_cast<int>(n));
    } else {
      star = stationary_correction(fit_ar(resid, p, p).coef, bias, kMaxRoot);
    }
    const double factor = ar_slope_design_effect(star, x);
    const double var = sen_variance(x.data(), u.data(), un) * factor;
    stat.push_back(var > 0.0 ? std::fabs(kendall_s(u.data(), un)) / std::sqrt(var) : 0.0);
  }
  std::sort(stat.begin(), stat.end());
  // The ceil(conf (B + 1))-th smallest of B replicates: 950th of 999 at 95%.
  const auto k = static_cast<std::size_t>(std::ceil(conf * static_cast<double>(replications + 1))) - 1;
  const double normal_cv = boost::math::quantile(boost::math::normal(), 0.5 + conf / 2.0);
  return std::max(normal_cv, stat[std::min(k, stat.size() - 1)]);
}

}  // namespace uptake::trend
