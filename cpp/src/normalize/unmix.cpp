#include "uptake/normalize/unmix.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace uptake::normalize {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
// Day-level noise of download counts is Poisson plus a multiplicative part; 5% is typical of real series and
// only sets the relative weights of a week's days (the scale is estimated).
const double kDayCv = 0.05;

double median(std::vector<double> v) {
  if (v.empty()) return kNaN;
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  if (v.size() % 2 == 1) return v[m];
  const double hi = v[m];
  return 0.5 * (hi + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m)));
}

void check_profile(const Profile& p, const char* what) {
  double s = 0.0;
  for (double v : p) {
    if (!(v >= 0.0) || !std::isfinite(v)) throw std::invalid_argument(std::string("human_downloads: ") + what + " profile has a negative or non-finite value");
    s += v;
  }
  if (std::fabs(s - 7.0) > 1e-6) throw std::invalid_argument(std::string("human_downloads: ") + what + " profile must sum to 7");
}

// Whole Monday..Sunday weeks of y: index of the first Monday and the number of weeks.
std::pair<std::size_t, std::size_t> whole_weeks(std::size_t n, Day start) {
  const auto offset = static_cast<std::size_t>((7 - static_cast<int>(weekday(start))) % 7);
  if (n < offset) return {offset, 0};
  return {offset, (n - offset) / 7};
}

std::size_t idx(int d) { return static_cast<std::size_t>(d); }

// A week's own weighted least-squares fit of y_d = h w_d + a v_d on the days in `use`.
struct OwnFit {
  bool ok = false;
  double h = kNaN, a = kNaN, var_h = kNaN;  // var_h without the overdispersion factor
  double pearson = 0.0, rel2 = 0.0;          // weighted and relative squared residuals
  int dof = 0;
};

OwnFit own_fit(const double* wk, const std::array<bool, 7>& use, const Profile& w, const Profile& v) {
  double m00 = 0, m01 = 0, m11 = 0, b0 = 0, b1 = 0;
  int used = 0, weekdays = 0, weekends = 0;
  for (int d = 0; d < 7; ++d) {
    if (!use[idx(d)]) continue;
    const double y = wk[d];
    const double om = 1.0 / (std::max(y, 1.0) + kDayCv * kDayCv * y * y);
    const double x0 = w[idx(d)], x1 = v[idx(d)];
    m00 += om * x0 * x0;
    m01 += om * x0 * x1;
    m11 += om * x1 * x1;
    b0 += om * x0 * y;
    b1 += om * x1 * y;
    ++used;
    (d < 5 ? weekdays : weekends) += 1;
  }
  OwnFit f;
  const double det = m00 * m11 - m01 * m01;
  if (used < 3 || weekdays == 0 || weekends == 0 || !(det > 1e-9 * m00 * m11)) return f;
  f.ok = true;
  f.h = (m11 * b0 - m01 * b1) / det;
  f.a = (m00 * b1 - m01 * b0) / det;
  f.var_h = m11 / det;
  for (int d = 0; d < 7; ++d) {
    if (!use[idx(d)]) continue;
    const double y = wk[d];
    const double fit = f.h * w[idx(d)] + f.a * v[idx(d)];
    const double om = 1.0 / (std::max(y, 1.0) + kDayCv * kDayCv * y * y);
    f.pearson += om * (y - fit) * (y - fit);
    if (fit > 0) f.rel2 += (y - fit) * (y - fit) / (fit * fit);
  }
  f.dof = used - 2;
  return f;
}

// Local linear regression of values[i] (weights 1/var[i], tricube kernel of half-width m) at position k.
// Skips index `skip` (leave-one-out). Returns the fit, the sum of squared equivalent weights times variances,
// and the weight of k itself.
struct Local {
  double fit = kNaN, var = kNaN, self = 0.0;
};

