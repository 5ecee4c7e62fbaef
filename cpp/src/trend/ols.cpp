#include "uptake/trend/ols.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <unsupported/Eigen/FFT>
#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>
#include <vector>

namespace uptake::trend {

int default_maxlags(int n) noexcept {
  return static_cast<int>(std::floor(4.0 * std::pow(static_cast<double>(n) / 100.0, 2.0 / 9.0)));
}

namespace {

// Double precision throughout: Boost's default promotes to long double, which costs more than the whole
// regression of a short series and changes nothing at the 1e-12 level the results are compared at.
using DoublePolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

}  // namespace

double t_or_normal_quantile(double p, int df) {
  // A fit and its intervals ask for the same quantile again and again (one per call of a batch of equal-length
  // series): remember the last one.
  thread_local double last_p = -1.0, last_q = 0.0;
  thread_local int last_df = -1;
  if (p == last_p && df == last_df) return last_q;
  const double q = df > 0 ? boost::math::quantile(boost::math::students_t_distribution<double, DoublePolicy>(df), p)
                          : boost::math::quantile(boost::math::normal_distribution<double, DoublePolicy>(), p);
  last_p = p;
  last_df = df;
  last_q = q;
  return q;
}

double two_sided_p(double stat, int df) {
  if (!std::isfinite(stat)) return std::isnan(stat) ? stat : 0.0;
  const double a = std::fabs(stat);
  if (df > 0) {
    return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double, DoublePolicy>(df), a));
  }
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double, DoublePolicy>(), a));
}

Eigen::MatrixXd lagged_cross(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& B,
                             Eigen::Index lag) {
  const Eigen::Index n = A.rows() - lag;
  Eigen::MatrixXd out(A.cols(), B.cols());
  for (Eigen::Index a = 0; a < A.cols(); ++a) {
    for (Eigen::Index b = 0; b < B.cols(); ++b) out(a, b) = A.col(a).tail(n).dot(B.col(b).head(n));
  }
  return out;
}

Eigen::MatrixXd weighted_lag_cross_direct(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                          const std::vector<double>& w) {
  const Eigen::Index n = scores.rows(), k = scores.cols();
  const auto lags = std::min<Eigen::Index>(static_cast<Eigen::Index>(w.size()) - 1, n - 1);
  constexpr Eigen::Index kBlock = 512;
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(k, k);
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index len = std::min(kBlock, n - start);
    for (Eigen::Index j = 0; j <= lags; ++j) {
      const Eigen::Index rows = std::min(len, n - j - start);  // pairs (t + j, t) with t in this block
      if (rows <= 0) break;
      const double wj = w[static_cast<std::size_t>(j)];
      if (wj == 0.0) continue;
      for (Eigen::Index a = 0; a < k; ++a) {
        for (Eigen::Index b = 0; b < k; ++b) {
          out(a, b) += wj * scores.col(a).segment(start + j, rows).dot(scores.col(b).segment(start, rows));
        }
      }
    }
  }
  return out;
}

namespace {

// The smallest N >= m of the form 4 * 2^a 3^b 5^c: kissfft has butterflies for 2, 3, 4 and 5, and a multiple of 4
// takes its real-input path (a half-length complex FFT). Padding to such a size instead of a power of two saves
// up to half the work.
Eigen::Index fft_size(Eigen::Index m) {
  Eigen::Index best = 4;
  while (best < m) best *= 2;
  for (Eigen::Index p5 = 1; 4 * p5 < best; p5 *= 5) {
    for (Eigen::Index p35 = p5; 4 * p35 < best; p35 *= 3) {
      Eigen::Index v = 4 * p35;
      while (v < m) v *= 2;
      best = std::min(best, v);
    }
  }
  return best;
}

// Half spectrum (bins 0 .. N/2) of x zero-padded to N. The FFT object keeps one size's plan (its twiddles cost
// about as much as a transform): a batch of equal-length series reuses it, and memory stays bounded when the
// lengths vary.
void real_fft(const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::Index nfft, Eigen::VectorXd& padded,
              Eigen::VectorXcd& out) {
  thread_local Eigen::FFT<double> fft;
  thread_local Eigen::Index planned = 0;
  if (planned != nfft) {
    fft.impl().clear();
    planned = nfft;
  }
  fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
  padded.setZero(nfft);
  padded.head(x.size()) = x;
  out.resize(nfft / 2 + 1);
  fft.fwd(out.data(), padded.data(), nfft);
}

}  // namespace

