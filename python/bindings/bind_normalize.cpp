// Glue for the clean and normalize layers: spikes, level shifts, weekly profiles, unmixing.
#include "common.hpp"
#include "uptake/clean/level_shift.hpp"
#include "uptake/clean/spikes.hpp"
#include "uptake/normalize/unmix.hpp"

namespace uptake::bindings {

namespace {
normalize::Profile profile_from(const std::vector<double>& v) {
  if (v.size() != 7) throw std::invalid_argument("human_downloads: a weekly profile needs 7 values (Monday..Sunday)");
  normalize::Profile p;
  std::copy(v.begin(), v.end(), p.begin());
  return p;
}
}  // namespace

void bind_normalize(py::module_& m) {
  m.def(
      "robust_spikes",
      [](const DoubleArray& resid, double threshold, bool both) {
        require_1d(resid, "find_spikes");
        std::vector<double> z;
        auto flags = clean::robust_spikes(resid.data(), static_cast<std::size_t>(resid.size()), threshold, both, z);
        return py::make_tuple(to_numpy(std::move(flags)), to_numpy(std::move(z)));
      },
      "resid"_a, "threshold"_a, "both_directions"_a, "Robust z-scores of residuals and the spike flags.");
  m.def(
      "level_shift",
      [](const DoubleArray& log_y, Day start, Day break_day, int window_days, double conf) {
        require_1d(log_y, "adjust_breaks");
        const auto s = clean::estimate_level_shift(log_y.data(), static_cast<std::size_t>(log_y.size()), start, break_day,
                                                   window_days, conf);
        return dict_of("step"_a = s.step, "se"_a = s.se, "low"_a = s.low, "high"_a = s.high, "before"_a = s.before,
                        "after"_a = s.after);
      },
      "log_y"_a, "start"_a, "break_day"_a, "window_days"_a, "conf"_a, "Log level shift at a known date.");
  m.def("profile_from_weekend_ratio", [](double r) {
    const auto p = normalize::profile_from_weekend_ratio(r);
    return std::vector<double>(p.begin(), p.end());
  }, "weekend_ratio"_a);
  m.def("with_weekend_ratio", [](const std::vector<double>& p, double ratio) {
    const auto out = normalize::with_weekend_ratio(profile_from(p), ratio);
    return std::vector<double>(out.begin(), out.end());
  }, "profile"_a, "ratio"_a, "The profile with its weekend days rescaled to the given weekend ratio (sum 7).");
  m.def(
      "estimate_profile",
      [](const DoubleArray& y, Day start) {
        require_1d(y, "human_downloads");
        const auto e = normalize::estimate_profile(y.data(), static_cast<std::size_t>(y.size()), start);
        return dict_of("profile"_a = std::vector<double>(e.profile.begin(), e.profile.end()),
                        "weekend_ratio"_a = e.weekend_ratio, "weekend_ratio_se"_a = e.weekend_ratio_se, "weeks"_a = e.weeks);
      },
      "y"_a, "start"_a, "Median weekly profile of a daily series and the standard error of its weekend ratio.");
  m.def(
      "estimate_local_profiles",
      [](const DoubleArray& y, Day start, const std::vector<Day>& targets, int half_window) {
        require_1d(y, "human_downloads");
        const auto e = normalize::estimate_local_profiles(y.data(), static_cast<std::size_t>(y.size()), start, targets, half_window);
        std::vector<std::vector<double>> profiles;
        for (const auto& p : e.profiles) profiles.emplace_back(p.begin(), p.end());
        return dict_of("profiles"_a = profiles, "ratio_se"_a = e.ratio_se, "half_window"_a = e.half_window, "weeks"_a = e.weeks);
      },
      "y"_a, "start"_a, "targets"_a, "half_window"_a, "Median weekly profiles around each target Monday (drift).");
  m.def(
      "unmix_weekly",
      [](const DoubleArray& y, Day start, const std::vector<std::vector<double>>& human,
         const std::vector<std::vector<double>>& automated, const py::dict& prior, int bandwidth_weeks, double conf,
         int draws, std::uint64_t seed, const std::vector<std::uint8_t>& holiday_days,
         const std::vector<std::uint8_t>& spike_days, const std::vector<Day>& breaks) {
        require_1d(y, "human_downloads");
        normalize::UnmixOptions o;
        for (const auto& p : human) o.human.push_back(profile_from(p));
        for (const auto& p : automated) o.automated.push_back(profile_from(p));
        o.human_ratio_se = prior["human_ratio_se"].cast<double>();
        o.human_shift_low = prior["human_shift_low"].cast<double>();
        o.human_shift_high = prior["human_shift_high"].cast<double>();
        o.automated_ratio_se = prior["automated_ratio_se"].cast<double>();
        o.automated_shift_low = prior["automated_shift_low"].cast<double>();
        o.automated_shift_high = prior["automated_shift_high"].cast<double>();
        o.automated_holiday_low = prior["automated_holiday_low"].cast<double>();
        o.bandwidth_weeks = bandwidth_weeks;
        o.conf = conf;
        o.draws = draws;
        o.seed = seed;
        o.holiday_days = holiday_days;
        o.spike_days = spike_days;
        o.breaks = breaks;
        normalize::UnmixResult r;
        {
          py::gil_scoped_release release;
          r = normalize::unmix_weekly(y.data(), static_cast<std::size_t>(y.size()), start, o);
        }
        return dict_of("first_week_start"_a = r.first_week_start, "total"_a = to_numpy(std::move(r.total)),
                        "human"_a = to_numpy(std::move(r.human)), "automated"_a = to_numpy(std::move(r.automated)),
                        "human_low"_a = to_numpy(std::move(r.human_low)), "human_high"_a = to_numpy(std::move(r.human_high)),
                        "share"_a = to_numpy(std::move(r.share)), "lower_bound"_a = to_numpy(std::move(r.lower_bound)),
                        "baseline"_a = to_numpy(std::move(r.baseline)), "holiday"_a = to_numpy(std::move(r.holiday)),
                        "surge"_a = to_numpy(std::move(r.surge)), "spike_days"_a = to_numpy(std::move(r.spike_days)),
                        "contrast"_a = r.contrast, "dispersion"_a = r.dispersion, "day_noise"_a = r.day_noise,
                        "bandwidth_weeks"_a = r.bandwidth_weeks, "usable_weeks"_a = r.usable_weeks);
      },
      "y"_a, "start"_a, "human"_a, "automated"_a, "prior"_a, "bandwidth_weeks"_a, "conf"_a, "draws"_a, "seed"_a,
      "holiday_days"_a, "spike_days"_a, "breaks"_a, "Weekly-profile unmixing of daily totals into human and automated parts.");
}

}  // namespace uptake::bindings
