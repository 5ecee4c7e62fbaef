#include "uptake/seasonal/stl.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "uptake/core/vector_dispatch.hpp"
#include "uptake/seasonal/loess.hpp"

namespace uptake::seasonal {

namespace {

int next_odd(int x) { return x % 2 == 0 ? x + 1 : x; }
int ceil_tenth(int window) { return (window + 9) / 10; }

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument("stl: " + what); }

void require_odd_at_least_3(const char* name, int value) {
  if (value < 3 || value % 2 == 0) {
    bad(std::string(name) + " must be an odd integer >= 3, got " + std::to_string(value));
  }
}

// netlib `stlma`: moving average of length len. Short windows (the period of daily or monthly data) add each window
// directly, len passes over the output that vectorise, instead of netlib's running sum, whose every step waits for
// the one before; the two agree to rounding. Long windows keep the running sum. (len >= 2: a period or 3.)
UPTAKE_DISPATCH_AVX2 void moving_average(const double* __restrict x, std::size_t n, std::size_t len,
                                         double* __restrict ave) {
  const std::size_t newn = n - len + 1;
  const double flen = static_cast<double>(len);
  if (len <= 16) {
    // The last pass scales by 1 / len: a vector division costs several multiplies, and this one dominated.
    const double inverse = 1.0 / flen;
    for (std::size_t j = 0; j < newn; ++j) ave[j] = x[j];
    for (std::size_t i = 1; i + 1 < len; ++i) {
      for (std::size_t j = 0; j < newn; ++j) ave[j] += x[j + i];
    }
    for (std::size_t j = 0; j < newn; ++j) ave[j] = (ave[j] + x[j + len - 1]) * inverse;
    return;
  }
  double v = 0.0;
  for (std::size_t i = 0; i < len; ++i) v += x[i];
  ave[0] = v / flen;
  for (std::size_t j = 1, k = len, m = 0; j < newn; ++j, ++k, ++m) {
    v = v - x[m] + x[k];
    ave[j] = v / flen;
  }
}

// Working storage of one decomposition, allocated once.
struct Workspace {
  std::vector<double> detrended, cycle, ma1, ma2, lowpass, deseasonalized, sub_out, w, fit, scratch, band;
  ObservedPoints points;
  // One per smoother: the cycle-subseries (all phases in one sweep, or one per phase), the low-pass and the trend.
  SubseriesCache subseries;
  std::vector<LoessCache> subseries_cache;
  LoessCache low_pass_cache, trend_cache;
  bool dense = false;  // the series has no NaN, so neither has anything derived from it

