#pragma once
// A critical value for Sen's interval with the AR(p) design effect (theil_sen(correction="ess")), calibrated by an
// AR(p) sieve bootstrap when the errors are persistent. The design effect is estimated from the same few residuals
// whose slope is in question; near a unit root that estimate is noisy and mostly too low, and the normal critical
// value then undercovers (n = 104, AR(1) 0.95: 0.87). Each replicate simulates the fitted error model with no trend,
// refits the whole procedure (detrending, AR model with the same order and bias correction, design effect) and
// records |S| / sqrt(Var0(S) F), the statistic whose bound Sen's interval inverts; the critical value is its conf
// quantile, never below the normal one. S and Var0(S) do not depend on the scale of the errors.
#include <Eigen/Dense>
#include <cstdint>

namespace uptake::trend {

// x: the slope regressor in row order (rows consecutive for the AR model), coef: the bias-corrected AR coefficients
// (stationary), bias: for order > 1 the bias subtracted from each refit (as in prais_winsten), ignored for order 1,
// whose refits use bias_corrected_phi.
double sen_bootstrap_critical(const Eigen::VectorXd& x, const Eigen::VectorXd& coef, const Eigen::VectorXd& bias,
                              double conf, int replications, std::uint64_t seed);

}  // namespace uptake::trend
