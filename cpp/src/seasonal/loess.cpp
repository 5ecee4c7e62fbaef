#include "uptake/seasonal/loess.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

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

// The dense sweep below is compiled twice where the toolchain can dispatch at load time (GCC/Clang on x86-64 ELF):
// for baseline x86-64 (SSE2) and for x86-64-v3 (AVX2), picked by the CPU the wheel runs on, so the wheel stays
// portable and modern CPUs add four doubles per instruction instead of two. The core is compiled with
// -ffp-contract=off (no fused multiply-add, with GCC and Clang alike), so both clones do the same multiplies and
// adds in the same order: bitwise the same results.
#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(UPTAKE_NO_CLONES)
#define UPTAKE_DISPATCH_AVX2 __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define UPTAKE_DISPATCH_AVX2
#endif

// Four doubles as one value (GCC/Clang vector extension): a ymm register in the AVX2 clone, two xmm in the
// baseline one.
typedef double Lane4 __attribute__((vector_size(32)));

// out[r][k .. k + 8) for k = 0, 8, ... while a whole block fits; returns how many outputs were done. Each block's
// 8 x K sums stay in registers across all the taps (one load of v serves every kernel), with the series in L1.
template <std::size_t K>
inline __attribute__((always_inline)) std::size_t dense_blocks(const double* const* kern, std::size_t len,
                                                                 const double* v, std::size_t m, double* const* out) {
  std::size_t k = 0;
  for (; k + 8 <= m; k += 8) {
    Lane4 lo[K], hi[K];
    for (std::size_t r = 0; r < K; ++r) lo[r] = hi[r] = Lane4{0.0, 0.0, 0.0, 0.0};
    for (std::size_t j = 0; j < len; ++j) {
      Lane4 a, b;  // unaligned loads (no Lane4 is passed or returned by value: that would change the ABI)
      std::memcpy(&a, v + k + j, sizeof a);
      std::memcpy(&b, v + k + j + 4, sizeof b);
      for (std::size_t r = 0; r < K; ++r) {
        const double c = kern[r][j];
        lo[r] += c * a;
        hi[r] += c * b;
      }
    }
    for (std::size_t r = 0; r < K; ++r) {
      std::memcpy(out[r] + k, &lo[r], sizeof(Lane4));
      std::memcpy(out[r] + k + 4, &hi[r], sizeof(Lane4));
    }
  }
  return k;
}

UPTAKE_DISPATCH_AVX2 std::size_t dense_blocks_1(const double* const* kern, std::size_t len, const double* v,
                                                std::size_t m, double* const* out) {
  return dense_blocks<1>(kern, len, v, m, out);
}
UPTAKE_DISPATCH_AVX2 std::size_t dense_blocks_2(const double* const* kern, std::size_t len, const double* v,
                                                std::size_t m, double* const* out) {
  return dense_blocks<2>(kern, len, v, m, out);
}
UPTAKE_DISPATCH_AVX2 std::size_t dense_blocks_3(const double* const* kern, std::size_t len, const double* v,
                                                std::size_t m, double* const* out) {
  return dense_blocks<3>(kern, len, v, m, out);
}

// out[r][k] = sum_j kern[r][j] * v[k * step + j] for k < m and each of K kernels of one length. A small step
// (R's default jumps for short windows) is cheaper as a full sweep subsampled afterwards than as strided scalar
// sums.
template <std::size_t K>
void correlate(const std::array<const std::vector<double>*, K>& kern, const double* v, std::size_t m,
               std::size_t step, const std::array<double*, K>& out, std::vector<double>& full) {
  const std::size_t len = kern[0]->size();
  if (step > 1 && step <= 3) {
    const std::size_t all = (m - 1) * step + 1;
    full.resize(all * K);
    std::array<double*, K> dense;
    for (std::size_t r = 0; r < K; ++r) dense[r] = full.data() + r * all;
    correlate<K>(kern, v, all, 1, dense, full);
    for (std::size_t r = 0; r < K; ++r) {
      for (std::size_t k = 0; k < m; ++k) out[r][k] = dense[r][k * step];
    }
    return;
  }
  std::size_t k = 0;
  if (step == 1) {
    std::array<const double*, K> taps;
    for (std::size_t r = 0; r < K; ++r) taps[r] = kern[r]->data();
    if constexpr (K == 1) k = dense_blocks_1(taps.data(), len, v, m, out.data());
    if constexpr (K == 2) k = dense_blocks_2(taps.data(), len, v, m, out.data());
    if constexpr (K == 3) k = dense_blocks_3(taps.data(), len, v, m, out.data());
  }
  for (; k < m; ++k) {
    for (std::size_t r = 0; r < K; ++r) {
      double sum = 0.0;
      for (std::size_t j = 0; j < len; ++j) sum += (*kern[r])[j] * v[k * step + j];
      out[r][k] = sum;
    }
  }
}

