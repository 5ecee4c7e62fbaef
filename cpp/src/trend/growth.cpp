#include "uptake/trend/growth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unsupported/Eigen/LevenbergMarquardt>

#include "uptake/trend/ols.hpp"

namespace uptake::trend {

GrowthModel parse_growth_model(std::string_view text) {
  if (text == "logistic") return GrowthModel::Logistic;
  if (text == "gompertz") return GrowthModel::Gompertz;
  if (text == "bass") return GrowthModel::Bass;
  if (text == "bass_cumulative") return GrowthModel::BassCumulative;
  throw std::invalid_argument("fit_growth: model must be 'logistic', 'gompertz', 'bass' or 'bass_cumulative', got '" +
                              std::string(text) + "'");
}

std::vector<std::string> growth_param_names(GrowthModel model) {
  switch (model) {
    case GrowthModel::Logistic: return {"K", "t0", "s"};
    case GrowthModel::Gompertz: return {"K", "b", "c"};
    case GrowthModel::Bass:
    case GrowthModel::BassCumulative: return {"m", "p", "q"};
  }
  return {};
}

double growth_value(GrowthModel model, const Eigen::VectorXd& p, double t) {
  switch (model) {
    case GrowthModel::Logistic: return p(0) / (1.0 + std::exp(-(t - p(1)) / p(2)));
    case GrowthModel::Gompertz: return p(0) * std::exp(-p(1) * std::pow(p(2), t));
    case GrowthModel::Bass: {
      const double s = p(1) + p(2), e = std::exp(-s * t), d = 1.0 + (p(2) / p(1)) * e;
      return p(0) * (s * s / p(1)) * e / (d * d);
    }
    case GrowthModel::BassCumulative: {
      const double s = p(1) + p(2), e = std::exp(-s * t);
      return p(0) * (1.0 - e) / (1.0 + (p(2) / p(1)) * e);
    }
  }
  return 0.0;
}

Eigen::VectorXd growth_gradient(GrowthModel model, const Eigen::VectorXd& p, double t) {
  Eigen::VectorXd g(3);
  switch (model) {
    case GrowthModel::Logistic: {
      const double e = std::exp(-(t - p(1)) / p(2)), d = 1.0 + e;
      g(0) = 1.0 / d;
      g(1) = -p(0) * e / (d * d) / p(2);
      g(2) = -p(0) * e / (d * d) * (t - p(1)) / (p(2) * p(2));
      return g;
    }
    case GrowthModel::Gompertz: {
      const double ct = std::pow(p(2), t), v = p(0) * std::exp(-p(1) * ct);
      g(0) = v / p(0);
      g(1) = -v * ct;
      g(2) = -v * p(1) * t * std::pow(p(2), t - 1.0);
      return g;
    }
    default: {
      // Bass forms: central differences are accurate enough here and keep the algebra out of the way.
      for (int j = 0; j < 3; ++j) {
        Eigen::VectorXd a = p, b = p;
        const double h = 1e-6 * std::max(std::fabs(p(j)), 1e-8);
        a(j) += h;
        b(j) -= h;
        g(j) = (growth_value(model, a, t) - growth_value(model, b, t)) / (2.0 * h);
      }
      return g;
    }
  }
}

namespace {

struct Residuals : Eigen::DenseFunctor<double> {
  Residuals(GrowthModel m, const double* t, const double* y, std::size_t n)
      : Eigen::DenseFunctor<double>(3, static_cast<int>(n)), model(m), t(t), y(y) {}
  int operator()(const Eigen::VectorXd& p, Eigen::VectorXd& f) const {
    for (Eigen::Index i = 0; i < f.size(); ++i) f(i) = growth_value(model, p, t[i]) - y[i];
    return 0;
  }
  int df(const Eigen::VectorXd& p, Eigen::MatrixXd& J) const {
    for (Eigen::Index i = 0; i < J.rows(); ++i) J.row(i) = growth_gradient(model, p, t[i]).transpose();
    return 0;
  }
  GrowthModel model;
  const double* t;
  const double* y;
};

std::vector<Eigen::VectorXd> self_starts(GrowthModel model, const double* t, const double* y, std::size_t n) {
  const double ymax = *std::max_element(y, y + n);
  const double total = std::accumulate(y, y + n, 0.0);
  const double t_lo = t[0], t_hi = t[n - 1];
  std::vector<Eigen::VectorXd> starts;
  const auto linear_fit = [&](const std::vector<double>& xs, const std::vector<double>& zs) {
    const double mx = std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
    const double mz = std::accumulate(zs.begin(), zs.end(), 0.0) / static_cast<double>(zs.size());
    double sxx = 0, sxz = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      sxx += (xs[i] - mx) * (xs[i] - mx);
      sxz += (xs[i] - mx) * (zs[i] - mz);
    }
    const double b = sxx > 0 ? sxz / sxx : 0.0;
    return std::pair<double, double>(mz - b * mx, b);
  };
  if (model == GrowthModel::Logistic || model == GrowthModel::Gompertz) {
    for (double factor : {1.05, 1.5, 3.0}) {
      const double K = factor * ymax;
      std::vector<double> xs, zs;
      for (std::size_t i = 0; i < n; ++i) {
        const double r = y[i] / K;
        if (r <= 0 || r >= 1) continue;
        xs.push_back(t[i]);
        zs.push_back(model == GrowthModel::Logistic ? std::log(r / (1 - r)) : std::log(-std::log(r)));
      }
      if (xs.size() < 2) continue;
      const auto [a, b] = linear_fit(xs, zs);
      Eigen::VectorXd p(3);
      if (model == GrowthModel::Logistic) {
        if (b == 0) continue;
        p << K, -a / b, 1.0 / b;
      } else {
        p << K, std::exp(a), std::exp(b);
      }
      if (p.allFinite()) starts.push_back(p);
    }
    if (model == GrowthModel::Logistic) {
      Eigen::VectorXd p(3);
      p << 1.5 * ymax, 0.5 * (t_lo + t_hi), std::max(1e-3, (t_hi - t_lo) / 8.0);
      starts.push_back(p);
    }
  } else {
    const double scale = model == GrowthModel::Bass ? total : ymax;
    for (double factor : {1.2, 2.0, 4.0}) {
      Eigen::VectorXd p(3);
      p << factor * scale, 0.03, 0.38;  // Sultan, Farley & Lehmann (1990) averages for p and q
      starts.push_back(p);
    }
  }
  return starts;
}

}  // namespace

