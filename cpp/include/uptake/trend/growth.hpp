#pragma once
// Adoption curves fitted by Levenberg-Marquardt (Eigen's MINPACK port, the algorithm of R's nlsLM):
// logistic K / (1 + exp(-(t - t0) / s)), Gompertz K exp(-b c^t), and Bass per-period adoptions
// m ((p + q)^2 / p) e^{-(p+q)t} / (1 + (q/p) e^{-(p+q)t})^2 (or its cumulative form). Standard errors are
// sqrt(diag(s^2 (J'J)^-1)) with s^2 = RSS / (n - k), as nls reports them, computed from the SVD of the
// column-scaled Jacobian without truncation: a direction the data do not determine gets a huge (or infinite)
// variance, never the small one a truncated pseudo-inverse would report. Profile-t intervals (R's
// confint.nls) are given for every parameter and for the inflection time; they are infinite on a side where the
// profile never rises to the critical value.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

namespace uptake::trend {

enum class GrowthModel { Logistic, Gompertz, Bass, BassCumulative };
GrowthModel parse_growth_model(std::string_view text);
std::vector<std::string> growth_param_names(GrowthModel model);

struct GrowthFit {
  GrowthModel model;
  Eigen::VectorXd params, bse;
  Eigen::MatrixXd cov;
  double rss;
  int df_resid;
  int status;           // Eigen LevenbergMarquardt status code
  bool converged;
  int evaluations;
  double inflection;    // t of the inflection (logistic t0, Gompertz -ln b / ln c, Bass peak)
  bool inflection_observed;  // the data reach past the inflection: the saturation level is identified
  // Identifiability from the thin SVD of J D^-1 (D = column norms of J) at the optimum.
  Eigen::VectorXd singular_values;  // descending
  double condition_number;          // sigma_1 / sigma_p (inf when numerically singular)
  Eigen::VectorXd null_direction;   // last right singular vector, in scaled coordinates (unit norm)
  bool identified;                  // condition number <= 1e6 and finite
};

// Profile-t interval of one quantity (R's profile.nls / confint.profile.nls): the set where
// |tau| = sqrt(S~(theta) - S(theta_hat)) / s stays within the t_{n-p} critical value. A side whose profile never
// rises that far (a parameter bound or the search limit is reached first) is +-inf and flagged open.
struct ProfileInterval {
  double estimate, low, high;
  bool low_open, high_open;
};

// The three parameters, then the inflection time (logistic t0; Gompertz by reparametrising K exp(-c^(t - ti));
// Bass: not profiled, NaN). variance_factor > 0 multiplies s^2: n / n_eff for autocorrelated errors (1: i.i.d.).
std::vector<ProfileInterval> growth_profile_intervals(const double* t, const double* y, std::size_t n,
                                                      const GrowthFit& fit, double conf, double variance_factor = 1.0);

// `start` may be empty: self-starting values are used (several starts; the best fit is kept).
GrowthFit fit_growth_curve(const double* t, const double* y, std::size_t n, GrowthModel model,
                           const std::vector<double>& start);

// Model values and their gradient with respect to the parameters at t.
double growth_value(GrowthModel model, const Eigen::VectorXd& p, double t);
Eigen::VectorXd growth_gradient(GrowthModel model, const Eigen::VectorXd& p, double t);

}  // namespace uptake::trend
