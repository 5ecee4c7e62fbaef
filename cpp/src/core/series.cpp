#include "uptake/core/series.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace uptake {

void check_finite_or_missing(const double* values, std::size_t n, Day start, const Frequency& freq,
                             const std::string& what) {
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(values[i])) {
      throw std::invalid_argument(what + ": infinite value at position " + std::to_string(i) + " (" +
                                  format_iso_date(advance_periods(start, static_cast<std::int64_t>(i), freq)) +
                                  "); use NaN for missing values");
    }
  }
}

Series::Series(Day start, Frequency freq, std::vector<double> values, SeriesMeta meta)
    : start_(start), freq_(freq), values_(std::move(values)), meta_(std::move(meta)) {
  const std::string what = meta_.name.empty() ? std::string("series") : "series '" + meta_.name + "'";
  if (values_.empty()) throw std::invalid_argument(what + ": is empty");
  if (!is_period_start(start_, freq_)) {
    throw std::invalid_argument(what + ": start " + format_iso_date(start_) + " is not the first day of a " +
                                describe(freq_));
  }
  check_finite_or_missing(values_.data(), values_.size(), start_, freq_, what);
}

}  // namespace uptake
