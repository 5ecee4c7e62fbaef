#include "uptake/trend/prais_winsten.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "uptake/trend/ols.hpp"

namespace uptake::trend {

namespace {

struct Gls {
  Eigen::VectorXd beta;
  Eigen::MatrixXd cov;
  double sigma = 0.0;
};

// OLS on whitened rows: beta, s^2 = RSS / (n - k), cov = s^2 (X*'X*)^-1.
Gls ols_whitened(const Eigen::MatrixXd& xs, const Eigen::VectorXd& ys) {
  const Eigen::Index n = xs.rows(), k = xs.cols();
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(xs);
  Gls g;
  g.beta = qr.solve(ys);
  const double rss = (ys - xs * g.beta).squaredNorm();
  const double scale = ys.squaredNorm();
  if (rss <= 1e-24 * scale) {
    // An exact fit (a constant, an exact line): the residuals are rounding, and an interval built on them
    // would call a slope of 1e-17 "significant". No noise: sigma 0, covariance 0, and coefficients whose
    // contribution is below rounding are zero.
    for (Eigen::Index j = 0; j < k; ++j) {
      if (std::abs(g.beta(j)) * xs.col(j).norm() <= 1e-12 * std::sqrt(scale)) g.beta(j) = 0.0;
    }
    g.sigma = 0.0;
    g.cov = Eigen::MatrixXd::Zero(k, k);
    return g;
  }
  g.sigma = std::sqrt(rss / static_cast<double>(n - k));
  const Eigen::MatrixXd r = qr.matrixQR().topRows(k).triangularView<Eigen::Upper>();
  const Eigen::MatrixXd rinv = r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(k, k));
  g.cov = (g.sigma * g.sigma) * rinv * rinv.transpose();
  return g;
}

// GLS for AR(1) errors on an irregular subset of a regular grid: with gap d, u_i = phi^d u_{i-1} + eta,
// Var eta = sigma^2 (1 - phi^2d) / (1 - phi^2), so each quasi-difference is rescaled to variance sigma^2.
// d = 1 everywhere gives Prais-Winsten exactly (the first row scaled by sqrt(1 - phi^2)).
Gls gls_ar1(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos, double phi) {
  const Eigen::Index n = X.rows(), k = X.cols();
  Eigen::MatrixXd xs(n, k);
  Eigen::VectorXd ys(n);
  const double one_minus = 1.0 - phi * phi;
  const double c0 = std::sqrt(one_minus);
  xs.row(0) = c0 * X.row(0);
  ys(0) = c0 * y(0);
  for (Eigen::Index i = 1; i < n; ++i) {
    const auto d = static_cast<int>(pos[static_cast<std::size_t>(i)] - pos[static_cast<std::size_t>(i - 1)]);
    const double r = d == 1 ? phi : std::pow(phi, d);
    const double s = d == 1 ? 1.0 : std::sqrt(one_minus / (1.0 - r * r));
    xs.row(i) = s * (X.row(i) - r * X.row(i - 1));
    ys(i) = s * (y(i) - r * y(i - 1));
  }
  return ols_whitened(xs, ys);
}

// Exact GLS for AR(p) errors on consecutive rows (ar_whiten); p = 1 goes through gls_ar1, which also handles gaps.
Gls gls_arp(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& coef) {
  const Eigen::MatrixXd xs = ar_whiten(coef, X);
  const Eigen::VectorXd ys = ar_whiten(coef, y);
  return ols_whitened(xs, ys);
}

Gls gls_for(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos,
            const Eigen::VectorXd& coef) {
  return coef.size() == 1 ? gls_ar1(X, y, pos, coef(0)) : gls_arp(X, y, coef);
}

bool has_gaps(const std::vector<std::int64_t>& pos) {
  for (std::size_t i = 1; i < pos.size(); ++i) {
    if (pos[i] - pos[i - 1] != 1) return true;
  }
  return false;
}

constexpr double kMaxRoot = 0.99;  // as the AR(1) cap: past it the whitening loses the level

double quantile_sorted(const std::vector<double>& v, double p) {
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

void validate(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos,
              const PraisWinstenOptions& o) {
  const Eigen::Index n = X.rows(), k = X.cols();
  if (y.size() != n || static_cast<Eigen::Index>(pos.size()) != n) {
    throw std::invalid_argument("prais_winsten: X, y and positions have different lengths");
  }
  if (n < k + 3) {
    throw std::invalid_argument("prais_winsten: needs at least " + std::to_string(k + 3) + " observations, got " +
                                std::to_string(n));
  }
  if (!X.allFinite() || !y.allFinite()) throw std::invalid_argument("prais_winsten: non-finite value in X or y");
  for (std::size_t i = 1; i < pos.size(); ++i) {
    if (pos[i] <= pos[i - 1]) throw std::invalid_argument("prais_winsten: positions must be strictly increasing");
  }
  if (!(o.conf > 0.0 && o.conf < 1.0)) throw std::invalid_argument("prais_winsten: conf must be in (0, 1)");
  if (!o.estimate_phi && !(std::fabs(o.phi) < 1.0)) {
    throw std::invalid_argument("prais_winsten: phi must be in (-1, 1), got " + std::to_string(o.phi));
  }
  if (o.replications < 99 && o.bootstrap != BootstrapMode::Never) {
    throw std::invalid_argument("prais_winsten: replications must be at least 99, got " + std::to_string(o.replications));
  }
  if (o.ar_order < 0) throw std::invalid_argument("prais_winsten: ar_order must be >= 0, got " + std::to_string(o.ar_order));
  if (o.max_order < 0) throw std::invalid_argument("prais_winsten: max_order must be >= 0, got " + std::to_string(o.max_order));
  const int fixed = std::max(o.ar_order, o.ar_order == 0 ? o.max_order : 0);
  if (fixed > 1 && n < 2 * fixed + k + 2) {
    throw std::invalid_argument("prais_winsten: an AR(" + std::to_string(fixed) + ") error model needs at least " +
                                std::to_string(2 * fixed + k + 2) + " observations, got " + std::to_string(n));
  }
  if (o.ar_order > 1 && has_gaps(pos)) {
    throw std::invalid_argument("prais_winsten: ar_order > 1 needs consecutive rows (missing values leave gaps); use "
                                "ar_order=1 or fill the gaps");
  }
  if (o.ar_order != 1 && o.bias_replications < 20) {
    throw std::invalid_argument("prais_winsten: bias_replications must be at least 20, got " +
                                std::to_string(o.bias_replications));
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  if (qr.rank() < k) {
    throw std::invalid_argument("prais_winsten: the design is rank deficient (an intervention outside the data?)");
  }
}

// Everything the bootstrap needs about the fitted model, and what it records.
struct Bootstrap {
  std::vector<std::vector<double>> abs_tau;  // per coefficient
  std::vector<std::vector<double>> errors;   // per prediction row: y*_new - yhat*_new
};

double phi_for(const Eigen::VectorXd& ols_resid, const std::vector<std::int64_t>& pos, const PraisWinstenOptions& o,
               double* phi_hat) {
  const double raw = ar1_coefficient(ols_resid, pos);
  if (phi_hat != nullptr) *phi_hat = raw;
  if (!o.estimate_phi) return o.phi;
  return o.bias_correct ? bias_corrected_phi(raw, static_cast<int>(ols_resid.size())) : std::clamp(raw, -0.99, 0.99);
}


// The error model as estimated from OLS residuals: AR(1) with the analytic bias correction, or AR(p > 1) with the
// simulated bias (computed once at the fitted model and reused in every bootstrap replicate, where refitting it
// would cost `bias_replications` fits per replicate).
struct ErrorModel {
  int p = 1;
  Eigen::VectorXd coef_hat, coef, bias;
};

Eigen::VectorXd coefficients(const Eigen::VectorXd& ols_resid, const std::vector<std::int64_t>& pos,
                             const PraisWinstenOptions& o, const ErrorModel& model, double* phi_hat) {
  if (model.p == 1) return Eigen::VectorXd::Constant(1, phi_for(ols_resid, pos, o, phi_hat));
  if (phi_hat != nullptr) *phi_hat = ar1_coefficient(ols_resid, pos);
  return stationary_correction(fit_ar(ols_resid, model.p, model.p).coef, model.bias, kMaxRoot);
}

ErrorModel estimate_error_model(const Eigen::MatrixXd& X, const Eigen::VectorXd& ols_resid,
                                const std::vector<std::int64_t>& pos, const PraisWinstenOptions& o, double* phi_hat) {
  ErrorModel m;
  const auto n = static_cast<int>(ols_resid.size());
  if (o.estimate_phi && !has_gaps(pos)) {
    if (o.ar_order > 0) {
      m.p = o.ar_order;
    } else {
      const int cap = default_max_ar_order(n);
      m.p = select_ar_order(ols_resid, o.max_order > 0 ? o.max_order : cap, o.criterion);
    }
  }
  if (m.p == 1) {
    m.coef = coefficients(ols_resid, pos, o, m, phi_hat);
    m.coef_hat = Eigen::VectorXd::Constant(1, *phi_hat);
    m.bias = Eigen::VectorXd::Zero(1);
    return m;
  }
  *phi_hat = ar1_coefficient(ols_resid, pos);
  ArModel fit = fit_ar(ols_resid, m.p, m.p);
  m.coef_hat = fit.coef;
  m.bias = Eigen::VectorXd::Zero(m.p);
  if (o.bias_correct) {
    ArModel sim = fit;  // simulate from a stationary version when the estimate itself is not
    sim.coef = stationary_correction(fit.coef, m.bias, kMaxRoot);
    m.bias = ar_estimation_bias(X, sim, o.bias_replications, o.seed ^ 0x9E3779B97F4A7C15ULL);
  }
  m.coef = stationary_correction(m.coef_hat, m.bias, kMaxRoot);
  return m;
}

Bootstrap run_bootstrap(const Eigen::MatrixXd& X, const std::vector<std::int64_t>& pos, const Gls& fit,
                        const ErrorModel& model, const PraisWinstenOptions& o, const Eigen::MatrixXd& Xnew,
                        const std::vector<std::int64_t>& pos_new) {
  const Eigen::Index n = X.rows(), k = X.cols(), m = Xnew.rows();
  const Eigen::Index p = model.p;
  const std::int64_t first = pos.front(), last = pos.back();
  std::int64_t end = last;
  for (const auto q : pos_new) end = std::max(end, q);
  const auto grid = static_cast<std::size_t>(end - first + 1);
  const Eigen::HouseholderQR<Eigen::MatrixXd> ols_qr(X);
  const Eigen::VectorXd mean = X * fit.beta;
  const Eigen::VectorXd mean_new = Xnew * fit.beta;
  const Eigen::MatrixXd chol = ar_initial_cholesky(model.coef);
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Bootstrap out;
  out.abs_tau.assign(static_cast<std::size_t>(k), {});
  out.errors.assign(static_cast<std::size_t>(m), {});
  std::vector<double> u(grid);
  Eigen::VectorXd ystar(n);
  for (int b = 0; b < o.replications; ++b) {
    simulate_ar(model.coef, chol, fit.sigma, rng, normal, u.data(), grid);
    for (Eigen::Index i = 0; i < n; ++i) ystar(i) = mean(i) + u[static_cast<std::size_t>(pos[static_cast<std::size_t>(i)] - first)];
    const Eigen::VectorXd ols_resid = ystar - X * ols_qr.solve(ystar);
    const Eigen::VectorXd coef_star = coefficients(ols_resid, pos, o, model, nullptr);
    const Gls g = gls_for(X, ystar, pos, coef_star);
    for (Eigen::Index j = 0; j < k; ++j) {
      const double se = std::sqrt(g.cov(j, j));
      out.abs_tau[static_cast<std::size_t>(j)].push_back(se > 0.0 ? std::fabs(g.beta(j) - fit.beta(j)) / se : 0.0);
    }
    if (m == 0) continue;
    const Eigen::VectorXd r_last = (ystar.tail(p) - X.bottomRows(p) * g.beta).reverse();  // u_T, u_(T-1), ...
    const auto horizon = static_cast<int>(end - last);
    const Eigen::MatrixXd W = p > 1 ? forecast_weights(coef_star, horizon) : Eigen::MatrixXd();
    for (Eigen::Index i = 0; i < m; ++i) {
      const auto h = pos_new[static_cast<std::size_t>(i)] - last;
      double carry = 0.0;
      if (h > 0) carry = p == 1 ? std::pow(coef_star(0), static_cast<double>(h)) * r_last(0) : W.row(h - 1).dot(r_last);
      const double truth = mean_new(i) + u[static_cast<std::size_t>(pos_new[static_cast<std::size_t>(i)] - first)];
      out.errors[static_cast<std::size_t>(i)].push_back(truth - (Xnew.row(i).dot(g.beta) + carry));
    }
  }
  for (auto& v : out.abs_tau) std::sort(v.begin(), v.end());
  for (auto& v : out.errors) std::sort(v.begin(), v.end());
  return out;
}

struct Core {
  PraisWinstenFit fit;
  Gls gls;
};

Core fit_core(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos,
              const PraisWinstenOptions& o, const Eigen::MatrixXd& Xnew, const std::vector<std::int64_t>& pos_new,
              Bootstrap* boot) {
  validate(X, y, pos, o);
  const Eigen::Index n = X.rows(), k = X.cols();
  Core c;
  PraisWinstenFit& f = c.fit;
  const Eigen::VectorXd ols_resid = y - X * Eigen::HouseholderQR<Eigen::MatrixXd>(X).solve(y);
  const ErrorModel model = estimate_error_model(X, ols_resid, pos, o, &f.phi_hat);
  f.ar_order = model.p;
  f.ar_coef_hat = model.coef_hat;
  f.ar_coef = model.coef;
  f.phi = model.coef.sum();
  f.half_life = ar_half_life(model.coef);
  c.gls = gls_for(X, y, pos, model.coef);
  f.params = c.gls.beta;
  f.cov = c.gls.cov;
  f.bse = f.cov.diagonal().cwiseSqrt();
  f.sigma = c.gls.sigma;
  f.fitted = X * f.params;
  f.resid = y - f.fitted;
  f.nobs = static_cast<int>(n);
  f.df_resid = static_cast<int>(n - k);
  f.crit = Eigen::VectorXd::Constant(k, t_or_normal_quantile(0.5 + o.conf / 2.0, f.df_resid));
  f.bootstrapped = o.bootstrap == BootstrapMode::Always ||
                   (o.bootstrap == BootstrapMode::Auto && f.phi > o.bootstrap_above);
  if (!(f.sigma > 0.0)) f.bootstrapped = false;  // an exact line: nothing to resample
  if (f.bootstrapped) {
    *boot = run_bootstrap(X, pos, c.gls, model, o, Xnew, pos_new);
    f.replications = o.replications;
    f.seed = o.seed;
    f.abs_tau.resize(o.replications, k);
    for (Eigen::Index j = 0; j < k; ++j) {
      const auto& v = boot->abs_tau[static_cast<std::size_t>(j)];
      for (int b = 0; b < o.replications; ++b) f.abs_tau(b, j) = v[static_cast<std::size_t>(b)];
      f.crit(j) = quantile_sorted(v, o.conf);
    }
  }
  return c;
}

}  // namespace

double bias_corrected_phi(double phi_hat, int n) noexcept {
  if (!std::isfinite(phi_hat) || n <= 0) return 0.0;
  return std::clamp(phi_hat + (2.0 + 4.0 * phi_hat) / static_cast<double>(n), -0.99, 0.99);
}

double ar1_coefficient(const Eigen::VectorXd& resid, const std::vector<std::int64_t>& pos) {
  double num = 0.0, den = 0.0;
  for (Eigen::Index i = 1; i < resid.size(); ++i) {
    if (pos[static_cast<std::size_t>(i)] - pos[static_cast<std::size_t>(i - 1)] != 1) continue;
    num += resid(i) * resid(i - 1);
    den += resid(i - 1) * resid(i - 1);
  }
  return den > 0.0 ? num / den : 0.0;
}

PraisWinstenFit prais_winsten(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos,
                              const PraisWinstenOptions& options) {
  Bootstrap boot;
  return fit_core(X, y, pos, options, Eigen::MatrixXd(0, X.cols()), {}, &boot).fit;
}

AR1Prediction prais_winsten_predict(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                    const std::vector<std::int64_t>& pos, const PraisWinstenOptions& options,
                                    const Eigen::MatrixXd& Xnew, const std::vector<std::int64_t>& pos_new) {
  if (Xnew.cols() != X.cols() || static_cast<Eigen::Index>(pos_new.size()) != Xnew.rows()) {
    throw std::invalid_argument("prais_winsten_predict: new design has the wrong shape");
  }
  if (!Xnew.allFinite()) throw std::invalid_argument("prais_winsten_predict: non-finite value in the new design");
  if (!pos.empty()) {
    for (const auto p : pos_new) {
      if (p < pos.front()) throw std::invalid_argument("prais_winsten_predict: positions before the data");
    }
  }
  Bootstrap boot;
  const Core c = fit_core(X, y, pos, options, Xnew, pos_new, &boot);
  const PraisWinstenFit& f = c.fit;
  const Eigen::Index n = X.rows(), m = Xnew.rows(), order = f.ar_order;
  const double phi = f.phi, s2 = f.sigma * f.sigma;
  const double t = t_or_normal_quantile(0.5 + options.conf / 2.0, f.df_resid);
  const double line_crit = f.crit(std::min<Eigen::Index>(1, f.crit.size() - 1));
  // AR(p > 1): forecast weights on the last p residuals and the cumulated psi^2 (forecast error variance / sigma^2).
  std::int64_t horizon = 0;
  for (const auto q : pos_new) horizon = std::max(horizon, q - pos.back());
  const Eigen::VectorXd r_last = f.resid.tail(order).reverse();  // u_T, u_(T-1), ...
  Eigen::MatrixXd W;
  Eigen::VectorXd cum_psi2;
  double gamma0 = 1.0 / (1.0 - phi * phi);
  if (order > 1) {
    W = forecast_weights(f.ar_coef, static_cast<int>(horizon));
    const Eigen::VectorXd psi = psi_weights(f.ar_coef, static_cast<int>(horizon));
    cum_psi2.resize(psi.size() + 1);
    cum_psi2(0) = 0.0;
    for (Eigen::Index j = 0; j < psi.size(); ++j) cum_psi2(j + 1) = cum_psi2(j) + psi(j) * psi(j);
    gamma0 = ar_autocovariances(f.ar_coef, 1)(0);
  }
  AR1Prediction p;
  p.bootstrapped = f.bootstrapped;
  p.estimate.resize(m);
  p.mean_low.resize(m);
  p.mean_high.resize(m);
  p.low.resize(m);
  p.high.resize(m);
  p.se.resize(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    const auto h = pos_new[static_cast<std::size_t>(i)] - pos.back();
    const Eigen::VectorXd x = Xnew.row(i).transpose();
    const double line = x.dot(f.params);
    const double line_se = std::sqrt(std::max(0.0, x.dot(f.cov * x)));
    p.mean_low(i) = line - line_crit * line_se;
    p.mean_high(i) = line + line_crit * line_se;
    double var = 0.0;
    if (h > 0 && order == 1) {
      const double ph = std::pow(phi, static_cast<double>(h));
      p.estimate(i) = line + ph * r_last(0);
      const Eigen::VectorXd d = x - ph * X.row(n - 1).transpose();
      var = d.dot(f.cov * d) + s2 * (1.0 - ph * ph) / (1.0 - phi * phi);
    } else if (h > 0) {
      const Eigen::RowVectorXd w = W.row(h - 1);
      p.estimate(i) = line + w.dot(r_last);
      // The forecast error of the trend part: (x_(T+h) - sum_i w_i x_(T+1-i))' (beta - beta^).
      const Eigen::VectorXd d = x - X.bottomRows(order).colwise().reverse().transpose() * w.transpose();
      var = d.dot(f.cov * d) + s2 * cum_psi2(h);
    } else {  // inside the data: a new draw around the line, the marginal error variance
      p.estimate(i) = line;
      var = line_se * line_se + s2 * gamma0;
    }
    p.se(i) = std::sqrt(std::max(0.0, var));
    if (f.bootstrapped) {
      const auto& e = boot.errors[static_cast<std::size_t>(i)];
      const double alpha = 1.0 - options.conf;
      p.low(i) = p.estimate(i) + quantile_sorted(e, alpha / 2.0);
      p.high(i) = p.estimate(i) + quantile_sorted(e, 1.0 - alpha / 2.0);
    } else {
      p.low(i) = p.estimate(i) - t * p.se(i);
      p.high(i) = p.estimate(i) + t * p.se(i);
    }
  }
  return p;
}

}  // namespace uptake::trend
