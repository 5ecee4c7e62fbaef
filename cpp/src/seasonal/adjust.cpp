#include "uptake/seasonal/adjust.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <Eigen/Sparse>

#include "uptake/seasonal/stl.hpp"

namespace uptake::seasonal {

namespace {

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument("seasonal_adjust: " + what); }

// Joint fit of x = T + X b over the observed rows, with the trend T penalised by lambda * ||D2 T||^2.
// Profiling T out gives b = (X'MX)^-1 X'M x with M = W - W A^-1 W, A = W + lambda D2'D2 (W: observed rows),
// solved exactly with one sparse banded factorisation.
struct SmoothTrendFit {
  Eigen::VectorXd coefficients;
  Eigen::VectorXd trend;
};

SmoothTrendFit fit_with_smooth_trend(const Eigen::VectorXd& x, const std::vector<bool>& observed,
                                     const Eigen::MatrixXd& X, double lambda) {
  const Eigen::Index n = x.size();
  std::vector<Eigen::Triplet<double>> triplets;
  triplets.reserve(static_cast<std::size_t>(n) * 5);
  // D2'D2 is pentadiagonal: accumulate (1, -2, 1)' (1, -2, 1) for each second difference.
  for (Eigen::Index i = 0; i + 2 < n; ++i) {
    const double c[3] = {1.0, -2.0, 1.0};
    for (int a = 0; a < 3; ++a) {
      for (int b = 0; b < 3; ++b) triplets.emplace_back(i + a, i + b, lambda * c[a] * c[b]);
    }
  }
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    w(i) = observed[static_cast<std::size_t>(i)] ? 1.0 : 0.0;
    triplets.emplace_back(i, i, w(i));
  }
  Eigen::SparseMatrix<double> A(n, n);
  A.setFromTriplets(triplets.begin(), triplets.end());
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(A);
  if (solver.info() != Eigen::Success) bad("the trend system could not be factorised (too few observed days?)");

  Eigen::VectorXd wx = w.cwiseProduct(x);
  const auto apply_m = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
    const Eigen::VectorXd wv = w.cwiseProduct(v);
    return wv - w.cwiseProduct(solver.solve(wv));
  };
  SmoothTrendFit fit;
  if (X.cols() > 0) {
    Eigen::MatrixXd MX(n, X.cols());
    for (Eigen::Index j = 0; j < X.cols(); ++j) MX.col(j) = apply_m(X.col(j));
    const Eigen::MatrixXd G = X.transpose() * MX;
    const Eigen::VectorXd rhs = MX.transpose() * wx;  // M is symmetric and M x = M (W x)
    fit.coefficients = G.completeOrthogonalDecomposition().solve(rhs);
  } else {
    fit.coefficients = Eigen::VectorXd(0);
  }
  const Eigen::VectorXd r = x - X * fit.coefficients;
  fit.trend = solver.solve(w.cwiseProduct(r));
  return fit;
}

}  // namespace

AdjustResult seasonal_adjust(const double* y, std::size_t n, Day start, const AdjustOptions& o) {
  if (n == 0) bad("the series is empty");
  if (o.iterations < 1) bad("iterations must be >= 1, got " + std::to_string(o.iterations));
  if (o.yearly_order < 1) bad("yearly_order must be >= 1, got " + std::to_string(o.yearly_order));
  if (!(o.trend_smoothness > 0.0)) bad("trend_smoothness must be > 0");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::VectorXd z(static_cast<Eigen::Index>(n));
  std::vector<bool> observed(n);
  std::size_t n_obs = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(y[i])) bad("infinite value at position " + std::to_string(i));
    observed[i] = !std::isnan(y[i]);
    if (observed[i]) ++n_obs;
    if (o.log && observed[i] && y[i] < 0.0) {
      bad("log=True needs non-negative counts; value " + std::to_string(y[i]) + " at position " + std::to_string(i) +
          " (" + format_iso_date(start + static_cast<Day>(i)) + ")");
    }
    z(static_cast<Eigen::Index>(i)) = observed[i] ? (o.log ? std::log1p(y[i]) : y[i]) : nan;
  }
  if (n_obs == 0) bad("every value is missing (NaN)");
  if (o.weekly && n < 14) bad("the weekly cycle needs at least two weeks of daily data, got " + std::to_string(n) + " days");
  if (o.yearly && n < 730) {
    bad("yearly terms need at least two years of daily data (730 days), got " + std::to_string(n) +
        "; pass yearly=False");
  }

  AdjustResult out;
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), 0);
  Eigen::Index n_fourier = 0;
  if (o.yearly) {
    X = fourier_terms(start, n, 365.25, o.yearly_order);
    n_fourier = X.cols();
  }
  Eigen::MatrixXd H = holiday_indicators(start, n, o.holidays, out.holiday_names, out.holiday_offsets,
                                         out.holiday_of_coefficient);
  // Centre holiday columns on the observed days so they leave the annual level alone.
  for (Eigen::Index j = 0; j < H.cols(); ++j) {
    double mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) mean += observed[i] ? H(static_cast<Eigen::Index>(i), j) : 0.0;
    mean /= static_cast<double>(n_obs);
    H.col(j).array() -= mean;
  }
  Eigen::MatrixXd design(static_cast<Eigen::Index>(n), X.cols() + H.cols());
  design << X, H;

  Eigen::VectorXd weekly = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  Eigen::VectorXd calendar = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  Eigen::VectorXd trend = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  SmoothTrendFit fit;
  for (int it = 0; it < o.iterations; ++it) {
    if (o.weekly) {
      std::vector<double> input(n);
      for (std::size_t i = 0; i < n; ++i) input[i] = z(static_cast<Eigen::Index>(i)) - calendar(static_cast<Eigen::Index>(i));
      StlOptions so;
      so.period = 7;
      so.seasonal = o.weekly_window;
      so.robust = true;
      const StlResult r = stl(input.data(), n, resolve_stl_params(so, n, DefaultsStyle::Statsmodels));
      for (std::size_t i = 0; i < n; ++i) {
        weekly(static_cast<Eigen::Index>(i)) = r.seasonal[i];
        trend(static_cast<Eigen::Index>(i)) = r.trend[i];
      }
    }
    Eigen::VectorXd x = z - weekly;
    for (std::size_t i = 0; i < n; ++i) {
      if (!observed[i]) x(static_cast<Eigen::Index>(i)) = 0.0;  // ignored: weight 0
    }
    fit = fit_with_smooth_trend(x, observed, design, o.trend_smoothness);
    calendar = design * fit.coefficients;
    trend = fit.trend;
    if (design.cols() == 0 && !o.weekly) break;
  }

  const auto to_vec = [&](const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); };
  Eigen::VectorXd yearly = design.leftCols(n_fourier) * fit.coefficients.head(n_fourier);
  Eigen::VectorXd holiday = design.rightCols(H.cols()) * fit.coefficients.tail(H.cols());
  out.weekly = to_vec(weekly);
  out.yearly = to_vec(yearly);
  out.holiday = to_vec(holiday);
  out.trend = to_vec(trend);
  out.yearly_coefficients = to_vec(fit.coefficients.head(n_fourier));
  out.holiday_coefficients = to_vec(fit.coefficients.tail(H.cols()));
  out.adjusted.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    if (!observed[i]) {
      out.adjusted[i] = nan;
      continue;
    }
    const double a = z(k) - weekly(k) - yearly(k) - holiday(k);
    out.adjusted[i] = o.log ? std::expm1(a) : a;
  }
  return out;
}

}  // namespace uptake::seasonal