// The interior window: `span` points centred on the fit, h = span / 2, netlib's tricube, then netlib's
// normalisation and degree-1 correction evaluated at the centre (the fixed kernel of a fit without
// robustness weights).
void build_kernel(LoessCache& c, int span, int degree, int jump, std::size_t length) {
  c.span = span;
  c.degree = degree;
  c.jump = jump;
  c.length = length;
  c.weights_ready = false;
  const auto len = static_cast<std::size_t>(span);
  const auto half = static_cast<std::size_t>(span / 2);
  const double h = static_cast<double>(half);
  const double h9 = 0.999 * h, h1 = 0.001 * h;
  c.tricube.assign(len, 0.0);
  c.tricube_x.assign(len, 0.0);
  c.tricube_xx.assign(len, 0.0);
  for (std::size_t j = 0; j < len; ++j) {
    const double x = static_cast<double>(j) - h;
    const double r = std::fabs(x);
    if (r <= h1) {
      c.tricube[j] = 1.0;
    } else if (r <= h9) {
      const double q = r / h;
      const double t = 1.0 - q * q * q;
      c.tricube[j] = t * t * t;
    }
    c.tricube_x[j] = c.tricube[j] * x;
    c.tricube_xx[j] = c.tricube[j] * x * x;
  }
  c.fixed = c.tricube;
  double a = 0.0;
  for (double v : c.fixed) a += v;
  c.fixed_ok = a > 0.0;
  if (!c.fixed_ok) return;
  for (double& v : c.fixed) v /= a;
  if (half > 0 && degree > 0) {
    double mean = 0.0;
    for (std::size_t j = 0; j < len; ++j) mean += c.fixed[j] * static_cast<double>(j);
    double b = h - mean;
    double cc = 0.0;
    for (std::size_t j = 0; j < len; ++j) {
      const double d = static_cast<double>(j) - mean;
      cc += c.fixed[j] * d * d;
    }
    if (std::sqrt(cc) > 0.001 * (static_cast<double>(length) - 1.0)) {
      b /= cc;
      for (std::size_t j = 0; j < len; ++j) c.fixed[j] *= b * (static_cast<double>(j) - mean) + 1.0;
    }
  }
}

// Robust interior fits. With weights w = t * rw, centred positions x and values v, the normalised netlib fit is
// (Sv + b (Sxv - mean Sv)) / a, a = Sw, mean = Sx / a, c = Sxx / a - mean^2, b = -mean / c, that is
// alpha * S(t rw v) + gamma * S(t x rw v) with alpha = (1 - b mean) / a and gamma = b / a depending on rw only.
// A failed fit (a <= 0) gets alpha = NaN.
void build_robust_coefficients(LoessCache& c, const double* rw, std::size_t first, std::size_t m) {
  const std::size_t lo = first - static_cast<std::size_t>(c.span / 2);
  const auto step = static_cast<std::size_t>(c.jump);
  c.s0.resize(m);
  c.s1.resize(m);
  c.s2.resize(m);
  c.alpha.resize(m);
  c.gamma.resize(m);
  correlate<3>({&c.tricube, &c.tricube_x, &c.tricube_xx}, rw + lo, m, step, {c.s0.data(), c.s1.data(), c.s2.data()},
               c.full);
  const bool linear = c.span / 2 > 0 && c.degree > 0;
  c.any_failed = false;
  const double limit = 0.001 * (static_cast<double>(c.length) - 1.0);
  for (std::size_t k = 0; k < m; ++k) {
    const double a = c.s0[k];
    if (!(a > 0.0)) {
      c.alpha[k] = std::numeric_limits<double>::quiet_NaN();
      c.gamma[k] = 0.0;
      c.any_failed = true;
      continue;
    }
    double b = 0.0, mean = 0.0;
    if (linear) {
      mean = c.s1[k] / a;
      const double cc = c.s2[k] / a - mean * mean;
      if (cc > 0.0 && std::sqrt(cc) > limit) b = -mean / cc;
    }
    c.alpha[k] = (1.0 - b * mean) / a;
    c.gamma[k] = b / a;
  }
  c.weights_ready = true;
}

