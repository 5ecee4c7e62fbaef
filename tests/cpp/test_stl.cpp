#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "golden.hpp"
#include "uptake/seasonal/mstl.hpp"
#include "uptake/seasonal/stl.hpp"
#include "uptake/seasonal/stl_batch.hpp"

using namespace uptake::seasonal;

namespace {

StlParams netlib_baseline() {
  StlParams p{};
  p.period = 12;
  p.seasonal = 35;
  p.trend = 19;
  p.low_pass = 13;
  p.seasonal_deg = p.trend_deg = p.low_pass_deg = 1;
  p.seasonal_jump = 4;
  p.trend_jump = 2;
  p.low_pass_jump = 2;
  p.inner_iter = 1;
  p.outer_iter = 2;
  p.robust = true;
  p.periodic = false;
  return p;
}

std::vector<double> seasonal_series(std::size_t n, std::size_t period) {
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = 10.0 + 0.1 * static_cast<double>(i) + std::sin(6.283185307179586 * static_cast<double>(i % period) / period);
  }
  return y;
}

}  // namespace

TEST(Stl, MatchesFixedNetlibFortranOnCo2) {
  UPTAKE_REQUIRE_GOLDEN();
  std::vector<double> y;
  for (const auto& row : uptake::testing::read_csv_rows(uptake::testing::golden_dir() / "stl/sm_stl_co2_input.csv",
                                                        false)) {
    y.push_back(std::stod(row[0]));
  }
  ASSERT_EQ(y.size(), 348u);
  const StlResult r = stl(y.data(), y.size(), netlib_baseline());
  std::size_t checked = 0;
  for (const auto& row :
       uptake::testing::read_csv_rows(uptake::testing::golden_dir() / "stl/sm_stl_fortran_fixed_results.csv")) {
    if (row[0] != "baseline") continue;
    const auto i = static_cast<std::size_t>(std::stoi(row[1]));
    EXPECT_NEAR(r.seasonal[i], std::stod(row[2]), 1e-9 * 400) << i;
    EXPECT_NEAR(r.trend[i], std::stod(row[3]), 1e-9 * 400) << i;
    EXPECT_NEAR(r.weights[i], std::stod(row[4]), 1e-9) << i;
    ++checked;
  }
  EXPECT_EQ(checked, 348u);
}

TEST(Stl, ComponentsAddUpAndSeasonalRepeats) {
  const auto y = seasonal_series(84, 7);
  StlOptions o;
  o.period = 7;
  const StlResult r = stl(y.data(), y.size(), resolve_stl_params(o, y.size(), DefaultsStyle::Statsmodels));
  for (std::size_t i = 0; i < y.size(); ++i) {
    EXPECT_NEAR(r.seasonal[i] + r.trend[i] + r.resid[i], y[i], 1e-12);
    EXPECT_NEAR(r.resid[i], 0.0, 1e-6);  // exact periodic + linear data decompose without remainder
  }
}

TEST(Stl, RDefaultRules) {
  StlOptions o;
  o.period = 12;
  o.seasonal = 7;
  const StlParams p = resolve_stl_params(o, 468, DefaultsStyle::R);
  EXPECT_EQ(p.trend, 23);
  EXPECT_EQ(p.low_pass, 13);
  EXPECT_EQ(p.seasonal_deg, 0);
  EXPECT_EQ(p.seasonal_jump, 1);
  EXPECT_EQ(p.trend_jump, 3);
  EXPECT_EQ(p.low_pass_jump, 2);
  EXPECT_EQ(p.inner_iter, 2);
  o.period = 7;
  EXPECT_EQ(resolve_stl_params(o, 100, DefaultsStyle::R).low_pass, 7);
  EXPECT_EQ(resolve_stl_params(o, 100, DefaultsStyle::Statsmodels).low_pass, 9);
}

TEST(Stl, MissingValuesBridged) {
  auto y = seasonal_series(70, 7);
  const auto full = y;
  for (std::size_t i = 30; i < 37; ++i) y[i] = std::numeric_limits<double>::quiet_NaN();
  StlOptions o;
  o.period = 7;
  const StlParams p = resolve_stl_params(o, y.size(), DefaultsStyle::Statsmodels);
  const StlResult r = stl(y.data(), y.size(), p);
  for (std::size_t i = 0; i < y.size(); ++i) {
    EXPECT_TRUE(std::isfinite(r.seasonal[i]) && std::isfinite(r.trend[i])) << i;
    EXPECT_EQ(std::isnan(r.resid[i]), i >= 30 && i < 37) << i;
    EXPECT_NEAR(r.seasonal[i] + r.trend[i], full[i], 1e-6) << i;  // exact data: the gap is filled exactly
  }
}

TEST(Stl, ErrorsNameTheParameter) {
  const auto y = seasonal_series(40, 7);
  StlOptions o;
  o.period = 1;
  EXPECT_THROW(resolve_stl_params(o, y.size(), DefaultsStyle::R), std::invalid_argument);
  o.period = 7;
  o.seasonal = 6;
  try {
    resolve_stl_params(o, y.size(), DefaultsStyle::R);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "stl: seasonal must be an odd integer >= 3, got 6");
  }
  o.seasonal = 7;
  EXPECT_THROW(resolve_stl_params(o, 13, DefaultsStyle::R), std::invalid_argument);
  std::vector<double> bad = y;
  bad[5] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(stl(bad.data(), bad.size(), resolve_stl_params(o, bad.size(), DefaultsStyle::R)),
               std::invalid_argument);
}

TEST(StlBatch, SameAsOneByOneWithThreads) {
  const std::size_t n = 56, cols = 5;
  std::vector<double> data;
  for (std::size_t c = 0; c < cols; ++c) {
    auto y = seasonal_series(n, 7);
    for (auto& v : y) v *= static_cast<double>(c + 1);
    data.insert(data.end(), y.begin(), y.end());
  }
  StlOptions o;
  o.period = 7;
  o.robust = true;
  const StlParams p = resolve_stl_params(o, n, DefaultsStyle::Statsmodels);
  const StlBatchResult batch = stl_many(data.data(), n, cols, p, 2);
  for (std::size_t c = 0; c < cols; ++c) {
    const StlResult one = stl(data.data() + c * n, n, p);
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(batch.trend[c * n + i], one.trend[i]);
  }
  data[3 * n + 4] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(stl_many(data.data(), n, cols, p, 2), std::invalid_argument);
}

TEST(Mstl, DropsLongPeriodsAndSortsWindows) {
  const auto y = seasonal_series(100, 7);
  MstlOptions o;
  o.periods = {60, 7};
  const MstlResult r = mstl(y.data(), y.size(), o, DefaultsStyle::Statsmodels);
  ASSERT_EQ(r.periods, std::vector<int>{7});
  EXPECT_EQ(r.dropped_periods, std::vector<int>{60});
  EXPECT_EQ(r.windows, std::vector<int>{11});
  for (std::size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(r.seasonals[0][i] + r.trend[i] + r.resid[i], y[i], 1e-9);
}