  void forget_weights() {
    subseries.forget_weights();
    for (auto& c : subseries_cache) c.forget_weights();
    trend_cache.forget_weights();
  }
};

// netlib `stlss`: smooth each cycle-subseries and extrapolate one point at each end, giving n + 2*period values.
void smooth_cycle_subseries(const double* y, std::size_t n, const StlParams& p, const double* rw, bool userw,
                            double* cycle, Workspace& ws) {
  const auto np = static_cast<std::size_t>(p.period);
  const LoessSpec spec{p.seasonal, p.seasonal_deg, p.seasonal_jump};
  if (ws.dense && loess_smooth_subseries_dense(y, userw ? rw : nullptr, n, np, spec, cycle, ws.subseries)) return;
  for (std::size_t j = 0; j < np; ++j) {
    const std::size_t k = (n - j - 1) / np + 1;
    ws.points.assign(y + j, k, np, userw ? rw + j : nullptr, ws.dense);
    if (ws.points.count() == 0) {
      bad("no observed value at cycle position " + std::to_string(j) + " (every value of that phase is NaN)");
    }
    ws.sub_out.resize(std::max(ws.sub_out.size(), k + 2));  // every entry is written below
    loess_smooth(ws.points, y + j, k, np, spec, userw, ws.sub_out.data() + 1, ws.w, &ws.subseries_cache[j]);
    if (!ws.points.fit_at(-1.0, p.seasonal, p.seasonal_deg, userw, ws.sub_out[0], ws.w)) ws.sub_out[0] = ws.sub_out[1];
    if (!ws.points.fit_at(static_cast<double>(k), p.seasonal, p.seasonal_deg, userw, ws.sub_out[k + 1], ws.w)) {
      ws.sub_out[k + 1] = ws.sub_out[k];
    }
    for (std::size_t m = 0; m < k + 2; ++m) cycle[m * np + j] = ws.sub_out[m];
  }
}

// The two middle order statistics of v[0..m) (equal for odd m), reordering v. A sample of evenly spaced values
// brackets the middle ranks with two pivots; one branch-free pass counts the values below the bracket and gathers
// those inside it, and only that band (about a tenth of the values) is selected exactly. nth_element on all of v
// mispredicts about every other comparison and cost as much as the rest of a robust pass. When the bracket misses
// (adversarial orderings), nth_element on everything gives the same answer.
void middle_pair(std::vector<double>& v, std::size_t m, double& lower, double& upper, std::vector<double>& band) {
  const std::size_t hi_rank = m / 2, lo_rank = m - m / 2 - 1;
  const auto at = [](std::size_t i) { return static_cast<std::ptrdiff_t>(i); };
  if (m >= 1024) {
    constexpr std::size_t kSample = 128, kMargin = 12;  // ranks kMargin either side: ~4 standard deviations
    std::array<double, kSample> sample;
    for (std::size_t i = 0; i < kSample; ++i) sample[i] = v[i * m / kSample];
    std::sort(sample.begin(), sample.end());
    const double lo = sample[kSample / 2 - kMargin], hi = sample[kSample / 2 + kMargin - 1];
    band.resize(m);
    std::size_t below = 0, inside = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double x = v[i];
      const bool under = x < lo;
      below += under ? 1 : 0;
      band[inside] = x;
      inside += !under && x <= hi ? 1 : 0;
    }
    if (below <= lo_rank && hi_rank < below + inside) {
      const std::size_t k = hi_rank - below;
      std::nth_element(band.begin(), band.begin() + at(k), band.begin() + at(inside));
      upper = band[k];
      // For even m, below <= lo_rank = hi_rank - 1 makes k >= 1: the lower middle value is in the band too.
      lower = lo_rank == hi_rank ? upper : *std::max_element(band.begin(), band.begin() + at(k));
      return;
    }
  }
  std::nth_element(v.begin(), v.begin() + at(hi_rank), v.begin() + at(m));
  upper = v[hi_rank];
  // For even m the other middle order statistic is the largest of the lower part nth_element left behind.
  lower = lo_rank == hi_rank ? upper : *std::max_element(v.begin(), v.begin() + at(hi_rank));
}

// netlib `stlrwt`: bisquare weights from |residual| / (6 * median |residual|), over the observed points.
void robustness_weights(const double* y, std::size_t n, const double* fit, double* rw, std::vector<double>& scratch,
                        std::vector<double>& band) {
  scratch.resize(n);
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {  // the observed residuals, gathered without a branch
    scratch[m] = std::fabs(y[i] - fit[i]);
    m += std::isnan(y[i]) ? 0 : 1;
  }
  double r1 = 0.0, r2 = 0.0;
  middle_pair(scratch, m, r2, r1, band);
  const double cmad = 3.0 * (r1 + r2);
  const double c9 = 0.999 * cmad, c1 = 0.001 * cmad;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = std::fabs(y[i] - fit[i]);
    const double u = r / cmad;
    const double bisquare = (1.0 - u * u) * (1.0 - u * u);
    const double w = r <= c1 ? 1.0 : r <= c9 ? bisquare : 0.0;
    rw[i] = std::isnan(y[i]) ? 0.0 : w;
  }
}

