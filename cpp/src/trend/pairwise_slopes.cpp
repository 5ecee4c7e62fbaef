#include "uptake/trend/pairwise_slopes.hpp"

#include "uptake/core/cancel.hpp"
#include "uptake/trend/inversions.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace uptake::trend {

PairwiseSlopes::PairwiseSlopes(const double* x, const double* y, std::size_t n) { init(x, y, nullptr, n); }

PairwiseSlopes::PairwiseSlopes(const double* x, const double* y, const int* group, std::size_t n) {
  init(x, y, group, n);
}

void PairwiseSlopes::init(const double* x, const double* y, const int* group, std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto g = [&](std::size_t i) { return group ? group[i] : 0; };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (g(a) != g(b)) return g(a) < g(b);
    return x[a] < x[b] || (x[a] == x[b] && y[a] < y[b]);
  });
  x_.resize(n);
  y_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    x_[i] = x[order[i]];
    y_[i] = y[order[i]];
  }
  const auto pairs = [](std::uint64_t m) { return m * (m - 1) / 2; };
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start;
    while (end < n && g(order[end]) == g(order[start])) ++end;
    blocks_.emplace_back(start, end);
    total_ += pairs(end - start);
    for (std::size_t i = start; i < end;) {
      std::size_t j = i;
      while (j < end && x_[j] == x_[i]) ++j;
      total_ -= pairs(j - i);
      for (std::size_t a = i; a < j;) {
        std::size_t b = a;
        while (b < j && y_[b] == y_[a]) ++b;
        same_point_pairs_ += pairs(b - a);
        a = b;
      }
      i = j;
    }
    start = end;
  }
}

namespace {

// Doubles mapped to integers in the same order (negative values mirrored), and back.
std::int64_t ordered_bits(double d) {
  std::int64_t i;
  std::memcpy(&i, &d, sizeof i);
  return i >= 0 ? i : std::numeric_limits<std::int64_t>::min() - i;
}

double from_ordered_bits(std::int64_t k) {
  const std::int64_t i = k >= 0 ? k : std::numeric_limits<std::int64_t>::min() - k;
  double d;
  std::memcpy(&d, &i, sizeof d);
  return d;
}

double bit_midpoint(double lo, double hi) {
  const std::int64_t a = ordered_bits(lo), b = ordered_bits(hi);
  const std::uint64_t half = (static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a)) / 2;
  return from_ordered_bits(static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + half));
}

}  // namespace

// z = y - s x with one rounding (fma), so the order of z matches the order of slopes except for slopes within
// an ulp of s; enumeration uses the same z, so counts and enumerated sets always agree with each other.
static inline double z_of(double y, double x, double s) { return std::fma(-s, x, y); }

std::uint64_t PairwiseSlopes::count_le(double s) const {
  poll_cancel();
  std::uint64_t total = 0;
  for (const auto& [begin, end] : blocks_) {
    z_.resize(end - begin);
    for (std::size_t i = begin; i < end; ++i) z_[i - begin] = z_of(y_[i], x_[i], s);
    total += count_non_strict_inversions(z_, buf_);
  }
  // Pairs with equal x are counted only when their y are equal too (they are sorted by y): remove those.
  return total - same_point_pairs_;
}

const std::vector<double>& PairwiseSlopes::sample() const {
  if (!sample_.empty()) return sample_;
  const std::size_t n = x_.size();
  // splitmix64: a few instructions per draw; the sample only needs to be spread, not cryptographic.
  std::uint64_t state = 0x5eedULL + n;
  const auto pick = [&](std::uint64_t) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<std::size_t>(((z ^ (z >> 31)) >> 11) % n);
  };
  const std::size_t m = std::max<std::size_t>(2000, 2 * n);
  sample_.reserve(m);
  std::vector<std::size_t> block_of(n);
  for (std::size_t k = 0; k < blocks_.size(); ++k) {
    for (std::size_t i = blocks_[k].first; i < blocks_[k].second; ++i) block_of[i] = k;
  }
  for (std::size_t tries = 0; sample_.size() < m && tries < 20 * m; ++tries) {
    std::size_t a = pick(0);
    const auto [begin, end] = blocks_[block_of[a]];
    std::size_t b = begin + pick(1) % (end - begin);
    if (x_[a] == x_[b]) continue;
    if (x_[a] > x_[b]) std::swap(a, b);
    sample_.push_back((y_[b] - y_[a]) / (x_[b] - x_[a]));
  }
  if (sample_.empty()) sample_.push_back(0.0);
  return sample_;  // unsorted: select() picks the few quantiles it needs with nth_element
}

