#pragma once
// Autoregressive error models of order p for trend regressions: order selection, conditional least squares,
// small-sample bias, stationarity, autocovariances, the exact GLS whitening transform and forecast weights.
// Why AR(p) and not only AR(1): under ARMA-like errors (ARMA(1,1) 0.8/0.4: lag-1 autocorrelation 0.88, long-run
// persistence 0.86 with a faster initial decay) one AR(1) coefficient overstates the long-run variance and the
// slope interval came out 1.7 times too wide; a low-order AR(p) chosen by BIC approximates such errors (an AR
// sieve, Buhlmann 1997) and reduces to the AR(1) model when that fits.
#include <cstdint>
#include <random>

#include <Eigen/Dense>

namespace uptake::trend {

enum class OrderCriterion { AIC, BIC };

// floor(4 (n/100)^(2/9)) (the Newey-West lag rule), at least 1 and at most (n - 4) / 4 so that every candidate
// order leaves rows to estimate it.
int default_max_ar_order(int n) noexcept;

struct ArModel {
  Eigen::VectorXd coef;  // phi_1..phi_p
  double sigma2 = 0.0;   // innovation variance: RSS / rows used
};

// Conditional least squares e_t = sum_j phi_j e_{t-j} + eta_t over t = first..n-1 without a mean (e are regression
// residuals), as statsmodels AutoReg(e, p, trend="n") when first = p. Requires first >= p and rows > p.
ArModel fit_ar(const Eigen::VectorXd& e, int p, int first);

// Order in 1..max_order minimising m log(sigma2_p) + penalty p (penalty 2 for AIC, log m for BIC) with every
// order fitted on the same rows t = max_order..n-1 (m of them), so that the criteria are comparable.
int select_ar_order(const Eigen::VectorXd& e, int max_order, OrderCriterion criterion);

// Largest modulus of the roots of z^p - phi_1 z^(p-1) - ... - phi_p (eigenvalues of the companion matrix); the
// AR(p) is stationary when it is below 1.
double max_root_modulus(const Eigen::VectorXd& coef);

// Autocovariances gamma_0..gamma_(m-1) of the stationary AR(p) with unit innovation variance.
Eigen::VectorXd ar_autocovariances(const Eigen::VectorXd& coef, int m);

// L M with L Sigma L' = I for unit-innovation AR(p) errors: the first p rows by the inverse Cholesky factor of
// Gamma_p, the others quasi-differenced, M_t - sum_j phi_j M_(t-j) (Prais-Winsten when p = 1). Keeping the first
// p rows matters for a trend: they pin the level (Canjels and Watson 1997).
Eigen::MatrixXd ar_whiten(const Eigen::VectorXd& coef, const Eigen::MatrixXd& M);

// Row h-1 holds w_h: E[u_(T+h) | u_T, ..., u_(T-p+1)] = sum_i w_(h,i) u_(T+1-i), for h = 1..horizon.
Eigen::MatrixXd forecast_weights(const Eigen::VectorXd& coef, int horizon);

// psi_0..psi_(m-1) of the MA(infinity) form; sigma^2 sum_(j<h) psi_j^2 is the h-step forecast error variance.
Eigen::VectorXd psi_weights(const Eigen::VectorXd& coef, int m);

// Long-run variance over marginal variance, (sum_j psi_j)^2 / sum_j psi_j^2 = 1 / ((1 - sum phi)^2 gamma_0): the factor
// n / n_eff by which autocorrelation inflates the variance of a sum (AR(1): (1 + phi) / (1 - phi)).
double ar_long_run_ratio(const Eigen::VectorXd& coef);

// Periods until the impulse response first falls to one half (linear interpolation between periods);
// log(0.5) / log(phi) for an AR(1); 0 when the response starts at or below one half, inf past 10,000 periods.
double ar_half_life(const Eigen::VectorXd& coef);

// phi_hat - d bias with the largest d in {1, 0.99, ..., 0} whose roots stay within `limit` (Kilian 1998); if even
// phi_hat is outside, phi_hat shrunk geometrically until it is inside.
Eigen::VectorXd stationary_correction(const Eigen::VectorXd& phi_hat, const Eigen::VectorXd& bias, double limit);

// n values of a stationary AR(p) with innovation s.d. sigma: the first p drawn from N(0, sigma^2 Gamma_p), the rest by
// the recursion. `chol` is the lower Cholesky factor of Gamma_p (pass it to avoid refactoring per draw).
void simulate_ar(const Eigen::VectorXd& coef, const Eigen::MatrixXd& chol, double sigma, std::mt19937_64& rng,
                 std::normal_distribution<double>& normal, double* out, std::size_t n);

// Lower Cholesky factor of Gamma_p (unit innovation variance).
Eigen::MatrixXd ar_initial_cholesky(const Eigen::VectorXd& coef);

// Mean bias of fit_ar(residuals of y on X, p, p) when the errors are the AR(p) `model`, estimated by simulation
// (Kilian 1998): regression residuals are shorter-memory than the errors, so phi_hat is biased towards zero, by
// about (2 + 4 phi) / n for an AR(1) with a trend.
Eigen::VectorXd ar_estimation_bias(const Eigen::MatrixXd& X, const ArModel& model, int replications,
                                   std::uint64_t seed);

}  // namespace uptake::trend