Local local_linear(const std::vector<double>& values, const std::vector<double>& var, const std::vector<std::uint8_t>& ok,
                   const std::vector<int>& segment, std::size_t k, int m, std::size_t skip) {
  const std::size_t n = values.size();
  Local out;
  for (int width = m;; width = width * 2 + 1) {
    double s0 = 0, s1 = 0, s2 = 0;
    int points = 0;
    const std::size_t a = k >= static_cast<std::size_t>(width) ? k - static_cast<std::size_t>(width) : 0;
    const std::size_t b = std::min(n - 1, k + static_cast<std::size_t>(width));
    std::vector<std::pair<std::size_t, double>> kernel;
    for (std::size_t i = a; i <= b; ++i) {
      if (!ok[i] || i == skip || segment[i] != segment[k]) continue;
      const double u = std::fabs(static_cast<double>(i) - static_cast<double>(k)) / (width + 1.0);
      const double t = 1.0 - u * u * u;
      const double wgt = t * t * t / var[i];
      const double x = static_cast<double>(i) - static_cast<double>(k);
      s0 += wgt;
      s1 += wgt * x;
      s2 += wgt * x * x;
      kernel.emplace_back(i, wgt);
      ++points;
    }
    const bool everything = a == 0 && b == n - 1;
    if (points < 3 && !everything) continue;
    if (points == 0) return out;
    const double det = s0 * s2 - s1 * s1;
    const bool linear = points >= 3 && det > 1e-9 * s0 * s2;
    out.fit = 0.0;
    out.var = 0.0;
    for (const auto& [i, wgt] : kernel) {
      const double x = static_cast<double>(i) - static_cast<double>(k);
      const double l = linear ? wgt * (s2 - s1 * x) / det : wgt / s0;
      out.fit += l * values[i];
      out.var += l * l * var[i];
      if (i == k) out.self = l;
    }
    return out;
  }
}

}  // namespace

Profile profile_from_weekend_ratio(double r) {
  if (!(r > 0.0) || !std::isfinite(r)) throw std::invalid_argument("human_downloads: weekend ratios must be > 0");
  const double weekday = 7.0 / (5.0 + 2.0 * r);
  return {weekday, weekday, weekday, weekday, weekday, r * weekday, r * weekday};
}

double weekend_ratio_of(const Profile& p) {
  const double wd = (p[0] + p[1] + p[2] + p[3] + p[4]) / 5.0;
  return (p[5] + p[6]) / 2.0 / wd;
}

Profile with_weekend_ratio(const Profile& p, double ratio) {
  Profile out = p;
  const double current = weekend_ratio_of(p);
  const double target = std::max(ratio, 1e-3);
  if (current > 0) {
    out[5] *= target / current;
    out[6] *= target / current;
  } else {
    out[5] = out[6] = target * (p[0] + p[1] + p[2] + p[3] + p[4]) / 5.0;
  }
  const double s = std::accumulate(out.begin(), out.end(), 0.0);
  for (double& v : out) v *= 7.0 / s;
  return out;
}

