#include "uptake/seasonal/loess.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "uptake/core/vector_dispatch.hpp"

namespace uptake::seasonal {

void ObservedPoints::assign(const double* y, std::size_t n, std::size_t stride, const double* robustness,
                            bool known_dense) {
  // Called several times per STL pass on series of a few lengths: the buffers only ever grow, and count_
  // says how much of them is in use (shrinking and regrowing a vector would zero-fill it every time).
  if (pos_.size() < n) {
    pos_.resize(n);
    val_.resize(n);
    rw_.resize(n);
  }
  length_ = n;
  // Gap-free data (the usual case) is a plain copy: the positions 0..n-1 are rewritten only when a series
  // with gaps overwrote them (identity_ counts the leading entries known to be i).
  std::size_t missing = 0;
  if (known_dense) {
    for (std::size_t i = 0; i < n; ++i) val_[i] = y[i * stride];
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const double v = y[i * stride];
      val_[i] = v;
      missing += std::isnan(v) ? 1 : 0;
    }
  }
  if (missing == 0) {
    for (std::size_t i = identity_; i < n; ++i) pos_[i] = static_cast<double>(i);
    identity_ = std::max(identity_, n);
    if (robustness) {
      for (std::size_t i = 0; i < n; ++i) rw_[i] = robustness[i * stride];
    } else {
      std::fill(rw_.begin(), rw_.begin() + static_cast<std::ptrdiff_t>(n), 1.0);
    }
    count_ = n;
    return;
  }
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = y[i * stride];
    if (std::isnan(v)) continue;
    pos_[k] = static_cast<double>(i);
    val_[k] = v;
    rw_[k] = robustness ? robustness[i * stride] : 1.0;
    ++k;
  }
  count_ = k;
  identity_ = 0;
}

bool ObservedPoints::fit_at(double xs, int span, int degree, bool use_robustness, double& out,
                            std::vector<double>& w) const {
  const std::size_t m = count_;
  if (m == 0) return false;
  const auto len = static_cast<std::size_t>(span);
  // Window: the `span` observed points nearest to xs; with no gaps this is netlib's centred window,
  // clamped at the ends.
  std::size_t lo = 0, hi = m;  // half-open [lo, hi)
  if (len < m) {
    const std::size_t p = static_cast<std::size_t>(std::lower_bound(pos_.data(), pos_.data() + m, xs) - pos_.data());
    lo = p;
    hi = p;
    while (hi - lo < len) {
      if (lo > 0 && (hi >= m || xs - pos_[lo - 1] <= pos_[hi] - xs)) {
        --lo;
      } else {
        ++hi;
      }
    }
  }
  double h = std::max(xs - pos_[lo], pos_[hi - 1] - xs);
  if (len > m) h += static_cast<double>((len - m) / 2);
  const double h9 = 0.999 * h;
  const double h1 = 0.001 * h;
  if (w.size() < m) w.resize(m);

  double a = 0.0;
  for (std::size_t j = lo; j < hi; ++j) {
    w[j] = 0.0;
    const double r = std::fabs(pos_[j] - xs);
    if (r <= h9) {
      if (r <= h1) {
        w[j] = 1.0;
      } else {
        const double q = r / h;
        const double t = 1.0 - q * q * q;
        w[j] = t * t * t;
      }
      if (use_robustness) w[j] *= rw_[j];
      a += w[j];
    }
  }
  if (a <= 0.0) return false;
  for (std::size_t j = lo; j < hi; ++j) w[j] /= a;
  if (h > 0.0 && degree > 0) {
    double mean = 0.0;
    for (std::size_t j = lo; j < hi; ++j) mean += w[j] * pos_[j];
    double b = xs - mean;
    double c = 0.0;
    for (std::size_t j = lo; j < hi; ++j) c += w[j] * (pos_[j] - mean) * (pos_[j] - mean);
    const double range = static_cast<double>(length_) - 1.0;
    if (std::sqrt(c) > 0.001 * range) {
      b /= c;
      for (std::size_t j = lo; j < hi; ++j) w[j] *= b * (pos_[j] - mean) + 1.0;
    }
  }
  double ys = 0.0;
  for (std::size_t j = lo; j < hi; ++j) ys += w[j] * val_[j];
  out = ys;
  return true;
}