std::vector<double> PairwiseSlopes::slopes_between(double lo, double hi, std::size_t limit) const {
  std::vector<double> out;
  for (const auto& [begin, end] : blocks_) {
    const std::size_t n = end - begin;
    const double* x = x_.data() + begin;
    const double* y = y_.data() + begin;
    // Order by z(lo) ascending, ties by x descending: then the pairs (p before q) whose z(hi) order is reversed
    // or tied are exactly the pairs with x_p < x_q and slope in (lo, hi].
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<double> zlo(n), zhi(n);
    for (std::size_t i = 0; i < n; ++i) {
      zlo[i] = z_of(y[i], x[i], lo);
      zhi[i] = z_of(y[i], x[i], hi);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return zlo[a] < zlo[b] || (zlo[a] == zlo[b] && x[a] > x[b]);
    });
    std::vector<std::size_t> buf(n);
    for (std::size_t width = 1; width < n; width *= 2) {
      poll_cancel();
      for (std::size_t start = 0; start < n; start += 2 * width) {
        const std::size_t mid = std::min(start + width, n), stop = std::min(start + 2 * width, n);
        std::size_t i = start, j = mid, k = start;
        while (i < mid && j < stop) {
          if (zhi[order[i]] < zhi[order[j]]) {
            buf[k++] = order[i++];
          } else {
            for (std::size_t t = i; t < mid; ++t) {
              const std::size_t p = order[t], q = order[j];
              if (x[p] < x[q]) out.push_back((y[q] - y[p]) / (x[q] - x[p]));
              if (out.size() >= limit) return out;
            }
            buf[k++] = order[j++];
          }
        }
        while (i < mid) buf[k++] = order[i++];
        while (j < stop) buf[k++] = order[j++];
      }
      std::copy(buf.begin(), buf.end(), order.begin());
    }
  }
  return out;
}

double PairwiseSlopes::kth(std::uint64_t k) const { return select({k}).front(); }

