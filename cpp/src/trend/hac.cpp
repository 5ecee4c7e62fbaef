#include "uptake/trend/hac.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "uptake/trend/ols.hpp"

namespace uptake::trend {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Scores {
  Eigen::MatrixXd u;     // rows used after prewhitening
  Eigen::MatrixXd d;     // recolouring (I - A)^-1, identity without prewhitening
  Eigen::MatrixXd a;     // VAR(1) coefficients
  Eigen::Index n_orig;
};

// VAR(1) without intercept by least squares, as ar(U, order.max = 1, demean = FALSE, aic = FALSE, method = "ols").
Scores make_scores(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::VectorXd>& resid,
                   bool prewhite) {
  const Eigen::Index n = X.rows(), k = X.cols();
  if (resid.size() != n) throw std::invalid_argument("kernel_hac: X and resid have different lengths");
  if (n < k + 3) throw std::invalid_argument("kernel_hac: needs at least k + 3 observations");
  if (!X.allFinite() || !resid.allFinite()) throw std::invalid_argument("kernel_hac: non-finite value in X or resid");
  Scores s;
  s.n_orig = n;
  const Eigen::MatrixXd u = X.array().colwise() * resid.array();
  s.d = Eigen::MatrixXd::Identity(k, k);
  if (!prewhite) {
    s.u = u;
    return s;
  }
  const Eigen::MatrixXd lag = u.topRows(n - 1), cur = u.bottomRows(n - 1);
  const Eigen::MatrixXd lxl = lag.transpose() * lag;
  // A' solves (lag'lag) A' = lag'cur; a pseudo-inverse keeps a zero score column (a constant series) harmless.
  const Eigen::MatrixXd at = lxl.completeOrthogonalDecomposition().solve(lag.transpose() * cur);
  s.a = at.transpose();
  s.u = cur - lag * at;
  const Eigen::MatrixXd ima = Eigen::MatrixXd::Identity(k, k) - s.a;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(ima);
  if (!lu.isInvertible()) throw std::invalid_argument("kernel_hac: the prewhitening VAR has a unit root");
  s.d = lu.inverse();
  return s;
}

// sandwich's default column weights: 1, except 0 for an intercept (a column of ones); all 1 if that leaves none.
Eigen::VectorXd column_weights(const Eigen::Ref<const Eigen::MatrixXd>& X) {
  Eigen::VectorXd w = Eigen::VectorXd::Ones(X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    if ((X.col(j).array() == 1.0).all()) w(j) = 0.0;
  }
  if (w.sum() == 0.0) w.setOnes();
  return w;
}

}  // namespace

Kernel parse_kernel(const std::string& name) {
  if (name == "truncated") return Kernel::Truncated;
  if (name == "bartlett") return Kernel::Bartlett;
  if (name == "parzen") return Kernel::Parzen;
  if (name == "tukey-hanning") return Kernel::TukeyHanning;
  if (name == "qs" || name == "quadratic-spectral") return Kernel::QuadraticSpectral;
  throw std::invalid_argument("kernel must be 'bartlett', 'parzen', 'qs', 'tukey-hanning' or 'truncated', got '" +
                              name + "'");
}

std::string kernel_name(Kernel k) {
  switch (k) {
    case Kernel::Truncated: return "truncated";
    case Kernel::Bartlett: return "bartlett";
    case Kernel::Parzen: return "parzen";
    case Kernel::TukeyHanning: return "tukey-hanning";
    case Kernel::QuadraticSpectral: return "qs";
  }
  return "?";
}

BandwidthRule parse_bandwidth_rule(const std::string& name) {
  if (name == "fixed") return BandwidthRule::Fixed;
  if (name == "andrews") return BandwidthRule::Andrews;
  if (name == "neweywest") return BandwidthRule::NeweyWest;
  throw std::invalid_argument("bandwidth must be 'andrews', 'neweywest' or a number, got '" + name + "'");
}