namespace {

// Four doubles as one value (GCC/Clang vector extension): a ymm register in the AVX2 clone, two xmm in the
// baseline one. Lane4Unaligned reads four doubles from any double's address (never passed or returned by value:
// that would change the ABI).
typedef double Lane4 __attribute__((vector_size(32)));
typedef double Lane4Unaligned __attribute__((vector_size(32), aligned(8), may_alias));

// out[r][k .. k + 4B) for k = k0, k0 + 4B, ... while a whole block fits; returns where it stopped. Each block's
// K x B vector sums stay in registers across all the taps (one load of v serves every kernel), with the series in
// L1. Taps are `dil` apart (1 for a plain smoother, the period for the cycle-subseries of every phase at once).
// Every output is summed over the taps in order, whatever the block size, so B changes speed, not bits.
template <std::size_t K, std::size_t B>
inline __attribute__((always_inline)) std::size_t dense_blocks(const double* const* kern, std::size_t len,
                                                                 std::size_t dil, const double* v, std::size_t m,
                                                                 double* const* out, std::size_t k) {
  constexpr std::size_t width = 4 * B;
  for (; k + width <= m; k += width) {
    Lane4 acc[K][B];
#pragma GCC unroll 4
    for (std::size_t r = 0; r < K; ++r) {
#pragma GCC unroll 4
      for (std::size_t b = 0; b < B; ++b) acc[r][b] = Lane4{0.0, 0.0, 0.0, 0.0};
    }
    for (std::size_t j = 0; j < len; ++j) {
      const double* p = v + k + j * dil;
      Lane4 x[B];
#pragma GCC unroll 4
      for (std::size_t b = 0; b < B; ++b) x[b] = *reinterpret_cast<const Lane4Unaligned*>(p + 4 * b);
#pragma GCC unroll 4
      for (std::size_t r = 0; r < K; ++r) {
        const double c = kern[r][j];
#pragma GCC unroll 4
        for (std::size_t b = 0; b < B; ++b) acc[r][b] += c * x[b];
      }
    }
#pragma GCC unroll 4
    for (std::size_t r = 0; r < K; ++r) {
#pragma GCC unroll 4
      for (std::size_t b = 0; b < B; ++b) *reinterpret_cast<Lane4Unaligned*>(out[r] + k + 4 * b) = acc[r][b];
    }
  }
  return k;
}

// Wide blocks first: one kernel needs four independent vector sums per block to keep the adders busy (an add waits
// for the previous one into the same sum); two or three kernels give that with two. Then one-vector blocks.
UPTAKE_DISPATCH_AVX2 std::size_t dense_sweep_1(const double* const* kern, std::size_t len, std::size_t dil,
                                               const double* v, std::size_t m, double* const* out) {
  return dense_blocks<1, 1>(kern, len, dil, v, m, out, dense_blocks<1, 4>(kern, len, dil, v, m, out, 0));
}
UPTAKE_DISPATCH_AVX2 std::size_t dense_sweep_2(const double* const* kern, std::size_t len, std::size_t dil,
                                               const double* v, std::size_t m, double* const* out) {
  return dense_blocks<2, 1>(kern, len, dil, v, m, out, dense_blocks<2, 2>(kern, len, dil, v, m, out, 0));
}
UPTAKE_DISPATCH_AVX2 std::size_t dense_sweep_3(const double* const* kern, std::size_t len, std::size_t dil,
                                               const double* v, std::size_t m, double* const* out) {
  return dense_blocks<3, 1>(kern, len, dil, v, m, out, dense_blocks<3, 2>(kern, len, dil, v, m, out, 0));
}

// out[r][k] = sum_j kern[r][j] * v[k * step + j * dil] for k < m and each of K kernels of length len. A small step
// (R's default jumps for short windows) is cheaper as a full sweep subsampled afterwards than as strided scalar sums.
template <std::size_t K>
void correlate(const std::array<const double*, K>& kern, std::size_t len, std::size_t dil, const double* v,
               std::size_t m, std::size_t step, const std::array<double*, K>& out, std::vector<double>& full) {
  if (step > 1 && step <= 3) {
    const std::size_t all = (m - 1) * step + 1;
    full.resize(all * K);
    std::array<double*, K> dense;
    for (std::size_t r = 0; r < K; ++r) dense[r] = full.data() + r * all;
    correlate<K>(kern, len, dil, v, all, 1, dense, full);
    for (std::size_t r = 0; r < K; ++r) {
      for (std::size_t k = 0; k < m; ++k) out[r][k] = dense[r][k * step];
    }
    return;
  }
  std::size_t k = 0;
  if (step == 1) {
    if constexpr (K == 1) k = dense_sweep_1(kern.data(), len, dil, v, m, out.data());
    if constexpr (K == 2) k = dense_sweep_2(kern.data(), len, dil, v, m, out.data());
    if constexpr (K == 3) k = dense_sweep_3(kern.data(), len, dil, v, m, out.data());
  }
  for (; k < m; ++k) {
    for (std::size_t r = 0; r < K; ++r) {
      double sum = 0.0;
      for (std::size_t j = 0; j < len; ++j) sum += kern[r][j] * v[k * step + j * dil];
      out[r][k] = sum;
    }
  }
}

// The fit at xs on the gap-free window lo .. lo + span - 1 of a series of `length` points (see WindowKernel),
// in ObservedPoints::fit_at's arithmetic.
void build_window(WindowKernel& w, double xs, std::size_t lo, std::size_t span, int degree, std::size_t length) {
  w.xs = xs;
  w.lo = lo;
  const double h = std::max(xs - static_cast<double>(lo), static_cast<double>(lo + span - 1) - xs);
  const double h9 = 0.999 * h, h1 = 0.001 * h;
  w.t.assign(span, 0.0);
  w.tx.assign(span, 0.0);
  w.txx.assign(span, 0.0);
  double a = 0.0;
  for (std::size_t j = 0; j < span; ++j) {
    const double x = static_cast<double>(lo + j) - xs;
    const double r = std::fabs(x);
    if (r <= h9) {
      if (r <= h1) {
        w.t[j] = 1.0;
      } else {
        const double q = r / h;
        const double t = 1.0 - q * q * q;
        w.t[j] = t * t * t;
      }
      a += w.t[j];
    }
    w.tx[j] = w.t[j] * x;
    w.txx[j] = w.t[j] * x * x;
  }
  w.linear = h > 0.0 && degree > 0;
  const double limit = 0.001 * (static_cast<double>(length) - 1.0);
  w.limit2 = limit * limit;
  w.fixed = w.t;
  w.fixed_ok = a > 0.0;
  if (!w.fixed_ok) return;
  for (double& v : w.fixed) v /= a;
  if (!w.linear) return;
  double mean = 0.0;
  for (std::size_t j = 0; j < span; ++j) mean += w.fixed[j] * static_cast<double>(lo + j);
  double b = xs - mean;
  double c = 0.0;
  for (std::size_t j = 0; j < span; ++j) {
    const double d = static_cast<double>(lo + j) - mean;
    c += w.fixed[j] * d * d;
  }
  if (std::sqrt(c) > limit) {
    b /= c;
    for (std::size_t j = 0; j < span; ++j) w.fixed[j] *= b * (static_cast<double>(lo + j) - mean) + 1.0;
  }
}

// alpha and gamma (see WindowKernel) of m fits from their weight sums s0 = S(t rw), s1 = S(tx rw), s2 = S(txx rw).
// Branch-free on four fits at a time (the compiler leaves the branchy scalar form unvectorised, and its two
// divisions per fit then cost as much as the sums): netlib's sqrt(c) > limit is tested as c > limit^2, and a
// degree-0 fit never has a slope. Returns whether a fit failed.
UPTAKE_DISPATCH_AVX2 bool robust_coefficients(const double* s0, const double* s1, const double* s2,
                                              const double* limit2, bool linear, std::size_t m, double* alpha,
                                              double* gamma) {
  typedef long Mask4 __attribute__((vector_size(32)));
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Lane4 zero{0.0, 0.0, 0.0, 0.0}, one{1.0, 1.0, 1.0, 1.0}, nans{nan, nan, nan, nan}, never{inf, inf, inf, inf};
  Mask4 failed{0, 0, 0, 0};
  std::size_t k = 0;
  for (; k + 4 <= m; k += 4) {
    const Lane4 a = *reinterpret_cast<const Lane4Unaligned*>(s0 + k);
    const Lane4 inv = one / a;
    const Lane4 mean = *reinterpret_cast<const Lane4Unaligned*>(s1 + k) * inv;
    const Lane4 c = *reinterpret_cast<const Lane4Unaligned*>(s2 + k) * inv - mean * mean;
    const Lane4 slope = -mean / c;
    const Lane4 cut = linear ? *reinterpret_cast<const Lane4Unaligned*>(limit2 + k) : never;
    const Lane4 b = c > cut ? slope : zero;
    const Mask4 ok = a > zero;
    *reinterpret_cast<Lane4Unaligned*>(alpha + k) = ok ? (one - b * mean) * inv : nans;
    *reinterpret_cast<Lane4Unaligned*>(gamma + k) = ok ? b * inv : zero;
    failed |= ~ok;
  }
  bool any_failed = (failed[0] | failed[1] | failed[2] | failed[3]) != 0;
  for (; k < m; ++k) {  // the same operations, one fit at a time
    const double a = s0[k];
    const double inv = 1.0 / a;
    const double mean = s1[k] * inv;
    const double c = s2[k] * inv - mean * mean;
    const double slope = -mean / c;
    const double b = c > (linear ? limit2[k] : inf) ? slope : 0.0;
    const bool ok = a > 0.0;
    alpha[k] = ok ? (1.0 - b * mean) * inv : nan;
    gamma[k] = ok ? b * inv : 0.0;
    any_failed = any_failed || !ok;
  }
  return any_failed;
}

// out[k * step] = alpha * s0 + gamma * s1 for the m robust fits of a cache, or the data where a fit failed.
void robust_combine(const LoessCache& c, std::size_t m, std::size_t step, const double* data, double* out) {
  if (!c.any_failed) {  // the usual case: a branch-free loop the compiler vectorises
    for (std::size_t k = 0; k < m; ++k) out[k * step] = c.alpha[k] * c.s0[k] + c.gamma[k] * c.s1[k];
    return;
  }
  for (std::size_t k = 0; k < m; ++k) {
    out[k * step] = std::isnan(c.alpha[k]) ? data[k * step] : c.alpha[k] * c.s0[k] + c.gamma[k] * c.s1[k];
  }
}

// A fit near an end, on values v spaced `stride` apart: sum(fixed * v) without robustness weights; with them v is
// rw * y and the fit is alpha S(t v) + gamma S(tx v). A failed fit gives `fallback`.
double edge_fit(const WindowKernel& w, const double* v, std::size_t stride, bool robust, double fallback) {
  const double* p = v + w.lo * stride;
  const std::size_t span = w.t.size();
  if (!robust) {
    if (!w.fixed_ok) return fallback;
    double s = 0.0;
    for (std::size_t j = 0; j < span; ++j) s += w.fixed[j] * p[j * stride];
    return s;
  }
  if (std::isnan(w.alpha)) return fallback;
  double s0 = 0.0, s1 = 0.0;
  for (std::size_t j = 0; j < span; ++j) {
    s0 += w.t[j] * p[j * stride];
    s1 += w.tx[j] * p[j * stride];
  }
  return w.alpha * s0 + w.gamma * s1;
}

void edge_coefficients(WindowKernel& w, const double* rw, std::size_t stride) {
  const double* p = rw + w.lo * stride;
  double s0 = 0.0, s1 = 0.0, s2 = 0.0;
  for (std::size_t j = 0; j < w.t.size(); ++j) {
    s0 += w.t[j] * p[j * stride];
    s1 += w.tx[j] * p[j * stride];
    s2 += w.txx[j] * p[j * stride];
  }
  robust_coefficients(&s0, &s1, &s2, &w.limit2, w.linear, 1, &w.alpha, &w.gamma);
}

// The interior fits' robust coefficients: their weight sums over rw (taps `dil` apart) into alpha and gamma.
void interior_coefficients(LoessCache& c, const double* rw, std::size_t dil, std::size_t step) {
  const WindowKernel& in = c.interior;
  const std::size_t m = c.count;
  c.s0.resize(m);
  c.s1.resize(m);
  c.s2.resize(m);
  c.alpha.resize(m);
  c.gamma.resize(m);
  correlate<3>({in.t.data(), in.tx.data(), in.txx.data()}, in.t.size(), dil, rw, m, step,
               {c.s0.data(), c.s1.data(), c.s2.data()}, c.full);
  c.any_failed = robust_coefficients(c.s0.data(), c.s1.data(), c.s2.data(), c.limit2.data(), in.linear, m,
                                     c.alpha.data(), c.gamma.data());
}

// The interior fits (taps `dil` apart, every `step`-th position from v's start) into out[k * step], k < count.
void interior_fits(LoessCache& c, const double* v, const double* u, std::size_t dil, std::size_t step, double* out,
                   const double* data) {
  const WindowKernel& in = c.interior;
  const std::size_t m = c.count, span = in.t.size();
  c.s0.resize(m);
  if (!u) {
    if (!in.fixed_ok) {
      for (std::size_t k = 0; k < m; ++k) out[k * step] = data[k * step];
    } else if (step == 1) {  // straight into the output
      correlate<1>({in.fixed.data()}, span, dil, v, m, 1, {out}, c.full);
    } else {
      correlate<1>({in.fixed.data()}, span, dil, v, m, step, {c.s0.data()}, c.full);
      for (std::size_t k = 0; k < m; ++k) out[k * step] = c.s0[k];
    }
    return;
  }
  c.s1.resize(m);
  correlate<2>({in.t.data(), in.tx.data()}, span, dil, u, m, step, {c.s0.data(), c.s1.data()}, c.full);
  robust_combine(c, m, step, data, out);
}

// Linear interpolation between fits `jump` apart, and from the last of them to the fit at n - 1.
void interpolate_jumps(double* out, std::size_t n, std::size_t jump) {
  if (jump <= 1) return;
  std::size_t i = 0;
  for (; i + jump < n; i += jump) {
    const double delta = (out[i + jump] - out[i]) / static_cast<double>(jump);
    for (std::size_t j = i + 1; j < i + jump; ++j) out[j] = out[i] + delta * static_cast<double>(j - i);
  }
  const std::size_t k = ((n - 1) / jump) * jump;
  if (k != n - 1 && k != n - 2) {
    const double delta = (out[n - 1] - out[k]) / static_cast<double>(n - 1 - k);
    for (std::size_t j = k + 1; j < n - 1; ++j) out[j] = out[k] + delta * static_cast<double>(j - k);
  }
}

// Every fit of the general road (gaps, or a window as long as the series), then the jumps and the gaps repaired.
void general_smooth(const ObservedPoints& points, const double* y, std::size_t n, std::size_t stride,
                    const LoessSpec& spec, bool use_robustness, double* out, std::vector<double>& w) {
  const auto fit_one = [&](std::size_t i) {
    if (!points.fit_at(static_cast<double>(i), spec.span, spec.degree, use_robustness, out[i], w)) {
      out[i] = y[i * stride];  // netlib falls back to the data; NaN here is repaired below
    }
  };
  if (n < 2) {
    fit_one(0);
  } else {
    const std::size_t jump = std::min<std::size_t>(static_cast<std::size_t>(spec.jump), n - 1);
    for (std::size_t i = 0; i < n; i += jump) fit_one(i);
    if ((n - 1) % jump != 0) fit_one(n - 1);
    interpolate_jumps(out, n, jump);
  }
  // Failed fits at missing points: interpolate between the nearest defined neighbours. Without missing points a
  // failed fit took the data's value, so there is nothing to repair (and no need to scan for it).
  if (points.dense()) return;
  std::size_t last_defined = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(out[i])) continue;
    if (last_defined == n && i > 0) {
      for (std::size_t j = 0; j < i; ++j) out[j] = out[i];
    } else if (last_defined != n && i > last_defined + 1) {
      const double delta = (out[i] - out[last_defined]) / static_cast<double>(i - last_defined);
      for (std::size_t j = last_defined + 1; j < i; ++j) {
        out[j] = out[last_defined] + delta * static_cast<double>(j - last_defined);
      }
    }
    last_defined = i;
  }
  if (last_defined == n) {
    std::fill(out, out + n, std::numeric_limits<double>::quiet_NaN());
  } else {
    for (std::size_t j = last_defined + 1; j < n; ++j) out[j] = out[last_defined];
  }
}

