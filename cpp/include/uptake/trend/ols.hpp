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

}  // namespace uptake::trend
