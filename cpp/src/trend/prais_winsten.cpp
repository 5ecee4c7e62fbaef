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
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(xs);
  Gls g;
  g.beta = qr.solve(ys);
  const double rss = (ys - xs * g.beta).squaredNorm();
  g.sigma = std::sqrt(rss / static_cast<double>(n - k));
  const Eigen::MatrixXd r = qr.matrixQR().topRows(k).triangularView<Eigen::Upper>();
  const Eigen::MatrixXd rinv = r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(k, k));
  g.cov = (g.sigma * g.sigma) * rinv * rinv.transpose();
  return g;
}

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

Bootstrap run_bootstrap(const Eigen::MatrixXd& X, const std::vector<std::int64_t>& pos, const Gls& fit, double phi,
                        const PraisWinstenOptions& o, const Eigen::MatrixXd& Xnew,
                        const std::vector<std::int64_t>& pos_new) {
  const Eigen::Index n = X.rows(), k = X.cols(), m = Xnew.rows();
  const std::int64_t first = pos.front(), last = pos.back();
  std::int64_t end = last;
  for (const auto p : pos_new) end = std::max(end, p);
  const auto grid = static_cast<std::size_t>(end - first + 1);
  const Eigen::HouseholderQR<Eigen::MatrixXd> ols_qr(X);
  const Eigen::VectorXd mean = X * fit.beta;
  const Eigen::VectorXd mean_new = Xnew * fit.beta;
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Bootstrap out;
  out.abs_tau.assign(static_cast<std::size_t>(k), {});
  out.errors.assign(static_cast<std::size_t>(m), {});
  std::vector<double> u(grid);
  Eigen::VectorXd ystar(n);
  const double stationary_sd = fit.sigma / std::sqrt(1.0 - phi * phi);
  for (int b = 0; b < o.replications; ++b) {
    u[0] = stationary_sd * normal(rng);
    for (std::size_t p = 1; p < grid; ++p) u[p] = phi * u[p - 1] + fit.sigma * normal(rng);
    for (Eigen::Index i = 0; i < n; ++i) ystar(i) = mean(i) + u[static_cast<std::size_t>(pos[static_cast<std::size_t>(i)] - first)];
    const Eigen::VectorXd ols_resid = ystar - X * ols_qr.solve(ystar);
    const double phi_star = phi_for(ols_resid, pos, o, nullptr);
    const Gls g = gls_ar1(X, ystar, pos, phi_star);
    for (Eigen::Index j = 0; j < k; ++j) {
      const double se = std::sqrt(g.cov(j, j));
      out.abs_tau[static_cast<std::size_t>(j)].push_back(se > 0.0 ? std::fabs(g.beta(j) - fit.beta(j)) / se : 0.0);
    }
    if (m == 0) continue;
    const double u_last = ystar(n - 1) - X.row(n - 1).dot(g.beta);
    for (Eigen::Index i = 0; i < m; ++i) {
      const auto h = pos_new[static_cast<std::size_t>(i)] - last;
      const double carry = h > 0 ? std::pow(phi_star, static_cast<double>(h)) * u_last : 0.0;
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
  f.phi = phi_for(ols_resid, pos, o, &f.phi_hat);
  c.gls = gls_ar1(X, y, pos, f.phi);
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
    *boot = run_bootstrap(X, pos, c.gls, f.phi, o, Xnew, pos_new);
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
  const Eigen::Index n = X.rows(), m = Xnew.rows();
  const double u_last = f.resid(n - 1);
  const double phi = f.phi, s2 = f.sigma * f.sigma;
  const double t = t_or_normal_quantile(0.5 + options.conf / 2.0, f.df_resid);
  const double line_crit = f.crit(std::min<Eigen::Index>(1, f.crit.size() - 1));
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
    if (h > 0) {
      const double ph = std::pow(phi, static_cast<double>(h));
      p.estimate(i) = line + ph * u_last;
      const Eigen::VectorXd d = x - ph * X.row(n - 1).transpose();
      var = d.dot(f.cov * d) + s2 * (1.0 - ph * ph) / (1.0 - phi * phi);
    } else {  // inside the data: a new draw around the line, the marginal error variance
      p.estimate(i) = line;
      var = line_se * line_se + s2 / (1.0 - phi * phi);
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