GrowthFit fit_growth_curve(const double* t, const double* y, std::size_t n, GrowthModel model,
                           const std::vector<double>& start) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(t[i]) || !std::isfinite(y[i])) {
      throw std::invalid_argument("fit_growth: non-finite value at position " + std::to_string(i));
    }
  }
  if (n < 4) throw std::invalid_argument("fit_growth: needs at least 4 points for 3 parameters, got " + std::to_string(n));
  if (!start.empty() && start.size() != 3) throw std::invalid_argument("fit_growth: start must have 3 values");
  std::vector<Eigen::VectorXd> starts;
  if (!start.empty()) {
    starts.emplace_back(Eigen::Map<const Eigen::VectorXd>(start.data(), 3));
  } else {
    starts = self_starts(model, t, y, n);
  }
  if (starts.empty()) throw std::invalid_argument("fit_growth: could not find starting values; give start=");

  Residuals functor(model, t, y, n);
  GrowthFit best;
  best.rss = std::numeric_limits<double>::infinity();
  for (const auto& s : starts) {
    Eigen::VectorXd p = s;
    Eigen::LevenbergMarquardt<Residuals> lm(functor);
    lm.setMaxfev(2000);
    lm.setFtol(1e-15);
    lm.setXtol(1e-15);
    const auto status = lm.minimize(p);
    Eigen::VectorXd f(static_cast<Eigen::Index>(n));
    functor(p, f);
    const double rss = f.squaredNorm();
    if (p.allFinite() && std::isfinite(rss) && rss < best.rss) {
      best.params = p;
      best.rss = rss;
      best.status = static_cast<int>(status);
      best.evaluations = static_cast<int>(lm.nfev());
    }
  }
  if (!std::isfinite(best.rss)) throw std::invalid_argument("fit_growth: the fit failed from every starting value");
  best.model = model;
  best.df_resid = static_cast<int>(n) - 3;
  using Status = Eigen::LevenbergMarquardtSpace::Status;
  best.converged = best.status == Status::RelativeReductionTooSmall || best.status == Status::RelativeErrorTooSmall ||
                   best.status == Status::RelativeErrorAndReductionTooSmall || best.status == Status::CosinusTooSmall ||
                   best.status == Status::FtolTooSmall || best.status == Status::XtolTooSmall ||
                   best.status == Status::GtolTooSmall;
  Eigen::MatrixXd J(static_cast<Eigen::Index>(n), 3);
  functor.df(best.params, J);
  // Scale the columns first: K in the millions next to s in tens would otherwise look singular (or hide a real
  // singularity). Invert through the SVD with every singular value kept.
  Eigen::VectorXd D = J.colwise().norm().transpose();
  for (Eigen::Index j = 0; j < 3; ++j) {
    if (!(D(j) > 0.0) || !std::isfinite(D(j))) D(j) = 1.0;
  }
  const Eigen::MatrixXd scaled = J * D.cwiseInverse().asDiagonal();
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(scaled, Eigen::ComputeThinV);
  const Eigen::VectorXd sv = svd.singularValues();
  const Eigen::MatrixXd V = svd.matrixV();
  const double rank_tol = static_cast<double>(std::max<std::size_t>(n, 3)) * std::numeric_limits<double>::epsilon() * sv(0);
  const double s2 = best.rss / best.df_resid;
  best.singular_values = sv;
  best.null_direction = V.col(2);
  // A conventional sign: the largest loading positive.
  Eigen::Index big = 0;
  best.null_direction.cwiseAbs().maxCoeff(&big);
  if (best.null_direction(big) < 0) best.null_direction = -best.null_direction;
  best.cov = Eigen::MatrixXd::Zero(3, 3);
  std::vector<bool> unbounded(3, false);
  for (Eigen::Index i = 0; i < 3; ++i) {
    if (sv(i) > rank_tol) {
      best.cov += (V.col(i) / sv(i)) * (V.col(i) / sv(i)).transpose();
    } else {
      for (Eigen::Index j = 0; j < 3; ++j) {
        if (std::fabs(V(j, i)) > 1e-12) unbounded[static_cast<std::size_t>(j)] = true;
      }
    }
  }
  best.cov = s2 * (D.cwiseInverse().asDiagonal() * best.cov * D.cwiseInverse().asDiagonal());
  for (Eigen::Index j = 0; j < 3; ++j) {
    if (!unbounded[static_cast<std::size_t>(j)]) continue;
    best.cov.row(j).setZero();
    best.cov.col(j).setZero();
    best.cov(j, j) = std::numeric_limits<double>::infinity();
  }
  best.bse = best.cov.diagonal().cwiseMax(0.0).cwiseSqrt();
  best.condition_number = sv(2) > rank_tol ? sv(0) / sv(2) : std::numeric_limits<double>::infinity();
  // 1e6: beyond it a relative change of 1e-6 in the data moves the parameters by O(1) along the weak direction.
  best.identified = best.condition_number <= 1e6;
  const Eigen::VectorXd& p = best.params;
  switch (model) {
    case GrowthModel::Logistic: best.inflection = p(1); break;
    case GrowthModel::Gompertz: best.inflection = -std::log(p(1)) / std::log(p(2)); break;
    default: best.inflection = std::log(p(2) / p(1)) / (p(1) + p(2)); break;
  }
  best.inflection_observed = std::isfinite(best.inflection) && best.inflection < t[n - 1];
  return best;
}

