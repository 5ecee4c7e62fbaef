// Trend intervals in C++: kernel weights, fixed-b lookup, Prais-Winsten (phi = 0 is OLS; a given phi by hand),
// bootstrap determinism and AR(1) prediction; the slope design effect and Sen's bootstrap critical value.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "uptake/trend/ar_errors.hpp"
#include "uptake/trend/fixed_b.hpp"
#include "uptake/trend/hac.hpp"
#include "uptake/trend/ols.hpp"
#include "uptake/trend/prais_winsten.hpp"
#include "uptake/trend/sen_calibration.hpp"
#include "uptake/trend/slope_design_effect.hpp"

using namespace uptake::trend;

namespace {

struct Series {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  std::vector<std::int64_t> pos;
};

Series ar1_trend(int n, double phi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Series s{Eigen::MatrixXd(n, 2), Eigen::VectorXd(n), {}};
  double u = normal(rng) / std::sqrt(1.0 - phi * phi);
  for (int i = 0; i < n; ++i) {
    if (i > 0) u = phi * u + normal(rng);
    s.X(i, 0) = 1.0;
    s.X(i, 1) = i;
    s.y(i) = 2.0 + 0.1 * i + u;
    s.pos.push_back(i);
  }
  return s;
}

}  // namespace

TEST(KernelHac, KernelWeights) {
  EXPECT_DOUBLE_EQ(kernel_weight(Kernel::Bartlett, 0.25), 0.75);
  EXPECT_DOUBLE_EQ(kernel_weight(Kernel::Bartlett, 1.5), 0.0);
  EXPECT_NEAR(kernel_weight(Kernel::QuadraticSpectral, 0.0), 1.0, 1e-12);
  EXPECT_NEAR(kernel_weight(Kernel::Parzen, 0.25), 1.0 - 6.0 * 0.0625 + 6.0 * 0.015625, 1e-15);
  EXPECT_THROW(parse_kernel("gauss"), std::invalid_argument);
}

TEST(KernelHac, FixedBartlettWithoutPrewhiteningIsNeweyWest) {
  const Series s = ar1_trend(120, 0.6, 3);
  const OlsFit nw = ols(s.X, s.y, CovType::HAC, 4, false, true, 0.95);
  KernelHacOptions o;
  o.kernel = Kernel::Bartlett;
  o.rule = BandwidthRule::Fixed;
  o.bandwidth = 5.0;  // lag L = 4 is M = L + 1
  o.prewhite = false;
  o.adjust = false;
  const KernelHac k = kernel_hac(s.X, nw.resid, o);
  EXPECT_TRUE(k.cov.isApprox(nw.cov, 1e-12));
  EXPECT_EQ(k.lags, 4);
}

TEST(FixedB, TableLookup) {
  EXPECT_NEAR(fixed_b_critical_value(1e-12, 0.95), 1.959964, 1e-5);
  EXPECT_GT(fixed_b_critical_value(0.5, 0.95), fixed_b_critical_value(0.5, 0.95, FixedBModel::Mean));
  EXPECT_NEAR(fixed_b_critical_value(0.5, 0.95), 1.96 + 6.0788 * 0.5 - 3.3664 * 0.25 + 1.0870 * 0.125, 0.05);
  EXPECT_THROW(fixed_b_critical_value(0.0, 0.95), std::invalid_argument);
  EXPECT_THROW(fixed_b_critical_value(0.5, 0.9999), std::invalid_argument);
  EXPECT_NEAR(fixed_b_p_value(0.5, fixed_b_critical_value(0.5, 0.99)), 0.01, 1e-12);
}

TEST(PraisWinsten, PhiZeroIsOls) {
  const Series s = ar1_trend(60, 0.0, 5);
  PraisWinstenOptions o;
  o.estimate_phi = false;
  o.phi = 0.0;
  o.bootstrap = BootstrapMode::Never;
  const PraisWinstenFit f = prais_winsten(s.X, s.y, s.pos, o);
  const OlsFit c = ols(s.X, s.y, CovType::Classical, 0, true, true, 0.95);
  EXPECT_TRUE(f.params.isApprox(c.params, 1e-12));
  EXPECT_TRUE(f.cov.isApprox(c.cov, 1e-10));
  EXPECT_FALSE(f.bootstrapped);
}

