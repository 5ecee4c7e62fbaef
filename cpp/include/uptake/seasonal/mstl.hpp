#pragma once
// MSTL (Bandara, Hyndman & Bergmeir 2021): several seasonal periods removed by iterated STL, as R's
// forecast::mstl and statsmodels' MSTL do it (periods sorted, periods >= n/2 dropped, windows 7 + 4i).
#include <cstddef>
#include <optional>
#include <vector>

#include "uptake/seasonal/stl.hpp"

namespace uptake::seasonal {

struct MstlOptions {
  std::vector<int> periods;
  std::vector<int> windows;      // empty: 7 + 4 * (i + 1) for the i-th period in ascending order
  int iterate = 2;               // forced to 1 when only one period remains
  std::optional<double> lambda;  // Box-Cox lambda applied first (0 = log)
  bool lambda_auto = false;      // estimate lambda by maximum likelihood (as scipy.stats.boxcox)
  StlOptions stl;                // period, seasonal and periodic are set per component
};

struct MstlResult {
  std::vector<int> periods;          // the periods decomposed, ascending
  std::vector<int> windows;          // their seasonal windows
  std::vector<int> dropped_periods;  // periods >= n / 2, not decomposed
  std::vector<std::vector<double>> seasonals;
  std::vector<double> trend, resid, weights;
  std::optional<double> lambda;  // the Box-Cox lambda used, if any
  StlParams last_params;         // effective STL parameters of the last (longest-period) component
};

MstlResult mstl(const double* y, std::size_t n, const MstlOptions& options, DefaultsStyle style);

// Box-Cox transform (y^lambda - 1) / lambda, log(y) at lambda 0; y must be > 0.
std::vector<double> box_cox(const double* y, std::size_t n, double lambda);
// Maximum-likelihood lambda (the profile log-likelihood scipy.stats.boxcox maximises), over [-2, 2] widened if needed.
double box_cox_mle(const double* y, std::size_t n);

}  // namespace uptake::seasonal