namespace {

// The model as profiled: the fit's own parameters, or Gompertz written K exp(-c^(t - ti)) so that its inflection
// time ti is a parameter (b = c^-ti).
struct ProfileModel {
  GrowthModel model;
  bool gompertz_by_inflection;
  double value(const Eigen::VectorXd& p, double t) const {
    if (gompertz_by_inflection) return p(0) * std::exp(-std::pow(p(2), t - p(1)));
    return growth_value(model, p, t);
  }
  Eigen::VectorXd gradient(const Eigen::VectorXd& p, double t) const {
    if (!gompertz_by_inflection) return growth_gradient(model, p, t);
    const double u = std::pow(p(2), t - p(1)), v = p(0) * std::exp(-u);
    Eigen::VectorXd g(3);
    g << std::exp(-u), v * u * std::log(p(2)), -v * (t - p(1)) * u / p(2);
    return g;
  }
};

// Residuals with parameter j held at `fixed`. Every model here is K (or m) times a shape, so when j is a shape
// parameter the scale is solved by linear least squares (variable projection) and only the other shape parameter
// is free: along an unidentified direction the scale must move by orders of magnitude, which a joint
// Levenberg-Marquardt search follows badly.
struct HeldResiduals : Eigen::DenseFunctor<double> {
  HeldResiduals(const ProfileModel& m, const double* t, const double* y, std::size_t n, int j, double fixed)
      : Eigen::DenseFunctor<double>(j == 0 ? 2 : 1, static_cast<int>(n)), m(m), t(t), y(y), n(n), j(j), fixed(fixed) {}
  static Eigen::VectorXd free_of(const Eigen::VectorXd& p, int j) {
    if (j == 0) return p.tail(2);
    Eigen::VectorXd f(1);
    f(0) = p(j == 1 ? 2 : 1);
    return f;
  }
  Eigen::VectorXd full(const Eigen::VectorXd& free) const {
    Eigen::VectorXd p(3);
    if (j == 0) {
      p << fixed, free(0), free(1);
      return p;
    }
    p(0) = 1.0;
    p(j) = fixed;
    p(j == 1 ? 2 : 1) = free(0);
    // The shape is normalised by its largest value first: far along a flat direction it is ~1e-160 and its
    // square would underflow.
    std::vector<double> g(n);
    double big = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      g[i] = m.value(p, t[i]);
      big = std::max(big, std::fabs(g[i]));
    }
    double gy = 0.0, gg = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      gy += g[i] / big * y[i];
      gg += (g[i] / big) * (g[i] / big);
    }
    p(0) = big > 0 && std::isfinite(big) && gg > 0 ? gy / gg / big : std::numeric_limits<double>::quiet_NaN();
    return p;
  }
  int operator()(const Eigen::VectorXd& free, Eigen::VectorXd& f) const {
    const Eigen::VectorXd p = full(free);
    for (Eigen::Index i = 0; i < f.size(); ++i) f(i) = m.value(p, t[i]) - y[i];
    return 0;
  }
  int df(const Eigen::VectorXd& free, Eigen::MatrixXd& J) const {
    if (j == 0) {
      const Eigen::VectorXd p = full(free);
      for (Eigen::Index i = 0; i < J.rows(); ++i) J.row(i) = m.gradient(p, t[i]).tail(2).transpose();
      return 0;
    }
    // The projected residual's derivative by central differences (one column).
    Eigen::VectorXd a = free, b = free, fa(J.rows()), fb(J.rows());
    const double h = 1e-6 * std::max(std::fabs(free(0)), 1e-8);
    a(0) += h;
    b(0) -= h;
    (*this)(a, fa);
    (*this)(b, fb);
    J.col(0) = (fa - fb) / (2.0 * h);
    return 0;
  }
  const ProfileModel& m;
  const double* t;
  const double* y;
  std::size_t n;
  int j;
  double fixed;
};

