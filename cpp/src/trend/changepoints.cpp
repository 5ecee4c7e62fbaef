#include "uptake/trend/changepoints.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <string>

#include "uptake/trend/theil_sen.hpp"

namespace uptake::trend {

CpMethod parse_cp_method(std::string_view text) {
  if (text == "pelt") return CpMethod::Pelt;
  if (text == "binseg") return CpMethod::BinSeg;
  throw std::invalid_argument("changepoints: method must be 'pelt' or 'binseg', got '" + std::string(text) + "'");
}

CpCost parse_cp_cost(std::string_view text) {
  if (text == "mean") return CpCost::Mean;
  if (text == "linear") return CpCost::Linear;
  throw std::invalid_argument("changepoints: cost must be 'mean' or 'linear', got '" + std::string(text) + "'");
}

PenaltyRule parse_penalty_rule(std::string_view text) {
  if (text == "bic") return PenaltyRule::Bic;
  if (text == "mbic") return PenaltyRule::Mbic;
  throw std::invalid_argument("changepoints: penalty must be 'mbic', 'bic' or a number >= 0, got '" + std::string(text) + "'");
}

CpNoise parse_cp_noise(std::string_view text) {
  if (text == "long-run") return CpNoise::LongRun;
  if (text == "white") return CpNoise::White;
  throw std::invalid_argument("changepoints: noise must be 'long-run' or 'white', got '" + std::string(text) + "'");
}

SegmentCost::SegmentCost(const double* y, std::size_t n, CpCost cost) : cost_(cost), n_(n) {
  // Centre y and t so that the prefix sums stay small and the differences stay accurate.
  const double ym = std::accumulate(y, y + n, 0.0) / static_cast<double>(n);
  const double tm = 0.5 * static_cast<double>(n - 1);
  s1_.assign(n + 1, 0.0);
  s2_.assign(n + 1, 0.0);
  st_.assign(n + 1, 0.0);
  stt_.assign(n + 1, 0.0);
  sty_.assign(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = y[i] - ym, t = static_cast<double>(i) - tm;
    s1_[i + 1] = s1_[i] + v;
    s2_[i + 1] = s2_[i] + v * v;
    st_[i + 1] = st_[i] + t;
    stt_[i + 1] = stt_[i] + t * t;
    sty_[i + 1] = sty_[i] + t * v;
  }
}

double SegmentCost::operator()(std::size_t b, std::size_t e) const {
  const double len = static_cast<double>(e - b);
  const double sy = s1_[e] - s1_[b], syy = s2_[e] - s2_[b];
  double rss = syy - sy * sy / len;
  if (cost_ == CpCost::Linear && e - b >= 2) {
    const double st = st_[e] - st_[b], stt = stt_[e] - stt_[b], sty = sty_[e] - sty_[b];
    const double sxx = stt - st * st / len, sxy = sty - st * sy / len;
    if (sxx > 0) rss -= sxy * sxy / sxx;
  }
  return std::max(rss, 0.0);
}

double difference_noise_scale(const double* y, std::size_t n, int order) {
  // Differences of a piecewise-constant signal with noise sd sigma are N(0, 2 sigma^2) except at the few jumps;
  // second differences of a piecewise-linear one are N(0, 6 sigma^2) except next to the breaks, whatever the
  // slopes (so the penalty of the "linear" cost does not grow with the trend). Dropping the largest 10% of
  // squared differences removes the breaks; the mean of the rest, divided by its expectation under the
  // chi-square(1) law truncated at its 90% quantile, estimates the variance far more efficiently than the MAD.
  std::vector<double> d2;
  for (std::size_t i = static_cast<std::size_t>(order); i < n; ++i) {
    const double d = order == 1 ? y[i] - y[i - 1] : (y[i] - y[i - 1]) - (y[i - 1] - y[i - 2]);
    d2.push_back(d * d);
  }
  if (d2.empty()) return 0.0;
  const double keep_fraction = 0.9;
  const auto keep = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(keep_fraction * static_cast<double>(d2.size()))));
  std::nth_element(d2.begin(), d2.begin() + static_cast<std::ptrdiff_t>(keep - 1), d2.end());
  const double trimmed_mean = std::accumulate(d2.begin(), d2.begin() + static_cast<std::ptrdiff_t>(keep), 0.0) / static_cast<double>(keep);
  const double c = boost::math::quantile(boost::math::chi_squared(1.0), keep_fraction);
  const double truncated_mean = boost::math::gamma_p(1.5, c / 2.0) / keep_fraction;  // E[X | X < c], X ~ chi2(1)
  const double variance_factor = order == 1 ? 2.0 : 6.0;
  return std::sqrt(trimmed_mean / (variance_factor * truncated_mean));
}

double long_run_noise_scale(const double* y, std::size_t n, double max_persistence) {
  const double s1 = difference_noise_scale(y, n, 1);
  const double s2 = difference_noise_scale(y, n, 2);
  if (!(s1 > 0.0)) return 0.0;
  const double phi = std::clamp(3.0 - 3.0 * (s2 * s2) / (s1 * s1), 0.0, max_persistence);
  return s1 * std::sqrt(1.0 + phi) / (1.0 - phi);  // gamma0 (1 + phi) / (1 - phi) with gamma0 = s1^2 / (1 - phi)
}

