#include "uptake/clean/level_shift.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "uptake/trend/ols.hpp"

namespace uptake::clean {

LevelShift estimate_level_shift(const double* log_y, std::size_t n, Day start, Day break_day, int window_days, double conf) {
  if (window_days < 7) throw std::invalid_argument("adjust_breaks: window must be at least 7 days");
  const Day b = break_day - start;
  if (b <= 0 || b >= static_cast<Day>(n)) {
    throw std::invalid_argument("adjust_breaks: the break " + format_iso_date(break_day) + " is not inside the series");
  }
  std::vector<std::size_t> rows;
  int before = 0, after = 0;
  for (Day i = std::max<Day>(0, b - window_days); i < std::min<Day>(static_cast<Day>(n), b + window_days); ++i) {
    if (!std::isfinite(log_y[i])) continue;
    rows.push_back(static_cast<std::size_t>(i));
    (i < b ? before : after) += 1;
  }
  if (before < 7 || after < 7) {
    throw std::invalid_argument("adjust_breaks: fewer than 7 observed days on one side of " + format_iso_date(break_day));
  }
  const auto m = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(m, 9);
  Eigen::VectorXd y(m);
  for (Eigen::Index r = 0; r < m; ++r) {
    const Day i = static_cast<Day>(rows[static_cast<std::size_t>(r)]);
    X(r, 0) = 1.0;
    X(r, 1) = static_cast<double>(i - b);
    X(r, 2) = i >= b ? 1.0 : 0.0;
    const int wd = static_cast<int>(weekday(start + i));
    if (wd > 0) X(r, 2 + wd) = 1.0;  // Tuesday..Sunday dummies
    y(r) = log_y[rows[static_cast<std::size_t>(r)]];
  }
  const trend::OlsFit fit = trend::ols(X, y, trend::CovType::HAC, 7, true, true, conf);
  return LevelShift{fit.params(2), fit.bse(2), fit.conf_low(2), fit.conf_high(2), before, after};
}

}  // namespace uptake::clean
