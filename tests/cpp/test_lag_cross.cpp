// The weighted sum of lagged cross products behind every HAC meat: the FFT path (long kernels) against the direct
// sum (short kernels), on white and on strongly autocorrelated scores, and the switch between them.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "uptake/trend/hac.hpp"
#include "uptake/trend/ols.hpp"

using namespace uptake::trend;

namespace {

// n x 2 trend scores x_t u_t with x_t = (1, t): u white (phi = 0) or AR(1) with coefficient phi.
Eigen::MatrixXd trend_scores(Eigen::Index n, double phi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd u(n, 2);
  double e = normal(rng) / std::sqrt(1.0 - phi * phi);
  for (Eigen::Index t = 0; t < n; ++t) {
    if (t > 0) e = phi * e + normal(rng);
    u(t, 0) = e;
    u(t, 1) = static_cast<double>(t) * e;
  }
  return u;
}

// Quadratic-spectral weights k(j / M) for every lag, w[0] halved, as kernel_hac builds them.
std::vector<double> qs_weights(Eigen::Index lags, double bandwidth) {
  std::vector<double> w;
  for (Eigen::Index j = 0; j <= lags; ++j) {
    w.push_back(kernel_weight(Kernel::QuadraticSpectral, static_cast<double>(j) / bandwidth));
  }
  w[0] *= 0.5;
  return w;
}

// Largest error of the meat H + H' entry by entry, relative to its scale sqrt(S_aa S_bb).
double meat_error(const Eigen::MatrixXd& h, const Eigen::MatrixXd& ref) {
  const Eigen::MatrixXd s = h + h.transpose(), r = ref + ref.transpose();
  double worst = 0.0;
  for (Eigen::Index a = 0; a < s.rows(); ++a) {
    for (Eigen::Index b = 0; b < s.cols(); ++b) {
      worst = std::max(worst, std::fabs(s(a, b) - r(a, b)) / std::sqrt(r(a, a) * r(b, b)));
    }
  }
  return worst;
}

}  // namespace

TEST(LagCross, FftEqualsDirectSumOnWhiteAndPersistentScores) {
  for (const Eigen::Index n : {100, 1000, 20000}) {
    for (const double phi : {0.0, 0.95}) {
      const Eigen::MatrixXd u = trend_scores(n, phi, 7 + static_cast<unsigned>(n));
      // All n lags (what QS reaches at these lengths) and a bandwidth as Andrews picks for such series.
      const std::vector<double> w = qs_weights(n - 1, phi == 0.0 ? 3.0 : 0.1 * std::sqrt(static_cast<double>(n)));
      const Eigen::MatrixXd direct = weighted_lag_cross_direct(u, w);
      const Eigen::MatrixXd fft = weighted_lag_cross_fft(u, w);
      EXPECT_LT(meat_error(fft, direct), 1e-13) << "n = " << n << ", phi = " << phi;
      // H itself (not symmetric), entry by entry against the Cauchy-Schwarz scale of its columns.
      for (Eigen::Index a = 0; a < 2; ++a) {
        for (Eigen::Index b = 0; b < 2; ++b) {
          EXPECT_NEAR(fft(a, b), direct(a, b), 1e-13 * std::sqrt(direct(a, a) * direct(b, b)))
              << "n = " << n << ", phi = " << phi << ", entry " << a << b;
        }
      }
    }
  }
}

TEST(LagCross, FftHandlesWeightsLongerThanTheSeriesAndThreeColumns) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd u(300, 3);
  for (Eigen::Index t = 0; t < u.rows(); ++t) {
    for (Eigen::Index a = 0; a < 3; ++a) u(t, a) = normal(rng) + (t > 0 ? 0.5 * u(t - 1, a) : 0.0);
  }
  const std::vector<double> w = qs_weights(500, 10.0);  // lags past n - 1 contribute nothing
  EXPECT_LT(meat_error(weighted_lag_cross_fft(u, w), weighted_lag_cross_direct(u, w)), 1e-13);
}

TEST(LagCross, DirectSumBelowTheCrossoverFftFromIt) {
  const Eigen::MatrixXd u = trend_scores(2000, 0.8, 5);
  const std::vector<double> below = qs_weights(kLagCrossFftMinLags - 1, 20.0);
  const std::vector<double> at = qs_weights(kLagCrossFftMinLags, 20.0);
  // Below the crossover: the direct sum itself, bit for bit (short kernels keep their results).
  const Eigen::MatrixXd short_kernel = weighted_lag_cross(u, below);
  EXPECT_TRUE((short_kernel.array() == weighted_lag_cross_direct(u, below).array()).all());
  // From it on: the FFT, equal to the direct sum to rounding.
  const Eigen::MatrixXd long_kernel = weighted_lag_cross(u, at);
  EXPECT_TRUE((long_kernel.array() == weighted_lag_cross_fft(u, at).array()).all());
  EXPECT_LT(meat_error(long_kernel, weighted_lag_cross_direct(u, at)), 1e-13);
  // The lags a series can have decide, not the length of w: a long w on a short series stays direct.
  const Eigen::MatrixXd few_rows = u.topRows(kLagCrossFftMinLags);
  EXPECT_TRUE((weighted_lag_cross(few_rows, at).array() == weighted_lag_cross_direct(few_rows, at).array()).all());
}

TEST(LagCross, QuadraticSpectralLagsAreTheLastWeightAboveTheTolerance) {
  // kernel_hac stops computing QS weights where a bound says the rest are all <= 1e-7; the lags it keeps must be
  // those of cutting the full list of n weights, as sandwich does.
  const Eigen::Index n = 20000;
  Eigen::MatrixXd X(n, 2);
  Eigen::VectorXd resid(n);
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (Eigen::Index t = 0; t < n; ++t) {
    X(t, 0) = 1.0;
    X(t, 1) = static_cast<double>(t);
    resid(t) = normal(rng);
  }
  for (const double bandwidth : {0.7, 1.7, 3.0, 9.5, 14.0}) {
    KernelHacOptions o;
    o.kernel = Kernel::QuadraticSpectral;
    o.rule = BandwidthRule::Fixed;
    o.bandwidth = bandwidth;
    o.prewhite = false;
    Eigen::Index last = 0;
    for (Eigen::Index j = 0; j < n; ++j) {
      if (std::fabs(kernel_weight(Kernel::QuadraticSpectral, static_cast<double>(j) / bandwidth)) > 1e-7) last = j;
    }
    EXPECT_EQ(kernel_hac(X, resid, o).lags, std::min<Eigen::Index>(last, n - 1)) << "M = " << bandwidth;
  }
}
