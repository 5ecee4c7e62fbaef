#pragma once
// Validation and inference for date labels coming from outside (a pandas index, a CSV column). Labels are
// days since epoch; a regular index has one label per period with no gaps, sorted, without duplicates.
#include <cstddef>
#include <optional>
#include <string>

#include "uptake/core/calendar.hpp"
#include "uptake/core/frequency.hpp"

namespace uptake {

// Where in its period a label sits: pandas labels weekly/monthly/yearly periods by their last day ("W-SUN",
// "ME", "YE") or by their first ("MS", "YS").
enum class Anchor { Start, End };

struct RegularIndex {
  Day start;  // first day of the first period
  Frequency freq;
  Anchor anchor;
  std::size_t size;
};

// Throws std::invalid_argument naming the first position that is out of order or repeated.
void check_sorted_unique(const Day* labels, std::size_t n, const std::string& what);

// Infers the frequency and anchoring of a regular index, or throws std::invalid_argument saying where it is
// irregular. Weekly labels are taken as the last day of their week (the pandas convention) unless `hint` says
// otherwise. A single label is read as daily unless `hint` gives the frequency.
RegularIndex infer_regular_index(const Day* labels, std::size_t n, const std::string& what,
                                 std::optional<Frequency> hint = std::nullopt,
                                 std::optional<Anchor> anchor_hint = std::nullopt);

// The label of period i under an anchoring (the inverse of what infer_regular_index reads).
Day period_label(Day period_start, const Frequency& freq, Anchor anchor) noexcept;

}  // namespace uptake