// Minimum RSS with parameter j held at `value`; `others` is the warm start and receives the solution.
double held_rss(const ProfileModel& m, const double* t, const double* y, std::size_t n, int j, double value,
                Eigen::VectorXd& others) {
  HeldResiduals functor(m, t, y, n, j, value);
  Eigen::VectorXd x = others;
  Eigen::LevenbergMarquardt<HeldResiduals> lm(functor);
  lm.setMaxfev(400);
  lm.setFtol(1e-12);
  lm.setXtol(1e-12);
  lm.minimize(x);
  Eigen::VectorXd f(static_cast<Eigen::Index>(n));
  functor(x, f);
  const double rss = f.squaredNorm();
  if (!x.allFinite() || !std::isfinite(rss)) return std::numeric_limits<double>::infinity();
  others = x;
  return rss;
}

// One side (direction +1 or -1) of the profile-t interval of parameter j; returns +-inf when it does not close.
double profile_side(const ProfileModel& m, const double* t, const double* y, std::size_t n, const Eigen::VectorXd& p,
                    int j, double se, double rss, double s, double q, int direction, bool keep_sign, bool& open) {
  const double est = p(j);
  const auto others_of = [&](const Eigen::VectorXd& v) { return HeldResiduals::free_of(v, j); };
  const auto tau_at = [&](double value, Eigen::VectorXd& others) {
    const double r = held_rss(m, t, y, n, j, value, others);
    return std::isfinite(r) ? std::sqrt(std::max(r - rss, 0.0)) / s : std::numeric_limits<double>::quiet_NaN();
  };
  // R steps in units of the Wald s.e.; when that s.e. is huge (an unidentified direction) stay on the scale of
  // the estimate and let the step grow.
  double step = std::isfinite(se) && se > 0 ? se * q / 4.0 : 0.0;
  if (est != 0.0) step = step > 0 ? std::min(step, 0.2 * std::fabs(est)) : 0.2 * std::fabs(est);
  if (!(step > 0)) step = 1.0;
  const double limit = 1e8 * (std::fabs(est) + step);
  Eigen::VectorXd in_others = others_of(p);
  double in_value = est, in_tau = 0.0;
  open = false;
  for (int k = 0; k < 400; ++k) {
    const double value = in_value + direction * step;
    if (std::fabs(value - est) > limit) break;
    Eigen::VectorXd others = in_others;
    const bool outside = keep_sign && (value == 0.0 || std::signbit(value) != std::signbit(est));
    const double tau = outside ? std::numeric_limits<double>::quiet_NaN() : tau_at(value, others);
    if (std::isnan(tau)) {
      // Past the parameter's bound or where the model cannot be fitted: approach it with shorter steps.
      step *= 0.5;
      if (step < 1e-9 * std::max(std::fabs(in_value), 1e-300)) break;
      continue;
    }
    if (tau >= q) {
      // Bracketed: bisect for tau = q, warm-starting from the inner side.
      double lo = in_value, hi = value;
      for (int it = 0; it < 60 && std::fabs(hi - lo) > 1e-10 * (std::fabs(lo) + std::fabs(hi)); ++it) {
        const double mid = 0.5 * (lo + hi);
        Eigen::VectorXd o = in_others;
        const double tm = tau_at(mid, o);
        if (std::isnan(tm) || tm >= q) {
          hi = mid;
        } else {
          lo = mid;
          in_others = o;
        }
      }
      return 0.5 * (lo + hi);
    }
    if (tau - in_tau < q / 8.0) step *= 2.0;  // the profile is flat here: move faster
    in_value = value;
    in_tau = tau;
    in_others = others;
  }
  open = true;
  return direction * std::numeric_limits<double>::infinity();
}

