#include "uptake/trend/segmented.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace uptake::trend {

namespace {

Eigen::MatrixXd hinge_design(const double* t, std::size_t n, const std::vector<double>& psi, bool with_steps) {
  const auto k = static_cast<Eigen::Index>(psi.size());
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), 2 + k * (with_steps ? 2 : 1));
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    X(r, 0) = 1.0;
    X(r, 1) = t[i];
    for (Eigen::Index j = 0; j < k; ++j) {
      const double d = t[i] - psi[static_cast<std::size_t>(j)];
      X(r, 2 + j) = d > 0 ? d : 0.0;
      if (with_steps) X(r, 2 + k + j) = d > 0 ? -1.0 : 0.0;
    }
  }
  return X;
}

}  // namespace

double hinge_rss(const double* t, const double* y, std::size_t n, const std::vector<double>& psi) {
  const Eigen::MatrixXd X = hinge_design(t, n, psi, false);
  const Eigen::Map<const Eigen::VectorXd> yv(y, static_cast<Eigen::Index>(n));
  const Eigen::VectorXd beta = X.colPivHouseholderQr().solve(yv);
  return (yv - X * beta).squaredNorm();
}

SegmentedFit segmented_fit(const double* t, const double* y, std::size_t n, int n_breaks, std::size_t min_segment) {
  if (n_breaks < 1) throw std::invalid_argument("segmented_trend: n_breaks must be >= 1, got " + std::to_string(n_breaks));
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(t[i]) || !std::isfinite(y[i])) {
      throw std::invalid_argument("segmented_trend: non-finite value at position " + std::to_string(i));
    }
    if (i > 0 && t[i] <= t[i - 1]) throw std::invalid_argument("segmented_trend: t must be strictly increasing");
  }
  const auto k = static_cast<std::size_t>(n_breaks);
  if (min_segment < 2) min_segment = 2;
  if (n < (k + 1) * min_segment + 2 * k + 2) {
    throw std::invalid_argument("segmented_trend: " + std::to_string(n) + " points are too few for " +
                                std::to_string(k) + " breaks with segments of at least " + std::to_string(min_segment));
  }
  // Candidate positions for break j lie between data points, leaving min_segment points in every segment.
  const auto rss_at = [&](const std::vector<double>& psi) { return hinge_rss(t, y, n, psi); };
  const auto optimise_one = [&](std::vector<double>& psi, std::size_t j, std::size_t lo_idx, std::size_t hi_idx) {
    // Grid over the data points, then Brent between the neighbours of the best one.
    double best = std::numeric_limits<double>::infinity();
    std::size_t best_i = lo_idx;
    for (std::size_t i = lo_idx; i <= hi_idx; ++i) {
      psi[j] = t[i];
      const double r = rss_at(psi);
      if (r < best) {
        best = r;
        best_i = i;
      }
    }
    const double a = t[best_i > lo_idx ? best_i - 1 : best_i];
    const double b = t[best_i < hi_idx ? best_i + 1 : best_i];
    if (b > a) {
      const auto f = [&](double p) {
        psi[j] = p;
        return rss_at(psi);
      };
      const auto r = boost::math::tools::brent_find_minima(f, a, b, 50);
      if (r.second <= best) {
        best = r.second;
        psi[j] = r.first;
        return best;
      }
    }
    psi[j] = t[best_i];
    return best;
  };
  // Start from equally spaced breaks, then improve each in turn until nothing moves.
  std::vector<double> psi(k);
  for (std::size_t j = 0; j < k; ++j) psi[j] = t[(j + 1) * n / (k + 1)];
  double current = rss_at(psi);
  for (int round = 0; round < 50; ++round) {
    const double before = current;
    for (std::size_t j = 0; j < k; ++j) {
      std::size_t lo_idx = min_segment - 1, hi_idx = n - min_segment;
      if (j > 0) lo_idx = static_cast<std::size_t>(std::upper_bound(t, t + n, psi[j - 1]) - t) + min_segment - 1;
      if (j + 1 < k) {
        const auto next = static_cast<std::size_t>(std::lower_bound(t, t + n, psi[j + 1]) - t);
        hi_idx = next >= min_segment ? next - min_segment : 0;
      }
      if (lo_idx > hi_idx) continue;
      current = optimise_one(psi, j, lo_idx, hi_idx);
    }
    if (before - current <= 1e-12 * std::max(1.0, before)) break;
  }

  // Linearised model at the solution: the step columns' coefficients are ~0 and their standard errors give
  // those of the breakpoints (delta method), as in Muggeo (2003).
  SegmentedFit out;
  out.psi = psi;
  const Eigen::MatrixXd Xs = hinge_design(t, n, psi, true);
  const Eigen::Map<const Eigen::VectorXd> yv(y, static_cast<Eigen::Index>(n));
  const Eigen::VectorXd beta = Xs.colPivHouseholderQr().solve(yv);
  // The reported fit is the continuous one; its RSS (not the linearised model's, whose step columns can absorb a
  // little more when the breaks sit between data points) is what rss and the variance use.
  const Eigen::MatrixXd X = hinge_design(t, n, psi, false);
  const Eigen::VectorXd b2 = X.colPivHouseholderQr().solve(yv);
  const Eigen::VectorXd fitted = X * b2;
  out.rss = (yv - fitted).squaredNorm();
  out.df_resid = static_cast<int>(n) - static_cast<int>(2 + 2 * k);
  const Eigen::MatrixXd cov = (Xs.transpose() * Xs).inverse() * (out.rss / out.df_resid);
  const auto kk = static_cast<Eigen::Index>(k);
  out.intercept = beta(0);
  for (std::size_t j = 0; j < k; ++j) {
    const auto c = beta(2 + static_cast<Eigen::Index>(j));
    out.psi_se.push_back(std::sqrt(cov(2 + kk + static_cast<Eigen::Index>(j), 2 + kk + static_cast<Eigen::Index>(j))) /
                         std::fabs(c));
  }
  // Segment m's slope is b + c_1 + ... + c_m: a linear combination of the coefficients.
  Eigen::VectorXd w = Eigen::VectorXd::Zero(beta.size());
  w(1) = 1.0;
  for (std::size_t m = 0; m <= k; ++m) {
    if (m > 0) w(1 + static_cast<Eigen::Index>(m)) = 1.0;
    out.slopes.push_back(w.dot(beta));
    out.slope_se.push_back(std::sqrt(w.dot(cov * w)));
  }
  out.fitted.assign(fitted.data(), fitted.data() + fitted.size());
  return out;
}

