#include "uptake/trend/slope_design_effect.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "uptake/trend/ar_errors.hpp"

namespace uptake::trend {

namespace {

// A lambda grid, then golden-section search between the best point's neighbours: the ratio is smooth along the
// path and has at most one peak there, so the envelope comes out to ~1e-10 and non-decreasing in the persistence.
constexpr int kPathSteps = 40;
constexpr int kGoldenSteps = 50;

// Lags beyond which the autocovariances of a model with this largest root are below 1e-15 gamma_0 (all of them
// for a unit root), so the slope variance needs sum_i c_i c_(i+k) only up to there.
Eigen::Index lags_needed(const Eigen::VectorXd& coef, Eigen::Index n) {
  const double root = max_root_modulus(coef);
  if (!(root < 1.0)) throw std::invalid_argument("ar_slope_variance_ratio: the AR model is not stationary");
  if (root <= 0.0) return std::min<Eigen::Index>(n, coef.size() + 1);
  const double k = std::log(1e-15) / std::log(root) + 10.0 * static_cast<double>(coef.size()) + 10.0;
  return std::min<Eigen::Index>(n, static_cast<Eigen::Index>(std::min(k, static_cast<double>(n))));
}

// a_k = sum_i c_i c_(i+k), k < lags, for the centred regressor.
Eigen::VectorXd lagged_products(const Eigen::VectorXd& x, Eigen::Index lags) {
  const Eigen::VectorXd c = x.array() - x.mean();
  const Eigen::Index n = c.size();
  Eigen::VectorXd a(lags);
  for (Eigen::Index k = 0; k < lags; ++k) a(k) = c.head(n - k).dot(c.tail(n - k));
  return a;
}

double ratio_from_products(const Eigen::VectorXd& coef, const Eigen::VectorXd& a) {
  const Eigen::VectorXd g = ar_autocovariances(coef, static_cast<int>(a.size()));
  const double num = g(0) * a(0) + 2.0 * g.tail(a.size() - 1).dot(a.tail(a.size() - 1));
  return num / (g(0) * a(0));
}

void check(const Eigen::VectorXd& coef, const Eigen::VectorXd& x) {
  if (x.size() < 2) throw std::invalid_argument("ar_slope_variance_ratio: x needs at least 2 values");
  if (!x.allFinite() || !coef.allFinite()) throw std::invalid_argument("ar_slope_variance_ratio: non-finite value");
  if (!((x.array() - x.mean()).abs().maxCoeff() > 0.0)) {
    throw std::invalid_argument("ar_slope_variance_ratio: x is constant");
  }
}

}  // namespace

double ar_slope_variance_ratio(const Eigen::VectorXd& coef, const Eigen::VectorXd& x) {
  check(coef, x);
  if (coef.size() == 0) return 1.0;
  return ratio_from_products(coef, lagged_products(x, lags_needed(coef, x.size())));
}

double ar_slope_design_effect(const Eigen::VectorXd& coef, const Eigen::VectorXd& x) {
  check(coef, x);
  if (coef.size() == 0) return 1.0;
  // The slowest-decaying model on the path is lambda = 1: its lag count serves every lambda.
  const Eigen::VectorXd a = lagged_products(x, lags_needed(coef, x.size()));
  Eigen::VectorXd c(coef.size());
  const auto at = [&](double lambda) {
    double scale = 1.0;
    for (Eigen::Index j = 0; j < coef.size(); ++j) {
      scale *= lambda;
      c(j) = coef(j) * scale;
    }
    return ratio_from_products(c, a);
  };
  double best = 1.0, best_lambda = 0.0;
  for (int step = 1; step <= kPathSteps; ++step) {
    const double lambda = static_cast<double>(step) / kPathSteps, v = at(lambda);
    if (v > best) best = v, best_lambda = lambda;
  }
  if (best_lambda > 0.0) {
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double lo = std::max(0.0, best_lambda - 1.0 / kPathSteps), hi = std::min(1.0, best_lambda + 1.0 / kPathSteps);
    double m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo), f1 = at(m1), f2 = at(m2);
    for (int i = 0; i < kGoldenSteps; ++i) {
      if (f1 < f2) {
        lo = m1, m1 = m2, f1 = f2, m2 = lo + g * (hi - lo), f2 = at(m2);
      } else {
        hi = m2, m2 = m1, f2 = f1, m1 = hi - g * (hi - lo), f1 = at(m1);
      }
    }
    best = std::max({best, f1, f2, at(hi)});
  }
  return best;
}

}  // namespace uptake::trend