// The kernels of a gap-free smoother of this shape: the centred interior window, and one window per fit near an
// end (positions 0, jump, ... before the first full window; the grid after the last; n - 1).
void prepare_shape(LoessCache& c, int span, int degree, std::size_t jump, std::size_t n) {
  if (c.span == span && c.degree == degree && c.jump == static_cast<int>(jump) && c.length == n) return;
  c.span = span;
  c.degree = degree;
  c.jump = static_cast<int>(jump);
  c.length = n;
  c.weights_ready = false;
  const auto len = static_cast<std::size_t>(span);
  const std::size_t half = len / 2;
  build_window(c.interior, static_cast<double>(half), 0, len, degree, n);
  c.first = ((half + jump - 1) / jump) * jump;
  c.count = c.first + half < n ? (n - 1 - half - c.first) / jump + 1 : 0;
  c.limit2.assign(c.count, c.interior.limit2);
  c.edge_at.clear();
  for (std::size_t i = 0; i < c.first && i < n; i += jump) c.edge_at.push_back(i);
  for (std::size_t i = c.first + c.count * jump; i < n; i += jump) c.edge_at.push_back(i);
  if ((n - 1) % jump != 0) c.edge_at.push_back(n - 1);
  c.edges.resize(c.edge_at.size());
  const auto window_of = [&](std::size_t i) { return i < half ? 0 : std::min(i - half, n - len); };
  for (std::size_t e = 0; e < c.edge_at.size(); ++e) {
    const std::size_t i = c.edge_at[e];
    // netlib fits n - 1 (off the grid) on the window of the last grid point, not the one nearest n - 1; they
    // differ when the jump exceeds half the span.
    const std::size_t lo = (i == n - 1 && i % jump != 0) ? window_of((i / jump) * jump) : window_of(i);
    build_window(c.edges[e], static_cast<double>(i), lo, len, degree, n);
  }
}

}  // namespace

