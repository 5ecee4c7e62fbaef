#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "golden.hpp"
#include "uptake/shares/proportions.hpp"
#include "uptake/trend/changepoints.hpp"
#include "uptake/trend/crossover.hpp"
#include "uptake/trend/growth.hpp"
#include "uptake/trend/mann_kendall.hpp"
#include "uptake/trend/ols.hpp"
#include "uptake/trend/pairwise_slopes.hpp"
#include "uptake/trend/theil_sen.hpp"

using namespace uptake::trend;

TEST(TheilSen, SenExampleByHand) {
  const std::vector<double> x = {1, 2, 3, 4, 10, 12, 18}, y = {9, 15, 19, 20, 45, 55, 78};
  const TheilSen r = theil_sen(x.data(), y.data(), x.size(), 0.93, InterceptMethod::Separate);
  EXPECT_DOUBLE_EQ(r.slope, 4.0);
  EXPECT_NEAR(r.low, 26.0 / 7.0, 1e-15);
  EXPECT_DOUBLE_EQ(r.high, 4.375);
  EXPECT_DOUBLE_EQ(r.intercept, 4.0);
}

TEST(PairwiseSlopes, EveryRankMatchesBruteForceWithTies) {
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> xs(0, 40), ys(-5, 5);
  const std::size_t n = 300;
  std::vector<double> x(n), y(n), all;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = xs(rng);
    y[i] = ys(rng);
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (x[i] < x[j]) all.push_back((y[j] - y[i]) / (x[j] - x[i]));
    }
  }
  std::sort(all.begin(), all.end());
  const PairwiseSlopes ps(x.data(), y.data(), n);
  ASSERT_EQ(ps.count(), all.size());
  for (std::size_t k : {std::size_t{0}, all.size() / 7, all.size() / 2, all.size() - 1}) {
    EXPECT_EQ(ps.kth(k), all[k]) << k;
  }
}

TEST(MannKendall, SmallCaseByHand) {
  const std::vector<double> y = {1, 3, 2, 4, 5, 7, 6, 8};
  const MannKendall r = mann_kendall(y.data(), y.size(), MkCorrection::None, 3, true, 0.05);
  EXPECT_DOUBLE_EQ(r.s, 24.0);  // 28 pairs, 2 discordant
  EXPECT_DOUBLE_EQ(r.var_s, 8.0 * 7.0 * 21.0 / 18.0);
  EXPECT_NEAR(r.tau, 24.0 / 28.0, 1e-15);
  const std::vector<double> tied = {1, 1, 2, 2};
  EXPECT_DOUBLE_EQ(kendall_s(tied.data(), 4), 4.0);
  EXPECT_DOUBLE_EQ(kendall_variance(tied.data(), 4), (4 * 3 * 13 - 2 * (2 * 1 * 9)) / 18.0);
}

TEST(Ols, NeweyWestBySimpleDefinition) {
  // y = 1 + 2t + e: with maxlags 0 the HAC covariance is White's HC0 (times n/(n-k) with the correction).
  const int n = 6;
  Eigen::MatrixXd X(n, 2);
  Eigen::VectorXd y(n);
  const double e[n] = {0.1, -0.2, 0.05, 0.3, -0.1, -0.15};
  for (int i = 0; i < n; ++i) {
    X(i, 0) = 1.0;
    X(i, 1) = i;
    y(i) = 1.0 + 2.0 * i + e[i];
  }
  const OlsFit hac = ols(X, y, CovType::HAC, 0, false, true, 0.95);
  const Eigen::MatrixXd xtx_inv = (X.transpose() * X).inverse();
  Eigen::MatrixXd meat = Eigen::MatrixXd::Zero(2, 2);
  for (int i = 0; i < n; ++i) meat += hac.resid(i) * hac.resid(i) * X.row(i).transpose() * X.row(i);
  const Eigen::MatrixXd hc0 = xtx_inv * meat * xtx_inv;
  EXPECT_NEAR((hac.cov - hc0).cwiseAbs().maxCoeff(), 0.0, 1e-15);
  EXPECT_EQ(default_maxlags(100), 4);
  EXPECT_EQ(default_maxlags(1000), 6);
  EXPECT_THROW(ols(X.leftCols(1).replicate(1, 2), y, CovType::HAC, 0, true, true, 0.95), std::invalid_argument);
}

TEST(Changepoints, NileBreakAfter1898) {
  UPTAKE_REQUIRE_GOLDEN();
  std::vector<double> flow;
  for (const auto& row : uptake::testing::read_csv_rows(uptake::testing::golden_dir() / "changepoint/nile_input.csv")) {
    flow.push_back(std::stod(row[1]));
  }
  ASSERT_EQ(flow.size(), 100u);
  for (CpMethod method : {CpMethod::Pelt, CpMethod::BinSeg}) {
    const Changepoints r = detect_changepoints(flow.data(), flow.size(), method, CpCost::Mean, PenaltyRule::Mbic, 0, 2);
    ASSERT_EQ(r.breaks.size(), 1u);
    EXPECT_EQ(r.breaks[0], 28u);
    EXPECT_NEAR(r.cost, 1597457.1944444445, 1e-6);
  }
}