ProfileInterval profile_one(const ProfileModel& m, const double* t, const double* y, std::size_t n,
                            const Eigen::VectorXd& p, int j, double se, double rss, double s, double q, bool keep_sign) {
  ProfileInterval r{};
  r.estimate = p(j);
  r.low = profile_side(m, t, y, n, p, j, se, rss, s, q, -1, keep_sign, r.low_open);
  r.high = profile_side(m, t, y, n, p, j, se, rss, s, q, +1, keep_sign, r.high_open);
  return r;
}

}  // namespace

std::vector<ProfileInterval> growth_profile_intervals(const double* t, const double* y, std::size_t n,
                                                      const GrowthFit& fit, double conf, double variance_factor) {
  if (!(conf > 0.0 && conf < 1.0)) throw std::invalid_argument("fit_growth: conf must be in (0, 1)");
  if (!(variance_factor > 0.0 && std::isfinite(variance_factor))) {
    throw std::invalid_argument("fit_growth: the variance factor must be positive and finite");
  }
  if (fit.df_resid < 1) throw std::invalid_argument("fit_growth: no residual degrees of freedom to profile");
  const double s = std::sqrt(variance_factor * fit.rss / fit.df_resid);
  const double q = t_or_normal_quantile(0.5 + conf / 2.0, fit.df_resid);
  std::vector<ProfileInterval> out;
  if (!(s > 0)) {  // an exact fit: every profile rises at once
    for (int j = 0; j < 3; ++j) out.push_back({fit.params(j), fit.params(j), fit.params(j), false, false});
    out.push_back({fit.inflection, fit.inflection, fit.inflection, false, false});
    return out;
  }
  const ProfileModel own{fit.model, false};
  for (int j = 0; j < 3; ++j) {
    // Logistic t0 may take any sign; every other parameter of these models keeps its sign.
    const bool keep_sign = !(fit.model == GrowthModel::Logistic && j == 1);
    out.push_back(profile_one(own, t, y, n, fit.params, j, fit.bse(j), fit.rss, s, q, keep_sign));
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (fit.model == GrowthModel::Logistic) {
    out.push_back(out[1]);
  } else if (fit.model == GrowthModel::Gompertz && fit.params(1) > 0 && fit.params(2) > 0 && fit.params(2) != 1.0) {
    const ProfileModel by_inflection{fit.model, true};
    Eigen::VectorXd p(3);
    p << fit.params(0), fit.inflection, fit.params(2);
    // Delta-method s.e. of ti = -ln b / ln c, only to size the first step.
    const double lb = std::log(fit.params(1)), lc = std::log(fit.params(2));
    Eigen::VectorXd g(3);
    g << 0.0, -1.0 / (fit.params(1) * lc), lb / (fit.params(2) * lc * lc);
    const double se = std::sqrt(std::max(0.0, g.dot(fit.cov * g)));
    out.push_back(profile_one(by_inflection, t, y, n, p, 1, se, fit.rss, s, q, false));
  } else {
    out.push_back({fit.inflection, nan, nan, false, false});
  }
  return out;
}

}  // namespace uptake::trend
