#include "uptake/trend/ols.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>

namespace uptake::trend {

int default_maxlags(int n) noexcept {
  return static_cast<int>(std::floor(4.0 * std::pow(static_cast<double>(n) / 100.0, 2.0 / 9.0)));
}

double t_or_normal_quantile(double p, int df) {
  if (df > 0) return boost::math::quantile(boost::math::students_t(df), p);
  return boost::math::quantile(boost::math::normal(), p);
}

double two_sided_p(double stat, int df) {
  if (!std::isfinite(stat)) return std::isnan(stat) ? stat : 0.0;
  const double a = std::fabs(stat);
  if (df > 0) return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t(df), a));
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), a));
}

OlsFit ols(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, CovType cov_type, int maxlags, bool correction,
           bool use_t, double conf) {
  const Eigen::Index n = X.rows(), k = X.cols();
  if (y.size() != n) throw std::invalid_argument("ols: X has " + std::to_string(n) + " rows but y has " + std::to_string(y.size()));
  if (n <= k) {
    throw std::invalid_argument("ols: needs more observations (" + std::to_string(n) + ") than parameters (" +
                                std::to_string(k) + ")");
  }
  if (!(conf > 0.0 && conf < 1.0)) throw std::invalid_argument("ols: conf must be in (0, 1)");
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  if (qr.rank() < k) {
    throw std::invalid_argument("ols: the design is rank deficient (a constant series where a slope is needed, or "
                                "an intervention outside the data)");
  }
  OlsFit fit;
  fit.nobs = static_cast<int>(n);
  fit.df_resid = static_cast<int>(n - k);
  fit.correction = correction;
  fit.use_t = use_t;
  fit.conf = conf;
  fit.cov_type = cov_type;
  fit.params = qr.solve(y);
  fit.fitted = X * fit.params;
  fit.resid = y - fit.fitted;
  fit.rss = fit.resid.squaredNorm();
  const Eigen::MatrixXd xtx_inv = (X.transpose() * X).inverse();
  if (cov_type == CovType::Classical) {
    fit.cov = xtx_inv * (fit.rss / fit.df_resid);
    fit.maxlags = 0;
  } else {
    fit.maxlags = maxlags < 0 ? default_maxlags(static_cast<int>(n)) : maxlags;
    if (fit.maxlags >= n) throw std::invalid_argument("ols: maxlags must be < number of observations");
    const Eigen::MatrixXd xu = X.array().colwise() * fit.resid.array();
    Eigen::MatrixXd S = xu.transpose() * xu;
    for (int j = 1; j <= fit.maxlags; ++j) {
      const double w = 1.0 - static_cast<double>(j) / (fit.maxlags + 1.0);
      const Eigen::MatrixXd gamma = xu.bottomRows(n - j).transpose() * xu.topRows(n - j);
      S += w * (gamma + gamma.transpose());
    }
    fit.cov = xtx_inv * S * xtx_inv;
    if (correction) fit.cov *= static_cast<double>(n) / static_cast<double>(n - k);
  }
  const int df = use_t ? fit.df_resid : 0;
  const double q = t_or_normal_quantile(0.5 + conf / 2.0, df);
  fit.bse = fit.cov.diagonal().cwiseSqrt();
  fit.tvalues = fit.params.cwiseQuotient(fit.bse);
  fit.pvalues.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) fit.pvalues(j) = two_sided_p(fit.tvalues(j), df);
  fit.conf_low = fit.params - q * fit.bse;
  fit.conf_high = fit.params + q * fit.bse;
  fit.fitted_se = ((X * fit.cov).cwiseProduct(X)).rowwise().sum().cwiseSqrt();
  return fit;
}

Eigen::MatrixXd trend_design(const std::vector<double>& t, const std::vector<Intervention>& interventions,
                             std::vector<std::string>& names) {
  const auto n = static_cast<Eigen::Index>(t.size());
  names = {"const", "trend"};
  std::vector<Eigen::VectorXd> extra;
  for (const auto& iv : interventions) {
    if (!iv.level && !iv.slope) throw std::invalid_argument("interventions: '" + iv.name + "' has neither level nor slope");
    Eigen::VectorXd level(n), slope(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = t[static_cast<std::size_t>(i)] - iv.t0;
      level(i) = d >= 0.0 ? 1.0 : 0.0;
      slope(i) = d > 0.0 ? d : 0.0;
    }
    if (iv.level) {
      extra.push_back(level);
      names.push_back(iv.name + "_level");
    }
    if (iv.slope) {
      extra.push_back(slope);
      names.push_back(iv.name + "_slope");
    }
  }
  Eigen::MatrixXd X(n, 2 + static_cast<Eigen::Index>(extra.size()));
  for (Eigen::Index i = 0; i < n; ++i) {
    X(i, 0) = 1.0;
    X(i, 1) = t[static_cast<std::size_t>(i)];
  }
  for (std::size_t j = 0; j < extra.size(); ++j) X.col(2 + static_cast<Eigen::Index>(j)) = extra[j];
  return X;
}

}  // namespace uptake::trend