void loess_smooth_dense(const double* y, const double* rw, std::size_t n, const LoessSpec& spec, double* out,
                        LoessCache& c) {
  if (n == 0) return;
  const auto span = static_cast<std::size_t>(spec.span);
  if (n < 2 || span >= n || span % 2 == 0) {  // no interior window: every fit is its own
    c.points.assign(y, n, 1, rw, true);
    general_smooth(c.points, y, n, 1, spec, rw != nullptr, out, c.w);
    return;
  }
  const std::size_t jump = std::min<std::size_t>(static_cast<std::size_t>(spec.jump), n - 1);
  prepare_shape(c, spec.span, spec.degree, jump, n);
  const std::size_t lo = c.first - span / 2;
  const double* u = nullptr;
  if (rw) {
    if (!c.weights_ready) {
      if (c.count > 0) interior_coefficients(c, rw + lo, 1, jump);
      for (auto& e : c.edges) edge_coefficients(e, rw, 1);
      c.weights_ready = true;
    }
    c.u.resize(n);
    for (std::size_t i = 0; i < n; ++i) c.u[i] = rw[i] * y[i];
    u = c.u.data();
  }
  if (c.count > 0) interior_fits(c, y + lo, u ? u + lo : nullptr, 1, jump, out + c.first, y + c.first);
  for (std::size_t e = 0; e < c.edges.size(); ++e) {
    const std::size_t i = c.edge_at[e];
    out[i] = edge_fit(c.edges[e], u ? u : y, 1, u != nullptr, y[i]);
  }
  interpolate_jumps(out, n, jump);
}

