#include "uptake/core/gaps.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "uptake/core/date_index.hpp"

namespace uptake {

GapPolicy parse_gap_policy(std::string_view text) {
  if (text == "zero") return GapPolicy::Zero;
  if (text == "nan" || text == "missing") return GapPolicy::Missing;
  throw std::invalid_argument("fill_gaps: fill must be 'zero' or 'nan', got '" + std::string(text) + "'");
}

Series fill_gaps(const Day* labels, const double* values, std::size_t n, const Frequency& freq, GapPolicy policy,
                 std::optional<Day> first, std::optional<Day> last, SeriesMeta meta) {
  const std::string what = meta.name.empty() ? std::string("fill_gaps") : "fill_gaps('" + meta.name + "')";
  check_sorted_unique(labels, n, what);
  if (n == 0 && (!first || !last)) {
    throw std::invalid_argument(what + ": no observations and no start/end to span");
  }
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (period_start_of(labels[i], freq) == period_start_of(labels[i + 1], freq)) {
      throw std::invalid_argument(what + ": " + format_iso_date(labels[i]) + " and " + format_iso_date(labels[i + 1]) +
                                  " (positions " + std::to_string(i) + ", " + std::to_string(i + 1) +
                                  ") fall in the same " + describe(freq));
    }
  }
  const Day lo = period_start_of(first ? *first : labels[0], freq);
  const Day hi = period_start_of(last ? *last : labels[n - 1], freq);
  if (n > 0 && (period_start_of(labels[0], freq) < lo || period_start_of(labels[n - 1], freq) > hi)) {
    throw std::invalid_argument(what + ": start/end (" + format_iso_date(lo) + " to " + format_iso_date(hi) +
                                ") do not cover the observations (" + format_iso_date(labels[0]) + " to " +
                                format_iso_date(labels[n - 1]) + ")");
  }
  if (hi < lo) throw std::invalid_argument(what + ": end is before start");
  const double fill = policy == GapPolicy::Zero ? 0.0 : std::numeric_limits<double>::quiet_NaN();
  std::vector<double> out(static_cast<std::size_t>(periods_between(lo, hi, freq) + 1), fill);
  for (std::size_t i = 0; i < n; ++i) {
    out[static_cast<std::size_t>(periods_between(lo, labels[i], freq))] = values[i];
  }
  return Series(lo, freq, std::move(out), std::move(meta));
}

}  // namespace uptake
