#include "uptake/trend/crossover.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace uptake::trend {

std::string fieller_kind_name(FiellerKind kind) {
  switch (kind) {
    case FiellerKind::Bounded: return "bounded";
    case FiellerKind::TwoRays: return "two_rays";
    case FiellerKind::Unbounded: return "unbounded";
  }
  return "?";
}

FiellerInterval fieller_root(double a, double b, double var_a, double cov_ab, double var_b, double q) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  FiellerInterval out{b != 0.0 ? -a / b : nan, FiellerKind::Unbounded, nan, nan};
  // (b^2 - q^2 Vbb) t^2 + 2 (a b - q^2 Vab) t + (a^2 - q^2 Vaa) <= 0
  const double A = b * b - q * q * var_b;
  const double B = 2.0 * (a * b - q * q * cov_ab);
  const double C = a * a - q * q * var_a;
  const double disc = B * B - 4.0 * A * C;
  if (A > 0.0) {
    if (disc < 0.0) return out;  // cannot happen for a valid covariance; keep it unbounded rather than guess
    const double r = std::sqrt(disc);
    out.kind = FiellerKind::Bounded;
    out.low = (-B - r) / (2.0 * A);
    out.high = (-B + r) / (2.0 * A);
  } else if (disc > 0.0 && A < 0.0) {
    const double r = std::sqrt(disc);
    const double t1 = (-B - r) / (2.0 * A), t2 = (-B + r) / (2.0 * A);
    out.kind = FiellerKind::TwoRays;
    out.low = std::min(t1, t2);
    out.high = std::max(t1, t2);
  }
  return out;
}

LogitFit binomial_logit(const double* t, const double* k, const double* n, std::size_t m) {
  std::size_t used = 0;
  for (std::size_t i = 0; i < m; ++i) {
    if (!std::isfinite(t[i]) || !std::isfinite(k[i]) || !std::isfinite(n[i])) {
      throw std::invalid_argument("share_crossover: non-finite value at position " + std::to_string(i));
    }
    if (k[i] < 0 || n[i] < 0) throw std::invalid_argument("share_crossover: negative count at position " + std::to_string(i));
    if (k[i] > n[i]) throw std::invalid_argument("share_crossover: k > n at position " + std::to_string(i));
    if (n[i] > 0) ++used;
  }
  if (used < 3) throw std::invalid_argument("share_crossover: needs at least 3 periods with mentions, got " + std::to_string(used));
  // Centre t for conditioning; map back at the end.
  double tm = 0.0;
  for (std::size_t i = 0; i < m; ++i) tm += n[i] > 0 ? t[i] : 0.0;
  tm /= static_cast<double>(used);
  Eigen::Vector2d beta = Eigen::Vector2d::Zero();
  LogitFit fit{};
  Eigen::Matrix2d info;
  for (fit.iterations = 1; fit.iterations <= 100; ++fit.iterations) {
    info.setZero();
    Eigen::Vector2d score = Eigen::Vector2d::Zero();
    for (std::size_t i = 0; i < m; ++i) {
      if (n[i] <= 0) continue;
      const Eigen::Vector2d x(1.0, t[i] - tm);
      const double p = 1.0 / (1.0 + std::exp(-x.dot(beta)));
      const double w = n[i] * p * (1.0 - p);
      info += w * x * x.transpose();
      score += (k[i] - n[i] * p) * x;
    }
    const Eigen::Vector2d step = info.ldlt().solve(score);
    beta += step;
    if (!beta.allFinite()) throw std::invalid_argument("share_crossover: the logistic fit diverged (shares all 0 or all 1?)");
    if (step.cwiseAbs().maxCoeff() < 1e-12 * (1.0 + beta.cwiseAbs().maxCoeff())) {
      fit.converged = true;
      break;
    }
  }
  // Covariance, deviance and Pearson dispersion at the solution.
  info.setZero();
  double pearson = 0.0, deviance = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    if (n[i] <= 0) continue;
    const Eigen::Vector2d x(1.0, t[i] - tm);
    const double p = 1.0 / (1.0 + std::exp(-x.dot(beta)));
    info += n[i] * p * (1.0 - p) * x * x.transpose();
    const double mu = n[i] * p;
    pearson += (k[i] - mu) * (k[i] - mu) / (n[i] * p * (1.0 - p));
    if (k[i] > 0) deviance += 2.0 * k[i] * std::log(k[i] / mu);
    if (n[i] - k[i] > 0) deviance += 2.0 * (n[i] - k[i]) * std::log((n[i] - k[i]) / (n[i] - mu));
  }
  fit.df_resid = static_cast<int>(used) - 2;
  fit.deviance = deviance;
  fit.dispersion = fit.df_resid > 0 ? pearson / fit.df_resid : 1.0;
  Eigen::Matrix2d cov_c = info.inverse() * std::max(1.0, fit.dispersion);
  // Undo the centring: a = a_c - b tm.
  Eigen::Matrix2d J;
  J << 1.0, -tm, 0.0, 1.0;
  fit.params = Eigen::Vector2d(beta(0) - beta(1) * tm, beta(1));
  fit.cov = J * cov_c * J.transpose();
  return fit;
}

}  // namespace uptake::trend