// Every interior fit (positions first, first + jump, ... < first + m * jump) of a gap-free series in one go.
void interior_fits(LoessCache& c, const ObservedPoints& points, const double* y, std::size_t stride,
                   bool use_robustness, std::size_t first, std::size_t m, double* out) {
  const std::size_t lo = first - static_cast<std::size_t>(c.span / 2);
  const auto step = static_cast<std::size_t>(c.jump);
  const double* v = points.values().data();
  c.s0.resize(m);
  if (!use_robustness) {
    if (!c.fixed_ok) {
      for (std::size_t k = 0; k < m; ++k) out[first + k * step] = y[(first + k * step) * stride];
      return;
    }
    if (step == 1) {  // straight into the output
      correlate<1>({&c.fixed}, v + lo, m, step, {out + first}, c.full);
      return;
    }
    correlate<1>({&c.fixed}, v + lo, m, step, {c.s0.data()}, c.full);
    for (std::size_t k = 0; k < m; ++k) out[first + k * step] = c.s0[k];
    return;
  }
  const double* rw = points.robustness().data();
  if (!c.weights_ready) build_robust_coefficients(c, rw, first, m);
  const std::size_t n = points.length();
  c.u.resize(n);
  for (std::size_t i = 0; i < n; ++i) c.u[i] = rw[i] * v[i];
  c.s1.resize(m);
  correlate<2>({&c.tricube, &c.tricube_x}, c.u.data() + lo, m, step, {c.s0.data(), c.s1.data()}, c.full);
  if (!c.any_failed) {  // the usual case: a branch-free loop the compiler vectorises
    double* o = out + first;
    for (std::size_t k = 0; k < m; ++k) o[k * step] = c.alpha[k] * c.s0[k] + c.gamma[k] * c.s1[k];
    return;
  }
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t i = first + k * step;
    out[i] = std::isnan(c.alpha[k]) ? y[i * stride] : c.alpha[k] * c.s0[k] + c.gamma[k] * c.s1[k];
  }
}

}  // namespace

void loess_smooth(const ObservedPoints& points, const double* y, std::size_t n, std::size_t stride,
                  const LoessSpec& spec, bool use_robustness, double* out, std::vector<double>& w,
                  LoessCache* cache) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n == 0) return;
  if (n < 2) {
    if (!points.fit_at(0.0, spec.span, spec.degree, use_robustness, out[0], w)) out[0] = y[0];
    return;
  }
  const auto fit_one = [&](std::size_t i) {
    if (!points.fit_at(static_cast<double>(i), spec.span, spec.degree, use_robustness, out[i], w)) {
      out[i] = y[i * stride];  // netlib falls back to the data; NaN here is repaired below
    }
  };
  const std::size_t jump = std::min<std::size_t>(static_cast<std::size_t>(spec.jump), n - 1);
  const bool fast = points.dense() && static_cast<std::size_t>(spec.span) < n && spec.span % 2 == 1;
  if (fast) {
    LoessCache local;
    LoessCache& c = cache ? *cache : local;
    if (c.span != spec.span || c.degree != spec.degree || c.jump != static_cast<int>(jump) || c.length != n) {
      build_kernel(c, spec.span, spec.degree, static_cast<int>(jump), n);
    }
    const auto half = static_cast<std::size_t>(spec.span / 2);
    const std::size_t first = ((half + jump - 1) / jump) * jump;  // first fit position with a full window
    const std::size_t m = first + half < n ? (n - 1 - half - first) / jump + 1 : 0;
    for (std::size_t i = 0; i < first; i += jump) fit_one(i);
    if (m > 0) interior_fits(c, points, y, stride, use_robustness, first, m, out);
    for (std::size_t i = first + m * jump; i < n; i += jump) fit_one(i);
  } else {
    for (std::size_t i = 0; i < n; i += jump) fit_one(i);
  }
  if (jump > 1) {
    std::size_t i = 0;
    for (; i + jump < n; i += jump) {
      const double delta = (out[i + jump] - out[i]) / static_cast<double>(jump);
      for (std::size_t j = i + 1; j < i + jump; ++j) out[j] = out[i] + delta * static_cast<double>(j - i);
    }
    const std::size_t k = ((n - 1) / jump) * jump;
    if (k != n - 1) {
      fit_one(n - 1);
      if (k != n - 2) {
        const double delta = (out[n - 1] - out[k]) / static_cast<double>(n - 1 - k);
        for (std::size_t j = k + 1; j < n - 1; ++j) out[j] = out[k] + delta * static_cast<double>(j - k);
      }
    }
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
    std::fill(out, out + n, nan);
  } else {
    for (std::size_t j = last_defined + 1; j < n; ++j) out[j] = out[last_defined];
  }
}

}  // namespace uptake::seasonal
