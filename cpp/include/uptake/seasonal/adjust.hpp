#pragma once
// One-call seasonal adjustment of a daily adoption series: weekly cycle by robust STL, yearly cycle by
// Fourier terms on the 365.25-day year, holiday dips by per-day indicators, the last two fitted jointly with
// a smooth (second-difference penalised) trend so the trend does not absorb them. Multiplicative via log.
#include <string>
#include <vector>

#include "uptake/core/calendar.hpp"
#include "uptake/seasonal/calendar_effects.hpp"

namespace uptake::seasonal {

struct AdjustOptions {
  bool log = true;        // decompose log(1 + y): multiplicative effects, result back in original units
  bool weekly = true;
  bool yearly = true;
  int yearly_order = 10;  // Fourier pairs for the yearly cycle (Prophet's default)
  int weekly_window = 13; // STL seasonal window for the weekly cycle (slowly changing weekday profile)
  double trend_smoothness = 1e8;  // penalty on the trend's second differences (daily data)
  int iterations = 2;
  std::vector<HolidayWindow> holidays;
};

struct AdjustResult {
  std::vector<double> adjusted;  // original units
  std::vector<double> weekly, yearly, holiday, trend;  // on the model scale (log scale when log = true)
  std::vector<std::string> holiday_names;  // one per holiday coefficient
  std::vector<std::string> holiday_of_coefficient;
  std::vector<int> holiday_offsets;
  std::vector<double> holiday_coefficients;  // effect vs. a normal day, model scale
  std::vector<double> yearly_coefficients;
};

AdjustResult seasonal_adjust(const double* y, std::size_t n, Day start, const AdjustOptions& options);

}  // namespace uptake::seasonal
