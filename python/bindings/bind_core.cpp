// Glue for the time-series core: calendar, index inference, resampling, gap filling, alignment.
#include "common.hpp"
#include "uptake/core/align.hpp"
#include "uptake/core/calendar.hpp"
#include "uptake/core/date_index.hpp"
#include "uptake/core/gaps.hpp"
#include "uptake/core/resample.hpp"

namespace uptake::bindings {

namespace {

Anchor anchor_from(const std::string& text) {
  if (text == "start") return Anchor::Start;
  if (text == "end") return Anchor::End;
  throw std::invalid_argument("label must be 'start' or 'end', got '" + text + "'");
}

std::string anchor_name(Anchor a) { return a == Anchor::Start ? "start" : "end"; }

py::dict index_dict(const RegularIndex& idx) {
  return dict_of("start"_a = idx.start, "unit"_a = unit_name(idx.freq.unit),
                  "week_start"_a = static_cast<int>(idx.freq.week_start), "anchor"_a = anchor_name(idx.anchor),
                  "size"_a = idx.size);
}

Series series_from(const DoubleArray& values, Day start, const std::string& unit, int week_start,
                   const std::string& name) {
  require_1d(values, name.empty() ? "series" : name.c_str());
  std::vector<double> v(values.data(), values.data() + values.size());
  return Series(start, frequency_from(unit, week_start), std::move(v), SeriesMeta{name, "", "", ""});
}

}  // namespace

void bind_core(py::module_& m) {

  m.def("parse_date", &parse_iso_date, "text"_a, "Days since 1970-01-01 of an ISO date YYYY-MM-DD.");
  m.def("format_date", &format_iso_date, "day"_a, "ISO date YYYY-MM-DD of a day number.");
  m.def(
      "iso_week",
      [](Day day) {
        const IsoWeek w = iso_week(day);
        return py::make_tuple(w.year, w.week, static_cast<int>(w.weekday) + 1);
      },
      "day"_a, "(ISO year, ISO week, ISO weekday 1..7) of a day number.");

  m.def(
      "infer_index",
      [](const Int64Array& days, const std::string& what, const std::optional<std::string>& unit, int week_start,
         const std::optional<std::string>& anchor) {
        require_1d(days, what.c_str());
        std::optional<Frequency> hint;
        std::optional<Anchor> anchor_hint;
        if (unit) hint = frequency_from(*unit, week_start);
        if (anchor) anchor_hint = anchor_from(*anchor);
        RegularIndex idx;
        {
          py::gil_scoped_release release;
          idx = infer_regular_index(days.data(), static_cast<std::size_t>(days.size()), what, hint, anchor_hint);
        }
        return index_dict(idx);
      },
      "days"_a, "what"_a, "unit"_a = py::none(), "week_start"_a = 0, "anchor"_a = py::none(),
      "Validate a date index (days since epoch) and infer its frequency and anchoring.");

  m.def(
      "period_labels",
      [](Day start, std::size_t n, const std::string& unit, int week_start, const std::string& anchor) {
        const Frequency freq = frequency_from(unit, week_start);
        const Anchor a = anchor_from(anchor);
        std::vector<std::int64_t> out(n);
        for (std::size_t i = 0; i < n; ++i) {
          out[i] = period_label(advance_periods(start, static_cast<std::int64_t>(i), freq), freq, a);
        }
        return to_numpy(std::move(out));
      },
      "start"_a, "n"_a, "unit"_a, "week_start"_a, "anchor"_a, "Day numbers labelling n periods from start.");

  m.def(
      "resample",
      [](const DoubleArray& values, Day start, const std::string& unit, int week_start, const std::string& to_unit,
         int to_week_start, const std::string& how, const std::string& partial, const std::string& name) {
        Series input = series_from(values, start, unit, week_start, name);
        const Frequency to = frequency_from(to_unit, to_week_start);
        const Aggregation agg = parse_aggregation(how);
        const PartialPolicy policy = parse_partial_policy(partial);
        std::optional<Resampled> r;
        {
          py::gil_scoped_release release;
          r.emplace(resample(input, to, agg, policy));
        }
        std::vector<double> out_values = r->series.values();
        return dict_of("start"_a = r->series.start(), "values"_a = to_numpy(std::move(out_values)),
                        "days_in_period"_a = to_numpy(std::move(r->days_in_period)),
                        "days_covered"_a = to_numpy(std::move(r->days_covered)),
                        "days_observed"_a = to_numpy(std::move(r->days_observed)),
                        "partial"_a = to_numpy(std::move(r->partial)));
      },
      "values"_a, "start"_a, "unit"_a, "week_start"_a, "to_unit"_a, "to_week_start"_a, "how"_a, "partial"_a,
      "name"_a = "", "Aggregate a regular series to a coarser frequency.");

  m.def(
      "fill_gaps",
      [](const Int64Array& days, const DoubleArray& values, const std::string& unit, int week_start,
         const std::string& fill, std::optional<Day> first, std::optional<Day> last, const std::string& name) {
        require_1d(days, "fill_gaps");
        require_1d(values, "fill_gaps");
        if (days.size() != values.size()) {
          throw std::invalid_argument("fill_gaps: " + std::to_string(days.size()) + " dates but " +
                                      std::to_string(values.size()) + " values");
        }
        const Frequency freq = frequency_from(unit, week_start);
        const GapPolicy policy = parse_gap_policy(fill);
        std::optional<Series> s;
        {
          py::gil_scoped_release release;
          s.emplace(fill_gaps(days.data(), values.data(), static_cast<std::size_t>(days.size()), freq, policy, first,
                              last, SeriesMeta{name, "", "", ""}));
        }
        std::vector<double> v = s->values();
        return py::make_tuple(s->start(), to_numpy(std::move(v)));
      },
      "days"_a, "values"_a, "unit"_a, "week_start"_a, "fill"_a, "first"_a = py::none(), "last"_a = py::none(),
      "name"_a = "", "Spread sparse observations onto a regular calendar.");

  m.def(
      "align",
      [](const std::vector<std::tuple<DoubleArray, Day, std::string, int, std::string>>& inputs,
         const std::string& join) {
        std::vector<Series> series;
        series.reserve(inputs.size());
        for (const auto& [values, start, unit, week_start, name] : inputs) {
          series.push_back(series_from(values, start, unit, week_start, name));
        }
        const Join j = parse_join(join);
        std::optional<Aligned> a;
        {
          py::gil_scoped_release release;
          a.emplace(align(series, j));
        }
        py::list columns;
        for (auto& c : a->columns) columns.append(to_numpy(std::move(c)));
        return py::make_tuple(a->start, a->size, columns);
      },
      "inputs"_a, "join"_a, "Put series of one frequency on one calendar.");
}

}  // namespace uptake::bindings
