#pragma once
// Continuous piecewise-linear (hinge) regression y = a + b t + sum_j c_j (t - psi_j)+ with the breakpoints
// found by exact profile least squares (grid over the data, then Brent refinement; coordinate-wise for
// several breaks) and standard errors from the linearised model (Muggeo 2003), as R's `segmented` reports.
#include <cstddef>
#include <vector>

#include <Eigen/Dense>

namespace uptake::trend {

struct SegmentedFit {
  std::vector<double> psi, psi_se;       // breakpoints in t units
  std::vector<double> slopes, slope_se;  // slope of each of the n_breaks + 1 segments
  double intercept;
  double rss;
  int df_resid;
  std::vector<double> fitted;
};

SegmentedFit segmented_fit(const double* t, const double* y, std::size_t n, int n_breaks, std::size_t min_segment);

// Residual sum of squares of the hinge model with fixed breakpoints.
double hinge_rss(const double* t, const double* y, std::size_t n, const std::vector<double>& psi);

// Davies' (1987) test for a change in slope at an unknown point, as R segmented::davies.test(lm(y ~ t)) with its
// defaults (k evaluation points evenly spaced between the second smallest and second largest t, two-sided): the
// t statistic of the hinge term at each point and the upper bound on the p-value from the total variation of the
// statistic (n <= 300: Student t form with the asin-sqrt variation; larger n: normal form).
struct DaviesTest {
  double statistic;  // the largest |t| over the points
  double best;       // the point where it is reached
  double p_value;    // not capped at 1, as R reports it
  int points;
};
DaviesTest davies_test(const double* t, const double* y, std::size_t n, int k);

}  // namespace uptake::trend
