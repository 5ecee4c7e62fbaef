#pragma once
// Kernel HAC covariances of regression coefficients, computed as R's sandwich package does (vcovHAC, kernHAC,
// NeweyWest): kernels, Andrews (1991) and Newey-West (1994) automatic bandwidths, VAR(1) prewhitening with
// recolouring (Andrews-Monahan 1992), and the n/(n-k) adjustment.
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace uptake::trend {

enum class Kernel { Truncated, Bartlett, Parzen, TukeyHanning, QuadraticSpectral };
Kernel parse_kernel(const std::string& name);  // "truncated", "bartlett", "parzen", "tukey-hanning", "qs"
std::string kernel_name(Kernel k);

// k(x) as sandwich::kweights: QS has unbounded support and a Gaussian patch near 0.
double kernel_weight(Kernel k, double x);

enum class BandwidthRule { Fixed, Andrews, NeweyWest };
BandwidthRule parse_bandwidth_rule(const std::string& name);  // "fixed", "andrews", "neweywest"

struct KernelHacOptions {
  Kernel kernel = Kernel::QuadraticSpectral;
  BandwidthRule rule = BandwidthRule::Andrews;
  double bandwidth = 0.0;  // M for BandwidthRule::Fixed (weights k(j / M))
  bool prewhite = true;    // VAR(1) on the scores, recoloured with (I - A)^-1
  bool adjust = true;      // multiply by n / (n - k)
  // NeweyWest(): Bartlett weights 1 - j / (L + 1) with L = floor(automatic bandwidth).
  bool floor_lag = false;
};

struct KernelHac {
  Eigen::MatrixXd cov;
  double bandwidth = 0.0;  // the M of the weights k(j / M) actually used
  int lags = 0;            // number of non-zero lag weights beyond lag 0
  Eigen::MatrixXd var_coef;  // prewhitening VAR(1) coefficient matrix (empty without prewhitening)
};

// X: n x k design (time-ordered rows), resid: OLS residuals. Throws std::invalid_argument on bad input.
// O(n log n) for the quadratic-spectral kernel, whose weights reach ~1,450 M lags (up to all n): the lagged sums
// go through an FFT there (see weighted_lag_cross); short kernels keep the exact O(n * lags) direct sum.
KernelHac kernel_hac(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::VectorXd>& resid,
                     const KernelHacOptions& options);

// The automatic bandwidths alone (on scores X .* resid), for diagnostics and tests.
double andrews_bandwidth(const Eigen::MatrixXd& X, const Eigen::VectorXd& resid, Kernel kernel, bool prewhite);
double newey_west_bandwidth(const Eigen::MatrixXd& X, const Eigen::VectorXd& resid, Kernel kernel, bool prewhite);

}  // namespace uptake::trend
