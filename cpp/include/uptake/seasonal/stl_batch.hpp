#pragma once
// Many STL decompositions with one parameter set, one series per task across threads.
#include <cstddef>
#include <vector>

#include "uptake/seasonal/stl.hpp"

namespace uptake::seasonal {

// data: `columns` series of length n stored one after another (column-major). Outputs have the same layout.
// Errors name the column that failed.
struct StlBatchResult {
  std::vector<double> seasonal, trend, resid, weights;
};
StlBatchResult stl_many(const double* data, std::size_t n, std::size_t columns, const StlParams& params, int threads);

// The same into caller-owned arrays of columns * n values each (same layout). Each worker writes its series'
// slices, so the outputs' pages are first touched in parallel and nothing is copied afterwards.
struct StlBatchOutput {
  double* seasonal;
  double* trend;
  double* resid;
  double* weights;
};
void stl_many_into(const double* data, std::size_t n, std::size_t columns, const StlParams& params, int threads,
                   const StlBatchOutput& out);

}  // namespace uptake::seasonal
