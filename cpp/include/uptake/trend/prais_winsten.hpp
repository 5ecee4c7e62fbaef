#pragma once
// Trend regression with AR(p) errors by Prais-Winsten-type feasible GLS, with bias-corrected AR coefficients and a
// parametric AR(p) (sieve) bootstrap-t when the errors are persistent; best linear unbiased prediction of future
// values (Goldberger 1962) with prediction intervals. Adoption series are strongly autocorrelated week to week: OLS
// with a short-lag HAC covers a 95% slope interval only 70% of the time at phi = 0.8 (methods-intervals.md section
// 3). The order p is fixed (1 by default: classic Prais-Winsten) or chosen by AIC/BIC (ar_errors.hpp).
#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "uptake/trend/ar_errors.hpp"

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
  // AR order: > 0 fixed, 0 chosen by `criterion` among 1..max_order (0: default_max_ar_order(n)). Rows with gaps
  // (missing values) and a fixed phi use AR(1), whose transform handles gaps.
  int ar_order = 1;
  int max_order = 0;
  OrderCriterion criterion = OrderCriterion::BIC;
  int bias_replications = 200;  // simulations estimating the bias of AR(p > 1) coefficients (Kilian 1998)
};

struct PraisWinstenFit {
  Eigen::VectorXd params, bse;
  Eigen::MatrixXd cov;  // s^2 (X*'X*)^-1
  Eigen::VectorXd fitted, resid;  // X beta and y - X beta on the original scale
  double phi_hat = 0.0, phi = 0.0;  // OLS lag-1 coefficient and the phi used (bias-corrected unless fixed); for
                                    // p > 1 phi is the persistence: the sum of the bias-corrected coefficients
  int ar_order = 1;
  Eigen::VectorXd ar_coef_hat, ar_coef;  // least-squares and bias-corrected AR coefficients (ar_coef(0) = phi if p = 1)
  double half_life = 0.0;                // periods until the impulse response of the AR model halves
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
  Eigen::VectorXd estimate;       // x'beta + E[u_(T+h) | u_T..] (h = steps past the last observation; 0 for h <= 0)
  Eigen::VectorXd mean_low, mean_high;  // trend line x'beta +- crit se (a confidence band, not a forecast)
  Eigen::VectorXd low, high;      // prediction interval for the value itself
  Eigen::VectorXd se;             // analytic forecast s.e. sqrt(d'Vd + sigma^2 sum_(j<h) psi_j^2), AR(1): psi_j = phi^j
  bool bootstrapped = false;      // low/high from bootstrap future paths (phi uncertainty included)
};

// Predict at design rows Xnew and grid positions pos_new, re-running the fit's bootstrap (same seed) when the fit
// was bootstrapped so that phi's uncertainty reaches the prediction interval.
AR1Prediction prais_winsten_predict(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                    const std::vector<std::int64_t>& pos, const PraisWinstenOptions& options,
                                    const Eigen::MatrixXd& Xnew, const std::vector<std::int64_t>& pos_new);

}  // namespace uptake::trend
