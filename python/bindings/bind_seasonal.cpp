// Glue for the seasonal layer: parameter resolution, STL, batch STL and MSTL. STL options travel as one dict
// so every entry point converts them in one place.
#include "common.hpp"
#include "uptake/seasonal/adjust.hpp"
#include "uptake/seasonal/calendar_effects.hpp"
#include "uptake/seasonal/mstl.hpp"
#include "uptake/seasonal/stl.hpp"
#include "uptake/seasonal/stl_batch.hpp"

namespace uptake::bindings {

namespace {

using seasonal::StlOptions;
using seasonal::StlParams;

// The dicts are read in one pass over their items: a lookup per key costs a string conversion each, and those
// dominated the call on a short series.
constexpr std::pair<const char*, std::optional<int> StlOptions::*> kOptionalInts[] = {
    {"seasonal", &StlOptions::seasonal},         {"trend", &StlOptions::trend},
    {"low_pass", &StlOptions::low_pass},         {"seasonal_deg", &StlOptions::seasonal_deg},
    {"trend_deg", &StlOptions::trend_deg},       {"low_pass_deg", &StlOptions::low_pass_deg},
    {"seasonal_jump", &StlOptions::seasonal_jump}, {"trend_jump", &StlOptions::trend_jump},
    {"low_pass_jump", &StlOptions::low_pass_jump}, {"inner_iter", &StlOptions::inner_iter},
    {"outer_iter", &StlOptions::outer_iter}};

StlOptions options_from(int period, const py::dict& d) {
  // Every key is checked before any value is read, so an unknown key is reported whatever else is wrong.
  for (const auto& item : d) {
    const auto key = item.first.cast<std::string>();
    const bool known = key == "periodic" || key == "robust" ||
                       std::any_of(std::begin(kOptionalInts), std::end(kOptionalInts),
                                   [&](const auto& f) { return key == f.first; });
    if (!known) throw std::invalid_argument("stl: unknown parameter '" + key + "'");
  }
  StlOptions o;
  o.period = period;
  for (const auto& item : d) {
    const auto key = item.first.cast<std::string>();
    const py::handle value = item.second;
    if (key == "periodic" || key == "robust") {
      (key == "robust" ? o.robust : o.periodic) = value.cast<bool>();
      continue;
    }
    const auto* field = std::find_if(std::begin(kOptionalInts), std::end(kOptionalInts),
                                     [&](const auto& f) { return key == f.first; });
    if (field == std::end(kOptionalInts)) throw std::invalid_argument("stl: unknown parameter '" + key + "'");
    o.*(field->second) = value.is_none() ? std::nullopt : std::optional<int>(value.cast<int>());
  }
  return o;
}

py::dict params_dict(const StlParams& p);

constexpr std::pair<const char*, int StlParams::*> kParamInts[] = {
    {"period", &StlParams::period},           {"seasonal", &StlParams::seasonal},
    {"trend", &StlParams::trend},             {"low_pass", &StlParams::low_pass},
    {"seasonal_deg", &StlParams::seasonal_deg}, {"trend_deg", &StlParams::trend_deg},
    {"low_pass_deg", &StlParams::low_pass_deg}, {"seasonal_jump", &StlParams::seasonal_jump},
    {"trend_jump", &StlParams::trend_jump},   {"low_pass_jump", &StlParams::low_pass_jump},
    {"inner_iter", &StlParams::inner_iter},   {"outer_iter", &StlParams::outer_iter}};

// Item by item: py::dict's keyword constructor goes through Python's argument machinery (~4 us for these 14).
py::dict params_dict(const StlParams& p) {
  py::dict d;
  for (const auto& [name, field] : kParamInts) d[name] = p.*field;
  d["robust"] = p.robust;
  d["periodic"] = p.periodic;
  return d;
}

StlParams params_from(const py::dict& d) {
  StlParams p{};
  std::size_t found = 0;
  for (const auto& item : d) {
    if (!py::isinstance<py::str>(item.first)) continue;  // extra keys are harmless
    const auto key = item.first.cast<std::string>();
    if (key == "robust" || key == "periodic") {
      (key == "robust" ? p.robust : p.periodic) = item.second.cast<bool>();
      ++found;
      continue;
    }
    const auto* field = std::find_if(std::begin(kParamInts), std::end(kParamInts),
                                     [&](const auto& f) { return key == f.first; });
    if (field == std::end(kParamInts)) continue;  // extra keys are harmless
    p.*(field->second) = item.second.cast<int>();
    ++found;
  }
  if (found != std::size(kParamInts) + 2) {
    throw std::invalid_argument("stl: params must hold every resolved parameter (use stl_params)");
  }
  return p;
}

py::dict components_dict(std::vector<double>&& seasonal, std::vector<double>&& trend, std::vector<double>&& resid,
                         std::vector<double>&& weights) {
  return dict_of("seasonal"_a = to_numpy(std::move(seasonal)), "trend"_a = to_numpy(std::move(trend)),
                  "resid"_a = to_numpy(std::move(resid)), "weights"_a = to_numpy(std::move(weights)));
}

}  // namespace

void bind_seasonal(py::module_& m) {
  m.def(
      "stl_params",
      [](std::size_t n, int period, const py::dict& options, const std::string& defaults) {
        return params_dict(
            seasonal::resolve_stl_params(options_from(period, options), n, seasonal::parse_defaults_style(defaults)));
      },
      "n"_a, "period"_a, "options"_a, "defaults"_a = "statsmodels",
      "Every effective STL parameter for a series of n points: unset options filled by the named rules.");

  m.def(
      "stl",
      [](const DoubleArray& y, const py::dict& params) {
        require_1d(y, "stl");
        const StlParams p = params_from(params);
        seasonal::StlResult r;
        {
          py::gil_scoped_release release;
          r = seasonal::stl(y.data(), static_cast<std::size_t>(y.size()), p);
        }
        return components_dict(std::move(r.seasonal), std::move(r.trend), std::move(r.resid), std::move(r.weights));
      },
      "y"_a, "params"_a, "STL decomposition of one series (NaN = missing) with resolved parameters.");

  m.def(
      "stl_many",
      [](const py::array_t<double, py::array::f_style | py::array::forcecast>& data, const py::dict& params,
         int threads) {
        if (data.ndim() != 2) throw std::invalid_argument("stl_many: expected a 2-D array (time x series)");
        const auto n = static_cast<std::size_t>(data.shape(0));
        const auto cols = static_cast<std::size_t>(data.shape(1));
        const StlParams p = params_from(params);
        // Outputs allocated here, uninitialised: the workers write every value (and fault the pages in parallel).
        const auto shape = std::vector<py::ssize_t>{static_cast<py::ssize_t>(cols), static_cast<py::ssize_t>(n)};
        py::array_t<double> seasonal(shape), trend(shape), resid(shape), weights(shape);
        const seasonal::StlBatchOutput out{seasonal.mutable_data(), trend.mutable_data(), resid.mutable_data(),
                                           weights.mutable_data()};
        {
          py::gil_scoped_release release;
          seasonal::stl_many_into(data.data(), n, cols, p, threads, out);
        }
        return dict_of("seasonal"_a = seasonal, "trend"_a = trend, "resid"_a = resid, "weights"_a = weights);
      },
      "data"_a, "params"_a, "threads"_a = 0,
      "STL of every column of a (time x series) array; returns (series x time) arrays.");

  m.def(
      "mstl",
      [](const DoubleArray& y, const std::vector<int>& periods, const std::vector<int>& windows, int iterate,
         std::optional<double> lmbda, bool lmbda_auto, const py::dict& stl_options, const std::string& defaults) {
        require_1d(y, "mstl");
        seasonal::MstlOptions o;
        o.periods = periods;
        o.windows = windows;
        o.iterate = iterate;
        o.lambda = lmbda;
        o.lambda_auto = lmbda_auto;
        o.stl = options_from(0, stl_options);
        const auto style = seasonal::parse_defaults_style(defaults);
        seasonal::MstlResult r;
        {
          py::gil_scoped_release release;
          r = seasonal::mstl(y.data(), static_cast<std::size_t>(y.size()), o, style);
        }
        py::list seasonals;
        for (auto& s : r.seasonals) seasonals.append(to_numpy(std::move(s)));
        return dict_of("periods"_a = r.periods, "windows"_a = r.windows, "dropped_periods"_a = r.dropped_periods,
                        "seasonals"_a = seasonals, "trend"_a = to_numpy(std::move(r.trend)),
                        "resid"_a = to_numpy(std::move(r.resid)), "weights"_a = to_numpy(std::move(r.weights)),
                        "lmbda"_a = r.lambda, "stl_params"_a = params_dict(r.last_params));
      },
      "y"_a, "periods"_a, "windows"_a, "iterate"_a, "lmbda"_a, "lmbda_auto"_a, "stl_options"_a,
      "defaults"_a = "statsmodels", "MSTL decomposition (NaN = missing).");

  m.def(
      "holiday_calendar",
      [](const std::string& name, int first_year, int last_year) {
        seasonal::HolidayWindow h;
        if (name == "christmas_new_year") {
          h = seasonal::christmas_new_year(first_year, last_year);
        } else if (name == "thanksgiving_us") {
          h = seasonal::thanksgiving_us(first_year, last_year);
        } else if (name == "golden_week_japan") {
          h = seasonal::golden_week_japan(first_year, last_year);
        } else if (name == "lunar_new_year") {
          h = seasonal::lunar_new_year(first_year, last_year);
        } else {
          throw std::invalid_argument("holidays: unknown built-in calendar '" + name +
                                      "' (christmas_new_year, thanksgiving_us, golden_week_japan, lunar_new_year)");
        }
        return py::make_tuple(h.name, h.dates, h.before, h.after);
      },
      "name"_a, "first_year"_a, "last_year"_a, "A built-in holiday window: (name, anchor days, before, after).");

  m.def(
      "fourier_terms",
      [](Day start, std::size_t n, double period, int order) -> Eigen::MatrixXd {
        return seasonal::fourier_terms(start, n, period, order);
      },
      "start"_a, "n"_a, "period"_a, "order"_a, "sin/cos(2 pi k t / period), t = days since epoch.");

  m.def(
      "seasonal_adjust",
      [](const DoubleArray& y, Day start, bool log, bool weekly, bool yearly, int yearly_order, int weekly_window,
         double trend_smoothness, int iterations,
         const std::vector<std::tuple<std::string, std::vector<Day>, int, int>>& holidays) {
        require_1d(y, "seasonal_adjust");
        seasonal::AdjustOptions o;
        o.log = log;
        o.weekly = weekly;
        o.yearly = yearly;
        o.yearly_order = yearly_order;
        o.weekly_window = weekly_window;
        o.trend_smoothness = trend_smoothness;
        o.iterations = iterations;
        for (const auto& [name, dates, before, after] : holidays) o.holidays.push_back({name, dates, before, after});
        seasonal::AdjustResult r;
        {
          py::gil_scoped_release release;
          r = seasonal::seasonal_adjust(y.data(), static_cast<std::size_t>(y.size()), start, o);
        }
        return dict_of("adjusted"_a = to_numpy(std::move(r.adjusted)), "weekly"_a = to_numpy(std::move(r.weekly)),
                        "yearly"_a = to_numpy(std::move(r.yearly)), "holiday"_a = to_numpy(std::move(r.holiday)),
                        "trend"_a = to_numpy(std::move(r.trend)), "holiday_names"_a = r.holiday_names,
                        "holiday_of_coefficient"_a = r.holiday_of_coefficient,
                        "holiday_offsets"_a = r.holiday_offsets,
                        "holiday_coefficients"_a = to_numpy(std::move(r.holiday_coefficients)),
                        "yearly_coefficients"_a = to_numpy(std::move(r.yearly_coefficients)));
      },
      "y"_a, "start"_a, "log"_a, "weekly"_a, "yearly"_a, "yearly_order"_a, "weekly_window"_a, "trend_smoothness"_a,
      "iterations"_a, "holidays"_a, "Seasonal adjustment of a daily series (weekly STL + yearly Fourier + holidays).");
}

}  // namespace uptake::bindings