DaviesTest davies_test(const double* t, const double* y, std::size_t n, int k) {
  if (k < 2) throw std::invalid_argument("davies_test: k must be >= 2, got " + std::to_string(k));
  if (n < 5) throw std::invalid_argument("davies_test: needs at least 5 observations, got " + std::to_string(n));
  std::vector<double> sorted(t, t + n);
  std::sort(sorted.begin(), sorted.end());
  const double from = sorted[1], to = sorted[n - 2];
  const int df = static_cast<int>(n) - 3;
  std::vector<double> stat, share, best_at;
  for (int i = 0; i < k; ++i) {
    const double psi = from + (to - from) * i / (k - 1);
    Eigen::MatrixXd X(static_cast<Eigen::Index>(n), 3);
    Eigen::VectorXd v(static_cast<Eigen::Index>(n));
    for (std::size_t r = 0; r < n; ++r) {
      const auto row = static_cast<Eigen::Index>(r);
      X(row, 0) = std::max(t[r] - psi, 0.0);
      X(row, 1) = 1.0;
      X(row, 2) = t[r];
      v(row) = y[r];
    }
    const Eigen::MatrixXd xtx = X.transpose() * X;
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(xtx);
    if (!lu.isInvertible()) continue;  // a hinge with no support: R's solve() fails there too and skips it
    const Eigen::MatrixXd inv = lu.inverse();
    const Eigen::VectorXd b = inv * (X.transpose() * v);
    const double dev = (v - X * b).squaredNorm();
    const double z = b(0) / std::sqrt(inv(0, 0));
    stat.push_back(z / std::sqrt(dev / df));
    share.push_back(z * z / (z * z + dev));
    best_at.push_back(psi);
  }
  if (stat.empty()) throw std::invalid_argument("davies_test: no evaluation point gives an estimable hinge");
  DaviesTest out{};
  out.points = static_cast<int>(stat.size());
  std::size_t arg = 0;
  for (std::size_t i = 1; i < stat.size(); ++i) {
    if (std::fabs(stat[i]) > std::fabs(stat[arg])) arg = i;
  }
  const double M = std::fabs(stat[arg]);
  out.statistic = M;
  out.best = best_at[arg];
  if (n <= 300) {
    double V = 0.0;
    for (std::size_t i = 1; i < share.size(); ++i) V += std::fabs(std::asin(std::sqrt(share[i])) - std::asin(std::sqrt(share[i - 1])));
    const double naive = boost::math::cdf(boost::math::complement(boost::math::students_t(df), M));
    const double u = M * M / (df + M * M);
    const double bound = V * std::pow(1.0 - u, (df - 1) / 2.0) * std::exp(std::lgamma(df / 2.0 + 0.5) - std::lgamma(df / 2.0)) /
                         (2.0 * std::sqrt(M_PI));
    out.p_value = 2.0 * (naive + bound);
  } else {
    double V = 0.0;
    for (std::size_t i = 1; i < stat.size(); ++i) V += std::fabs(stat[i] - stat[i - 1]);
    const double naive = boost::math::cdf(boost::math::complement(boost::math::normal(), M));
    out.p_value = 2.0 * (naive + V * std::exp(-M * M / 2.0) / std::sqrt(8.0 * M_PI));
  }
  return out;
}

}  // namespace uptake::trend
