// The batch log-trend equals one Prais-Winsten fit per column, and finds a planted break.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "uptake/seasonal/calendar_effects.hpp"
#include "uptake/trend/ols.hpp"
#include "uptake/trend/trend_batch.hpp"

using namespace uptake::trend;

TEST(LogTrendMany, EachColumnIsItsOwnFit) {
  const std::size_t rows = 120, cols = 4;
  std::vector<double> t(rows), y(rows * cols);
  for (std::size_t i = 0; i < rows; ++i) t[i] = 7.0 * static_cast<double>(i);
  double e = 0.0;
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t i = 0; i < rows; ++i) {
      // A pseudo-random shock; column 3 is a random walk around its trend (persistent: the bootstrap-t path).
      e = (c == 3 ? 1.0 : 0.3) * e + 0.05 * std::sin(1.7 * static_cast<double>(i * i * (c + 3)));
      y[c * rows + i] = 100.0 * std::exp(0.001 * static_cast<double>(c) * t[i] + e);
    }
  }
  y[1 * rows + 5] = std::nan("");  // missing
  y[2 * rows + 7] = 0.0;           // a zero week is missing on the log scale
  LogTrendBatchOptions o;
  o.threads = 2;
  const auto batch = log_trend_many(y.data(), rows, cols, t, o);
  std::vector<std::string> names;
  const Eigen::MatrixXd design = trend_design(t, {}, names);
  for (std::size_t c = 0; c < cols; ++c) {
    std::vector<std::int64_t> pos;
    for (std::size_t i = 0; i < rows; ++i) {
      if (std::isfinite(y[c * rows + i]) && y[c * rows + i] > 0) pos.push_back(static_cast<std::int64_t>(i));
    }
    Eigen::MatrixXd X(static_cast<Eigen::Index>(pos.size()), 2);
    Eigen::VectorXd v(static_cast<Eigen::Index>(pos.size()));
    for (std::size_t i = 0; i < pos.size(); ++i) {
      X.row(static_cast<Eigen::Index>(i)) = design.row(pos[i]);
      v(static_cast<Eigen::Index>(i)) = std::log(y[c * rows + static_cast<std::size_t>(pos[i])]);
    }
    const auto one = prais_winsten(X, v, pos, o.pw);
    ASSERT_TRUE(batch[c].fitted);
    EXPECT_EQ(batch[c].nobs, static_cast<int>(pos.size()));
    EXPECT_DOUBLE_EQ(batch[c].slope, one.params(1));
    const double half = one.crit(1) * std::sqrt(one.cov(1, 1));
    EXPECT_NEAR(batch[c].slope_high - batch[c].slope, half, 1e-12 * half);
    EXPECT_EQ(batch[c].bootstrapped, one.bootstrapped);
  }
  EXPECT_TRUE(batch[3].bootstrapped);  // the persistent column takes the bootstrap-t path
}

TEST(LogTrendMany, FindsAPlantedLevelShiftAndSkipsShortColumns) {
  const std::size_t rows = 104;
  std::vector<double> t(rows), y(2 * rows, std::nan(""));
  for (std::size_t i = 0; i < rows; ++i) {
    t[i] = 7.0 * static_cast<double>(i);
    y[i] = 1000.0 * std::exp(0.002 * t[i] + 0.02 * std::sin(2.3 * static_cast<double>(i))) * (i >= 60 ? 2.0 : 1.0);
  }
  y[rows + 1] = y[rows + 2] = 5.0;  // two values: not fitted
  const auto r = log_trend_many(y.data(), rows, 2, t, LogTrendBatchOptions{});
  ASSERT_TRUE(r[0].fitted);
  ASSERT_FALSE(r[0].breaks.empty());
  EXPECT_NEAR(static_cast<double>(r[0].breaks[0]), 60.0, 2.0);
  EXPECT_FALSE(r[1].fitted);
  EXPECT_EQ(r[1].nobs, 2);
  EXPECT_THROW(log_trend_many(y.data(), rows, 2, std::vector<double>(3), LogTrendBatchOptions{}), std::invalid_argument);
}

TEST(LogTrendMany, YearlyTermsJoinTheDesignOfColumnsSpanningTwoYears) {
  const std::size_t rows = 156;  // three years of weeks
  const uptake::Day first = uptake::days_from_civil(2023, 1, 2);
  std::vector<double> t(rows), y(2 * rows, std::nan(""));
  std::vector<uptake::Day> start(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    t[i] = 7.0 * static_cast<double>(i);
    start[i] = first + 7 * static_cast<uptake::Day>(i);
  }
  const Eigen::MatrixXd yearly = uptake::seasonal::yearly_terms_of_sums(start, 7, 2);
  ASSERT_EQ(yearly.cols(), 5);
  EXPECT_DOUBLE_EQ(yearly(50, 4), 1.0 / 7.0);  // week of 2023-12-18: the 24th
  EXPECT_DOUBLE_EQ(yearly(51, 4), 1.0);        // week of 2023-12-25: 25..31 Dec
  EXPECT_DOUBLE_EQ(yearly(52, 4), 1.0 / 7.0);  // week of 2024-01-01
  EXPECT_DOUBLE_EQ(yearly(20, 4), 0.0);
  for (std::size_t i = 0; i < rows; ++i) {
    const double season = 0.2 * yearly(static_cast<Eigen::Index>(i), 1) - 0.5 * yearly(static_cast<Eigen::Index>(i), 4);
    y[i] = 500.0 * std::exp(0.001 * t[i] + season + 0.03 * std::sin(2.9 * static_cast<double>(i * i)));
    if (i >= 100) y[rows + i] = y[i];  // 56 weeks: too short for the yearly terms
  }
  LogTrendBatchOptions o;
  o.seasonal_order = 2;
  o.first_day = first;
  const auto r = log_trend_many(y.data(), rows, 2, t, o);
  ASSERT_TRUE(r[0].fitted && r[1].fitted);
  EXPECT_TRUE(r[0].seasonal);
  EXPECT_FALSE(r[1].seasonal);
  std::vector<std::string> names;
  Eigen::MatrixXd X(static_cast<Eigen::Index>(rows), 7);
  X << trend_design(t, {}, names), yearly;
  Eigen::VectorXd v(static_cast<Eigen::Index>(rows));
  std::vector<std::int64_t> pos(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    v(static_cast<Eigen::Index>(i)) = std::log(y[i]);
    pos[i] = static_cast<std::int64_t>(i);
  }
  const auto one = prais_winsten(X, v, pos, o.pw);
  EXPECT_DOUBLE_EQ(r[0].slope, one.params(1));
  EXPECT_NEAR(r[0].slope, 0.001, 1e-4);
  EXPECT_NEAR(one.params(6), -0.5, 0.1);  // the holiday dip is its own term
  EXPECT_TRUE(r[0].breaks.empty());       // and not a break
}
