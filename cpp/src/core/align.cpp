#include "uptake/core/align.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace uptake {

Join parse_join(std::string_view text) {
  if (text == "inner") return Join::Inner;
  if (text == "outer") return Join::Outer;
  throw std::invalid_argument("align: join must be 'inner' or 'outer', got '" + std::string(text) + "'");
}

Aligned align(const std::vector<Series>& series, Join join) {
  if (series.empty()) throw std::invalid_argument("align: no series given");
  const Frequency freq = series.front().frequency();
  for (std::size_t i = 1; i < series.size(); ++i) {
    if (series[i].frequency() != freq) {
      throw std::invalid_argument("align: series " + std::to_string(i) + " ('" + series[i].meta().name + "') is " +
                                  describe(series[i].frequency()) + " but series 0 ('" +
                                  series.front().meta().name + "') is " + describe(freq) + "; resample first");
    }
  }
  Day lo = series.front().start();
  Day hi = series.front().period_start(series.front().size() - 1);
  for (const auto& s : series) {
    const Day s_lo = s.start();
    const Day s_hi = s.period_start(s.size() - 1);
    lo = join == Join::Outer ? std::min(lo, s_lo) : std::max(lo, s_lo);
    hi = join == Join::Outer ? std::max(hi, s_hi) : std::min(hi, s_hi);
  }
  if (hi < lo) throw std::invalid_argument("align: the series share no period (inner join is empty)");
  const auto size = static_cast<std::size_t>(periods_between(lo, hi, freq) + 1);
  Aligned out{lo, freq, size, {}};
  out.columns.reserve(series.size());
  for (const auto& s : series) {
    std::vector<double> col(size, std::numeric_limits<double>::quiet_NaN());
    const std::int64_t offset = periods_between(lo, s.start(), freq);
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::int64_t k = offset + static_cast<std::int64_t>(i);
      if (k >= 0 && k < static_cast<std::int64_t>(size)) col[static_cast<std::size_t>(k)] = s.values()[i];
    }
    out.columns.push_back(std::move(col));
  }
  return out;
}

}  // namespace uptake
