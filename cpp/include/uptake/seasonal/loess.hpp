#pragma once
// The loess smoother of STL (Cleveland et al. 1990; netlib `stlest`/`stless`), generalised to series with
// missing values: each fit uses the `span` nearest *observed* points and their true distances, so a series
// without NaN gives exactly the netlib result and a series with gaps is smoothed across them.
//
// Gap-free data (the usual case) take a faster road to the same numbers: every fit's window is fixed by its
// position alone, so its weights are computed once per shape (span, degree, jump, length) and kept in a
// LoessCache. Without robustness weights each fit is then one fixed kernel; with them, two weighted sums per fit
// and two coefficients that change only with the weights (see WindowKernel).
#include <cstddef>
#include <vector>

namespace uptake::seasonal {

struct LoessSpec {
  int span;    // number of points in each local fit (odd, >= 3)
  int degree;  // 0 (local mean) or 1 (local line)
  int jump;    // fit every `jump` positions and interpolate linearly between them
};

// The observed points of one series: positions (0-based), values and robustness weights.
class ObservedPoints {
 public:
  // Collects the non-NaN points of y (length n, spaced `stride` apart, starting at offset 0).
  // known_dense: the caller knows y has no NaN (skips the scan for missing values).
  void assign(const double* y, std::size_t n, std::size_t stride, const double* robustness, bool known_dense = false);
  std::size_t count() const noexcept { return count_; }
  std::size_t length() const noexcept { return length_; }

  // Local fit at position xs (may lie outside 0..length-1 for extrapolation). Returns false when every weight
  // in the window is zero (netlib's ok = .false.).
  bool fit_at(double xs, int span, int degree, bool use_robustness, double& out, std::vector<double>& w) const;

  bool dense() const noexcept { return count_ == length_; }
  // The first count() entries are in use.
  const std::vector<double>& values() const noexcept { return val_; }
  const std::vector<double>& robustness() const noexcept { return rw_; }

 private:
  std::vector<double> pos_, val_, rw_;
  std::size_t length_ = 0, count_ = 0, identity_ = 0;
};

// One local fit on a gap-free window: the fit at position xs uses the span points lo .. lo + span - 1.
//   t, tx, txx   netlib's tricube weights t (with its 0.001 h and 0.999 h cut-offs), t * x and t * x^2, where
//                x = position - xs;
//   fixed        the normalised, degree-corrected weights of the fit without robustness weights, computed in
//                ObservedPoints::fit_at's order, so sum(fixed * y) is that fit to the last bit (the all-phase
//                sweep's shared interior kernel takes the longest phase's degree-1 threshold; for a centred
//                window the slope term is zero up to rounding either way, so a shorter phase differs in rounding).
// With robustness weights rw the normalised netlib fit is (Sv + b (Sxv - mean Sv)) / a with a = S(t rw),
// mean = S(tx rw) / a, c = S(txx rw) / a - mean^2 and b = -mean / c, which is
//   alpha * S(t rw v) + gamma * S(tx rw v),  alpha = (1 - b mean) / a,  gamma = b / a,
// two coefficients that depend on the weights only. A failed fit (a <= 0) has alpha = NaN.
struct WindowKernel {
  double xs = 0.0;
  std::size_t lo = 0;
  bool linear = false;    // degree 1 and a window wider than one point
  double limit2 = 0.0;    // netlib's degree-1 condition sqrt(c) > 0.001 (length - 1), squared
  std::vector<double> t, tx, txx, fixed;
  bool fixed_ok = false;  // some tricube weight is positive
  double alpha = 0.0, gamma = 0.0;
};

// What one smoother keeps between calls on gap-free data of the same shape (span, degree, jump, length). The
// caller must forget_weights() when the robustness weights change.
struct LoessCache {
  void forget_weights() noexcept { weights_ready = false; }

  int span = 0, degree = -1, jump = 0;
  std::size_t length = 0;
  WindowKernel interior;             // the centred window every interior fit shares
  std::size_t first = 0, count = 0;  // interior fits at first, first + jump, ... (count of them)
  std::vector<std::size_t> edge_at;  // positions of the fits whose window is clamped at an end
  std::vector<WindowKernel> edges;   // their kernels
  bool weights_ready = false;
  bool any_failed = false;           // some robust interior fit had no weight: it falls back to the data
  std::vector<double> alpha, gamma, limit2;  // per interior fit
  std::vector<double> s0, s1, s2, u, full;   // scratch, reused
  ObservedPoints points;  // windows as long as the series: the general road
  std::vector<double> w;
};

// Smooths y at every position 0..n-1 (netlib `stless`); out must hold n values. Where a fit fails the data
// value is used, as in netlib; where that is missing too, the gap is filled by linear interpolation.
// `cache` (optional) lets gap-free points take the cached road (loess_smooth_dense).
void loess_smooth(const ObservedPoints& points, const double* y, std::size_t n, std::size_t stride,
                  const LoessSpec& spec, bool use_robustness, double* out, std::vector<double>& w,
                  LoessCache* cache = nullptr);

// loess_smooth for gap-free y[0..n) with robustness weights rw (nullptr: none), through the cache.
void loess_smooth_dense(const double* y, const double* rw, std::size_t n, const LoessSpec& spec, double* out,
                        LoessCache& cache);

// What the cycle-subseries smoother keeps between calls (see loess_smooth_subseries_dense).
struct SubseriesCache {
  void forget_weights() noexcept {
    all.forget_weights();
    for (auto& p : phase) p.forget_weights();
  }
  int period = 0;
  LoessCache all;                 // the interior fits of every phase at once
  std::vector<LoessCache> phase;  // per phase: its end and extrapolated fits (kernels only)
};

// netlib `stlss` on a gap-free series: smooths each cycle-subseries y[j], y[j + period], ... (j < period) and
// extrapolates one point at each end, writing subseries position q of phase j to cycle[(q + 1) * period + j]
// (cycle holds n + 2 period values). The interior fits of all phases are one sweep over the series with the
// kernel's taps `period` apart, which is what makes this faster than smoothing the phases one by one. Returns
// false, writing nothing, when that sweep does not apply (jump > 1, even span, a phase no longer than the span):
// the caller then smooths phase by phase.
bool loess_smooth_subseries_dense(const double* y, const double* rw, std::size_t n, std::size_t period,
                                  const LoessSpec& spec, double* cycle, SubseriesCache& cache);

}  // namespace uptake::seasonal