// netlib `stlstp`: the inner loop.
void inner_loop(const double* y, std::size_t n, const StlParams& p, const double* rw, bool userw, double* season,
                double* trend, Workspace& ws) {
  const auto np = static_cast<std::size_t>(p.period);
  for (int iter = 0; iter < p.inner_iter; ++iter) {
    for (std::size_t i = 0; i < n; ++i) ws.detrended[i] = y[i] - trend[i];
    smooth_cycle_subseries(ws.detrended.data(), n, p, rw, userw, ws.cycle.data(), ws);
    // Low-pass filter of the cycle-subseries: MA(np), MA(np), MA(3), then loess.
    moving_average(ws.cycle.data(), n + 2 * np, np, ws.ma1.data());
    moving_average(ws.ma1.data(), n + np + 1, np, ws.ma2.data());
    moving_average(ws.ma2.data(), n + 2, 3, ws.ma1.data());
    // The cycle is defined everywhere (its fits bridge gaps), so its low-pass is gap-free whatever y is.
    loess_smooth_dense(ws.ma1.data(), nullptr, n, LoessSpec{p.low_pass, p.low_pass_deg, p.low_pass_jump},
                       ws.lowpass.data(), ws.low_pass_cache);
    for (std::size_t i = 0; i < n; ++i) season[i] = ws.cycle[np + i] - ws.lowpass[i];
    for (std::size_t i = 0; i < n; ++i) ws.deseasonalized[i] = y[i] - season[i];
    const LoessSpec trend_spec{p.trend, p.trend_deg, p.trend_jump};
    if (ws.dense) {
      loess_smooth_dense(ws.deseasonalized.data(), userw ? rw : nullptr, n, trend_spec, trend, ws.trend_cache);
    } else {
      ws.points.assign(ws.deseasonalized.data(), n, 1, userw ? rw : nullptr);
      loess_smooth(ws.points, ws.deseasonalized.data(), n, 1, trend_spec, userw, trend, ws.w, &ws.trend_cache);
    }
  }
}

}  // namespace

DefaultsStyle parse_defaults_style(std::string_view text) {
  if (text == "statsmodels") return DefaultsStyle::Statsmodels;
  if (text == "r" || text == "R") return DefaultsStyle::R;
  throw std::invalid_argument("stl: defaults must be 'statsmodels' or 'r', got '" + std::string(text) + "'");
}

StlParams resolve_stl_params(const StlOptions& o, std::size_t n, DefaultsStyle style) {
  if (o.period < 2) bad("period must be >= 2, got " + std::to_string(o.period));
  const bool r = style == DefaultsStyle::R;
  StlParams p{};
  p.period = o.period;
  p.robust = o.robust;
  p.periodic = o.periodic;
  if (o.periodic) {
    if (o.seasonal) bad("give either seasonal or periodic=True, not both");
    p.seasonal = static_cast<int>(10 * n + 1);
    p.seasonal_deg = 0;  // R forces degree 0 for a periodic seasonal
  } else {
    p.seasonal = o.seasonal.value_or(7);
    require_odd_at_least_3("seasonal", p.seasonal);
    p.seasonal_deg = o.seasonal_deg.value_or(r ? 0 : 1);
  }
  if (o.trend) {
    p.trend = *o.trend;
  } else {
    // R: nextodd(ceiling(1.5 * period / (1 - 1.5 / s.window))); statsmodels the same formula.
    const double t = std::ceil(1.5 * p.period / (1.0 - 1.5 / p.seasonal));
    p.trend = next_odd(static_cast<int>(t));
  }
  p.low_pass = o.low_pass ? *o.low_pass : (r ? next_odd(p.period) : next_odd(p.period + 1));
  p.trend_deg = o.trend_deg.value_or(1);
  p.low_pass_deg = o.low_pass_deg.value_or(r ? p.trend_deg : 1);
  p.seasonal_jump = o.seasonal_jump.value_or(r ? ceil_tenth(p.seasonal) : 1);
  p.trend_jump = o.trend_jump.value_or(r ? ceil_tenth(p.trend) : 1);
  p.low_pass_jump = o.low_pass_jump.value_or(r ? ceil_tenth(p.low_pass) : 1);
  p.inner_iter = o.inner_iter.value_or(o.robust ? (r ? 1 : 2) : (r ? 2 : 5));
  p.outer_iter = o.outer_iter.value_or(o.robust ? 15 : 0);
  validate_stl_params(p, n);
  return p;
}