TEST(PraisWinsten, BootstrapIsDeterministicAndWidens) {
  const Series s = ar1_trend(104, 0.9, 7);
  PraisWinstenOptions o;
  o.replications = 199;
  const PraisWinstenFit a = prais_winsten(s.X, s.y, s.pos, o);
  const PraisWinstenFit b = prais_winsten(s.X, s.y, s.pos, o);
  ASSERT_TRUE(a.bootstrapped);
  EXPECT_EQ(a.crit(1), b.crit(1));
  EXPECT_EQ(a.seed, 12u);
  EXPECT_GT(a.crit(1), t_or_normal_quantile(0.975, a.df_resid));
  o.seed = 13;
  EXPECT_NE(prais_winsten(s.X, s.y, s.pos, o).crit(1), a.crit(1));
}

TEST(PraisWinsten, PredictionWithPhiZeroIsTheOlsPredictionInterval) {
  const Series s = ar1_trend(50, 0.0, 9);
  PraisWinstenOptions o;
  o.estimate_phi = false;
  o.phi = 0.0;
  o.bootstrap = BootstrapMode::Never;
  Eigen::MatrixXd xn(1, 2);
  xn << 1.0, 55.0;
  const AR1Prediction p = prais_winsten_predict(s.X, s.y, s.pos, o, xn, {55});
  const OlsFit c = ols(s.X, s.y, CovType::Classical, 0, true, true, 0.95);
  const double s2 = c.rss / c.df_resid;
  const Eigen::Vector2d x(1.0, 55.0);
  EXPECT_NEAR(p.estimate(0), x.dot(c.params), 1e-10);
  EXPECT_NEAR(p.se(0), std::sqrt(x.dot(c.cov * x) + s2), 1e-10);
  EXPECT_LT(p.mean_high(0) - p.mean_low(0), p.high(0) - p.low(0));
}

TEST(PraisWinsten, RejectsBadInput) {
  const Series s = ar1_trend(20, 0.5, 1);
  PraisWinstenOptions o;
  std::vector<std::int64_t> bad = s.pos;
  bad[3] = bad[2];
  EXPECT_THROW(prais_winsten(s.X, s.y, bad, o), std::invalid_argument);
  o.estimate_phi = false;
  o.phi = 1.0;
  EXPECT_THROW(prais_winsten(s.X, s.y, s.pos, o), std::invalid_argument);
  o.phi = 0.5;
  o.replications = 5;
  o.bootstrap = BootstrapMode::Always;
  EXPECT_THROW(prais_winsten(s.X, s.y, s.pos, o), std::invalid_argument);
}

TEST(ArErrors, WhiteningInvertsTheArCovariance) {
  Eigen::VectorXd coef(2);
  coef << 1.1, -0.35;
  const int n = 9;
  const Eigen::VectorXd g = ar_autocovariances(coef, n);
  Eigen::MatrixXd sigma(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) sigma(i, j) = g(std::abs(i - j));
  }
  const Eigen::MatrixXd L = ar_whiten(coef, Eigen::MatrixXd::Identity(n, n));
  EXPECT_TRUE((L * sigma * L.transpose()).isApprox(Eigen::MatrixXd::Identity(n, n), 1e-10));
  // p = 1 is Prais-Winsten: first row sqrt(1 - phi^2), then y_t - phi y_(t-1).
  const Eigen::MatrixXd L1 = ar_whiten(Eigen::VectorXd::Constant(1, 0.6), Eigen::MatrixXd::Identity(3, 3));
  EXPECT_NEAR(L1(0, 0), 0.8, 1e-12);
  EXPECT_NEAR(L1(1, 0), -0.6, 1e-12);
  EXPECT_NEAR(L1(2, 2), 1.0, 1e-12);
}

TEST(ArErrors, ForecastWeightsAndPsi) {
  Eigen::VectorXd coef(2);
  coef << 0.9, -0.2;
  const Eigen::MatrixXd W = forecast_weights(coef, 3);
  EXPECT_NEAR(W(0, 0), 0.9, 1e-15);
  EXPECT_NEAR(W(0, 1), -0.2, 1e-15);
  EXPECT_NEAR(W(1, 0), 0.81 - 0.2, 1e-15);
  EXPECT_NEAR(W(1, 1), 0.9 * -0.2, 1e-15);
  const Eigen::VectorXd psi = psi_weights(coef, 4);
  EXPECT_DOUBLE_EQ(psi(0), 1.0);
  EXPECT_NEAR(psi(2), 0.81 - 0.2, 1e-15);
  EXPECT_NEAR(psi(3), 0.9 * psi(2) - 0.2 * 0.9, 1e-15);
  // gamma_0 = sum psi_j^2 for unit innovations.
  EXPECT_NEAR(ar_autocovariances(coef, 1)(0), psi_weights(coef, 400).squaredNorm(), 1e-10);
}

