// Glue for the trend layer: OLS + HAC, Theil-Sen, Mann-Kendall, change points, segmented and growth fits,
// crossovers.
#include <cmath>
#include <cstdint>

#include "common.hpp"
#include "interrupt.hpp"
#include "uptake/trend/changepoints.hpp"
#include "uptake/trend/crossover.hpp"
#include "uptake/trend/growth.hpp"
#include "uptake/trend/mann_kendall.hpp"
#include "uptake/trend/segmented.hpp"
#include "uptake/trend/ols.hpp"
#include "uptake/trend/ols_trend.hpp"
#include "uptake/trend/theil_sen.hpp"
#include "uptake/trend/trend_batch.hpp"

namespace uptake::bindings {

namespace {

py::dict ols_dict(const trend::OlsFit& f) {
  return dict_of("params"_a = f.params, "bse"_a = f.bse, "tvalues"_a = f.tvalues, "pvalues"_a = f.pvalues,
                  "conf_low"_a = f.conf_low, "conf_high"_a = f.conf_high, "cov"_a = f.cov, "fitted"_a = f.fitted,
                  "resid"_a = f.resid, "fitted_se"_a = f.fitted_se, "rss"_a = f.rss, "nobs"_a = f.nobs,
                  "df_resid"_a = f.df_resid, "maxlags"_a = f.maxlags);
}

py::dict mk_dict(const trend::MannKendall& r) {
  return dict_of("s"_a = r.s, "var_s"_a = r.var_s, "z"_a = r.z, "p"_a = r.p, "tau"_a = r.tau, "slope"_a = r.slope,
                  "intercept"_a = r.intercept, "variance_factor"_a = r.variance_factor,
                  "variance_factor_floored"_a = r.variance_factor_floored, "n"_a = r.n, "lags"_a = r.lags);
}

}  // namespace

void bind_trend(py::module_& m) {
  register_cancellation();
  m.def(
      "ols",
      [](const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::string& cov_type, int maxlags, bool correction,
         bool use_t, double conf) {
        trend::CovType ct;
        if (cov_type == "HAC") {
          ct = trend::CovType::HAC;
        } else if (cov_type == "classical") {
          ct = trend::CovType::Classical;
        } else {
          throw std::invalid_argument("ols: cov_type must be 'HAC' or 'classical', got '" + cov_type + "'");
        }
        trend::OlsFit f;
        {
          py::gil_scoped_release release;
          f = trend::ols(X, y, ct, maxlags, correction, use_t, conf);
        }
        return ols_dict(f);
      },
      "X"_a, "y"_a, "cov_type"_a = "HAC", "maxlags"_a = -1, "correction"_a = true, "use_t"_a = true, "conf"_a = 0.95,
      "OLS with Newey-West HAC (or classical) covariance.");

  m.def(
      "ols_trend_fit",
      [](const DoubleArray& y, const DoubleArray& t, const std::vector<std::tuple<std::string, double, bool, bool>>& ivs,
         const std::string& method, int maxlags, bool correction, bool use_t, double conf, bool log,
         const std::string& kernel, const std::string& rule, double bandwidth, bool prewhite, double b) {
        require_1d(y, "ols_trend");
        require_1d(t, "ols_trend");
        if (y.size() != t.size()) throw std::invalid_argument("ols_trend: y and t have different lengths");
        trend::TrendFitOptions o;
        if (method == "nw") {
          o.cov = trend::TrendCov::NeweyWest;
        } else if (method == "hac") {
          o.cov = trend::TrendCov::KernelHac;
          o.hac.kernel = trend::parse_kernel(kernel);
          o.hac.rule = trend::parse_bandwidth_rule(rule);
          o.hac.bandwidth = bandwidth;
          o.hac.prewhite = prewhite;
        } else if (method == "fixed-b") {
          o.cov = trend::TrendCov::FixedB;
          o.b = b;
        } else if (method == "classical") {
          o.cov = trend::TrendCov::Classical;
        } else {
          throw std::invalid_argument("ols_trend_fit: method must be 'nw', 'hac', 'fixed-b' or 'classical', got '" +
                                      method + "'");
        }
        o.maxlags = maxlags;
        o.correction = correction;
        o.use_t = use_t;
        o.conf = conf;
        o.log = log;
        std::vector<trend::Intervention> interventions;
        for (const auto& [name, t0, level, slope] : ivs) interventions.push_back({name, t0, level, slope});
        const auto n = static_cast<std::size_t>(y.size());
        trend::TrendFit f;
        {
          py::gil_scoped_release release;
          // fitted values, residuals and their standard errors are left to the result object, which builds them
          // on first access: three fresh n-sized arrays per call cost more than a long regression.
          f = trend::ols_trend_fit(y.data(), t.data(), n, interventions, o, nullptr, nullptr, nullptr);
        }
        // One 5 x k array (params, bse, tvalues, pvalues, crit) instead of five: each array costs a microsecond.
        Eigen::MatrixXd terms(5, f.params.size());
        terms << f.params.transpose(), f.bse.transpose(), f.tvalues.transpose(), f.pvalues.transpose(),
            f.crit.transpose();
        return py::make_tuple(f.names, terms, f.cov, f.nobs, f.df_resid, f.maxlags, f.lags, f.bandwidth, f.phi_hat,
                              f.phi);
      },
      "y"_a, "t"_a, "interventions"_a, "method"_a, "maxlags"_a, "correction"_a, "use_t"_a, "conf"_a, "log"_a,
      "kernel"_a, "rule"_a, "bandwidth"_a, "prewhite"_a, "b"_a,
      "ols_trend's OLS methods in one call: (names, terms, cov, nobs, df_resid, maxlags, lags, bandwidth, phi_hat, "
      "phi); terms rows are params, bse, tvalues, pvalues, crit.");

  m.def(
      "trend_design",
      [](const std::vector<double>& t, const std::vector<std::tuple<std::string, double, bool, bool>>& interventions) {
        std::vector<trend::Intervention> ivs;
        for (const auto& [name, t0, level, slope] : interventions) ivs.push_back({name, t0, level, slope});
        std::vector<std::string> names;
        Eigen::MatrixXd X = trend::trend_design(t, ivs, names);
        return py::make_tuple(X, names);
      },
      "t"_a, "interventions"_a, "Trend design matrix: const, trend, then level/slope terms per intervention.");

  m.def(
      "log_trend_many",
      [](const py::array_t<double, py::array::f_style | py::array::forcecast>& data, const std::vector<double>& t,
         double conf, int replications, std::uint64_t seed, bool changepoints, int threads, int seasonal_order,
         std::int64_t first_day) {
        if (data.ndim() != 2) throw std::invalid_argument("log_trend_many: expected a 2-D array (time x series)");
        const auto rows = static_cast<std::size_t>(data.shape(0));
        const auto cols = static_cast<std::size_t>(data.shape(1));
        trend::LogTrendBatchOptions o;
        o.pw.conf = conf;
        o.pw.replications = replications;
        o.pw.seed = seed;
        o.changepoints = changepoints;
        o.threads = threads;
        o.seasonal_order = seasonal_order;
        o.first_day = first_day;
        std::vector<trend::LogTrendRow> r;
        {
          py::gil_scoped_release release;  // worker threads never touch Python
          r = trend::log_trend_many(data.data(), rows, cols, t, o);
        }
        std::vector<double> slope, low, high, level, level_se, crit, phi;
        std::vector<int> nobs;
        std::vector<bool> fitted, boot, unit, seasonal;
        std::vector<std::string> error;
        py::list breaks;
        for (const auto& row : r) {
          const double nan = std::nan("");
          fitted.push_back(row.fitted);
          nobs.push_back(row.nobs);
          slope.push_back(row.fitted ? row.slope : nan);
          low.push_back(row.fitted ? row.slope_low : nan);
          high.push_back(row.fitted ? row.slope_high : nan);
          level.push_back(row.fitted ? row.level : nan);
          level_se.push_back(row.fitted ? row.level_se : nan);
          crit.push_back(row.fitted ? row.crit : nan);
          phi.push_back(row.fitted ? row.phi : nan);
          boot.push_back(row.bootstrapped);
          unit.push_back(row.near_unit_root);
          seasonal.push_back(row.seasonal);
          breaks.append(py::cast(row.breaks));
          error.push_back(row.error);
        }
        return dict_of("fitted"_a = fitted, "nobs"_a = nobs, "slope"_a = slope, "slope_low"_a = low,
                        "slope_high"_a = high, "level"_a = level, "level_se"_a = level_se, "crit"_a = crit,
                        "phi"_a = phi, "bootstrapped"_a = boot, "near_unit_root"_a = unit, "seasonal"_a = seasonal, "breaks"_a = breaks,
                        "error"_a = error);
      },
      "data"_a, "t"_a, "conf"_a = 0.95, "replications"_a = 999, "seed"_a = 12, "changepoints"_a = true, "threads"_a = 0,
      "seasonal_order"_a = 0, "first_day"_a = 0,
      "ols_trend(log=True) with its defaults on every column of a (time x series) array, plus PELT trend breaks; "
      "seasonal_order > 0 adds yearly Fourier pairs and the Christmas-New-Year share of each 7-day row (t in days "
      "since first_day) to columns spanning two years.");

  m.def(
      "theil_sen",
      [](const DoubleArray& x, const DoubleArray& y, double conf, const std::string& method, double variance_factor) {
        require_1d(x, "theil_sen");
        require_1d(y, "theil_sen");
        if (x.size() != y.size()) throw std::invalid_argument("theil_sen: x and y have different lengths");
        const auto im = trend::parse_intercept_method(method);
        trend::TheilSen r;
        {
          InterruptibleRelease release;
          r = trend::theil_sen(x.data(), y.data(), static_cast<std::size_t>(x.size()), conf, im, variance_factor);
        }
        return dict_of("slope"_a = r.slope, "intercept"_a = r.intercept, "low"_a = r.low, "high"_a = r.high,
                        "n"_a = r.n, "pairs"_a = r.pairs);
      },
      "x"_a, "y"_a, "conf"_a = 0.95, "method"_a = "separate", "variance_factor"_a = 1.0, "Theil-Sen slope with Sen's interval (finite data).");

  m.def(
      "mann_kendall",
      [](const DoubleArray& y, const std::string& correction, int lags, bool floor_factor, double alpha) {
        require_1d(y, "mann_kendall");
        const auto c = trend::parse_mk_correction(correction);
        trend::MannKendall r;
        {
          InterruptibleRelease release;
          r = trend::mann_kendall(y.data(), static_cast<std::size_t>(y.size()), c, lags, floor_factor, alpha);
        }
        return mk_dict(r);
      },
      "y"_a, "correction"_a = "none", "lags"_a = 3, "floor_factor"_a = true, "alpha"_a = 0.05,
      "Mann-Kendall test (NaN dropped, original positions).");

  m.def(
      "seasonal_mann_kendall",
      [](const DoubleArray& y, int period) {
        require_1d(y, "mann_kendall");
        trend::MannKendall r;
        {
          InterruptibleRelease release;
          r = trend::seasonal_mann_kendall(y.data(), static_cast<std::size_t>(y.size()), period);
        }
        return mk_dict(r);
      },
      "y"_a, "period"_a, "Seasonal (Hirsch) Mann-Kendall test.");

  m.def(
      "changepoints",
      [](const DoubleArray& y, const std::string& method, const std::string& cost, const py::object& penalty,
         std::size_t min_size, const std::string& noise) {
        require_1d(y, "changepoints");
        const auto me = trend::parse_cp_method(method);
        const auto co = trend::parse_cp_cost(cost);
        const auto no = trend::parse_cp_noise(noise);
        auto rule = trend::PenaltyRule::Given;
        double value = 0.0;
        if (py::isinstance<py::str>(penalty)) {
          rule = trend::parse_penalty_rule(penalty.cast<std::string>());
        } else {
          value = penalty.cast<double>();
        }
        trend::Changepoints r;
        {
          InterruptibleRelease release;
          r = trend::detect_changepoints(y.data(), static_cast<std::size_t>(y.size()), me, co, rule, value, min_size, no);
        }
        return dict_of("breaks"_a = r.breaks, "cost"_a = r.cost, "penalty"_a = r.penalty, "scale"_a = r.scale);
      },
      "y"_a, "method"_a, "cost"_a, "penalty"_a, "min_size"_a, "noise"_a,
      "Change points by exact PELT or binary segmentation; penalty 'mbic', 'bic' or a number.");

  m.def(
      "segment_cost",
      [](const DoubleArray& y, const std::string& cost, std::size_t begin, std::size_t end) {
        require_1d(y, "changepoints");
        if (begin >= end || end > static_cast<std::size_t>(y.size())) throw std::invalid_argument("segment_cost: bad range");
        return trend::SegmentCost(y.data(), static_cast<std::size_t>(y.size()), trend::parse_cp_cost(cost))(begin, end);
      },
      "y"_a, "cost"_a, "begin"_a, "end"_a, "Least-squares cost of y[begin:end] under a mean or linear model.");

  m.def(
      "segmented",
      [](const DoubleArray& t, const DoubleArray& y, int n_breaks, std::size_t min_segment) {
        require_1d(t, "segmented_trend");
        require_1d(y, "segmented_trend");
        if (t.size() != y.size()) throw std::invalid_argument("segmented_trend: t and y have different lengths");
        trend::SegmentedFit r;
        {
          InterruptibleRelease release;
          r = trend::segmented_fit(t.data(), y.data(), static_cast<std::size_t>(y.size()), n_breaks, min_segment);
        }
        return dict_of("psi"_a = r.psi, "psi_se"_a = r.psi_se, "slopes"_a = r.slopes, "slope_se"_a = r.slope_se,
                        "intercept"_a = r.intercept, "rss"_a = r.rss, "df_resid"_a = r.df_resid,
                        "fitted"_a = to_numpy(std::move(r.fitted)));
      },
      "t"_a, "y"_a, "n_breaks"_a, "min_segment"_a, "Continuous piecewise-linear regression with estimated breaks.");

  m.def(
      "davies_test",
      [](const DoubleArray& t, const DoubleArray& y, int k) {
        require_1d(t, "segmented_trend");
        require_1d(y, "segmented_trend");
        if (t.size() != y.size()) throw std::invalid_argument("segmented_trend: t and y have different lengths");
        const auto r = trend::davies_test(t.data(), y.data(), static_cast<std::size_t>(y.size()), k);
        return dict_of("statistic"_a = r.statistic, "best"_a = r.best, "p_value"_a = r.p_value, "points"_a = r.points);
      },
      "t"_a, "y"_a, "k"_a = 10, "Davies' test for a slope change at an unknown point (R segmented::davies.test).");

  m.def(
      "fit_growth",
      [](const DoubleArray& t, const DoubleArray& y, const std::string& model, const std::vector<double>& start,
         double conf, double variance_factor) {
        require_1d(t, "fit_growth");
        require_1d(y, "fit_growth");
        if (t.size() != y.size()) throw std::invalid_argument("fit_growth: t and y have different lengths");
        const auto gm = trend::parse_growth_model(model);
        trend::GrowthFit r;
        std::vector<trend::ProfileInterval> prof;
        {
          py::gil_scoped_release release;
          r = trend::fit_growth_curve(t.data(), y.data(), static_cast<std::size_t>(y.size()), gm, start);
          prof = trend::growth_profile_intervals(t.data(), y.data(), static_cast<std::size_t>(y.size()), r, conf,
                                                 variance_factor);
        }
        py::list profile;
        for (const auto& p : prof) {
          profile.append(dict_of("estimate"_a = p.estimate, "low"_a = p.low, "high"_a = p.high,
                                  "low_open"_a = p.low_open, "high_open"_a = p.high_open));
        }
        return dict_of("names"_a = trend::growth_param_names(gm), "params"_a = r.params, "bse"_a = r.bse,
                        "cov"_a = r.cov, "rss"_a = r.rss, "df_resid"_a = r.df_resid, "status"_a = r.status,
                        "converged"_a = r.converged, "evaluations"_a = r.evaluations, "inflection"_a = r.inflection,
                        "inflection_observed"_a = r.inflection_observed, "singular_values"_a = r.singular_values,
                        "condition_number"_a = r.condition_number, "null_direction"_a = r.null_direction,
                        "identified"_a = r.identified, "profile"_a = profile);
      },
      "t"_a, "y"_a, "model"_a, "start"_a = std::vector<double>{}, "conf"_a = 0.95, "variance_factor"_a = 1.0,
      "Levenberg-Marquardt fit of an adoption curve, with identifiability and profile-t intervals.");

  m.def(
      "growth_predict",
      [](const std::string& model, const Eigen::VectorXd& params, const Eigen::MatrixXd& cov, const DoubleArray& t) {
        require_1d(t, "fit_growth");
        const auto gm = trend::parse_growth_model(model);
        std::vector<double> value(static_cast<std::size_t>(t.size())), se(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
          value[i] = trend::growth_value(gm, params, t.data()[i]);
          const Eigen::VectorXd g = trend::growth_gradient(gm, params, t.data()[i]);
          se[i] = std::sqrt(std::max(0.0, g.dot(cov * g)));
        }
        return py::make_tuple(to_numpy(std::move(value)), to_numpy(std::move(se)));
      },
      "model"_a, "params"_a, "cov"_a, "t"_a, "Curve values and delta-method standard errors at t.");

  m.def(
      "fieller_root",
      [](double a, double b, double var_a, double cov_ab, double var_b, double q) {
        const auto r = trend::fieller_root(a, b, var_a, cov_ab, var_b, q);
        return dict_of("estimate"_a = r.estimate, "kind"_a = trend::fieller_kind_name(r.kind), "low"_a = r.low,
                        "high"_a = r.high);
      },
      "a"_a, "b"_a, "var_a"_a, "cov_ab"_a, "var_b"_a, "q"_a, "Fieller interval for the root -a/b of a + b t.");

  m.def(
      "binomial_logit",
      [](const DoubleArray& t, const DoubleArray& k, const DoubleArray& n) {
        require_1d(t, "share_crossover");
        if (t.size() != k.size() || t.size() != n.size()) throw std::invalid_argument("share_crossover: lengths differ");
        const auto r = trend::binomial_logit(t.data(), k.data(), n.data(), static_cast<std::size_t>(t.size()));
        return dict_of("params"_a = Eigen::VectorXd(r.params), "cov"_a = Eigen::MatrixXd(r.cov),
                        "dispersion"_a = r.dispersion, "deviance"_a = r.deviance, "df_resid"_a = r.df_resid,
                        "iterations"_a = r.iterations, "converged"_a = r.converged);
      },
      "t"_a, "k"_a, "n"_a, "Binomial GLM, logit p = a + b t (quasi-binomial covariance when overdispersed).");

  m.def("t_quantile", &trend::t_or_normal_quantile, "p"_a, "df"_a, "Student t (df > 0) or normal quantile.");
}

}  // namespace uptake::bindings
