// The cached loess roads (loess_smooth_dense, the all-phase cycle-subseries sweep) against the point-by-point fit
// they replace (ObservedPoints::fit_at, netlib's arithmetic), with and without robustness weights, including
// weights that vanish over a whole window (failed fits fall back as netlib's do). With robustness weights the cached
// road computes alpha S(t rw y) + gamma S(t x rw y) where netlib normalises the weights and then corrects them for
// the slope: the same fit, rounded differently, and a window of few, uneven weights (a near-singular local line)
// magnifies that rounding, hence 1e-11 of scale there and 1e-13 without weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "uptake/seasonal/loess.hpp"

using namespace uptake::seasonal;

namespace {

enum class Weights { None, Random, ZeroRun };

std::vector<double> make_weights(std::size_t n, Weights kind, std::size_t span, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> rw(n, 1.0);
  if (kind == Weights::None) return rw;
  for (auto& w : rw) w = u(rng) < 0.15 ? 0.0 : u(rng);
  if (kind == Weights::ZeroRun) {  // longer than any window: some fits have no weight at all
    const std::size_t start = n / 3;
    for (std::size_t i = start; i < std::min(n, start + 2 * span + 3); ++i) rw[i] = 0.0;
  }
  return rw;
}

// netlib's stlest on the window lo .. lo + span - 1 (gap-free), written out: the fit at n - 1 off the grid uses the
// last grid point's window, which ObservedPoints::fit_at (nearest points) cannot express.
bool window_fit(const std::vector<double>& y, const double* rw, std::size_t lo, std::size_t span, double xs,
                int degree, double& out) {
  const double range = static_cast<double>(y.size()) - 1.0;
  const double h = std::max(xs - static_cast<double>(lo), static_cast<double>(lo + span - 1) - xs);
  std::vector<double> w(span, 0.0);
  double a = 0.0;
  for (std::size_t j = 0; j < span; ++j) {
    const double r = std::fabs(static_cast<double>(lo + j) - xs);
    if (r <= 0.999 * h) {
      const double q = r / h, t = 1.0 - q * q * q;
      w[j] = r <= 0.001 * h ? 1.0 : t * t * t;
      if (rw) w[j] *= rw[lo + j];
      a += w[j];
    }
  }
  if (a <= 0.0) return false;
  for (double& v : w) v /= a;
  if (h > 0.0 && degree > 0) {
    double mean = 0.0, c = 0.0;
    for (std::size_t j = 0; j < span; ++j) mean += w[j] * static_cast<double>(lo + j);
    for (std::size_t j = 0; j < span; ++j) {
      const double d = static_cast<double>(lo + j) - mean;
      c += w[j] * d * d;
    }
    if (std::sqrt(c) > 0.001 * range) {
      const double b = (xs - mean) / c;
      for (std::size_t j = 0; j < span; ++j) w[j] *= b * (static_cast<double>(lo + j) - mean) + 1.0;
    }
  }
  out = 0.0;
  for (std::size_t j = 0; j < span; ++j) out += w[j] * y[lo + j];
  return true;
}

// netlib's stless, fit by fit: fits every `jump` points and at n - 1, linear in between; a failed fit takes y.
std::vector<double> point_by_point(const std::vector<double>& y, const double* rw, const LoessSpec& spec) {
  const std::size_t n = y.size();
  ObservedPoints points;
  points.assign(y.data(), n, 1, rw);
  std::vector<double> out(n), w;
  const std::size_t jump = std::min<std::size_t>(static_cast<std::size_t>(spec.jump), n - 1);
  std::vector<std::size_t> grid;
  for (std::size_t i = 0; i < n; i += jump) grid.push_back(i);
  if (grid.back() != n - 1) grid.push_back(n - 1);
  for (std::size_t g : grid) {
    if (g == n - 1 && g % jump != 0) {
      const auto span = static_cast<std::size_t>(spec.span), half = span / 2, last = (g / jump) * jump;
      const std::size_t lo = last < half ? 0 : std::min(last - half, n - span);
      if (!window_fit(y, rw, lo, span, static_cast<double>(g), spec.degree, out[g])) out[g] = y[g];
      continue;
    }
    if (!points.fit_at(static_cast<double>(g), spec.span, spec.degree, rw != nullptr, out[g], w)) out[g] = y[g];
  }
  for (std::size_t s = 0; s + 1 < grid.size(); ++s) {
    const std::size_t a = grid[s], b = grid[s + 1];
    for (std::size_t i = a + 1; i < b; ++i) {
      out[i] = out[a] + (out[b] - out[a]) / static_cast<double>(b - a) * static_cast<double>(i - a);
    }
  }
  return out;
}

double max_scaled_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double scale = 0.0, diff = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    scale = std::max(scale, std::fabs(b[i]));
    diff = std::max(diff, std::fabs(a[i] - b[i]));
  }
  return diff / std::max(scale, 1e-300);
}

std::vector<double> noisy_series(std::size_t n, std::mt19937_64& rng) {
  std::normal_distribution<double> e(0.0, 1.0);
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = 50.0 + 0.3 * static_cast<double>(i) + 5.0 * e(rng);
  return y;
}

}  // namespace

