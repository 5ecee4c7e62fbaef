#pragma once
// The design effect of a least-squares trend slope under AR(p) errors: the slope's variance over its variance
// under independent errors with the same marginal variance, c' Gamma c / (gamma_0 c'c) with c = x - mean(x) and
// Gamma the AR autocovariance matrix of consecutive rows. Its limit for long series is the long-run ratio
// (ar_long_run_ratio), but over a window that is short against the errors' memory the intercept absorbs their slow
// swings, and the long-run ratio overstates the slope's variance many times (n = 104, AR(1) 0.95: 20 instead of 39;
// n = 52: 10.5). Divided by gamma_0, the ratio even falls again as the persistence approaches 1 (n = 52: 4.4 at 0.99),
// although the series then carries no more information about the slope; the envelope below does not.
#include <Eigen/Dense>

namespace uptake::trend {

// c' Gamma c / (gamma_0 c'c) for the AR(p) coefficients `coef` (stationary) and slope regressor `x` (rows taken
// as consecutive). 1 for an empty coef; below 1 for negatively correlated errors.
double ar_slope_variance_ratio(const Eigen::VectorXd& coef, const Eigen::VectorXd& x);

// The largest ar_slope_variance_ratio along the path that shrinks every root of the AR polynomial by lambda in
// (0, 1] (coefficients phi_j lambda^j), at least 1: a variance factor that never decreases as the estimated
// persistence grows. For Sen's interval under autocorrelation (theil_sen(correction="ess")).
double ar_slope_design_effect(const Eigen::VectorXd& coef, const Eigen::VectorXd& x);

}  // namespace uptake::trend