TEST(Changepoints, LongRunNoiseKeepsPersistentNoiseQuietAndFindsAJump) {
  // AR(1) noise, phi 0.8 (long-run sd 5), 730 points, a jump of 40 (8 long-run sd) at 400. The white-noise
  // penalty cuts the persistent wander into many segments; the long-run one keeps only the jump.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> e(0.0, 1.0);
  const std::size_t n = 730;
  std::vector<double> y(n), trended(n);
  double u = e(rng) / 0.6;
  for (std::size_t i = 0; i < n; ++i) {
    u = 0.8 * u + e(rng);
    y[i] = u + (i >= 400 ? 40.0 : 0.0);
    trended[i] = y[i] + 0.02 * static_cast<double>(i);
  }
  const auto near_400 = [](const Changepoints& r) {
    return std::any_of(r.breaks.begin(), r.breaks.end(), [](std::size_t b) { return b + 2 >= 400 && b <= 402; });
  };
  for (CpCost cost : {CpCost::Mean, CpCost::Linear}) {
    const std::vector<double>& v = cost == CpCost::Mean ? y : trended;
    const std::size_t min_size = cost == CpCost::Mean ? 2 : 3;
    const Changepoints white =
        detect_changepoints(v.data(), n, CpMethod::Pelt, cost, PenaltyRule::Mbic, 0, min_size, CpNoise::White);
    const Changepoints long_run =
        detect_changepoints(v.data(), n, CpMethod::Pelt, cost, PenaltyRule::Mbic, 0, min_size, CpNoise::LongRun);
    EXPECT_GT(white.breaks.size(), 10u);
    EXPECT_LE(long_run.breaks.size(), 2u);
    EXPECT_TRUE(near_400(long_run));
    EXPECT_NEAR(long_run.scale, 5.0, 2.0);
    EXPECT_NEAR(white.scale, 1.0 / 0.6 * std::sqrt(1.0 - 0.8), 0.3);  // marginal sd times sqrt(1 - phi)
  }
  EXPECT_EQ(parse_cp_noise("white"), CpNoise::White);
  EXPECT_THROW(parse_cp_noise("ar1"), std::invalid_argument);
}

TEST(Growth, RecoversAnExactLogistic) {
  std::vector<double> t(30), y(30);
  for (int i = 0; i < 30; ++i) {
    t[static_cast<std::size_t>(i)] = i;
    y[static_cast<std::size_t>(i)] = 1000.0 / (1.0 + std::exp(-(i - 12.0) / 3.0));
  }
  const GrowthFit f = fit_growth_curve(t.data(), y.data(), t.size(), GrowthModel::Logistic, {});
  EXPECT_NEAR(f.params(0), 1000.0, 1e-6);
  EXPECT_NEAR(f.params(1), 12.0, 1e-8);
  EXPECT_NEAR(f.params(2), 3.0, 1e-8);
  EXPECT_TRUE(f.inflection_observed);
}

TEST(Crossover, FiellerBoundedAndUnbounded) {
  const FiellerInterval r = fieller_root(2.0, -0.5, 0.04, -0.002, 0.0004, 1.96);
  EXPECT_EQ(r.kind, FiellerKind::Bounded);
  EXPECT_DOUBLE_EQ(r.estimate, 4.0);
  EXPECT_LT(r.low, 4.0);
  EXPECT_GT(r.high, 4.0);
  EXPECT_NE(fieller_root(2.0, -0.05, 0.04, 0.0, 0.01, 1.96).kind, FiellerKind::Bounded);
}

TEST(Shares, RateRatioAndWilson) {
  const auto rr = uptake::shares::rate_ratio(166, 74, 1, 1, 0.95);
  EXPECT_NEAR(rr.ratio, 2.2432432432432434, 1e-12);
  EXPECT_NEAR(rr.low, 1.6957513421278594, 1e-9);
  EXPECT_NEAR(rr.high, 2.9916938669984381, 1e-9);
  const auto w = uptake::shares::share_ci(0, 10, uptake::shares::ShareMethod::Wilson, 0.95);
  EXPECT_DOUBLE_EQ(w.first, 0.0);
  EXPECT_NEAR(w.second, 0.27753279986288915, 1e-12);
  EXPECT_THROW(uptake::shares::share_ci(3, 2, uptake::shares::ShareMethod::Wilson, 0.95), std::invalid_argument);
  const auto holm = uptake::shares::holm_adjust({0.01, 0.04, 0.03});
  EXPECT_NEAR(holm[0], 0.03, 1e-15);
  EXPECT_NEAR(holm[1], 0.06, 1e-15);
}

TEST(Changepoints, LongRunNoiseScaleSeesPersistenceButNotAJump) {
  // AR(1) noise, phi 0.6, innovation sd 1: long-run sd 1 / (1 - 0.6) = 2.5; white noise: 1. A level jump of 20
  // in the middle touches two differences, which the trimming removes.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> e(0.0, 1.0);
  const std::size_t n = 4000;
  std::vector<double> ar(n), jumped(n), white(n);
  double u = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    u = 0.6 * u + e(rng);
    ar[i] = u;
    jumped[i] = u + (i >= n / 2 ? 20.0 : 0.0);
    white[i] = e(rng);
  }
  const double plain = uptake::trend::long_run_noise_scale(ar.data(), n);
  EXPECT_NEAR(plain, 2.5, 0.5);  // the trimmed variances carry a small upward bias under autocorrelation
  EXPECT_NEAR(uptake::trend::long_run_noise_scale(jumped.data(), n), plain, 0.05 * plain);
  EXPECT_NEAR(uptake::trend::long_run_noise_scale(white.data(), n), 1.0, 0.1);
  const std::vector<double> flat(50, 3.0);
  EXPECT_EQ(uptake::trend::long_run_noise_scale(flat.data(), flat.size()), 0.0);
}