TEST(Loess, CachedRoadEqualsPointByPointFits) {
  std::mt19937_64 rng(7);
  int cases = 0;
  for (int span : {3, 5, 7, 9, 15}) {
    for (int degree : {0, 1}) {
      for (int jump : {1, 2, 3, 5, 9}) {
        for (std::size_t n : {static_cast<std::size_t>(span) + 1, std::size_t{20}, std::size_t{57}, std::size_t{200}}) {
          LoessCache cache;  // one cache across weight changes, as STL's outer loop uses it
          for (Weights kind : {Weights::None, Weights::Random, Weights::ZeroRun, Weights::Random}) {
            const auto y = noisy_series(n, rng);
            const auto rw = make_weights(n, kind, static_cast<std::size_t>(span), rng);
            const double* weights = kind == Weights::None ? nullptr : rw.data();
            const LoessSpec spec{span, degree, jump};
            std::vector<double> ours(n);
            cache.forget_weights();
            loess_smooth_dense(y.data(), weights, n, spec, ours.data(), cache);
            const auto expected = point_by_point(y, weights, spec);
            ASSERT_LT(max_scaled_difference(ours, expected), weights ? 1e-11 : 1e-13)
                << "span " << span << " degree " << degree << " jump " << jump << " n " << n << " weights "
                << static_cast<int>(kind);
            ++cases;
          }
        }
      }
    }
  }
  EXPECT_EQ(cases, 5 * 2 * 5 * 4 * 4);
}

TEST(Loess, CachedRoadWithoutWeightsIsBitwiseTheNetlibFit) {
  // Without robustness weights the cached kernels are fit_at's own weights in its order: the same bits.
  std::mt19937_64 rng(11);
  const auto y = noisy_series(300, rng);
  LoessCache cache;
  std::vector<double> ours(y.size());
  loess_smooth_dense(y.data(), nullptr, y.size(), LoessSpec{15, 1, 1}, ours.data(), cache);
  ObservedPoints points;
  points.assign(y.data(), y.size(), 1, nullptr);
  std::vector<double> w;
  for (std::size_t i : {std::size_t{0}, std::size_t{3}, std::size_t{6}, std::size_t{293}, std::size_t{299}}) {
    double expected = 0.0;
    ASSERT_TRUE(points.fit_at(static_cast<double>(i), 15, 1, false, expected, w));
    EXPECT_EQ(ours[i], expected) << i;
  }
}

TEST(Loess, AllPhaseSubseriesSweepEqualsPhaseByPhase) {
  std::mt19937_64 rng(3);
  int cases = 0;
  for (std::size_t period : {2, 4, 7, 12}) {
    for (int span : {3, 7, 11}) {
      for (int degree : {0, 1}) {
        for (std::size_t extra : {0, 1, 5}) {
          const std::size_t n = period * (static_cast<std::size_t>(span) + 3) + extra;
          SubseriesCache cache;
          for (Weights kind : {Weights::None, Weights::Random, Weights::ZeroRun}) {
            const auto y = noisy_series(n, rng);
            const auto rw = make_weights(n, kind, static_cast<std::size_t>(span) * period, rng);
            const double* weights = kind == Weights::None ? nullptr : rw.data();
            const LoessSpec spec{span, degree, 1};
            std::vector<double> ours(n + 2 * period);
            cache.forget_weights();
            ASSERT_TRUE(loess_smooth_subseries_dense(y.data(), weights, n, period, spec, ours.data(), cache));
            // Phase by phase, netlib's stlss: fits at q = 0 .. k - 1, extrapolations at -1 and k.
            std::vector<double> expected(n + 2 * period), w;
            for (std::size_t j = 0; j < period; ++j) {
              const std::size_t k = (n - j - 1) / period + 1;
              ObservedPoints points;
              points.assign(y.data() + j, k, period, weights ? weights + j : nullptr);
              std::vector<double> sub(k + 2);
              for (std::size_t q = 0; q < k; ++q) {
                if (!points.fit_at(static_cast<double>(q), span, degree, weights != nullptr, sub[q + 1], w)) {
                  sub[q + 1] = y[j + q * period];
                }
              }
              if (!points.fit_at(-1.0, span, degree, weights != nullptr, sub[0], w)) sub[0] = sub[1];
              if (!points.fit_at(static_cast<double>(k), span, degree, weights != nullptr, sub[k + 1], w)) {
                sub[k + 1] = sub[k];
              }
              for (std::size_t q = 0; q < k + 2; ++q) expected[q * period + j] = sub[q];
            }
            ASSERT_LT(max_scaled_difference(ours, expected), weights ? 1e-11 : 1e-13)
                << "period " << period << " span " << span << " degree " << degree << " n " << n << " weights "
                << static_cast<int>(kind);
            ++cases;
          }
        }
      }
    }
  }
  EXPECT_EQ(cases, 4 * 3 * 2 * 3 * 3);
}

TEST(Loess, SubseriesSweepDeclinesWhatItCannotDo) {
  std::vector<double> y(40, 1.0), cycle(40 + 2 * 7, -1.0);
  SubseriesCache cache;
  EXPECT_FALSE(loess_smooth_subseries_dense(y.data(), nullptr, 40, 7, LoessSpec{7, 1, 2}, cycle.data(), cache));
  EXPECT_FALSE(loess_smooth_subseries_dense(y.data(), nullptr, 40, 7, LoessSpec{5, 1, 1}, cycle.data(), cache))
      << "a phase of 5 points is no longer than the span";
  EXPECT_TRUE(std::all_of(cycle.begin(), cycle.end(), [](double v) { return v == -1.0; }));
  EXPECT_TRUE(loess_smooth_subseries_dense(y.data(), nullptr, 40, 7, LoessSpec{3, 1, 1}, cycle.data(), cache));
  for (double v : cycle) EXPECT_NEAR(v, 1.0, 1e-14);  // a constant subseries smooths and extrapolates to itself
}
