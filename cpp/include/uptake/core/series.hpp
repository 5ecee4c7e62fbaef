#pragma once
// The one time-series type of the core: a regular series of periods starting at `start`, values as doubles
// with NaN meaning "missing" (never zero), plus descriptive metadata that travels with the numbers.
#include <cstddef>
#include <string>
#include <vector>

#include "uptake/core/calendar.hpp"
#include "uptake/core/frequency.hpp"

namespace uptake {

struct SeriesMeta {
  std::string name;
  std::string source;  // e.g. "pypistats", "npm"
  std::string metric;  // e.g. "downloads"
  std::string unit;    // e.g. "downloads/day"
};

class Series {
 public:
  // `start` must be the first day of a period of `freq`; values may hold NaN but not +-inf, and must not be empty.
  Series(Day start, Frequency freq, std::vector<double> values, SeriesMeta meta = {});

  Day start() const noexcept { return start_; }
  const Frequency& frequency() const noexcept { return freq_; }
  std::size_t size() const noexcept { return values_.size(); }
  const std::vector<double>& values() const noexcept { return values_; }
  const SeriesMeta& meta() const noexcept { return meta_; }
  SeriesMeta& meta() noexcept { return meta_; }

  Day period_start(std::size_t i) const noexcept { return advance_periods(start_, static_cast<std::int64_t>(i), freq_); }
  Day period_end(std::size_t i) const noexcept { return period_end_of(period_start(i), freq_); }
  Day first_day() const noexcept { return start_; }
  Day last_day() const noexcept { return period_end(values_.size() - 1); }

 private:
  Day start_;
  Frequency freq_;
  std::vector<double> values_;
  SeriesMeta meta_;
};

// Rejects +-inf, naming the first offending position and its date; `what` prefixes the message.
void check_finite_or_missing(const double* values, std::size_t n, Day start, const Frequency& freq,
                             const std::string& what);

}  // namespace uptake
