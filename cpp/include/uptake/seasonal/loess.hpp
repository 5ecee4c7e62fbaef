#pragma once
// The loess smoother of STL (Cleveland et al. 1990; netlib `stlest`/`stless`), generalised to series with
// missing values: each fit uses the `span` nearest *observed* points and their true distances, so a series
// without NaN gives exactly the netlib result and a series with gaps is smoothed across them.
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

// What one smoother keeps between calls on gap-free data of the same shape (span, degree, jump, length).
// Interior fits all see the same window, so their tricube weights are computed once; without robustness
// weights the whole fit is then one fixed kernel. With robustness weights, everything but the data part of
// the fit depends only on the weights: two coefficients per fit, kept until forget_weights() is called, so
// the inner iterations of one robust pass only redo two weighted sums per point.
struct LoessCache {
  void forget_weights() noexcept { weights_ready = false; }

  int span = 0, degree = -1, jump = 0;
  std::size_t length = 0;
  std::vector<double> tricube, tricube_x, tricube_xx, fixed;  // by offset 0..span-1 in the window
  bool fixed_ok = false;
  bool weights_ready = false;
  bool any_failed = false;  // some robust interior fit had no weight (alpha NaN): it falls back to the data
  std::vector<double> alpha, gamma;       // robust fit = alpha * S(t rw v) + gamma * S(t x rw v), per interior fit
  std::vector<double> s0, s1, s2, u, full;  // scratch, reused
};

// Smooths y at every position 0..n-1 (netlib `stless`); out must hold n values. Where a fit fails the data
// value is used, as in netlib; where that is missing too, the gap is filled by linear interpolation.
// `cache` (optional) carries reusable kernels across calls; the caller must forget_weights() when the
// robustness weights change.
void loess_smooth(const ObservedPoints& points, const double* y, std::size_t n, std::size_t stride,
                  const LoessSpec& spec, bool use_robustness, double* out, std::vector<double>& w,
                  LoessCache* cache = nullptr);

}  // namespace uptake::seasonal
