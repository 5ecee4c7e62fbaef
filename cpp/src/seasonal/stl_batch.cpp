#include "uptake/seasonal/stl_batch.hpp"

#include <stdexcept>
#include <string>

#include "uptake/core/parallel.hpp"

namespace uptake::seasonal {

StlBatchResult stl_many(const double* data, std::size_t n, std::size_t columns, const StlParams& params, int threads) {
  StlBatchResult out;
  out.seasonal.resize(n * columns);
  out.trend.resize(n * columns);
  out.resid.resize(n * columns);
  out.weights.resize(n * columns);
  stl_many_into(data, n, columns, params, threads,
                {out.seasonal.data(), out.trend.data(), out.resid.data(), out.weights.data()});
  return out;
}

void stl_many_into(const double* data, std::size_t n, std::size_t columns, const StlParams& params, int threads,
                   const StlBatchOutput& out) {
  validate_stl_params(params, n);
  parallel_for(columns, threads, [&](std::size_t c) {
    const std::size_t at = c * n;
    try {
      stl_into(data + at, n, params, out.seasonal + at, out.trend + at, out.resid + at, out.weights + at);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("column " + std::to_string(c) + ": " + e.what());
    }
  });
}

}  // namespace uptake::seasonal
