#include "uptake/seasonal/loess.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace uptake::seasonal {

void ObservedPoints::assign(const double* y, std::size_t n, std::size_t stride, const double* robustness) {
  // Called several times per STL pass: write into pre-sized buffers rather than growing them.
  pos_.resize(n);
  val_.resize(n);
  rw_.resize(n);
  length_ = n;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = y[i * stride];
    if (std::isnan(v)) continue;
    pos_[k] = static_cast<double>(i);
    val_[k] = v;
    rw_[k] = robustness ? robustness[i * stride] : 1.0;
    ++k;
  }
  pos_.resize(k);
  val_.resize(k);
  rw_.resize(k);
}

bool ObservedPoints::fit_at(double xs, int span, int degree, bool use_robustness, double& out,
                            std::vector<double>& w) const {
  const std::size_t m = pos_.size();
  if (m == 0) return false;
  const auto len = static_cast<std::size_t>(span);
  // Window: the `span` observed points nearest to xs; with no gaps this is netlib's centred window,
  // clamped at the ends.
  std::size_t lo = 0, hi = m;  // half-open [lo, hi)
  if (len < m) {
    const std::size_t p = static_cast<std::size_t>(std::lower_bound(pos_.begin(), pos_.end(), xs) - pos_.begin());
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

// Interior fits on gap-free data all see the same window shape: `span` points centred on xs, h = span / 2.
// Their tricube weights are computed once; without robustness weights the whole fit is a fixed kernel
// (the degree-1 correction included), so each fit is one dot product.
class InteriorKernel {
 public:
  InteriorKernel(int span, int degree, std::size_t length) : half_(static_cast<std::size_t>(span / 2)), degree_(degree) {
    const auto len = static_cast<std::size_t>(span);
    const double h = static_cast<double>(half_);
    const double h9 = 0.999 * h, h1 = 0.001 * h;
    tricube_.assign(len, 0.0);
    for (std::size_t j = 0; j < len; ++j) {
      const double r = std::fabs(static_cast<double>(j) - h);
      if (r <= h1) {
        tricube_[j] = 1.0;
      } else if (r <= h9) {
        const double q = r / h;
        const double t = 1.0 - q * q * q;
        tricube_[j] = t * t * t;
      }
    }
    range_ = static_cast<double>(length) - 1.0;
    fixed_ = tricube_;
    fixed_ok_ = normalise(fixed_);
  }

  std::size_t half() const noexcept { return half_; }

  // Fit centred at values[centre] (contiguous), optional robustness weights aligned with values.
  bool fit(const double* values, const double* rw, std::size_t centre, double& out) const {
    const std::size_t lo = centre - half_;
    if (!rw) {
      if (!fixed_ok_) return false;
      double ys = 0.0;
      for (std::size_t j = 0; j < fixed_.size(); ++j) ys += fixed_[j] * values[lo + j];
      out = ys;
      return true;
    }
    // Robust fit in one pass: with weights w, centred positions x and values v, the normalised netlib fit is
    // (Sv + b (Sxv - mean Sv)) / a with a = Sw, mean = Sx / a, c = Sxx / a - mean^2, b = -mean / c.
    double a = 0.0, sx = 0.0, sxx = 0.0, sv = 0.0, sxv = 0.0;
    for (std::size_t j = 0; j < tricube_.size(); ++j) {
      const double wj = tricube_[j] * rw[lo + j];
      const double x = static_cast<double>(j) - static_cast<double>(half_);
      const double v = values[lo + j];
      a += wj;
      sx += wj * x;
      sxx += wj * x * x;
      sv += wj * v;
      sxv += wj * x * v;
    }
    if (a <= 0.0) return false;
    double ys = sv / a;
    if (half_ > 0 && degree_ > 0) {
      const double mean = sx / a;
      const double c = sxx / a - mean * mean;
      if (c > 0.0 && std::sqrt(c) > 0.001 * range_) ys += (-mean / c) * (sxv - mean * sv) / a;
    }
    out = ys;
    return true;
  }

 private:
  // netlib's normalisation and degree-1 correction for a window at offsets 0..len-1 evaluated at `half`.
  bool normalise(std::vector<double>& w) const {
    double a = 0.0;
    for (double v : w) a += v;
    if (a <= 0.0) return false;
    for (double& v : w) v /= a;
    if (half_ > 0 && degree_ > 0) {
      const double xs = static_cast<double>(half_);
      double mean = 0.0;
      for (std::size_t j = 0; j < w.size(); ++j) mean += w[j] * static_cast<double>(j);
      double b = xs - mean;
      double c = 0.0;
      for (std::size_t j = 0; j < w.size(); ++j) {
        const double d = static_cast<double>(j) - mean;
        c += w[j] * d * d;
      }
      if (std::sqrt(c) > 0.001 * range_) {
        b /= c;
        for (std::size_t j = 0; j < w.size(); ++j) w[j] *= b * (static_cast<double>(j) - mean) + 1.0;
      }
    }
    return true;
  }

  std::size_t half_;
  int degree_;
  double range_ = 0.0;
  std::vector<double> tricube_, fixed_;
  bool fixed_ok_ = false;
};

}  // namespace

void loess_smooth(const ObservedPoints& points, const double* y, std::size_t n, std::size_t stride,
                  const LoessSpec& spec, bool use_robustness, double* out, std::vector<double>& w) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n == 0) return;
  if (n < 2) {
    if (!points.fit_at(0.0, spec.span, spec.degree, use_robustness, out[0], w)) out[0] = y[0];
    return;
  }
  const bool fast = points.dense() && static_cast<std::size_t>(spec.span) < n && spec.span % 2 == 1;
  std::optional<InteriorKernel> kernel;
  if (fast) kernel.emplace(spec.span, spec.degree, n);
  const double* rw = use_robustness ? points.robustness().data() : nullptr;
  const auto fit = [&](std::size_t i) {
    bool ok;
    if (kernel && i >= kernel->half() && i + kernel->half() < n) {
      ok = kernel->fit(points.values().data(), rw, i, out[i]);
    } else {
      ok = points.fit_at(static_cast<double>(i), spec.span, spec.degree, use_robustness, out[i], w);
    }
    if (!ok) out[i] = y[i * stride];  // netlib falls back to the data; NaN here is repaired below
  };
  const std::size_t jump = std::min<std::size_t>(static_cast<std::size_t>(spec.jump), n - 1);
  for (std::size_t i = 0; i < n; i += jump) fit(i);
  if (jump > 1) {
    std::size_t i = 0;
    for (; i + jump < n; i += jump) {
      const double delta = (out[i + jump] - out[i]) / static_cast<double>(jump);
      for (std::size_t j = i + 1; j < i + jump; ++j) out[j] = out[i] + delta * static_cast<double>(j - i);
    }
    const std::size_t k = ((n - 1) / jump) * jump;
    if (k != n - 1) {
      fit(n - 1);
      if (k != n - 2) {
        const double delta = (out[n - 1] - out[k]) / static_cast<double>(n - 1 - k);
        for (std::size_t j = k + 1; j < n - 1; ++j) out[j] = out[k] + delta * static_cast<double>(j - k);
      }
    }
  }
  // Failed fits at missing points: interpolate between the nearest defined neighbours.
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
