#include "uptake/trend/trend_batch.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "uptake/core/parallel.hpp"
#include "uptake/seasonal/calendar_effects.hpp"
#include "uptake/trend/changepoints.hpp"
#include "uptake/trend/ols.hpp"

namespace uptake::trend {

std::vector<LogTrendRow> log_trend_many(const double* y, std::size_t rows, std::size_t cols, const std::vector<double>& t,
                                        const LogTrendBatchOptions& options) {
  if (t.size() != rows) {
    throw std::invalid_argument("log_trend_many: t has " + std::to_string(t.size()) + " values but the series have " +
                                std::to_string(rows) + " rows");
  }
  if (options.seasonal_order < 0) {
    throw std::invalid_argument("log_trend_many: seasonal_order must be >= 0, got " +
                                std::to_string(options.seasonal_order));
  }
  std::vector<std::string> names;
  const Eigen::MatrixXd trend = trend_design(t, {}, names);  // the same design as ols_trend: const, trend
  Eigen::MatrixXd design = trend, rich;
  if (options.seasonal_order > 0) {
    std::vector<Day> start(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      if (!std::isfinite(t[i])) throw std::invalid_argument("log_trend_many: t must be finite days");
      start[i] = options.first_day + static_cast<Day>(std::llround(t[i]));
    }
    const Eigen::MatrixXd yearly = seasonal::yearly_terms_of_sums(start, options.row_days, options.seasonal_order);
    design.resize(static_cast<Eigen::Index>(rows), trend.cols() + yearly.cols());
    design << trend, yearly;
    if (options.changepoints) {
      const int order = std::max(options.seasonal_order, options.break_seasonal_order);
      const Eigen::MatrixXd more = seasonal::yearly_terms_of_sums(start, options.row_days, order);
      rich.resize(static_cast<Eigen::Index>(rows), trend.cols() + more.cols());
      rich << trend, more;
    }
  }
  std::vector<LogTrendRow> out(cols);
  parallel_for(cols, options.threads, [&](std::size_t c) {
    const double* col = y + c * rows;
    std::vector<std::int64_t> pos;
    for (std::size_t i = 0; i < rows; ++i) {
      if (std::isfinite(col[i]) && col[i] > 0) pos.push_back(static_cast<std::int64_t>(i));
    }
    LogTrendRow& row = out[c];
    row.nobs = static_cast<int>(pos.size());
    // ols_trend falls back to OLS below k + 3 = 5 observations; the batch leaves those unfitted instead.
    if (pos.size() < std::max<std::size_t>(options.min_obs, 5)) return;
    const auto n = static_cast<Eigen::Index>(pos.size());
    const double span = t[static_cast<std::size_t>(pos.back())] - t[static_cast<std::size_t>(pos.front())] +
                        static_cast<double>(options.row_days);
    row.seasonal = options.seasonal_order > 0 && span >= options.seasonal_min_days;
    Eigen::Index k = row.seasonal ? design.cols() : trend.cols();
    // The holiday share is the design's last column. A column whose every observed row is outside the holiday
    // window (those weeks missing, e.g. left out of the rank's profile split) has nothing to estimate it from, but
    // the Fourier pairs still do: drop that one column, not the whole yearly model.
    if (row.seasonal) {
      bool holiday_seen = false;
      for (std::int64_t r : pos) holiday_seen = holiday_seen || design(static_cast<Eigen::Index>(r), k - 1) != 0.0;
      if (!holiday_seen) --k;
    }
    Eigen::MatrixXd X(n, k);
    Eigen::VectorXd v(n);
    const auto fill = [&] {
      X.resize(n, k);
      for (Eigen::Index i = 0; i < n; ++i) {
        const auto r = static_cast<Eigen::Index>(pos[static_cast<std::size_t>(i)]);
        X.row(i) = design.row(r).head(k);
        v(i) = std::log(col[r]);
      }
    };
    fill();
    // Two years of span do not make the yearly terms estimable: too few observed weeks, or too few spread over the
    // year. Such a package gets the plain trend (flagged as unadjusted), never a failed batch.
    if (row.seasonal && (n < k + 3 || Eigen::ColPivHouseholderQR<Eigen::MatrixXd>(X).rank() < k)) {
      row.seasonal = false;
      k = trend.cols();
      fill();
    }
    PraisWinstenFit fit;
    try {
      fit = prais_winsten(X, v, pos, options.pw);
    } catch (const std::invalid_argument& ex) {
      // One series the model cannot fit (e.g. a degenerate design) is reported, not allowed to sink the batch.
      row = LogTrendRow{};
      row.nobs = static_cast<int>(n);
      row.error = ex.what();
      return;
    }
    const double se = std::sqrt(std::max(fit.cov(1, 1), 0.0));
    row.fitted = true;
    row.slope = fit.params(1);
    row.crit = fit.crit(1);
    row.slope_low = row.slope - row.crit * se;
    row.slope_high = row.slope + row.crit * se;
    const Eigen::RowVectorXd last = X.row(n - 1);
    row.level = last * fit.params;
    row.level_se = std::sqrt(std::max(static_cast<double>(last * fit.cov * last.transpose()), 0.0));
    row.phi = fit.phi;
    row.bootstrapped = fit.bootstrapped;
    row.near_unit_root = fit.phi >= options.near_unit_root;
    if (options.changepoints) {
      // Breaks of the seasonally adjusted series: a holiday dip is not a change of level.
      if (row.seasonal) {
        Eigen::MatrixXd Z(n, rich.cols());
        for (Eigen::Index i = 0; i < n; ++i) Z.row(i) = rich.row(static_cast<Eigen::Index>(pos[static_cast<std::size_t>(i)]));
        const Eigen::VectorXd b = Z.colPivHouseholderQr().solve(v);
        v -= Z.rightCols(Z.cols() - 2) * b.tail(Z.cols() - 2);
      }
      // Autocorrelated noise wanders in runs that a penalty scaled by the white-noise variance reads as breaks
      // (nearly every series with phi >= 0.5 was flagged). A spurious split's cost reduction scales with the
      // long-run variance, so the MBIC penalty (2 + 2 per linear segment) uses that scale. The fit's phi cannot
      // give it (a real jump left in the residuals pushes phi towards 1 and would hide itself); trimmed
      // difference variances can (long_run_noise_scale).
      const Eigen::VectorXd detrended = v - fit.params(1) * X.col(1);
      const double scale = long_run_noise_scale(detrended.data(), static_cast<std::size_t>(n));
      const double penalty = 4.0 * scale * scale * std::log(static_cast<double>(n));
      const Changepoints cp = detect_changepoints(v.data(), static_cast<std::size_t>(n), CpMethod::Pelt, CpCost::Linear,
                                                  PenaltyRule::Given, penalty, 3);
      for (std::size_t b : cp.breaks) row.breaks.push_back(static_cast<std::size_t>(pos[b]));
    }
  });
  return out;
}

}  // namespace uptake::trend