TEST(ArErrors, StationaryCorrectionStaysInside) {
  Eigen::VectorXd hat(2), bias(2);
  hat << 1.5, -0.52;
  bias << -0.2, 0.05;
  const Eigen::VectorXd c = stationary_correction(hat, bias, 0.99);
  EXPECT_LE(max_root_modulus(c), 0.99);
  EXPECT_EQ(default_max_ar_order(104), 4);
  EXPECT_EQ(default_max_ar_order(52), 3);
  EXPECT_EQ(default_max_ar_order(12), 2);
}

TEST(ArErrors, AutomaticOrderIsDeterministicAndPredicts) {
  const Series s = ar1_trend(104, 0.85, 21);
  PraisWinstenOptions o;
  o.ar_order = 0;
  o.replications = 199;
  const PraisWinstenFit a = prais_winsten(s.X, s.y, s.pos, o);
  const PraisWinstenFit b = prais_winsten(s.X, s.y, s.pos, o);
  EXPECT_EQ(a.ar_order, b.ar_order);
  EXPECT_DOUBLE_EQ(a.crit(1), b.crit(1));
  o.ar_order = 2;
  Eigen::MatrixXd xn(2, 2);
  xn << 1.0, 104.0, 1.0, 110.0;
  const AR1Prediction p = prais_winsten_predict(s.X, s.y, s.pos, o, xn, {104, 110});
  EXPECT_TRUE(p.bootstrapped);
  EXPECT_LT(p.low(0), p.estimate(0));
  EXPECT_GT(p.high(1) - p.low(1), p.high(0) - p.low(0));
}

TEST(SlopeDesignEffect, Ar1ByHandAndEnvelope) {
  // AR(1): c' Gamma c / (gamma_0 c'c) = 1 + 2 sum_k phi^k sum_i c_i c_(i+k) / c'c.
  const int n = 30;
  Eigen::VectorXd x(n);
  for (int i = 0; i < n; ++i) x(i) = i;
  const Eigen::VectorXd c = x.array() - x.mean();
  for (const double phi : {0.3, 0.9, 0.97}) {
    double num = c.squaredNorm();
    for (int k = 1; k < n; ++k) num += 2.0 * std::pow(phi, k) * c.head(n - k).dot(c.tail(n - k));
    const Eigen::VectorXd coef = Eigen::VectorXd::Constant(1, phi);
    EXPECT_NEAR(ar_slope_variance_ratio(coef, x), num / c.squaredNorm(), 1e-10);
    EXPECT_GE(ar_slope_design_effect(coef, x), ar_slope_variance_ratio(coef, x) - 1e-12);
  }
  const Eigen::VectorXd near_unit = Eigen::VectorXd::Constant(1, 0.99);
  EXPECT_LT(ar_slope_variance_ratio(near_unit, x), 0.6 * ar_slope_design_effect(near_unit, x));
  EXPECT_EQ(ar_slope_design_effect(Eigen::VectorXd::Constant(1, -0.5), x), 1.0);
  EXPECT_THROW(ar_slope_design_effect(Eigen::VectorXd::Constant(1, 1.0), x), std::invalid_argument);
}

TEST(SenCalibration, DeterministicAndAtLeastNormal) {
  Eigen::VectorXd x(60);
  for (int i = 0; i < 60; ++i) x(i) = 7.0 * i;
  const Eigen::VectorXd weak = Eigen::VectorXd::Constant(1, 0.2), strong = Eigen::VectorXd::Constant(1, 0.9);
  const Eigen::VectorXd none = Eigen::VectorXd::Zero(1);
  EXPECT_GE(sen_bootstrap_critical(x, weak, none, 0.95, 199, 3), 1.959963984540054);
  const double a = sen_bootstrap_critical(x, strong, none, 0.95, 199, 3);
  EXPECT_EQ(a, sen_bootstrap_critical(x, strong, none, 0.95, 199, 3));
  EXPECT_GT(a, 2.1);
  EXPECT_THROW(sen_bootstrap_critical(x, strong, none, 0.95, 50, 3), std::invalid_argument);
}