void loess_smooth(const ObservedPoints& points, const double* y, std::size_t n, std::size_t stride,
                  const LoessSpec& spec, bool use_robustness, double* out, std::vector<double>& w,
                  LoessCache* cache) {
  if (n == 0) return;
  if (points.dense()) {
    LoessCache local;
    loess_smooth_dense(points.values().data(), use_robustness ? points.robustness().data() : nullptr, n, spec, out,
                       cache ? *cache : local);
    return;
  }
  general_smooth(points, y, n, stride, spec, use_robustness, out, w);
}

bool loess_smooth_subseries_dense(const double* y, const double* rw, std::size_t n, std::size_t period,
                                  const LoessSpec& spec, double* cycle, SubseriesCache& c) {
  const auto span = static_cast<std::size_t>(spec.span);
  const std::size_t half = span / 2;
  if (period == 0 || spec.jump != 1 || span % 2 == 0 || span >= n / period) return false;
  LoessCache& all = c.all;
  if (c.period != static_cast<int>(period) || all.span != spec.span || all.degree != spec.degree ||
      all.length != n) {
    // Interior: positions half * period .. n - 1 - half * period, where every phase has its full window.
    c.period = static_cast<int>(period);
    all.span = spec.span;
    all.degree = spec.degree;
    all.jump = 1;
    all.length = n;
    all.weights_ready = false;
    const std::size_t longest = (n - 1) / period + 1;
    build_window(all.interior, static_cast<double>(half), 0, span, spec.degree, longest);
    all.first = half * period;
    all.count = n - 2 * half * period;
    // netlib's degree-1 condition depends on the length of each fit's own subseries.
    all.limit2.resize(all.count);
    for (std::size_t k = 0; k < all.count; ++k) {
      const std::size_t i = all.first + k;
      const double limit = 0.001 * static_cast<double>((n - i % period - 1) / period);
      all.limit2[k] = limit * limit;
    }
    // Ends, per phase: the fits at q = 0 .. half - 1 and k - half .. k - 1 on the first and last window, then the
    // extrapolations to q = -1 and q = k (in that order: a failed extrapolation takes the neighbouring fit).
    c.phase.resize(period);
    for (std::size_t j = 0; j < period; ++j) {
      LoessCache& p = c.phase[j];
      const std::size_t k = (n - j - 1) / period + 1;
      p.edge_at.clear();
      for (std::size_t q = 0; q < half; ++q) p.edge_at.push_back(q + 1);
      for (std::size_t q = k - half; q < k; ++q) p.edge_at.push_back(q + 1);
      p.edge_at.push_back(0);
      p.edge_at.push_back(k + 1);
      p.edges.resize(p.edge_at.size());
      for (std::size_t e = 0; e < p.edge_at.size(); ++e) {
        const std::size_t row = p.edge_at[e];
        const std::size_t lo = row <= half ? 0 : k - span;
        build_window(p.edges[e], static_cast<double>(row) - 1.0, lo, span, spec.degree, k);
      }
      p.length = k;
    }
  }
  const double* u = nullptr;
  if (rw) {
    if (!all.weights_ready) {
      interior_coefficients(all, rw, period, 1);
      for (std::size_t j = 0; j < period; ++j) {
        for (auto& e : c.phase[j].edges) edge_coefficients(e, rw + j, period);
      }
      all.weights_ready = true;
    }
    all.u.resize(n);
    for (std::size_t i = 0; i < n; ++i) all.u[i] = rw[i] * y[i];
    u = all.u.data();
  }
  interior_fits(all, y, u, period, 1, cycle + period + all.first, y + all.first);
  for (std::size_t j = 0; j < period; ++j) {
    const LoessCache& p = c.phase[j];
    const std::size_t k = p.length;
    for (std::size_t e = 0; e < p.edges.size(); ++e) {
      const std::size_t row = p.edge_at[e];
      double fallback;
      if (row == 0) {
        fallback = cycle[period + j];
      } else if (row == k + 1) {
        fallback = cycle[k * period + j];
      } else {
        fallback = y[j + (row - 1) * period];
      }
      cycle[row * period + j] = edge_fit(p.edges[e], (u ? u : y) + j, period, u != nullptr, fallback);
    }
  }
  return true;
}

}  // namespace uptake::seasonal