Eigen::MatrixXd weighted_lag_cross_fft(const Eigen::Ref<const Eigen::MatrixXd>& scores, const std::vector<double>& w) {
  const Eigen::Index n = scores.rows(), k = scores.cols();
  const auto lags = std::min<Eigen::Index>(static_cast<Eigen::Index>(w.size()) - 1, n - 1);
  const Eigen::Index nfft = fft_size(n + lags);  // lags 0..lags of an n-row series do not wrap around
  const Eigen::Index half = nfft / 2 + 1;
  Eigen::VectorXd padded;
  Eigen::VectorXcd wf;
  real_fft(Eigen::Map<const Eigen::VectorXd>(w.data(), lags + 1), nfft, padded, wf);
  std::vector<Eigen::VectorXcd> uf(static_cast<std::size_t>(k));
  for (Eigen::Index a = 0; a < k; ++a) real_fft(scores.col(a), nfft, padded, uf[static_cast<std::size_t>(a)]);
  Eigen::MatrixXd out(k, k);
  Eigen::VectorXcd vb(half);
  for (Eigen::Index b = 0; b < k; ++b) {
    vb = uf[static_cast<std::size_t>(b)].cwiseProduct(wf);
    vb.segment(1, half - 2) *= 2.0;  // bins 1 .. N/2 - 1 stand for their mirror images N - f too (real inputs)
    for (Eigen::Index a = 0; a < k; ++a) {
      // Re(sum_f U_a conj(V_b)) = sum_f Re(U_a) Re(V_b) + Im(U_a) Im(V_b)
      const Eigen::VectorXcd& ua = uf[static_cast<std::size_t>(a)];
      out(a, b) = (ua.real().dot(vb.real()) + ua.imag().dot(vb.imag())) / static_cast<double>(nfft);
    }
  }
  return out;
}

Eigen::MatrixXd weighted_lag_cross(const Eigen::Ref<const Eigen::MatrixXd>& scores, const std::vector<double>& w) {
  const auto lags = std::min<Eigen::Index>(static_cast<Eigen::Index>(w.size()) - 1, scores.rows() - 1);
  return lags >= kLagCrossFftMinLags ? weighted_lag_cross_fft(scores, w) : weighted_lag_cross_direct(scores, w);
}

Eigen::MatrixXd bartlett_meat(const Eigen::Ref<const Eigen::MatrixXd>& scores, int maxlags) {
  std::vector<double> w(static_cast<std::size_t>(maxlags) + 1);
  w[0] = 0.5;  // Gamma_0 is symmetric: H + H' counts it once
  for (int j = 1; j <= maxlags; ++j) w[static_cast<std::size_t>(j)] = 1.0 - static_cast<double>(j) / (maxlags + 1.0);
  const Eigen::MatrixXd H = weighted_lag_cross(scores, w);
  return H + H.transpose();
}

void fitted_mean_se(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::MatrixXd& V, Eigen::Ref<Eigen::VectorXd> se) {
  auto var = se.array();
  var.setZero();
  for (Eigen::Index a = 0; a < X.cols(); ++a) {
    var += V(a, a) * X.col(a).array().square();
    for (Eigen::Index b = a + 1; b < X.cols(); ++b) var += (V(a, b) + V(b, a)) * X.col(a).array() * X.col(b).array();
  }
  var = var.max(0.0).sqrt();
}

OlsCore ols_into(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::Ref<const Eigen::VectorXd>& y,
                 CovType cov_type, int maxlags, bool correction, Eigen::Ref<Eigen::MatrixXd> qr_work,
                 Eigen::Ref<Eigen::MatrixXd> score_work, Eigen::Ref<Eigen::VectorXd> fitted,
                 Eigen::Ref<Eigen::VectorXd> resid) {
  const Eigen::Index n = X.rows(), k = X.cols();
  if (y.size() != n) throw std::invalid_argument("ols: X has " + std::to_string(n) + " rows but y has " + std::to_string(y.size()));
  if (n <= k) {
    throw std::invalid_argument("ols: needs more observations (" + std::to_string(n) + ") than parameters (" +
                                std::to_string(k) + ")");
  }
  qr_work = X;
  const Eigen::ColPivHouseholderQR<Eigen::Ref<Eigen::MatrixXd>> qr(qr_work);  // in place
  if (qr.rank() < k) {
    throw std::invalid_argument("ols: the design is rank deficient (a constant series where a slope is needed, or "
                                "an intervention outside the data)");
  }
  OlsCore out;
  // qr.solve(y), with `fitted` as its scratch vector: Q'y, then R's triangle, then the column permutation.
  fitted = y;
  fitted.applyOnTheLeft(qr.householderQ().setLength(k).adjoint());
  qr_work.topLeftCorner(k, k).triangularView<Eigen::Upper>().solveInPlace(fitted.head(k));
  out.params.resize(k);
  for (Eigen::Index i = 0; i < k; ++i) out.params(qr.colsPermutation().indices()(i)) = fitted(i);
  fitted.noalias() = X * out.params;
  resid = y - fitted;
  out.rss = resid.squaredNorm();
  const Eigen::MatrixXd xtx_inv = lagged_cross(X, X, 0).inverse();
  if (cov_type == CovType::Classical) {
    out.cov = xtx_inv * (out.rss / static_cast<double>(n - k));
    return out;
  }
  out.maxlags = maxlags < 0 ? default_maxlags(static_cast<int>(n)) : maxlags;
  if (out.maxlags >= n) throw std::invalid_argument("ols: maxlags must be < number of observations");
  score_work = X.array().colwise() * resid.array();
  out.cov = xtx_inv * bartlett_meat(score_work, out.maxlags) * xtx_inv;
  if (correction) out.cov *= static_cast<double>(n) / static_cast<double>(n - k);
  return out;
}