double penalty_noise_scale(const double* y, std::size_t n, CpCost cost, CpNoise noise) {
  if (noise == CpNoise::White) return difference_noise_scale(y, n, cost == CpCost::Linear ? 2 : 1);
  if (cost == CpCost::Mean || n < 2) return long_run_noise_scale(y, n);
  // The first differences carry the slope, which long_run_noise_scale would read as noise. Their median is a
  // slope that a level jump cannot move (a change of slope leaves part of the difference in, raising the scale).
  std::vector<double> d(n - 1);
  for (std::size_t i = 1; i < n; ++i) d[i - 1] = y[i] - y[i - 1];
  const double slope = median_of(d.data(), d.size());
  std::vector<double> detrended(n);
  for (std::size_t i = 0; i < n; ++i) detrended[i] = y[i] - slope * static_cast<double>(i);
  return long_run_noise_scale(detrended.data(), n);
}

namespace {

Changepoints pelt(const SegmentCost& cost, double beta, std::size_t min_size) {
  const std::size_t n = cost.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> F(n + 1, inf);
  std::vector<std::size_t> last(n + 1, 0);
  F[0] = -beta;
  std::vector<std::size_t> candidates;
  for (std::size_t t = min_size; t <= n; ++t) {
    // The newest admissible start of a last segment: segments are at least min_size long.
    const std::size_t newest = t - min_size;
    if (newest == 0 || (newest >= min_size && std::isfinite(F[newest]))) candidates.push_back(newest);
    double best = inf;
    std::size_t arg = 0;
    std::vector<double> values(candidates.size());
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      values[c] = F[candidates[c]] + cost(candidates[c], t);
      if (values[c] + beta < best) {
        best = values[c] + beta;
        arg = candidates[c];
      }
    }
    F[t] = best;
    last[t] = arg;
    // Prune starts that can never be optimal again (K = 0 for least-squares costs).
    std::size_t keep = 0;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      if (values[c] <= best) candidates[keep++] = candidates[c];
    }
    candidates.resize(keep);
  }
  Changepoints out;
  out.penalty = beta;
  for (std::size_t t = n; t > 0; t = last[t]) {
    if (last[t] > 0) out.breaks.push_back(last[t]);
  }
  std::reverse(out.breaks.begin(), out.breaks.end());
  return out;
}

Changepoints binseg(const SegmentCost& cost, double beta, std::size_t min_size) {
  struct Split {
    double gain;
    std::size_t begin, end, at;
    bool operator<(const Split& o) const { return gain < o.gain; }
  };
  const auto best_split = [&](std::size_t b, std::size_t e) {
    Split s{-1.0, b, e, 0};
    if (e - b < 2 * min_size) return s;
    const double whole = cost(b, e);
    for (std::size_t k = b + min_size; k + min_size <= e; ++k) {
      const double gain = whole - cost(b, k) - cost(k, e);
      if (gain > s.gain) {
        s.gain = gain;
        s.at = k;
      }
    }
    return s;
  };
  std::priority_queue<Split> queue;
  queue.push(best_split(0, cost.size()));
  Changepoints out;
  out.penalty = beta;
  while (!queue.empty()) {
    const Split s = queue.top();
    queue.pop();
    if (s.gain <= beta || s.gain < 0) break;
    out.breaks.push_back(s.at);
    queue.push(best_split(s.begin, s.at));
    queue.push(best_split(s.at, s.end));
  }
  std::sort(out.breaks.begin(), out.breaks.end());
  return out;
}

}  // namespace

Changepoints detect_changepoints(const double* y, std::size_t n, CpMethod method, CpCost cost_kind, PenaltyRule rule,
                                 double penalty, std::size_t min_size, CpNoise noise) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(y[i])) {
      throw std::invalid_argument("changepoints: non-finite value at position " + std::to_string(i) +
                                  " (fill or drop missing values first)");
    }
  }
  const std::size_t floor_size = cost_kind == CpCost::Linear ? 3 : 1;
  if (min_size < floor_size) {
    throw std::invalid_argument("changepoints: min_size must be >= " + std::to_string(floor_size) + " for this cost, got " +
                                std::to_string(min_size));
  }
  if (n < 2 * min_size) {
    throw std::invalid_argument("changepoints: needs at least 2 x min_size = " + std::to_string(2 * min_size) +
                                " observations, got " + std::to_string(n));
  }
  const SegmentCost cost(y, n, cost_kind);
  double beta = penalty, sigma = 0.0;
  if (rule != PenaltyRule::Given) {
    sigma = penalty_noise_scale(y, n, cost_kind, noise);
    const int extra = rule == PenaltyRule::Bic ? 1 : 2;
    beta = (cost.params_per_segment() + extra) * sigma * sigma * std::log(static_cast<double>(n));
  } else if (!(penalty >= 0.0)) {
    throw std::invalid_argument("changepoints: penalty must be >= 0");
  }
  Changepoints out = method == CpMethod::Pelt ? pelt(cost, beta, min_size) : binseg(cost, beta, min_size);
  out.scale = sigma;
  out.cost = 0.0;
  std::size_t start = 0;
  for (std::size_t b : out.breaks) {
    out.cost += cost(start, b);
    start = b;
  }
  out.cost += cost(start, n);
  return out;
}

}  // namespace uptake::trend
