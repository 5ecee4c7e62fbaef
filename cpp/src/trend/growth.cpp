#include "uptake/trend/growth.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unsupported/Eigen/LevenbergMarquardt>

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
  const Eigen::MatrixXd jtj = J.transpose() * J;
  best.cov = jtj.completeOrthogonalDecomposition().pseudoInverse() * (best.rss / best.df_resid);
  best.bse = best.cov.diagonal().cwiseMax(0.0).cwiseSqrt();
  const Eigen::VectorXd& p = best.params;
  switch (model) {
    case GrowthModel::Logistic: best.inflection = p(1); break;
    case GrowthModel::Gompertz: best.inflection = -std::log(p(1)) / std::log(p(2)); break;
    default: best.inflection = std::log(p(2) / p(1)) / (p(1) + p(2)); break;
  }
  best.inflection_observed = std::isfinite(best.inflection) && best.inflection < t[n - 1];
  return best;
}

}  // namespace uptake::trend
