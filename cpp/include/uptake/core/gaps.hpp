#pragma once
// Turning sparse observations into a regular series. What a missing period means depends on the source:
// pypistats and npm omit days with no downloads (a true zero), while an outage or a not-yet-published day is
// unknown (NaN). The caller says which.
#include <cstddef>
#include <optional>
#include <string_view>

#include "uptake/core/series.hpp"

namespace uptake {

enum class GapPolicy { Zero, Missing };

GapPolicy parse_gap_policy(std::string_view text);  // "zero" | "nan"

// `labels` may be any day inside each period (start- or end-labelled data both work) but must be sorted with
// at most one label per period. `first`/`last` widen the range (e.g. a requested window) and must cover the labels.
Series fill_gaps(const Day* labels, const double* values, std::size_t n, const Frequency& freq, GapPolicy policy,
                 std::optional<Day> first = std::nullopt, std::optional<Day> last = std::nullopt,
                 SeriesMeta meta = {});

}  // namespace uptake
