#include "uptake/trend/ar_errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace uptake::trend {

namespace {

Eigen::MatrixXd companion(const Eigen::VectorXd& coef) {
  const Eigen::Index p = coef.size();
  Eigen::MatrixXd F = Eigen::MatrixXd::Zero(p, p);
  F.row(0) = coef.transpose();
  if (p > 1) F.bottomLeftCorner(p - 1, p - 1).setIdentity();
  return F;
}

}  // namespace

int default_max_ar_order(int n) noexcept {
  if (n <= 0) return 1;
  const int rule = static_cast<int>(std::floor(4.0 * std::pow(static_cast<double>(n) / 100.0, 2.0 / 9.0)));
  return std::max(1, std::min(rule, (n - 4) / 4));
}

ArModel fit_ar(const Eigen::VectorXd& e, int p, int first) {
  const auto n = static_cast<int>(e.size());
  if (p < 1 || first < p || n - first <= p) {
    throw std::invalid_argument("fit_ar: order " + std::to_string(p) + " cannot be fitted to " + std::to_string(n) +
                                " values");
  }
  const int m = n - first;
  Eigen::MatrixXd Z(m, p);
  for (int j = 1; j <= p; ++j) Z.col(j - 1) = e.segment(first - j, m);
  const Eigen::VectorXd z = e.segment(first, m);
  ArModel out;
  out.coef = Z.colPivHouseholderQr().solve(z);
  out.sigma2 = (z - Z * out.coef).squaredNorm() / static_cast<double>(m);
  return out;
}

int select_ar_order(const Eigen::VectorXd& e, int max_order, OrderCriterion criterion) {
  const auto n = static_cast<int>(e.size());
  if (max_order < 1 || n - max_order <= max_order) {
    throw std::invalid_argument("select_ar_order: max_order " + std::to_string(max_order) + " is too large for " +
                                std::to_string(n) + " values");
  }
  const double m = n - max_order;
  const double penalty = criterion == OrderCriterion::AIC ? 2.0 : std::log(m);
  int best = 1;
  double best_ic = std::numeric_limits<double>::infinity();
  for (int p = 1; p <= max_order; ++p) {
    const ArModel fit = fit_ar(e, p, max_order);
    // An exact fit (sigma2 = 0) is as good as it gets: keep the smallest such order.
    const double ic = fit.sigma2 > 0.0 ? m * std::log(fit.sigma2) + penalty * p : -std::numeric_limits<double>::infinity();
    if (ic < best_ic) {
      best_ic = ic;
      best = p;
    }
  }
  return best;
}

double max_root_modulus(const Eigen::VectorXd& coef) {
  if (coef.size() == 0) return 0.0;
  if (coef.size() == 1) return std::fabs(coef(0));
  if (!coef.allFinite()) return std::numeric_limits<double>::infinity();
  const Eigen::EigenSolver<Eigen::MatrixXd> es(companion(coef), false);
  return es.eigenvalues().cwiseAbs().maxCoeff();
}

Eigen::VectorXd ar_autocovariances(const Eigen::VectorXd& coef, int m) {
  const auto p = static_cast<int>(coef.size());
  // gamma_k - sum_j phi_j gamma_|k-j| = [k == 0], k = 0..p: p + 1 linear equations in gamma_0..gamma_p.
  Eigen::MatrixXd A = Eigen::MatrixXd::Identity(p + 1, p + 1);
  for (int k = 0; k <= p; ++k) {
    for (int j = 1; j <= p; ++j) A(k, std::abs(k - j)) -= coef(j - 1);
  }
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(p + 1);
  rhs(0) = 1.0;
  const Eigen::VectorXd g = A.partialPivLu().solve(rhs);
  Eigen::VectorXd out(std::max(m, 0));
  for (int k = 0; k < m; ++k) {
    if (k <= p) {
      out(k) = g(k);
    } else {
      double v = 0.0;
      for (int j = 1; j <= p; ++j) v += coef(j - 1) * out(k - j);
      out(k) = v;
    }
  }
  return out;
}

Eigen::MatrixXd ar_initial_cholesky(const Eigen::VectorXd& coef) {
  const auto p = static_cast<int>(coef.size());
  const Eigen::VectorXd g = ar_autocovariances(coef, p);
  Eigen::MatrixXd G(p, p);
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j < p; ++j) G(i, j) = g(std::abs(i - j));
  }
  const Eigen::LLT<Eigen::MatrixXd> llt(G);
  if (llt.info() != Eigen::Success) throw std::invalid_argument("ar_initial_cholesky: the AR model is not stationary");
  return llt.matrixL();
}