double kernel_weight(Kernel k, double x) {
  const double a = std::fabs(x);
  switch (k) {
    case Kernel::Truncated: return a > 1.0 ? 0.0 : 1.0;
    case Kernel::Bartlett: return a > 1.0 ? 0.0 : 1.0 - a;
    case Kernel::Parzen:
      if (a > 1.0) return 0.0;
      return a < 0.5 ? 1.0 - 6.0 * a * a + 6.0 * a * a * a : 2.0 * std::pow(1.0 - a, 3);
    case Kernel::TukeyHanning: return a > 1.0 ? 0.0 : (1.0 + std::cos(kPi * a)) / 2.0;
    case Kernel::QuadraticSpectral: {
      const auto qs = [](double v) {
        const double y = 6.0 * kPi * v / 5.0;
        return 3.0 / (y * y) * (std::sin(y) / y - std::cos(y));
      };
      if (a < 1e-3) return std::exp(std::log(qs(1e-3)) / 1e-6 * a * a);  // the formula cancels badly near 0
      return qs(a);
    }
  }
  return 0.0;
}

namespace {

double andrews_from_scores(const Scores& s, const Eigen::VectorXd& w, Kernel kernel) {
  const Eigen::Index n = s.u.rows();
  double top1 = 0.0, top2 = 0.0, bot = 0.0;
  for (Eigen::Index j = 0; j < s.u.cols(); ++j) {
    if (w(j) == 0.0) continue;
    // ar(x, order.max = 1, aic = FALSE, method = "ols"): demeaned series, regression on [1, lag].
    const Eigen::VectorXd x = s.u.col(j).array() - s.u.col(j).mean();
    const Eigen::VectorXd lag = x.head(n - 1), cur = x.tail(n - 1);
    const double lm = lag.mean(), cm = cur.mean();
    const Eigen::VectorXd lc = lag.array() - lm, cc = cur.array() - cm;
    const double sxx = lc.squaredNorm();
    const double rho = sxx > 0.0 ? lc.dot(cc) / sxx : 0.0;
    const double sigma2 = (cc - rho * lc).squaredNorm() / static_cast<double>(n - 1);
    const double s4 = sigma2 * sigma2;
    top1 += w(j) * 4.0 * rho * rho * s4 / (std::pow(1.0 - rho, 6) * std::pow(1.0 + rho, 2));
    top2 += w(j) * 4.0 * rho * rho * s4 / std::pow(1.0 - rho, 8);
    bot += w(j) * s4 / std::pow(1.0 - rho, 4);
  }
  if (!(bot > 0.0)) throw std::invalid_argument("kernel_hac: the scores have no variation (constant residuals?)");
  const auto nn = static_cast<double>(n);  // sandwich uses the prewhitened length here
  const double a1 = top1 / bot, a2 = top2 / bot;
  switch (kernel) {
    case Kernel::Truncated: return 0.6611 * std::pow(a2 * nn, 0.2);
    case Kernel::Bartlett: return 1.1447 * std::pow(a1 * nn, 1.0 / 3.0);
    case Kernel::Parzen: return 2.6614 * std::pow(a2 * nn, 0.2);
    case Kernel::TukeyHanning: return 1.7462 * std::pow(a2 * nn, 0.2);
    case Kernel::QuadraticSpectral: return 1.3221 * std::pow(a2 * nn, 0.2);
  }
  return 0.0;
}

double newey_west_from_scores(const Scores& s, const Eigen::VectorXd& w, Kernel kernel, bool prewhite) {
  if (kernel != Kernel::Bartlett && kernel != Kernel::Parzen && kernel != Kernel::QuadraticSpectral) {
    throw std::invalid_argument("bandwidth 'neweywest' is defined for the bartlett, parzen and qs kernels");
  }
  const Eigen::VectorXd h = s.u * w;
  const Eigen::Index n = h.size();
  const double rate = kernel == Kernel::Bartlett ? 2.0 / 9.0 : kernel == Kernel::Parzen ? 4.0 / 25.0 : 2.0 / 25.0;
  // The pre-lag m uses the length before prewhitening, the autocovariances the length after (as sandwich).
  const auto m = static_cast<Eigen::Index>(
      std::floor((prewhite ? 3.0 : 4.0) * std::pow(static_cast<double>(s.n_orig) / 100.0, rate)));
  double s0 = 0.0, s1 = 0.0, s2 = 0.0;
  for (Eigen::Index j = 0; j <= std::min(m, n - 1); ++j) {
    const double sigma = h.head(n - j).dot(h.tail(n - j)) / static_cast<double>(n);  // n after prewhitening
    const auto jd = static_cast<double>(j);
    s0 += j == 0 ? sigma : 2.0 * sigma;
    s1 += 2.0 * jd * sigma;
    s2 += 2.0 * jd * jd * sigma;
  }
  if (!(s0 > 0.0)) throw std::invalid_argument("kernel_hac: the scores have no variation (constant residuals?)");
  const double n_orig = static_cast<double>(s.n_orig);
  if (kernel == Kernel::Bartlett) return 1.1447 * std::pow(s1 / s0 * (s1 / s0), 1.0 / 3.0) * std::pow(n_orig, 1.0 / 3.0);
  const double c = kernel == Kernel::Parzen ? 2.6614 : 1.3221;
  return c * std::pow(s2 / s0 * (s2 / s0), 0.2) * std::pow(n_orig, 0.2);
}

}  // namespace

