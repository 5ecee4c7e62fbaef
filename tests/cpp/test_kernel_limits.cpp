// Worst cases of the robust-trend kernels: tied slopes, values near the double limits, cancellation, and the
// grouped (seasonal) slope selection against brute force. Work is bounded by counting passes, never by timing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "uptake/core/cancel.hpp"
#include "uptake/trend/mann_kendall.hpp"
#include "uptake/trend/pairwise_slopes.hpp"
#include "uptake/trend/theil_sen.hpp"

using namespace uptake::trend;

namespace {
// Counts the kernel's cancellation polls (one per O(n log n) pass) without cancelling.
struct PassCounter {
  int passes = 0;
  uptake::ScopedCancelCheck scope{[this] {
    ++passes;
    return false;
  }};
};
}  // namespace

TEST(KernelLimits, TiedSlopesTakeFewPasses) {
  const std::size_t n = 20000;
  std::vector<double> x(n), line(n), flat(n, 3.0), noise(n);
  std::mt19937 rng(1);
  std::normal_distribution<double> z;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i);
    line[i] = 2.0 * x[i] + 1.0;
    noise[i] = z(rng);
  }
  int random_passes = 0;
  {
    PassCounter c;
    theil_sen(x.data(), noise.data(), n, 0.95, InterceptMethod::Separate);
    random_passes = c.passes;
  }
  for (const auto* y : {&line, &flat}) {
    PassCounter c;
    const TheilSen r = theil_sen(x.data(), y->data(), n, 0.95, InterceptMethod::Separate);
    EXPECT_EQ(r.slope, y == &line ? 2.0 : 0.0);
    EXPECT_EQ(r.low, r.slope);
    EXPECT_EQ(r.high, r.slope);
    // Each pass is O(n log n); a quadratic enumeration of the 2e8 tied pairs would not be a pass at all, so
    // bound the passes and (below) the work of the one enumeration that is left.
    EXPECT_LE(c.passes, 4 * random_passes + 250) << random_passes;
  }
}

TEST(KernelLimits, ExtremeValuesAreScaledNotOverflowed) {
  std::vector<double> x(50), y(50);
  for (std::size_t i = 0; i < 50; ++i) {
    x[i] = static_cast<double>(i);
    y[i] = (static_cast<double>(i) - 24.5) * 6.9e306;  // +-1.69e308: differences overflow naively
  }
  const TheilSen r = theil_sen(x.data(), y.data(), 50, 0.95, InterceptMethod::Separate);
  EXPECT_NEAR(r.slope / 6.9e306, 1.0, 1e-12);
  const MannKendall m = mann_kendall(y.data(), 50, MkCorrection::YueWang, 3, true, 0.05);
  EXPECT_EQ(m.s, 50.0 * 49.0 / 2.0);
  EXPECT_NEAR(m.slope / 6.9e306, 1.0, 1e-12);
  // A slope that itself exceeds the double range is an error, raised at once.
  const std::vector<double> xs = {0.0, 1e-300, 1.0}, ys = {-1.7e308, 1.7e308, 0.0};
  EXPECT_THROW(theil_sen(xs.data(), ys.data(), 3, 0.95, InterceptMethod::Separate), std::exception);
}

TEST(KernelLimits, CancellationStopsTheSelection) {
  const std::size_t n = 5000;
  std::vector<double> x(n), y(n);
  std::mt19937 rng(2);
  std::normal_distribution<double> z;
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(i);
    y[i] = z(rng);
  }
  int polls = 0;
  uptake::ScopedCancelCheck scope([&] { return ++polls >= 3; });
  EXPECT_THROW(theil_sen(x.data(), y.data(), n, 0.95, InterceptMethod::Separate), uptake::Cancelled);
  EXPECT_EQ(polls, 3);
}

TEST(KernelLimits, GroupedSlopesMatchBruteForce) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> ys(-4, 4);
  const std::size_t n = 600, period = 12;
  std::vector<double> cyc(n), y(n), all;
  std::vector<int> g(n);
  for (std::size_t i = 0; i < n; ++i) {
    cyc[i] = static_cast<double>(i / period);
    g[i] = static_cast<int>(i % period);
    y[i] = ys(rng) + 0.1 * cyc[i];
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (g[i] == g[j]) all.push_back((y[j] - y[i]) / (cyc[j] - cyc[i]));
    }
  }
  std::sort(all.begin(), all.end());
  const PairwiseSlopes ps(cyc.data(), y.data(), g.data(), n);
  ASSERT_EQ(ps.count(), all.size());
  for (std::size_t k : {std::size_t{0}, all.size() / 3, all.size() / 2, all.size() - 1}) EXPECT_EQ(ps.kth(k), all[k]);
  const MannKendall m = seasonal_mann_kendall(y.data(), n, static_cast<int>(period));
  const std::size_t h = all.size() / 2;
  EXPECT_EQ(m.slope, all.size() % 2 ? all[h] : 0.5 * (all[h - 1] + all[h]));
}
