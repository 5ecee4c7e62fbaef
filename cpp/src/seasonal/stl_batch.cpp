#include "uptake/seasonal/stl_batch.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "uptake/core/parallel.hpp"

namespace uptake::seasonal {

StlBatchResult stl_many(const double* data, std::size_t n, std::size_t columns, const StlParams& params, int threads) {
  validate_stl_params(params, n);
  StlBatchResult out;
  out.seasonal.resize(n * columns);
  out.trend.resize(n * columns);
  out.resid.resize(n * columns);
  out.weights.resize(n * columns);
  parallel_for(columns, threads, [&](std::size_t c) {
    StlResult r;
    try {
      r = stl(data + c * n, n, params);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("column " + std::to_string(c) + ": " + e.what());
    }
    std::copy(r.seasonal.begin(), r.seasonal.end(), out.seasonal.begin() + static_cast<std::ptrdiff_t>(c * n));
    std::copy(r.trend.begin(), r.trend.end(), out.trend.begin() + static_cast<std::ptrdiff_t>(c * n));
    std::copy(r.resid.begin(), r.resid.end(), out.resid.begin() + static_cast<std::ptrdiff_t>(c * n));
    std::copy(r.weights.begin(), r.weights.end(), out.weights.begin() + static_cast<std::ptrdiff_t>(c * n));
  });
  return out;
}

}  // namespace uptake::seasonal