OlsFit ols(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, CovType cov_type, int maxlags, bool correction,
           bool use_t, double conf) {
  const Eigen::Index n = X.rows(), k = X.cols();
  if (!(conf > 0.0 && conf < 1.0)) throw std::invalid_argument("ols: conf must be in (0, 1)");
  OlsFit fit;
  Eigen::MatrixXd qr_work(n, k), score_work(cov_type == CovType::HAC ? n : 0, k);
  fit.fitted.resize(n);
  fit.resid.resize(n);
  const OlsCore core = ols_into(X, y, cov_type, maxlags, correction, qr_work, score_work, fit.fitted, fit.resid);
  fit.nobs = static_cast<int>(n);
  fit.df_resid = static_cast<int>(n - k);
  fit.correction = correction;
  fit.use_t = use_t;
  fit.conf = conf;
  fit.cov_type = cov_type;
  fit.params = core.params;
  fit.cov = core.cov;
  fit.maxlags = core.maxlags;
  fit.rss = core.rss;
  const int df = use_t ? fit.df_resid : 0;
  const double q = t_or_normal_quantile(0.5 + conf / 2.0, df);
  fit.crit = q;
  fit.bse = fit.cov.diagonal().cwiseSqrt();
  fit.tvalues = fit.params.cwiseQuotient(fit.bse);
  fit.pvalues.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) fit.pvalues(j) = two_sided_p(fit.tvalues(j), df);
  fit.conf_low = fit.params - q * fit.bse;
  fit.conf_high = fit.params + q * fit.bse;
  fit.fitted_se.resize(n);
  fitted_mean_se(X, fit.cov, fit.fitted_se);
  return fit;
}

Eigen::Index trend_columns(const std::vector<Intervention>& interventions) {
  Eigen::Index k = 2;
  for (const auto& iv : interventions) k += (iv.level ? 1 : 0) + (iv.slope ? 1 : 0);
  return k;
}

void fill_trend_design(const double* t, const std::vector<Intervention>& interventions, std::vector<std::string>& names,
                       Eigen::Ref<Eigen::MatrixXd> X) {
  const Eigen::Index n = X.rows();
  if (X.cols() != trend_columns(interventions)) throw std::invalid_argument("trend_design: wrong number of columns");
  names = {"const", "trend"};
  X.col(0).setOnes();
  X.col(1) = Eigen::Map<const Eigen::VectorXd>(t, n);
  Eigen::Index c = 2;
  for (const auto& iv : interventions) {
    if (!iv.level && !iv.slope) throw std::invalid_argument("interventions: '" + iv.name + "' has neither level nor slope");
    if (iv.level) {
      for (Eigen::Index i = 0; i < n; ++i) X(i, c) = t[i] - iv.t0 >= 0.0 ? 1.0 : 0.0;
      names.push_back(iv.name + "_level");
      ++c;
    }
    if (iv.slope) {
      for (Eigen::Index i = 0; i < n; ++i) {
        const double d = t[i] - iv.t0;
        X(i, c) = d > 0.0 ? d : 0.0;
      }
      names.push_back(iv.name + "_slope");
      ++c;
    }
  }
}

Eigen::MatrixXd trend_design(const std::vector<double>& t, const std::vector<Intervention>& interventions,
                             std::vector<std::string>& names) {
  Eigen::MatrixXd X(static_cast<Eigen::Index>(t.size()), trend_columns(interventions));
  fill_trend_design(t.data(), interventions, names, X);
  return X;
}

}  // namespace uptake::trend
