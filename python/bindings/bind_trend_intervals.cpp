// Glue for trend intervals: kernel HAC (sandwich-compatible), fixed-b critical values, Prais-Winsten FGLS with
// bootstrap-t and AR(1) prediction.
#include "common.hpp"
#include "uptake/trend/fixed_b.hpp"
#include "uptake/trend/hac.hpp"
#include "uptake/trend/ols.hpp"
#include "uptake/trend/ar_errors.hpp"
#include "uptake/trend/prais_winsten.hpp"
#include "uptake/trend/sen_calibration.hpp"
#include "uptake/trend/slope_design_effect.hpp"

namespace uptake::bindings {

namespace {

trend::OrderCriterion parse_criterion(const std::string& name) {
  if (name == "aic") return trend::OrderCriterion::AIC;
  if (name == "bic") return trend::OrderCriterion::BIC;
  throw std::invalid_argument("ar_order must be a positive integer, 'aic' or 'bic', got '" + name + "'");
}

// ar_order: a positive int (fixed order) or "aic" / "bic" (chosen among 1..default maximum).
trend::PraisWinstenOptions pw_options(const py::object& phi, bool bias_correct, const std::string& bootstrap,
                                      int replications, std::uint64_t seed, double conf, const py::object& ar_order) {
  trend::PraisWinstenOptions o;
  if (py::isinstance<py::str>(ar_order)) {
    o.ar_order = 0;
    o.criterion = parse_criterion(ar_order.cast<std::string>());
  } else {
    o.ar_order = ar_order.cast<int>();
    if (o.ar_order < 1) throw std::invalid_argument("ar_order must be a positive integer, 'aic' or 'bic'");
  }
  if (!phi.is_none()) {
    o.estimate_phi = false;
    o.phi = phi.cast<double>();
  }
  o.bias_correct = bias_correct;
  if (bootstrap == "auto") {
    o.bootstrap = trend::BootstrapMode::Auto;
  } else if (bootstrap == "always") {
    o.bootstrap = trend::BootstrapMode::Always;
  } else if (bootstrap == "never") {
    o.bootstrap = trend::BootstrapMode::Never;
  } else {
    throw std::invalid_argument("bootstrap must be 'auto', 'always' or 'never', got '" + bootstrap + "'");
  }
  o.replications = replications;
  o.seed = seed;
  o.conf = conf;
  return o;
}

}  // namespace

void bind_trend_intervals(py::module_& m) {
  m.def(
      "kernel_hac",
      [](const Eigen::MatrixXd& X, const Eigen::VectorXd& resid, const std::string& kernel, const std::string& rule,
         double bandwidth, bool prewhite, bool adjust, bool floor_lag) {
        trend::KernelHacOptions o;
        o.kernel = trend::parse_kernel(kernel);
        o.rule = trend::parse_bandwidth_rule(rule);
        o.bandwidth = bandwidth;
        o.prewhite = prewhite;
        o.adjust = adjust;
        o.floor_lag = floor_lag;
        trend::KernelHac r;
        {
          py::gil_scoped_release release;
          r = trend::kernel_hac(X, resid, o);
        }
        return dict_of("cov"_a = r.cov, "bandwidth"_a = r.bandwidth, "lags"_a = r.lags, "var_coef"_a = r.var_coef);
      },
      "X"_a, "resid"_a, "kernel"_a = "qs", "rule"_a = "andrews", "bandwidth"_a = 0.0, "prewhite"_a = true,
      "adjust"_a = true, "floor_lag"_a = false, "Kernel HAC covariance as R sandwich::vcovHAC/kernHAC/NeweyWest.");

  m.def("kernel_weight", [](const std::string& kernel, double x) { return trend::kernel_weight(trend::parse_kernel(kernel), x); },
        "kernel"_a, "x"_a, "Kernel weight k(x) as sandwich::kweights.");

  m.def(
      "fixed_b_cv",
      [](double b, double conf, const std::string& model) {
        if (model != "trend" && model != "mean") throw std::invalid_argument("model must be 'trend' or 'mean'");
        return trend::fixed_b_critical_value(b, conf, model == "trend" ? trend::FixedBModel::Trend : trend::FixedBModel::Mean);
      },
      "b"_a, "conf"_a = 0.95, "model"_a = "trend", "Fixed-b critical value (Bartlett, bandwidth b n).");

  m.def(
      "fixed_b_p",
      [](double b, double stat, const std::string& model) {
        if (model != "trend" && model != "mean") throw std::invalid_argument("model must be 'trend' or 'mean'");
        return trend::fixed_b_p_value(b, stat, model == "trend" ? trend::FixedBModel::Trend : trend::FixedBModel::Mean);
      },
      "b"_a, "stat"_a, "model"_a = "trend", "Two-sided fixed-b p-value of a t statistic (floored at 0.001).");

  m.def("kiefer_vogelsang_mean_cv95", &trend::kiefer_vogelsang_mean_cv95, "b"_a,
        "Kiefer-Vogelsang (2005) published cubic, location model, 95% two-sided.");

  m.def("two_sided_p", &trend::two_sided_p, "stat"_a, "df"_a, "Two-sided p-value of Student t (df > 0) or normal.");

  m.def("bias_corrected_phi", &trend::bias_corrected_phi, "phi_hat"_a, "n"_a, "phi^ + (2 + 4 phi^)/n within [-0.99, 0.99].");

  m.def(
      "prais_winsten",
      [](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos, const py::object& phi,
         bool bias_correct, const std::string& bootstrap, int replications, std::uint64_t seed, double conf,
         const py::object& ar_order) {
        const auto o = pw_options(phi, bias_correct, bootstrap, replications, seed, conf, ar_order);
        trend::PraisWinstenFit f;
        {
          py::gil_scoped_release release;
          f = trend::prais_winsten(X, y, pos, o);
        }
        return dict_of("params"_a = f.params, "bse"_a = f.bse, "cov"_a = f.cov, "fitted"_a = f.fitted,
                        "resid"_a = f.resid, "phi_hat"_a = f.phi_hat, "phi"_a = f.phi, "sigma"_a = f.sigma,
                        "nobs"_a = f.nobs, "df_resid"_a = f.df_resid, "bootstrapped"_a = f.bootstrapped,
                        "replications"_a = f.replications, "seed"_a = f.seed, "crit"_a = f.crit,
                        "abs_tau"_a = f.abs_tau, "ar_order"_a = f.ar_order, "ar_coef"_a = f.ar_coef,
                        "ar_coef_hat"_a = f.ar_coef_hat, "half_life"_a = f.half_life);
      },
      "X"_a, "y"_a, "pos"_a, "phi"_a = py::none(), "bias_correct"_a = true, "bootstrap"_a = "auto",
      "replications"_a = 999, "seed"_a = 12, "conf"_a = 0.95, "ar_order"_a = 1,
      "Prais-Winsten-type FGLS with AR(p) errors (ar_order: int, 'aic' or 'bic').");

  m.def(
      "prais_winsten_predict",
      [](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::int64_t>& pos, const py::object& phi,
         bool bias_correct, const std::string& bootstrap, int replications, std::uint64_t seed, double conf,
         const Eigen::MatrixXd& Xnew, const std::vector<std::int64_t>& pos_new, const py::object& ar_order) {
        const auto o = pw_options(phi, bias_correct, bootstrap, replications, seed, conf, ar_order);
        trend::AR1Prediction p;
        {
          py::gil_scoped_release release;
          p = trend::prais_winsten_predict(X, y, pos, o, Xnew, pos_new);
        }
        return dict_of("estimate"_a = p.estimate, "mean_low"_a = p.mean_low, "mean_high"_a = p.mean_high,
                        "low"_a = p.low, "high"_a = p.high, "se"_a = p.se, "bootstrapped"_a = p.bootstrapped);
      },
      "X"_a, "y"_a, "pos"_a, "phi"_a, "bias_correct"_a, "bootstrap"_a, "replications"_a, "seed"_a, "conf"_a, "Xnew"_a,
      "pos_new"_a, "ar_order"_a = 1, "AR(p)-error best linear prediction with prediction intervals.");

  m.def(
      "fit_ar",
      [](const Eigen::VectorXd& e, int p, int first) {
        const trend::ArModel a = trend::fit_ar(e, p, first < 0 ? p : first);
        return py::make_tuple(a.coef, a.sigma2);
      },
      "e"_a, "p"_a, "first"_a = -1, "AR(p) by conditional least squares without a mean: (coefficients, sigma2).");

  m.def(
      "select_ar_order",
      [](const Eigen::VectorXd& e, int max_order, const std::string& criterion) {
        return trend::select_ar_order(e, max_order <= 0 ? trend::default_max_ar_order(static_cast<int>(e.size())) : max_order,
                                      parse_criterion(criterion));
      },
      "e"_a, "max_order"_a = 0, "criterion"_a = "bic", "AR order by AIC/BIC on a common sample.");

  m.def("ar_half_life", &trend::ar_half_life, "coef"_a, "Periods until the AR impulse response halves.");

  m.def("ar_long_run_ratio", &trend::ar_long_run_ratio, "coef"_a,
        "Long-run over marginal variance of a stationary AR(p): n / n_eff for a mean.");

  m.def("ar_slope_variance_ratio", &trend::ar_slope_variance_ratio, "coef"_a, "x"_a,
        "Var of the least-squares slope on x under AR(p) errors over Var under independence (same marginal variance).");

  m.def("ar_slope_design_effect", &trend::ar_slope_design_effect, "coef"_a, "x"_a,
        "ar_slope_variance_ratio, made non-decreasing in the persistence (envelope over shrunken roots), at least 1.");

  m.def(
      "sen_bootstrap_critical",
      [](const Eigen::VectorXd& x, const Eigen::VectorXd& coef, const Eigen::VectorXd& bias, double conf,
         int replications, std::uint64_t seed) {
        py::gil_scoped_release release;
        return trend::sen_bootstrap_critical(x, coef, bias, conf, replications, seed);
      },
      "x"_a, "coef"_a, "bias"_a, "conf"_a = 0.95, "replications"_a = 999, "seed"_a = 12,
      "AR(p) sieve-bootstrap critical value for Sen's interval with the AR design effect (at least the normal one).");
}

}  // namespace uptake::bindings
