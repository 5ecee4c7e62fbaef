#pragma once
// Trend regression with AR(1) errors by Prais-Winsten feasible GLS, with a bias-corrected AR coefficient and a
// parametric AR(1) bootstrap-t when the errors are persistent; best linear unbiased prediction of future values
// (Goldberger 1962) with prediction intervals. Adoption series are strongly autocorrelated week to week: OLS with a
// short-lag HAC covers a 95% slope interval only 70% of the time at phi = 0.8 (methods-intervals.md section 3).
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace uptake::trend {

// The downward bias of the lag-1 autocorrelation of detrended residuals is about (2 + 4 phi) / n: phi~ = phi^ +
// (2 + 4 phi^) / n, kept within [-0.99, 0.99] (past 0.99 the transform loses the level).
double bias_corrected_phi(double phi_hat, int n) noexcept;

// Lag-1 autocorrelation coefficient sum e_t e_{t-1} / sum e_{t-1}^2 over consecutive positions only.
double ar1_coefficient(const Eigen::VectorXd& resid, const std::vector<std::int64_t>& pos);

enum class BootstrapMode { Never, Auto, Always };

struct PraisWinstenOptions {
  bool estimate_phi = true;  // false: use `phi` as given
  double phi = 0.0;
  bool bias_correct = true;
  BootstrapMode bootstrap = BootstrapMode::Auto;
  double bootstrap_above = 0.7;  // Auto: bootstrap-t when phi~ exceeds this
  int replications = 999;
  std::uint64_t seed = 12;
  double conf = 0.95;
};

struct PraisWinstenFit {
  Eigen::VectorXd params, bse;
  Eigen::MatrixXd cov;  // s^2 (X*'X*)^-1
  Eigen::VectorXd fitted, resid;  // X beta and y - X beta on the original scale
  double phi_hat = 0.0, phi = 0.0;  // OLS lag-1 coefficient and the phi used (bias-corrected unless fixed)
  double sigma = 0.0;               // innovation standard deviation, sqrt(RSS* / (n - k))
  int nobs = 0, df_resid = 0;
  bool bootstrapped = false;
  int replications = 0;
  std::uint64_t seed = 0;
  Eigen::VectorXd crit;      // per coefficient: t_{n-k} quantile, or the bootstrap quantile of |t*|
  Eigen::MatrixXd abs_tau;   // bootstrap |t*| draws (replications x k), each column sorted; empty without bootstrap
};

// pos: integer positions of the rows on a regular grid (gaps allowed: the AR(1) transform uses phi^gap).
PraisWinstenFit prais_winsten(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos,
                              const PraisWinstenOptions& options);

struct AR1Prediction {
  Eigen::VectorXd estimate;       // x'beta + phi^h u_T (h = steps past the last observation; 0 for h <= 0)
  Eigen::VectorXd mean_low, mean_high;  // trend line x'beta +- crit se (a confidence band, not a forecast)
  Eigen::VectorXd low, high;      // prediction interval for the value itself
  Eigen::VectorXd se;             // analytic forecast standard error sqrt(d'Vd + sigma^2 (1 - phi^2h) / (1 - phi^2))
  bool bootstrapped = false;      // low/high from bootstrap future paths (phi uncertainty included)
};

// Predict at design rows Xnew and grid positions pos_new, re-running the fit's bootstrap (same seed) when the fit
// was bootstrapped so that phi's uncertainty reaches the prediction interval.
AR1Prediction prais_winsten_predict(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                    const std::vector<std::int64_t>& pos, const PraisWinstenOptions& options,
                                    const Eigen::MatrixXd& Xnew, const std::vector<std::int64_t>& pos_new);

}  // namespace uptake::trend