namespace {

// Each whole week's normalised profile (NaN rows for weeks with a missing or negative day, or no downloads).
std::vector<Profile> week_profiles(const double* y, std::size_t n, Day start, std::vector<Day>& mondays) {
  const auto [offset, weeks] = whole_weeks(n, start);
  std::vector<Profile> out;
  for (std::size_t k = 0; k < weeks; ++k) {
    const double* wk = y + offset + 7 * k;
    double total = 0.0;
    bool ok = true;
    for (int d = 0; d < 7; ++d) {
      if (!std::isfinite(wk[d]) || wk[d] < 0) ok = false;
      total += wk[d];
    }
    if (!ok || total <= 0) continue;
    Profile p;
    for (int d = 0; d < 7; ++d) p[idx(d)] = 7.0 * wk[d] / total;
    out.push_back(p);
    mondays.push_back(start + static_cast<Day>(offset + 7 * k));
  }
  return out;
}

// Median profile of the given weeks, renormalised, and the standard error of its weekend ratio.
std::pair<Profile, double> median_profile(const std::vector<Profile>& weeks, const std::vector<std::size_t>& which) {
  std::array<std::vector<double>, 7> shares;
  std::vector<double> ratios;
  for (std::size_t i : which) {
    for (int d = 0; d < 7; ++d) shares[idx(d)].push_back(weeks[i][idx(d)]);
    ratios.push_back(weekend_ratio_of(weeks[i]));
  }
  Profile p;
  double s = 0.0;
  for (int d = 0; d < 7; ++d) {
    p[idx(d)] = median(shares[idx(d)]);
    s += p[idx(d)];
  }
  for (double& v : p) v *= 7.0 / s;
  std::vector<double> dev;
  const double med = median(ratios);
  for (double r : ratios) dev.push_back(std::fabs(r - med));
  // Robust spread of the weekly ratios; the median's standard error ~ 1.2533 sd / sqrt(weeks).
  const double sd = 1.4826 * median(dev);
  return {p, 1.2533 * sd / std::sqrt(static_cast<double>(ratios.size()))};
}

std::vector<std::size_t> nearest_weeks(const std::vector<Day>& mondays, Day target, int half_window, std::size_t skip) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < mondays.size(); ++i)
    if (i != skip) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::llabs(mondays[a] - target) < std::llabs(mondays[b] - target);
  });
  std::vector<std::size_t> out;
  for (std::size_t i : order) {
    const bool inside = half_window <= 0 || std::llabs(mondays[i] - target) <= 7LL * half_window;
    if (inside || out.size() < 4) out.push_back(i);
  }
  return out;
}

}  // namespace

ProfileEstimate estimate_profile(const double* y, std::size_t n, Day start) {
  std::vector<Day> mondays;
  const auto weeks = week_profiles(y, n, start, mondays);
  if (weeks.size() < 4) {
    throw std::invalid_argument("human_downloads: the reference has " + std::to_string(weeks.size()) +
                                " usable whole weeks; at least 4 are needed to estimate a weekly profile");
  }
  std::vector<std::size_t> all(weeks.size());
  std::iota(all.begin(), all.end(), 0);
  const auto [profile, se] = median_profile(weeks, all);
  ProfileEstimate est;
  est.profile = profile;
  est.weekend_ratio = weekend_ratio_of(profile);
  est.weekend_ratio_se = se;
  est.weeks = static_cast<int>(weeks.size());
  return est;
}

LocalProfiles estimate_local_profiles(const double* y, std::size_t n, Day start, const std::vector<Day>& targets,
                                      int half_window) {
  std::vector<Day> mondays;
  const auto weeks = week_profiles(y, n, start, mondays);
  if (weeks.size() < 5) {
    throw std::invalid_argument("human_downloads: the reference has " + std::to_string(weeks.size()) +
                                " usable whole weeks; at least 5 are needed to estimate weekly profiles");
  }
  LocalProfiles out;
  out.weeks = static_cast<int>(weeks.size());
  out.half_window = half_window;
  if (half_window <= 0) {
    // Leave-one-out: predict each week's profile from its neighbours; holiday weeks and noise make single
    // weeks wander, so the error is the median over weeks of the squared profile distance.
    double best = std::numeric_limits<double>::infinity();
    for (int m : {4, 8, 13, 26, 52, 0}) {
      std::vector<double> errs;
      for (std::size_t i = 0; i < weeks.size(); ++i) {
        const auto [p, se] = median_profile(weeks, nearest_weeks(mondays, mondays[i], m, i));
        (void)se;
        double e = 0.0;
        for (int d = 0; d < 7; ++d) e += (p[idx(d)] - weeks[i][idx(d)]) * (p[idx(d)] - weeks[i][idx(d)]);
        errs.push_back(e);
      }
      // A wider window wins ties: it is the simpler model.
      const double score = median(errs);
      if (score < best * 0.98) {
        best = score;
        out.half_window = m;
      }
    }
  }
  for (Day t : targets) {
    const auto [p, se] = median_profile(weeks, nearest_weeks(mondays, t, out.half_window, weeks.size()));
    out.profiles.push_back(p);
    out.ratio_se.push_back(se);
  }
  return out;
}