double andrews_bandwidth(const Eigen::MatrixXd& X, const Eigen::VectorXd& resid, Kernel kernel, bool prewhite) {
  return andrews_from_scores(make_scores(X, resid, prewhite), column_weights(X), kernel);
}

double newey_west_bandwidth(const Eigen::MatrixXd& X, const Eigen::VectorXd& resid, Kernel kernel, bool prewhite) {
  return newey_west_from_scores(make_scores(X, resid, prewhite), column_weights(X), kernel, prewhite);
}

KernelHac kernel_hac(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::VectorXd>& resid,
                     const KernelHacOptions& options) {
  const Scores s = make_scores(X, resid, options.prewhite);
  const Eigen::Index n = s.u.rows(), k = X.cols();
  KernelHac out;
  switch (options.rule) {
    case BandwidthRule::Fixed: out.bandwidth = options.bandwidth; break;
    case BandwidthRule::Andrews: out.bandwidth = andrews_from_scores(s, column_weights(X), options.kernel); break;
    case BandwidthRule::NeweyWest:
      out.bandwidth = newey_west_from_scores(s, column_weights(X), options.kernel, options.prewhite);
      break;
  }
  if (options.floor_lag) out.bandwidth = std::floor(out.bandwidth) + 1.0;
  if (!(out.bandwidth > 0.0) || !std::isfinite(out.bandwidth)) {
    throw std::invalid_argument("kernel_hac: bandwidth must be a positive number, got " + std::to_string(out.bandwidth));
  }
  // Weights k(j / M), j = 0..n-1, cut after the last one above 1e-7 (sandwich's tol). Only the quadratic-spectral
  // kernel reaches past j = M, to about 1,450 M: |k(x)| <= 3 (1 + 1/y) / y^2 with y = 6 pi x / 5, and once that
  // bound is <= 1e-7 every later weight would be cut too, so the loop stops there rather than at n (the same
  // weights, without the trigonometry of a long series' tail). weighted_lag_cross takes the FFT for such long
  // kernels and the exact direct sum for short ones.
  std::vector<double> w;
  for (Eigen::Index j = 0; j < n; ++j) {
    const double x = static_cast<double>(j) / out.bandwidth;
    if (x > 1.0 && options.kernel != Kernel::QuadraticSpectral) break;
    if (options.kernel == Kernel::QuadraticSpectral && x > 1.0) {
      const double y = 6.0 * kPi * x / 5.0;
      if (3.0 * (1.0 + 1.0 / y) / (y * y) <= 1e-7) break;
    }
    w.push_back(kernel_weight(options.kernel, x));
  }
  while (w.size() > 1 && std::fabs(w.back()) <= 1e-7) w.pop_back();
  out.lags = static_cast<int>(w.size()) - 1;
  w[0] *= 0.5;  // Gamma_0 is symmetric: H + H' counts it once
  const Eigen::MatrixXd H = weighted_lag_cross(s.u, w);
  Eigen::MatrixXd S = H + H.transpose();
  if (options.adjust) S *= static_cast<double>(s.n_orig) / static_cast<double>(s.n_orig - k);
  S = s.d * S * s.d.transpose();
  const Eigen::MatrixXd xtx_inv = lagged_cross(X, X, 0).inverse();
  out.cov = xtx_inv * S * xtx_inv;
  out.var_coef = s.a;
  return out;
}

}  // namespace uptake::trend
