#include "uptake/seasonal/mstl.hpp"

#include <algorithm>
#include <boost/math/tools/minima.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace uptake::seasonal {

std::vector<double> box_cox(const double* y, std::size_t n, double lambda) {
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(y[i])) {
      out[i] = y[i];
      continue;
    }
    if (!(y[i] > 0.0)) {
      throw std::invalid_argument("mstl: Box-Cox needs positive data; value " + std::to_string(y[i]) +
                                  " at position " + std::to_string(i));
    }
    out[i] = lambda == 0.0 ? std::log(y[i]) : (std::pow(y[i], lambda) - 1.0) / lambda;
  }
  return out;
}

double box_cox_mle(const double* y, std::size_t n) {
  std::vector<double> obs;
  double sum_log = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(y[i])) continue;
    if (!(y[i] > 0.0)) {
      throw std::invalid_argument("mstl: Box-Cox needs positive data; value " + std::to_string(y[i]) +
                                  " at position " + std::to_string(i));
    }
    obs.push_back(y[i]);
    sum_log += std::log(y[i]);
  }
  const auto m = static_cast<double>(obs.size());
  if (obs.size() < 3) throw std::invalid_argument("mstl: Box-Cox lambda needs at least 3 observed values");
  // Negative profile log-likelihood: -( (lambda - 1) sum log y - m/2 log(var of transformed y) ).
  const auto neg_llf = [&](double lambda) {
    double mean = 0.0;
    std::vector<double> t(obs.size());
    for (std::size_t i = 0; i < obs.size(); ++i) {
      t[i] = lambda == 0.0 ? std::log(obs[i]) : (std::pow(obs[i], lambda) - 1.0) / lambda;
      mean += t[i];
    }
    mean /= m;
    double var = 0.0;
    for (double v : t) var += (v - mean) * (v - mean);
    var /= m;
    return -((lambda - 1.0) * sum_log - 0.5 * m * std::log(var));
  };
  double lo = -2.0, hi = 2.0;
  for (int widen = 0; widen < 8; ++widen) {
    const auto best = boost::math::tools::brent_find_minima(neg_llf, lo, hi, 52);
    const bool at_edge = best.first - lo < 1e-6 * (hi - lo) || hi - best.first < 1e-6 * (hi - lo);
    if (!at_edge) return best.first;
    lo *= 2.0;
    hi *= 2.0;
  }
  throw std::invalid_argument("mstl: the Box-Cox likelihood has no interior maximum; give lmbda explicitly");
}

MstlResult mstl(const double* y, std::size_t n, const MstlOptions& o, DefaultsStyle style) {
  if (o.periods.empty()) throw std::invalid_argument("mstl: give at least one period");
  if (!o.windows.empty() && o.windows.size() != o.periods.size()) {
    throw std::invalid_argument("mstl: " + std::to_string(o.windows.size()) + " windows for " +
                                std::to_string(o.periods.size()) + " periods");
  }
  if (o.iterate < 1) throw std::invalid_argument("mstl: iterate must be >= 1, got " + std::to_string(o.iterate));
  std::vector<std::pair<int, int>> pw;  // (period, window)
  for (std::size_t i = 0; i < o.periods.size(); ++i) {
    if (o.periods[i] < 2) throw std::invalid_argument("mstl: periods must be >= 2, got " + std::to_string(o.periods[i]));
    pw.emplace_back(o.periods[i], o.windows.empty() ? 0 : o.windows[i]);
  }
  std::sort(pw.begin(), pw.end());
  for (std::size_t i = 1; i < pw.size(); ++i) {
    if (pw[i].first == pw[i - 1].first) {
      throw std::invalid_argument("mstl: period " + std::to_string(pw[i].first) + " given twice");
    }
  }
  if (o.windows.empty()) {
    for (std::size_t i = 0; i < pw.size(); ++i) pw[i].second = 7 + 4 * static_cast<int>(i + 1);
  }

  MstlResult out;
  for (const auto& [period, window] : pw) {
    if (static_cast<double>(period) >= static_cast<double>(n) / 2.0) {
      out.dropped_periods.push_back(period);
    } else {
      out.periods.push_back(period);
      out.windows.push_back(window);
    }
  }
  if (out.periods.empty()) {
    throw std::invalid_argument("mstl: every period is >= n/2 (" + std::to_string(n) +
                                " observations); a seasonal needs at least two full cycles");
  }

  std::vector<double> deseas;
  if (o.lambda_auto) out.lambda = box_cox_mle(y, n);
  else if (o.lambda) out.lambda = *o.lambda;
  deseas = out.lambda ? box_cox(y, n, *out.lambda) : std::vector<double>(y, y + n);

  const std::size_t k = out.periods.size();
  const int iterate = k == 1 ? 1 : o.iterate;
  out.seasonals.assign(k, std::vector<double>(n, 0.0));
  StlResult last;
  for (int it = 0; it < iterate; ++it) {
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t t = 0; t < n; ++t) deseas[t] += out.seasonals[i][t];
      StlOptions so = o.stl;
      so.period = out.periods[i];
      so.seasonal = out.windows[i];
      so.periodic = false;
      const StlParams params = resolve_stl_params(so, n, style);
      last = stl(deseas.data(), n, params);
      out.seasonals[i] = last.seasonal;
      for (std::size_t t = 0; t < n; ++t) deseas[t] -= out.seasonals[i][t];
    }
  }
  out.trend = last.trend;
  out.weights = last.weights;
  out.last_params = last.params;
  out.resid.resize(n);
  for (std::size_t t = 0; t < n; ++t) out.resid[t] = deseas[t] - out.trend[t];
  return out;
}

}  // namespace uptake::seasonal
