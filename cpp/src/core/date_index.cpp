#include "uptake/core/date_index.hpp"

#include <stdexcept>

namespace uptake {

namespace {

std::string at(const Day* labels, std::size_t i) {
  return "position " + std::to_string(i) + " (" + format_iso_date(labels[i]) + ")";
}

[[noreturn]] void irregular(const Day* labels, std::size_t i, const std::string& what, const std::string& expected) {
  throw std::invalid_argument(what + ": index is not regular: " + at(labels, i + 1) + " follows " + at(labels, i) +
                              " but a " + expected +
                              " index needs one label per period; fill the gaps first (uptake.fill_gaps)");
}

bool all_steps_equal(const Day* labels, std::size_t n, Day step, std::size_t* bad) {
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (labels[i + 1] - labels[i] != step) {
      *bad = i;
      return false;
    }
  }
  return true;
}

// Labels consecutive in `freq` and all at the `anchor` of their period.
bool consecutive_periods(const Day* labels, std::size_t n, const Frequency& freq, Anchor anchor, std::size_t* bad) {
  for (std::size_t i = 0; i < n; ++i) {
    const Day expected_label = period_label(period_start_of(labels[i], freq), freq, anchor);
    if (labels[i] != expected_label) {
      *bad = i == 0 ? 0 : i - 1;
      return false;
    }
    if (i + 1 < n && periods_between(labels[i], labels[i + 1], freq) != 1) {
      *bad = i;
      return false;
    }
  }
  return true;
}

}  // namespace

Day period_label(Day period_start, const Frequency& freq, Anchor anchor) noexcept {
  return anchor == Anchor::Start ? period_start : period_end_of(period_start, freq);
}

void check_sorted_unique(const Day* labels, std::size_t n, const std::string& what) {
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (labels[i + 1] == labels[i]) {
      throw std::invalid_argument(what + ": duplicate date " + format_iso_date(labels[i]) + " at positions " +
                                  std::to_string(i) + " and " + std::to_string(i + 1));
    }
    if (labels[i + 1] < labels[i]) {
      throw std::invalid_argument(what + ": dates are not sorted: " + at(labels, i + 1) + " comes after " +
                                  at(labels, i) + "; sort the index first");
    }
  }
}

RegularIndex infer_regular_index(const Day* labels, std::size_t n, const std::string& what,
                                 std::optional<Frequency> hint, std::optional<Anchor> anchor_hint) {
  if (n == 0) throw std::invalid_argument(what + ": is empty");
  check_sorted_unique(labels, n, what);

  const auto make = [&](Frequency freq, Anchor anchor) {
    return RegularIndex{period_start_of(labels[0], freq), freq, anchor, n};
  };
  std::size_t bad = 0;

  if (hint) {
    Frequency freq = *hint;
    if (freq.unit == Unit::Day) {
      if (!all_steps_equal(labels, n, 1, &bad)) irregular(labels, bad, what, "daily");
      return make(freq, Anchor::Start);
    }
    std::optional<Anchor> anchors[2] = {anchor_hint, std::nullopt};
    if (!anchor_hint) {
      anchors[0] = Anchor::Start;
      anchors[1] = Anchor::End;
    }
    for (const auto& anchor : anchors) {
      if (anchor && consecutive_periods(labels, n, freq, *anchor, &bad)) return make(freq, *anchor);
    }
    irregular(labels, bad, what, describe(freq));
  }

  if (n == 1) return make(Frequency{Unit::Day, Weekday::Monday}, Anchor::Start);
  const Day step = labels[1] - labels[0];
  if (step == 1) {
    if (!all_steps_equal(labels, n, 1, &bad)) irregular(labels, bad, what, "daily");
    return make(Frequency{Unit::Day, Weekday::Monday}, Anchor::Start);
  }
  if (step == 7) {
    if (!all_steps_equal(labels, n, 7, &bad)) irregular(labels, bad, what, "weekly");
    // pandas "W-SUN" labels the Sunday that ends a Monday..Sunday week.
    const auto ws = static_cast<Weekday>((static_cast<int>(weekday(labels[0])) + 1) % 7);
    return make(Frequency{Unit::Week, ws}, Anchor::End);
  }
  for (Unit unit : {Unit::Month, Unit::Year}) {
    const Frequency freq{unit, Weekday::Monday};
    for (Anchor anchor : {Anchor::Start, Anchor::End}) {
      if (consecutive_periods(labels, n, freq, anchor, &bad)) return make(freq, anchor);
    }
  }
  if (!all_steps_equal(labels, n, step, &bad)) irregular(labels, bad, what, "daily, weekly, monthly or yearly");
  throw std::invalid_argument(what + ": index is not regular: labels " + std::to_string(step) +
                              " days apart are not days, weeks, months or years");
}

}  // namespace uptake