std::vector<double> PairwiseSlopes::select(const std::vector<std::uint64_t>& ranks) const {
  if (ranks.empty()) return {};
  const std::uint64_t k_first = ranks.front(), k_last = ranks.back();
  if (k_last >= total_ || k_first > k_last) throw std::out_of_range("pairwise slopes: rank out of range");
  const std::size_t n = x_.size();
  const auto pick = [&](std::vector<double>& values, std::uint64_t offset_base) {
    std::vector<double> out;
    for (std::uint64_t k : ranks) {
      const auto at = static_cast<std::ptrdiff_t>(k - offset_base);
      std::nth_element(values.begin(), values.begin() + at, values.end());
      out.push_back(values[static_cast<std::size_t>(at)]);
    }
    return out;
  };
  // Small problems: enumerate everything.
  if (total_ <= 4 * static_cast<std::uint64_t>(n) + 64) {
    std::vector<double> all;
    all.reserve(static_cast<std::size_t>(total_));
    for (const auto& [begin, end] : blocks_) {
      for (std::size_t i = begin; i < end; ++i) {
        for (std::size_t j = i + 1; j < end; ++j) {
          if (x_[i] < x_[j]) all.push_back((y_[j] - y_[i]) / (x_[j] - x_[i]));
        }
      }
    }
    return pick(all, 0);
  }
  // Bracket the ranks with quantiles of a random sample of slopes.
  std::vector<double> smp = sample();
  const double m = static_cast<double>(smp.size());
  const double margin = 3.0 / std::sqrt(m);
  const auto quantile = [&](double q) {
    const auto at = static_cast<std::ptrdiff_t>(std::clamp(q, 0.0, 1.0) * (m - 1.0));
    std::nth_element(smp.begin(), smp.begin() + at, smp.end());
    return smp[static_cast<std::size_t>(at)];
  };
  const auto [smin, smax] = std::minmax_element(smp.begin(), smp.end());
  const double span = std::max(1.0, std::fabs(*smax - *smin));
  const double N = static_cast<double>(total_);
  double lo = quantile((static_cast<double>(k_first) + 0.5) / N - margin);
  double hi = quantile((static_cast<double>(k_last) + 0.5) / N + margin);
  const bool tied_guess = lo == hi;  // the sample saw one value around the ranks: probably tied slopes
  std::uint64_t c_lo = count_le(lo), c_hi = count_le(hi);
  // Slopes are finite (the caller scales the data), so doubling steps reach past them in < 2100 steps.
  for (double step = span; c_lo > k_first; step *= 2) {
    lo -= step;
    if (!std::isfinite(lo)) throw std::overflow_error("pairwise slopes: a slope exceeds the double range");
    c_lo = count_le(lo);
  }
  for (double step = span; c_hi <= k_last; step *= 2) {
    hi += step;
    if (!std::isfinite(hi)) throw std::overflow_error("pairwise slopes: a slope exceeds the double range");
    c_hi = count_le(hi);
  }
  // Narrow by interpolation on the counts, keeping every wanted rank inside; every third step bisects the bit
  // patterns instead, so that skewed slope distributions cannot stall it and 64 such steps reach adjacent doubles.
  const std::uint64_t enumerate_below = std::max<std::uint64_t>(4 * n, 4096) + (k_last - k_first);
  bool adjacent = false;
  if (tied_guess && c_hi > k_last && c_hi - c_lo > enumerate_below) {
    // One pass settles it: if nothing wanted lies below hi, every wanted slope is hi.
    const double below = std::nextafter(hi, -std::numeric_limits<double>::infinity());
    const std::uint64_t c_below = count_le(below);
    if (c_below <= k_first) {
      lo = below;
      c_lo = c_below;
      adjacent = true;
    }
  }
  for (int iter = 0; iter < 400 && !adjacent && c_hi - c_lo > enumerate_below; ++iter) {
    // Alternate between pulling lo up to just below the first rank and hi down to just above the last.
    const double width = static_cast<double>(c_hi - c_lo);
    const double aim = iter % 2 == 0 ? static_cast<double>(k_first - c_lo) - 0.01 * width
                                     : static_cast<double>(k_last - c_lo) + 0.01 * width;
    const double mid = iter % 3 == 2 ? bit_midpoint(lo, hi) : lo + std::clamp(aim / width, 0.01, 0.99) * (hi - lo);
    if (!(mid > lo && mid < hi)) {
      if (std::nextafter(lo, hi) == hi) {
        adjacent = true;
        break;
      }
      continue;  // interpolation rounded onto an end; the next bisection step still splits the bracket
    }
    const std::uint64_t c_mid = count_le(mid);
    if (c_mid <= k_first) {
      lo = mid;
      c_lo = c_mid;
    } else if (c_mid > k_last) {
      hi = mid;
      c_hi = c_mid;
    }
  }
  if (adjacent && c_hi - c_lo > enumerate_below) {
    // Every wanted slope lies in (lo, hi] with lo, hi adjacent doubles: the ordering cannot tell them apart, so
    // they are equal to the last bit (data on a straight line). Report one of them, computed as a slope.
    const std::vector<double> one = slopes_between(lo, hi, 1);
    return std::vector<double>(ranks.size(), one.empty() ? hi : one.front());
  }
  std::vector<double> inside = slopes_between(lo, hi);
  if (k_last - c_lo >= inside.size()) throw std::logic_error("pairwise slopes: bracket lost the wanted rank");
  return pick(inside, c_lo);
}

double PairwiseSlopes::median() const {
  if (total_ == 0) throw std::invalid_argument("pairwise slopes: needs at least two distinct x values");
  if (total_ % 2 == 1) return kth(total_ / 2);
  const std::vector<double> middle = select({total_ / 2 - 1, total_ / 2});
  return 0.5 * (middle[0] + middle[1]);
}

}  // namespace uptake::trend