void validate_stl_params(const StlParams& p, std::size_t n) {
  if (p.period < 2) bad("period must be >= 2, got " + std::to_string(p.period));
  if (n < 2 * static_cast<std::size_t>(p.period)) {
    bad("needs at least two full cycles (2 x period = " + std::to_string(2 * p.period) + " observations), got " +
        std::to_string(n));
  }
  require_odd_at_least_3("seasonal", p.seasonal);
  require_odd_at_least_3("trend", p.trend);
  require_odd_at_least_3("low_pass", p.low_pass);
  const std::pair<const char*, int> degrees[] = {
      {"seasonal_deg", p.seasonal_deg}, {"trend_deg", p.trend_deg}, {"low_pass_deg", p.low_pass_deg}};
  for (const auto& [name, value] : degrees) {
    if (value != 0 && value != 1) bad(std::string(name) + " must be 0 or 1, got " + std::to_string(value));
  }
  const std::pair<const char*, int> jumps[] = {
      {"seasonal_jump", p.seasonal_jump}, {"trend_jump", p.trend_jump}, {"low_pass_jump", p.low_pass_jump}};
  for (const auto& [name, value] : jumps) {
    if (value < 1) bad(std::string(name) + " must be >= 1, got " + std::to_string(value));
  }
  if (p.inner_iter < 1) bad("inner_iter must be >= 1, got " + std::to_string(p.inner_iter));
  if (p.outer_iter < 0) bad("outer_iter must be >= 0, got " + std::to_string(p.outer_iter));
}

StlResult stl(const double* y, std::size_t n, const StlParams& p) {
  StlResult out;
  out.params = p;
  out.seasonal.resize(n);
  out.trend.resize(n);
  out.resid.resize(n);
  out.weights.resize(n);
  stl_into(y, n, p, out.seasonal.data(), out.trend.data(), out.resid.data(), out.weights.data());
  return out;
}

void stl_into(const double* y, std::size_t n, const StlParams& p, double* seasonal, double* trend, double* resid,
              double* weights) {
  validate_stl_params(p, n);
  std::size_t observed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(y[i])) bad("infinite value at position " + std::to_string(i) + "; use NaN for missing values");
    if (!std::isnan(y[i])) ++observed;
  }
  if (observed == 0) bad("every value is missing (NaN)");

  const auto np = static_cast<std::size_t>(p.period);
  // One workspace per thread, kept between calls: a batch of same-shaped series (stl_many, mstl's passes)
  // reuses its buffers and loess kernels instead of rebuilding them per series.
  thread_local Workspace ws;
  ws.dense = observed == n;
  ws.forget_weights();
  ws.detrended.resize(n);
  ws.cycle.resize(n + 2 * np);
  ws.ma1.resize(n + 2 * np);
  ws.ma2.resize(n + 2 * np);
  ws.lowpass.resize(n);
  ws.deseasonalized.resize(n);
  ws.subseries_cache.resize(np);

  std::fill_n(seasonal, n, 0.0);
  std::fill_n(trend, n, 0.0);
  std::fill_n(weights, n, 1.0);
  std::vector<double>& fit = ws.fit;
  fit.resize(n);
  bool userw = false;
  for (int k = 0;; ++k) {
    inner_loop(y, n, p, weights, userw, seasonal, trend, ws);
    if (k >= p.outer_iter) break;
    for (std::size_t i = 0; i < n; ++i) fit[i] = trend[i] + seasonal[i];
    robustness_weights(y, n, fit.data(), weights, ws.scratch, ws.band);
    ws.forget_weights();
    userw = true;
  }
  if (p.outer_iter <= 0) std::fill_n(weights, n, 1.0);

  if (p.periodic) {
    // R: the seasonal becomes exactly periodic, the mean of each cycle position.
    for (std::size_t j = 0; j < np; ++j) {
      double sum = 0.0;
      std::size_t count = 0;
      for (std::size_t i = j; i < n; i += np, ++count) sum += seasonal[i];
      const double mean = sum / static_cast<double>(count);
      for (std::size_t i = j; i < n; i += np) seasonal[i] = mean;
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < n; ++i) {
    resid[i] = y[i] - seasonal[i] - trend[i];
    if (std::isnan(y[i])) weights[i] = nan;
  }
}

}  // namespace uptake::seasonal
