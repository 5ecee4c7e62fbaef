#include "uptake/trend/ols_trend.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "uptake/trend/fixed_b.hpp"
#include "uptake/trend/prais_winsten.hpp"

namespace uptake::trend {

namespace {

struct Workspace {
  std::vector<double> t, target, design, qr, scores, fitted, se;
  Eigen::VectorXd resid;  // an Eigen vector: ar1_coefficient takes one
  std::vector<std::int64_t> pos;
};

double* sized(std::vector<double>& v, std::size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

}  // namespace

TrendFit ols_trend_fit(const double* y, const double* t, std::size_t n, const std::vector<Intervention>& interventions,
                       const TrendFitOptions& options, double* fitted_out, double* resid_out, double* fitted_se_out) {
  thread_local Workspace ws;
  ws.pos.clear();
  ws.pos.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isnan(y[i])) ws.pos.push_back(static_cast<std::int64_t>(i));
  }
  const std::size_t m = ws.pos.size();
  if (m < 3) throw std::invalid_argument("ols_trend: needs at least 3 observed values, got " + std::to_string(m));
  if (!(options.conf > 0.0 && options.conf < 1.0)) throw std::invalid_argument("ols: conf must be in (0, 1)");
  // Without missing rows (the usual case) the inputs are used in place and the outputs written directly.
  const bool complete = m == n;
  const double* t_obs = t;
  const double* target = y;
  if (!complete || options.log) {
    double* tt = sized(ws.t, m);
    double* yy = sized(ws.target, m);
    for (std::size_t r = 0; r < m; ++r) {
      const auto i = static_cast<std::size_t>(ws.pos[r]);
      tt[r] = t[i];
      yy[r] = options.log ? std::log(y[i]) : y[i];
    }
    t_obs = tt;
    target = yy;
  }
  const auto rows = static_cast<Eigen::Index>(m);
  const Eigen::Index k = trend_columns(interventions);
  const auto cells = m * static_cast<std::size_t>(k);
  TrendFit out;
  Eigen::Map<Eigen::MatrixXd> X(sized(ws.design, cells), rows, k);
  fill_trend_design(t_obs, interventions, out.names, X);
  Eigen::Map<Eigen::MatrixXd> qr_work(sized(ws.qr, cells), rows, k);
  Eigen::Map<Eigen::MatrixXd> score_work(sized(ws.scores, cells), rows, k);
  const bool outputs = fitted_out != nullptr;
  Eigen::Map<Eigen::VectorXd> fitted(complete && outputs ? fitted_out : sized(ws.fitted, m), rows);
  if (ws.resid.size() != rows) ws.resid.resize(rows);
  Eigen::VectorXd& resid = ws.resid;
  const bool kernel = options.cov == TrendCov::KernelHac || options.cov == TrendCov::FixedB;
  // ols_into computes the Newey-West or classical covariance itself; a kernel HAC starts from the classical fit.
  const OlsCore fit = ols_into(X, Eigen::Map<const Eigen::VectorXd>(target, rows),
                               options.cov == TrendCov::NeweyWest ? CovType::HAC : CovType::Classical, options.maxlags,
                               options.correction, qr_work, score_work, fitted, resid);
  out.params = fit.params;
  out.nobs = static_cast<int>(m);
  out.df_resid = static_cast<int>(rows - k);
  out.maxlags = options.cov == TrendCov::NeweyWest ? fit.maxlags : 0;
  if (kernel) {
    KernelHacOptions h = options.hac;
    if (options.cov == TrendCov::FixedB) {
      h = KernelHacOptions{};
      h.kernel = Kernel::Bartlett;
      h.rule = BandwidthRule::Fixed;
      h.bandwidth = options.b * static_cast<double>(m);
      h.prewhite = false;
    }
    h.adjust = options.correction;
    const KernelHac r = kernel_hac(X, resid, h);
    out.cov = r.cov;
    out.bandwidth = r.bandwidth;
    out.lags = r.lags;
  } else {
    out.cov = fit.cov;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const int df = options.use_t ? out.df_resid : 0;
  const double q = options.cov == TrendCov::FixedB ? fixed_b_critical_value(options.b, options.conf, FixedBModel::Trend)
                                                   : t_or_normal_quantile(0.5 + options.conf / 2.0, df);
  out.bse = out.cov.diagonal().cwiseSqrt();
  out.crit = Eigen::VectorXd::Constant(k, q);
  out.tvalues.resize(k);
  out.pvalues.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    // An exact fit has no t statistic (NaN, and so NaN p); fixed-b p-values invert the trend-slope quantile table,
    // used for every term as its critical value is.
    out.tvalues(j) = out.bse(j) > 0.0 ? out.params(j) / out.bse(j) : nan;
    out.pvalues(j) = options.cov == TrendCov::FixedB ? fixed_b_p_value(options.b, out.tvalues(j), FixedBModel::Trend)
                                                     : two_sided_p(out.tvalues(j), df);
  }
  out.phi_hat = ar1_coefficient(resid, ws.pos);
  out.phi = bias_corrected_phi(out.phi_hat, out.nobs);
  if (!outputs) return out;
  Eigen::Map<Eigen::VectorXd> se(complete ? fitted_se_out : sized(ws.se, m), rows);
  fitted_mean_se(X, out.cov, se);
  if (complete) {
    Eigen::Map<Eigen::VectorXd>(resid_out, rows) = resid;
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) fitted_out[i] = resid_out[i] = fitted_se_out[i] = nan;
  for (std::size_t r = 0; r < m; ++r) {
    const auto i = static_cast<std::size_t>(ws.pos[r]);
    const auto rr = static_cast<Eigen::Index>(r);
    fitted_out[i] = fitted(rr);
    resid_out[i] = resid(rr);
    fitted_se_out[i] = se(rr);
  }
  return out;
}

}  // namespace uptake::trend