UnmixResult unmix_weekly(const double* y, std::size_t n, Day start, const UnmixOptions& o) {
  if (o.human.empty() || o.automated.empty()) throw std::invalid_argument("human_downloads: no profiles given");
  for (const auto& p : o.human) check_profile(p, "human");
  for (const auto& p : o.automated) check_profile(p, "automated");
  if (!(o.conf > 0.0 && o.conf < 1.0)) throw std::invalid_argument("human_downloads: conf must be in (0, 1)");
  if (o.draws < 20) throw std::invalid_argument("human_downloads: draws must be >= 20, got " + std::to_string(o.draws));
  if (o.bandwidth_weeks < 0) throw std::invalid_argument("human_downloads: bandwidth_weeks must be >= 0 (0 = chosen from the data)");
  if (!(o.automated_shift_low <= o.automated_shift_high) || !(o.human_shift_low <= o.human_shift_high) || !(o.human_ratio_se >= 0) ||
      !(o.automated_ratio_se >= 0) || !(o.automated_holiday_low > 0 && o.automated_holiday_low <= 1)) {
    throw std::invalid_argument("human_downloads: invalid prior (shift ranges must be ordered, spreads >= 0, the "
                                "automated holiday factor in (0, 1])");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(y[i])) throw std::invalid_argument("human_downloads: infinite value at position " + std::to_string(i));
    if (y[i] < 0) throw std::invalid_argument("human_downloads: negative count at position " + std::to_string(i) + " (" + format_iso_date(start + static_cast<Day>(i)) + ")");
  }
  for (const auto* mask : {&o.holiday_days, &o.spike_days}) {
    if (!mask->empty() && mask->size() != n) {
      throw std::invalid_argument("human_downloads: a day mask has " + std::to_string(mask->size()) + " entries for " +
                                  std::to_string(n) + " days");
    }
  }
  const std::pair<std::size_t, std::size_t> whole = whole_weeks(n, start);
  const std::size_t offset = whole.first, weeks = whole.second;
  if (weeks < 4) {
    throw std::invalid_argument("human_downloads: " + std::to_string(weeks) + " whole weeks are too few (at least 4 are needed)");
  }
  for (const auto* ps : {&o.human, &o.automated}) {
    if (ps->size() != 1 && ps->size() != weeks) {
      throw std::invalid_argument("human_downloads: give one profile or one per whole week (" + std::to_string(weeks) + ")");
    }
  }
  const auto prof = [](const std::vector<Profile>& ps, std::size_t k) -> const Profile& { return ps.size() == 1 ? ps[0] : ps[k]; };
  const auto flag = [&](const std::vector<std::uint8_t>& mask, std::size_t i) { return !mask.empty() && mask[i] != 0; };

  UnmixResult r;
  r.first_week_start = start + static_cast<Day>(offset);
  std::vector<double> totals(weeks, kNaN);
  std::vector<std::uint8_t> complete(weeks, 0);
  std::vector<std::array<bool, 7>> use(weeks);
  r.holiday.assign(weeks, 0);
  r.surge.assign(weeks, 0);
  r.spike_days.assign(weeks, 0);
  std::vector<double> contrasts;
  for (std::size_t k = 0; k < weeks; ++k) {
    const double* wk = y + offset + 7 * k;
    double total = 0.0;
    bool ok = true;
    for (int d = 0; d < 7; ++d) {
      const std::size_t i = offset + 7 * k + idx(d);
      if (std::isnan(wk[d])) ok = false;
      total += wk[d];
      const bool holiday = flag(o.holiday_days, i), spike = flag(o.spike_days, i);
      if (holiday) r.holiday[k] = 1;
      if (spike) ++r.spike_days[k];
      use[k][idx(d)] = !holiday && !spike && !std::isnan(wk[d]);
    }
    complete[k] = ok ? 1 : 0;
    totals[k] = ok ? total : kNaN;
    contrasts.push_back(weekend_ratio_of(prof(o.automated, k)) - weekend_ratio_of(prof(o.human, k)));
  }
  r.contrast = median(contrasts);

  // Level breaks cut the series into segments that neither the baseline nor the smoothing crosses; a week
  // belongs to the segment holding most of its days.
  std::vector<int> segment(weeks, 0);
  for (std::size_t k = 0; k < weeks; ++k)
    for (Day b : o.breaks)
      if (r.first_week_start + static_cast<Day>(7 * k) + 3 >= b) ++segment[k];

  // Baseline: running median (9 weeks) of ordinary weeks' totals, twice: the second pass leaves out the weeks
  // the first found to be surges, so that a surge of up to eight weeks does not lift its neighbours' baseline.
  const auto running_median = [&](const std::vector<std::uint8_t>& skip) {
    std::vector<double> base(weeks, kNaN);
    for (std::size_t k = 0; k < weeks; ++k) {
      for (std::size_t half = 4;; half *= 2) {
        std::vector<double> vals;
        const std::size_t a = k >= half ? k - half : 0, b = std::min(weeks - 1, k + half);
        for (std::size_t j = a; j <= b; ++j)
          if (complete[j] && !r.holiday[j] && !skip[j] && segment[j] == segment[k]) vals.push_back(totals[j]);
        if (!vals.empty() || (a == 0 && b == weeks - 1)) {
          base[k] = median(vals);
          break;
        }
      }
    }
    return base;
  };
  const auto surges = [&](const std::vector<double>& base) {
    std::vector<std::uint8_t> out(weeks, 0);
    for (std::size_t k = 0; k < weeks; ++k)
      out[k] = complete[k] && !r.holiday[k] && std::isfinite(base[k]) && base[k] > 0 && totals[k] > o.surge_threshold * base[k];
    return out;
  };
  r.surge = surges(running_median(std::vector<std::uint8_t>(weeks, 0)));
  r.baseline = running_median(r.surge);
  r.surge = surges(r.baseline);

  // Own fits under given profiles; returns the human levels, their variances and the fit diagnostics.
  struct Fits {
    std::vector<double> h, var;
    std::vector<std::uint8_t> ok;
    double pearson = 0.0, rel2 = 0.0;
    int dof = 0, days = 0;
  };
  const auto fit_all = [&](const std::vector<Profile>& hum, const std::vector<Profile>& aut) {
    Fits f;
    f.h.assign(weeks, kNaN);
    f.var.assign(weeks, kNaN);
    f.ok.assign(weeks, 0);
    for (std::size_t k = 0; k < weeks; ++k) {
      if (!complete[k] || r.holiday[k] || !(totals[k] > 0)) continue;
      const OwnFit of = own_fit(y + offset + 7 * k, use[k], prof(hum, k), prof(aut, k));
      if (!of.ok) continue;
      f.h[k] = of.h;
      f.var[k] = std::max(of.var_h, 1e-12);
      f.ok[k] = 1;
      f.pearson += of.pearson;
      f.rel2 += of.rel2;
      f.dof += of.dof;
      f.days += of.dof + 2;
    }
    return f;
  };
  const auto cv_score = [&](const Fits& f, int m) {
    double score = 0.0;
    for (std::size_t k = 0; k < weeks; ++k) {
      if (!f.ok[k]) continue;
      const Local l = local_linear(f.h, f.var, f.ok, segment, k, m, k);
      if (std::isfinite(l.fit)) score += (f.h[k] - l.fit) * (f.h[k] - l.fit) / f.var[k];
    }
    return score;
  };
  // Leave-one-out cross-validation of the weeks' own human levels over the kernel half-widths.
  const auto best_bandwidth = [&](const Fits& f, double& best) {
    best = std::numeric_limits<double>::infinity();
    int chosen = 3;
    for (int m : {3, 5, 8, 13, 21, 34, 55}) {
      const double score = cv_score(f, m);
      if (score < best) {
        best = score;
        chosen = m;
      }
    }
    return chosen;
  };

  Fits point = fit_all(o.human, o.automated);
  r.usable_weeks = static_cast<int>(std::count(point.ok.begin(), point.ok.end(), 1));
  if (r.usable_weeks < 3) {
    throw std::invalid_argument("human_downloads: only " + std::to_string(r.usable_weeks) +
                                " weeks have both weekdays and weekend days outside holidays and spikes; at least 3 are needed");
  }
  r.dispersion = point.dof > 0 ? std::max(1.0, point.pearson / point.dof) : 1.0;
  r.day_noise = point.dof > 0 ? std::sqrt(point.rel2 / point.dof) : 0.0;

  for (double& v : point.var) v *= r.dispersion;
  const std::vector<Profile>& automated_point = o.automated;

  const auto smooth = [&](const Fits& f, int m, std::vector<double>& var_out, std::vector<double>& self_out) {
    std::vector<double> fit(weeks, kNaN);
    var_out.assign(weeks, kNaN);
    self_out.assign(weeks, 0.0);
    for (std::size_t k = 0; k < weeks; ++k) {
      const Local l = local_linear(f.h, f.var, f.ok, segment, k, m, weeks);
      fit[k] = l.fit;
      var_out[k] = l.var;
      self_out[k] = l.self;
    }
    return fit;
  };
  if (o.bandwidth_weeks > 0) {
    r.bandwidth_weeks = o.bandwidth_weeks;
  } else {
    double best = 0.0;
    r.bandwidth_weeks = best_bandwidth(point, best);
  }
  std::vector<double> smooth_var, self;
  const std::vector<double> level = smooth(point, r.bandwidth_weeks, smooth_var, self);
  // Misfit beyond sampling (drift faster than the kernel follows, wrong profiles) inflates the smoothing error.
  double resid2 = 0.0, trace = 0.0;
  for (std::size_t k = 0; k < weeks; ++k) {
    if (!point.ok[k] || !std::isfinite(level[k])) continue;
    resid2 += (point.h[k] - level[k]) * (point.h[k] - level[k]) / point.var[k];
    trace += self[k];
  }
  const double smooth_dispersion = std::max(1.0, resid2 / std::max(1.0, r.usable_weeks - trace));
  for (double& v : smooth_var) v *= smooth_dispersion;

  // The week's human total given a human level and automated profile: ordinary weeks take the smoothed level;
  // holiday weeks take each day minus the automated level carried from the neighbours (scaled by g on holiday
  // days); spike days keep the human level and give the excess to automated.
  const auto weekly_human = [&](std::size_t k, double h_level, const Profile& w, const Profile& v, double g,
                                const std::array<double, 7>& day_noise) {
    const double* wk = y + offset + 7 * k;
    if (!r.holiday[k]) return std::clamp(7.0 * h_level, 0.0, totals[k]);
    const double a_level = std::max(0.0, r.baseline[k] / 7.0 - std::max(h_level, 0.0));
    double h = 0.0;
    for (int d = 0; d < 7; ++d) {
      const std::size_t i = offset + 7 * k + idx(d);
      if (flag(o.spike_days, i)) {
        h += std::clamp(h_level * w[idx(d)], 0.0, wk[d]);
        continue;
      }
      const double scale = flag(o.holiday_days, i) ? g : 1.0;
      h += std::clamp(wk[d] - a_level * scale * v[idx(d)] * (1.0 + day_noise[idx(d)]), 0.0, wk[d]);
    }
    return h;
  };
  const std::array<double, 7> no_noise{};
  std::vector<double> human(weeks, kNaN);
  for (std::size_t k = 0; k < weeks; ++k) {
    if (complete[k] && std::isfinite(level[k]))
      human[k] = weekly_human(k, level[k], prof(o.human, k), prof(automated_point, k), 1.0, no_noise);
  }

  // Monte Carlo band: profiles from their priors, then the smoothing error and day-level noise.
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::vector<double>> draws(weeks);
  const std::size_t n_h = o.human.size(), n_a = o.automated.size();
  std::vector<Profile> hum(n_h), aut(n_a);
  for (int it = 0; it < o.draws; ++it) {
    const double dh = o.human_ratio_se * z(rng) + o.human_shift_low + (o.human_shift_high - o.human_shift_low) * u(rng);
    const double da = o.automated_ratio_se * z(rng) + o.automated_shift_low + (o.automated_shift_high - o.automated_shift_low) * u(rng);
    const double g = o.automated_holiday_low + (1.0 - o.automated_holiday_low) * u(rng);
    for (std::size_t j = 0; j < n_h; ++j) hum[j] = with_weekend_ratio(o.human[j], weekend_ratio_of(o.human[j]) + dh);
    for (std::size_t j = 0; j < n_a; ++j) aut[j] = with_weekend_ratio(o.automated[j], weekend_ratio_of(o.automated[j]) + da);
    Fits f = fit_all(hum, aut);
    if (std::count(f.ok.begin(), f.ok.end(), 1) < 3) continue;
    for (double& v : f.var) v *= r.dispersion;
    std::vector<double> v_unused, s_unused;
    const std::vector<double> lv = smooth(f, r.bandwidth_weeks, v_unused, s_unused);
    for (std::size_t k = 0; k < weeks; ++k) {
      if (!complete[k] || !std::isfinite(lv[k]) || !std::isfinite(smooth_var[k])) continue;
      const double h_level = lv[k] + std::sqrt(smooth_var[k]) * z(rng);
      std::array<double, 7> noise{};
      for (double& e : noise) e = r.day_noise * z(rng);
      double h = weekly_human(k, h_level, prof(hum, k), prof(aut, k), g, noise);
      // People's own day-to-day noise around their level (ordinary weeks; holiday weeks measure it directly).
      if (!r.holiday[k]) h = std::clamp(h + r.day_noise * std::sqrt(7.0) * std::max(h_level, 0.0) * z(rng), 0.0, totals[k]);
      draws[k].push_back(h);
    }
  }
  const double lo_q = (1.0 - o.conf) / 2.0, hi_q = 1.0 - lo_q;
  for (std::size_t k = 0; k < weeks; ++k) {
    const double total = totals[k];
    const bool ok = complete[k] && std::isfinite(human[k]);
    r.total.push_back(total);
    r.human.push_back(ok ? human[k] : kNaN);
    r.automated.push_back(ok ? total - human[k] : kNaN);
    r.share.push_back(ok && total > 0 ? human[k] / total : kNaN);
    auto& d = draws[k];
    if (ok && d.size() >= 10) {
      std::sort(d.begin(), d.end());
      const auto at = [&](double q) { return d[static_cast<std::size_t>(std::clamp(q * (d.size() - 1), 0.0, d.size() - 1.0))]; };
      r.human_low.push_back(std::min(at(lo_q), human[k]));
      r.human_high.push_back(std::max(at(hi_q), human[k]));
    } else {
      r.human_low.push_back(kNaN);
      r.human_high.push_back(kNaN);
    }
    // Distribution-free floor: the automated part cannot exceed the smallest day relative to its profile.
    if (complete[k]) {
      const double* wk = y + offset + 7 * k;
      const Profile& v = prof(automated_point, k);
      double a_max = std::numeric_limits<double>::infinity();
      for (int d7 = 0; d7 < 7; ++d7)
        if (v[idx(d7)] > 0) a_max = std::min(a_max, wk[d7] / v[idx(d7)]);
      r.lower_bound.push_back(std::max(0.0, total - 7.0 * a_max));
    } else {
      r.lower_bound.push_back(kNaN);
    }
  }
  return r;
}

}  // namespace uptake::normalize
