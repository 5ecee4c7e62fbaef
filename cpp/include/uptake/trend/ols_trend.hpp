#pragma once
// A trend regression on a time axis with missing rows, start to finish in one call: the rows that have a value,
// the design (const, trend, interventions), OLS, the chosen covariance (Newey-West, kernel HAC, fixed-b or
// classical), critical values and p-values, the residuals' lag-1 autocorrelation, and fitted values, residuals and
// fitted-mean standard errors on the full axis (NaN where y is missing). Python's ols_trend makes this one call for
// every OLS-based method, so a short series costs the arithmetic rather than a dozen glue round trips.
#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "uptake/trend/hac.hpp"
#include "uptake/trend/ols.hpp"

namespace uptake::trend {

enum class TrendCov { Classical, NeweyWest, KernelHac, FixedB };

struct TrendFitOptions {
  TrendCov cov = TrendCov::NeweyWest;
  int maxlags = -1;         // NeweyWest: < 0 means floor(4 (n/100)^(2/9))
  bool correction = true;   // n / (n - k) on HAC covariances
  bool use_t = true;        // Student t with n - k df, else the normal (not for FixedB)
  double conf = 0.95;
  bool log = false;         // fit log(y); the caller has checked y > 0 where observed
  KernelHacOptions hac;     // KernelHac (its `adjust` is taken from `correction`)
  double b = 0.5;           // FixedB: Bartlett bandwidth b * n, fixed-b critical values
};

struct TrendFit {
  std::vector<std::string> names;
  Eigen::VectorXd params, bse, tvalues, pvalues, crit;  // crit: critical value per term at `conf`
  Eigen::MatrixXd cov;
  int nobs = 0, df_resid = 0;
  int maxlags = 0;       // NeweyWest lags used (0 otherwise)
  int lags = 0;          // KernelHac / FixedB: non-zero lag weights
  double bandwidth = 0.0;
  double phi_hat = 0.0;  // lag-1 autocorrelation of the residuals over consecutive rows
  double phi = 0.0;      // bias-corrected
};

// y and t have n entries; t must be finite (NaN y marks a missing row). fitted, resid and fitted_se (n entries
// each, model scale) are written on the full axis, NaN where y is NaN; pass three null pointers to skip them
// (a caller that builds them only on demand). The n-sized working storage is kept per
// thread between calls: on a loaded machine fresh pages cost more than the regression. Throws
// std::invalid_argument with the messages ols_trend shows (fewer than 3 observed values, rank-deficient design,
// maxlags too large).
TrendFit ols_trend_fit(const double* y, const double* t, std::size_t n, const std::vector<Intervention>& interventions,
                       const TrendFitOptions& options, double* fitted, double* resid, double* fitted_se);

}  // namespace uptake::trend