Eigen::MatrixXd ar_whiten(const Eigen::VectorXd& coef, const Eigen::MatrixXd& M) {
  const auto p = static_cast<Eigen::Index>(coef.size());
  const Eigen::Index n = M.rows();
  if (n <= p) throw std::invalid_argument("ar_whiten: fewer rows than the AR order");
  Eigen::MatrixXd out(n, M.cols());
  const Eigen::MatrixXd L = ar_initial_cholesky(coef);
  out.topRows(p) = L.triangularView<Eigen::Lower>().solve(M.topRows(p));
  out.bottomRows(n - p) = M.bottomRows(n - p);
  for (Eigen::Index j = 1; j <= p; ++j) out.bottomRows(n - p) -= coef(j - 1) * M.middleRows(p - j, n - p);
  return out;
}

Eigen::MatrixXd forecast_weights(const Eigen::VectorXd& coef, int horizon) {
  const Eigen::Index p = coef.size();
  const Eigen::MatrixXd F = companion(coef);
  Eigen::MatrixXd W(std::max(horizon, 0), p);
  Eigen::RowVectorXd row = Eigen::RowVectorXd::Unit(p, 0);
  // E[s_(T+h)] = F^h s_T; the first row of F^h is e_1' F^h, built one step at a time.
  for (int h = 0; h < horizon; ++h) {
    row = row * F;
    W.row(h) = row;
  }
  return W;
}

Eigen::VectorXd psi_weights(const Eigen::VectorXd& coef, int m) {
  const auto p = static_cast<int>(coef.size());
  Eigen::VectorXd psi = Eigen::VectorXd::Zero(std::max(m, 0));
  if (m > 0) psi(0) = 1.0;
  for (int j = 1; j < m; ++j) {
    for (int i = 1; i <= std::min(j, p); ++i) psi(j) += coef(i - 1) * psi(j - i);
  }
  return psi;
}

double ar_long_run_ratio(const Eigen::VectorXd& coef) {
  const double one_minus = 1.0 - coef.sum();
  return 1.0 / (one_minus * one_minus * ar_autocovariances(coef, 1)(0));
}

double ar_half_life(const Eigen::VectorXd& coef) {
  if (coef.size() == 1) {
    const double phi = coef(0);
    if (phi <= 0.0) return 0.0;
    return phi < 1.0 ? std::log(0.5) / std::log(phi) : std::numeric_limits<double>::infinity();
  }
  const Eigen::VectorXd psi = psi_weights(coef, 10001);
  for (Eigen::Index h = 1; h < psi.size(); ++h) {
    if (psi(h) <= 0.5) return static_cast<double>(h - 1) + (psi(h - 1) - 0.5) / (psi(h - 1) - psi(h));
  }
  return std::numeric_limits<double>::infinity();
}

Eigen::VectorXd stationary_correction(const Eigen::VectorXd& phi_hat, const Eigen::VectorXd& bias, double limit) {
  for (int step = 100; step >= 0; --step) {
    const Eigen::VectorXd c = phi_hat - (step / 100.0) * bias;
    if (max_root_modulus(c) <= limit) return c;
  }
  Eigen::VectorXd c = phi_hat;
  for (int i = 0; i < 200 && !(max_root_modulus(c) <= limit); ++i) {
    for (Eigen::Index j = 0; j < c.size(); ++j) c(j) *= std::pow(0.98, static_cast<double>(j + 1));
  }
  return c;
}

void simulate_ar(const Eigen::VectorXd& coef, const Eigen::MatrixXd& chol, double sigma, std::mt19937_64& rng,
                 std::normal_distribution<double>& normal, double* out, std::size_t n) {
  const auto p = static_cast<std::size_t>(coef.size());
  Eigen::VectorXd z(static_cast<Eigen::Index>(p));
  for (std::size_t i = 0; i < p; ++i) z(static_cast<Eigen::Index>(i)) = normal(rng);
  const Eigen::VectorXd start = sigma * (chol * z);
  for (std::size_t i = 0; i < std::min(p, n); ++i) out[i] = start(static_cast<Eigen::Index>(i));
  for (std::size_t t = p; t < n; ++t) {
    double v = sigma * normal(rng);
    for (std::size_t j = 1; j <= p; ++j) v += coef(static_cast<Eigen::Index>(j - 1)) * out[t - j];
    out[t] = v;
  }
}

Eigen::VectorXd ar_estimation_bias(const Eigen::MatrixXd& X, const ArModel& model, int replications,
                                   std::uint64_t seed) {
  const Eigen::Index n = X.rows();
  const auto p = static_cast<int>(model.coef.size());
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(X);
  const Eigen::MatrixXd chol = ar_initial_cholesky(model.coef);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::VectorXd u(n), sum = Eigen::VectorXd::Zero(p);
  const double sigma = std::sqrt(std::max(model.sigma2, 0.0));
  for (int b = 0; b < replications; ++b) {
    // The innovation scale cancels from phi_hat; sigma only keeps the numbers on the data's scale.
    simulate_ar(model.coef, chol, sigma > 0.0 ? sigma : 1.0, rng, normal, u.data(), static_cast<std::size_t>(n));
    const Eigen::VectorXd e = u - X * qr.solve(u);
    sum += fit_ar(e, p, p).coef;
  }
  return sum / static_cast<double>(replications) - model.coef;
}

}  // namespace uptake::trend
