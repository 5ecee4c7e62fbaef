#pragma once
// Linear trend regression with honest standard errors: OLS with Newey-West (Bartlett kernel) HAC covariance,
// as statsmodels' cov_type="HAC", Stata's newey and R's sandwich::NeweyWest(prewhite = FALSE) compute it.
#include <string>
#include <vector>

#include <Eigen/Dense>

namespace uptake::trend {

enum class CovType { Classical, HAC };

struct OlsFit {
  Eigen::VectorXd params, bse, tvalues, pvalues, conf_low, conf_high;
  Eigen::MatrixXd cov;
  Eigen::VectorXd fitted, resid, fitted_se;  // fitted_se: standard error of the fitted mean at each row
  double rss = 0.0;
  double crit = 0.0;  // critical value of the intervals (t or normal quantile at 0.5 + conf / 2)
  int nobs = 0, df_resid = 0, maxlags = 0;
  bool correction = true, use_t = true;
  double conf = 0.95;
  CovType cov_type = CovType::HAC;
};

// floor(4 (n / 100)^(2/9)), the rule statsmodels and Newey-West (1994) use.
int default_maxlags(int n) noexcept;

// Rows of X with a NaN in y are dropped by the caller. maxlags < 0 means the default rule. `correction` multiplies
// the covariance by n / (n - k). p-values and intervals use Student's t with n - k df when use_t, else the normal.
OlsFit ols(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, CovType cov_type, int maxlags, bool correction,
           bool use_t, double conf);

// Sum over rows of A(t + lag, a) B(t, b) for every column pair (a k_A x k_B matrix). Spelled out as column dot
// products: designs here have a handful of columns, where a general product spends its time packing n-row operands.
Eigen::MatrixXd lagged_cross(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& B,
                             Eigen::Index lag);

// sum_j w[j] Gamma_j with Gamma_j(a, b) = sum_t u(t + j, a) u(t, b), for lags j = 0 .. w.size() - 1 (lags past
// n - 1 contribute nothing). A HAC meat is H + H' with w[0] halved. Short kernels (fewer than
// kLagCrossFftMinLags lags: Newey-West, Bartlett, Parzen with a small bandwidth) take the direct sum, which is
// cheaper there and keeps their results bit-identical to the textbook formula; longer ones (the quadratic-spectral
// kernel reaches ~n lags) take the FFT, O(n log n) instead of O(n * lags), equal to the direct sum to rounding.
Eigen::MatrixXd weighted_lag_cross(const Eigen::Ref<const Eigen::MatrixXd>& scores, const std::vector<double>& w);

// Where the FFT wins, measured on the dev build with k = 2 scores: from ~32 lags at n = 200 to 7,305, from ~64 at
// n = 36,500 (1.85 ms direct, 1.78 ms FFT there); past that the FFT's cost barely grows with the lags.
inline constexpr Eigen::Index kLagCrossFftMinLags = 64;

// The two ways weighted_lag_cross computes, for tests. The direct sum is one sweep over row blocks that stay in L1
// (instead of one sweep of the n-row scores per lag and column pair), zero weights skipped.
Eigen::MatrixXd weighted_lag_cross_direct(const Eigen::Ref<const Eigen::MatrixXd>& scores, const std::vector<double>& w);
// The FFT way: with U_a, W the real DFTs of score column a and of the weights (zero-padded to N >= n + lags, so no
// lag wraps around), Parseval gives sum_j w[j] Gamma_j(a, b) = (1/N) sum_f Re(U_a(f) conj(U_b(f) W(f))): k + 1
// forward FFTs and k^2 inner products, no inverse transform.
Eigen::MatrixXd weighted_lag_cross_fft(const Eigen::Ref<const Eigen::MatrixXd>& scores, const std::vector<double>& w);

// Newey-West meat sum_{|j| <= L} (1 - |j| / (L + 1)) Gamma_j of the scores (rows x_t u_t).
Eigen::MatrixXd bartlett_meat(const Eigen::Ref<const Eigen::MatrixXd>& scores, int maxlags);

// Standard error of the fitted mean at each row, sqrt(max(x_i' V x_i, 0)), written into se (X.rows() entries).
void fitted_mean_se(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::MatrixXd& V, Eigen::Ref<Eigen::VectorXd> se);

// The estimator itself on storage the caller keeps (a batch or a repeated fit allocates nothing proportional to n):
// X (n x k) and y are read; fitted and resid (n) are written; qr_work (n x k) and, for HAC, score_work (n x k) are
// overwritten. Checks and messages as ols(). Returns params, cov, maxlags (HAC) and rss.
struct OlsCore {
  Eigen::VectorXd params;
  Eigen::MatrixXd cov;
  int maxlags = 0;
  double rss = 0.0;
};
OlsCore ols_into(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::VectorXd>& y,
                 CovType cov_type, int maxlags, bool correction, Eigen::Ref<Eigen::MatrixXd> qr_work,
                 Eigen::Ref<Eigen::MatrixXd> score_work, Eigen::Ref<Eigen::VectorXd> fitted,
                 Eigen::Ref<Eigen::VectorXd> resid);

// Quantile of Student's t (df > 0) or the standard normal (df <= 0).
double t_or_normal_quantile(double p, int df);
double two_sided_p(double stat, int df);

// Design of a trend with known-date interventions: columns const, trend (t), then for each intervention a level
// shift (1 from t0 on) and/or a slope change ((t - t0)+).
struct Intervention {
  std::string name;
  double t0;
  bool level = true;
  bool slope = true;
};
Eigen::MatrixXd trend_design(const std::vector<double>& t, const std::vector<Intervention>& interventions,
                             std::vector<std::string>& names);
// The same design written into X (t.size() rows, trend_columns(interventions) columns), for callers that keep
// their own storage.
Eigen::Index trend_columns(const std::vector<Intervention>& interventions);
void fill_trend_design(const double* t, const std::vector<Intervention>& interventions, std::vector<std::string>& names,
                       Eigen::Ref<Eigen::MatrixXd> X);

}  // namespace uptake::trend
