#include "uptake/core/resample.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace uptake {

Aggregation parse_aggregation(std::string_view text) {
  if (text == "sum") return Aggregation::Sum;
  if (text == "mean") return Aggregation::Mean;
  throw std::invalid_argument("resample: how must be 'sum' or 'mean', got '" + std::string(text) + "'");
}

PartialPolicy parse_partial_policy(std::string_view text) {
  if (text == "drop") return PartialPolicy::Drop;
  if (text == "keep") return PartialPolicy::Keep;
  if (text == "flag") return PartialPolicy::Flag;
  throw std::invalid_argument("resample: partial must be 'drop', 'keep' or 'flag', got '" + std::string(text) + "'");
}

Resampled resample(const Series& input, const Frequency& to, Aggregation how, PartialPolicy partial) {
  const Frequency& from = input.frequency();
  if (!nests_into(from, to) || (from.unit == to.unit && from.unit != Unit::Day && !(from == to))) {
    throw std::invalid_argument("resample: cannot resample a " + describe(from) + " series to " + describe(to) +
                                " periods (they do not nest)");
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Day first = input.first_day();
  const Day last = input.last_day();
  const Day out_start = period_start_of(first, to);
  const std::int64_t n_out = periods_between(first, last, to) + 1;

  std::vector<double> sums(static_cast<std::size_t>(n_out), 0.0);
  std::vector<std::int32_t> in_period(sums.size()), covered(sums.size(), 0), observed(sums.size(), 0);
  std::vector<std::uint8_t> any_missing(sums.size(), 0);
  std::vector<double> observed_values(sums.size(), 0.0);
  for (std::size_t k = 0; k < sums.size(); ++k) {
    const Day ps = advance_periods(out_start, static_cast<std::int64_t>(k), to);
    in_period[k] = static_cast<std::int32_t>(period_end_of(ps, to) - ps + 1);
  }

  const auto& values = input.values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Day ps = input.period_start(i);
    const auto k = static_cast<std::size_t>(periods_between(out_start, ps, to));
    const auto days = static_cast<std::int32_t>(input.period_end(i) - ps + 1);
    covered[k] += days;
    if (std::isnan(values[i])) {
      any_missing[k] = 1;
    } else {
      sums[k] += values[i];
      observed[k] += days;
      observed_values[k] += 1.0;
    }
  }

  Resampled out{Series(out_start, to, std::vector<double>(1, 0.0), input.meta()), {}, {}, {}, {}};
  std::vector<double> result;
  Day kept_start = out_start;
  bool started = false;
  for (std::size_t k = 0; k < sums.size(); ++k) {
    const bool is_partial = covered[k] < in_period[k];
    if (is_partial && partial == PartialPolicy::Drop) continue;
    if (!started) {
      kept_start = advance_periods(out_start, static_cast<std::int64_t>(k), to);
      started = true;
    }
    double value;
    if (how == Aggregation::Sum) {
      value = any_missing[k] ? nan : sums[k];
    } else {
      // The mean of the observed input values (per day for daily input, per month for monthly input).
      value = observed_values[k] > 0 ? sums[k] / observed_values[k] : nan;
    }
    result.push_back(value);
    out.days_in_period.push_back(in_period[k]);
    out.days_covered.push_back(covered[k]);
    out.days_observed.push_back(observed[k]);
    out.partial.push_back(is_partial ? 1 : 0);
  }
  if (result.empty()) {
    throw std::invalid_argument("resample: the series (" + format_iso_date(first) + " to " + format_iso_date(last) +
                                ") covers no whole " + describe(to) +
                                "; use partial='keep' or 'flag' to see the incomplete period");
  }
  out.series = Series(kept_start, to, std::move(result), input.meta());
  return out;
}

}  // namespace uptake
