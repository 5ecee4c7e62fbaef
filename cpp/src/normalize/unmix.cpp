#include "uptake/normalize/unmix.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace uptake::normalize {

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

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

// Share estimate pooled over weeks [a, b] with profiles (w, v); returns s, its variance factor, and the sum of
// squared standardised residuals (for the overdispersion).
struct Pooled {
  double share = kNaN, var = kNaN, pearson = 0.0;
  int dof = 0;
};

Pooled pooled_share(const std::vector<std::array<double, 7>>& props, const std::vector<double>& totals,
                    const std::vector<std::uint8_t>& usable, std::size_t a, std::size_t b, const Profile& w, const Profile& v) {
  double sxx = 0.0, sxy = 0.0;
  int used = 0;
  for (std::size_t k = a; k <= b; ++k) {
    if (!usable[k]) continue;
    for (int d = 0; d < 7; ++d) {
      const double x = (w[static_cast<std::size_t>(d)] - v[static_cast<std::size_t>(d)]) / 7.0;
      const double p = props[k][static_cast<std::size_t>(d)];
      const double base = v[static_cast<std::size_t>(d)] / 7.0;
      // Multinomial variance of a day's share ~ p (1 - p) / total: weight by its inverse.
      const double pm = std::max(p, 1e-6);
      const double weight = totals[k] / (pm * (1.0 - pm));
      sxx += weight * x * x;
      sxy += weight * x * (p - base);
    }
    ++used;
  }
  Pooled out;
  if (used == 0 || sxx <= 0) return out;
  out.share = std::clamp(sxy / sxx, 0.0, 1.0);
  out.var = 1.0 / sxx;
  for (std::size_t k = a; k <= b; ++k) {
    if (!usable[k]) continue;
    for (int d = 0; d < 7; ++d) {
      const double fit = (out.share * w[static_cast<std::size_t>(d)] + (1 - out.share) * v[static_cast<std::size_t>(d)]) / 7.0;
      const double p = props[k][static_cast<std::size_t>(d)];
      out.pearson += totals[k] * (p - fit) * (p - fit) / std::max(fit * (1 - fit), 1e-9);
    }
    out.dof += 6;
  }
  out.dof -= 1;
  return out;
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

ProfileEstimate estimate_profile(const double* y, std::size_t n, Day start) {
  const auto [offset, weeks] = whole_weeks(n, start);
  std::array<std::vector<double>, 7> shares;
  std::vector<double> ratios;
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
    for (int d = 0; d < 7; ++d) {
      p[static_cast<std::size_t>(d)] = 7.0 * wk[d] / total;
      shares[static_cast<std::size_t>(d)].push_back(p[static_cast<std::size_t>(d)]);
    }
    ratios.push_back(weekend_ratio_of(p));
  }
  if (ratios.size() < 4) {
    throw std::invalid_argument("human_downloads: the reference has " + std::to_string(ratios.size()) +
                                " usable whole weeks; at least 4 are needed to estimate a weekly profile");
  }
  ProfileEstimate est;
  double s = 0.0;
  for (int d = 0; d < 7; ++d) {
    est.profile[static_cast<std::size_t>(d)] = median(shares[static_cast<std::size_t>(d)]);
    s += est.profile[static_cast<std::size_t>(d)];
  }
  for (double& v : est.profile) v *= 7.0 / s;
  est.weekend_ratio = weekend_ratio_of(est.profile);
  // Robust spread of the weekly ratios; the median's standard error ~ 1.2533 sd / sqrt(weeks).
  std::vector<double> dev;
  const double med = median(ratios);
  for (double r : ratios) dev.push_back(std::fabs(r - med));
  const double sd = 1.4826 * median(dev);
  est.weekend_ratio_se = 1.2533 * sd / std::sqrt(static_cast<double>(ratios.size()));
  est.weeks = static_cast<int>(ratios.size());
  return est;
}

UnmixResult unmix_weekly(const double* y, std::size_t n, Day start, const UnmixOptions& o) {
  check_profile(o.human, "human");
  check_profile(o.automated, "automated");
  if (o.window_weeks < 1 || o.window_weeks % 2 == 0) {
    throw std::invalid_argument("human_downloads: window_weeks must be an odd number >= 1, got " + std::to_string(o.window_weeks));
  }
  if (!(o.conf > 0.0 && o.conf < 1.0)) throw std::invalid_argument("human_downloads: conf must be in (0, 1)");
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isinf(y[i])) throw std::invalid_argument("human_downloads: infinite value at position " + std::to_string(i));
    if (y[i] < 0) throw std::invalid_argument("human_downloads: negative count at position " + std::to_string(i) + " (" + format_iso_date(start + static_cast<Day>(i)) + ")");
  }
  // Plain variables, not a structured binding: lambdas below capture them (C++17 forbids capturing bindings).
  const std::pair<std::size_t, std::size_t> whole = whole_weeks(n, start);
  const std::size_t offset = whole.first, weeks = whole.second;
  if (weeks < static_cast<std::size_t>(o.window_weeks)) {
    throw std::invalid_argument("human_downloads: " + std::to_string(weeks) + " whole weeks are too few for window_weeks=" +
                                std::to_string(o.window_weeks));
  }
  if (!o.exclude.empty() && o.exclude.size() != weeks) {
    throw std::invalid_argument("human_downloads: exclude has " + std::to_string(o.exclude.size()) + " entries for " +
                                std::to_string(weeks) + " weeks");
  }
  UnmixResult r;
  r.first_week_start = start + static_cast<Day>(offset);
  r.contrast = weekend_ratio_of(o.automated) - weekend_ratio_of(o.human);
  std::vector<std::array<double, 7>> props(weeks);
  std::vector<double> totals(weeks, 0.0);
  std::vector<std::uint8_t> complete(weeks, 1), usable(weeks, 1);
  for (std::size_t k = 0; k < weeks; ++k) {
    const double* wk = y + offset + 7 * k;
    double total = 0.0;
    for (int d = 0; d < 7; ++d) {
      if (std::isnan(wk[d])) complete[k] = 0;
      total += wk[d];
    }
    totals[k] = complete[k] ? total : kNaN;
    if (!complete[k] || total <= 0) usable[k] = 0;
    if (!o.exclude.empty() && o.exclude[k]) usable[k] = 0;
    for (int d = 0; d < 7; ++d) props[k][static_cast<std::size_t>(d)] = usable[k] ? wk[d] / total : kNaN;
  }
  const std::size_t half = static_cast<std::size_t>(o.window_weeks / 2);
  const auto window = [&](std::size_t k) {
    const std::size_t a = k >= half ? k - half : 0;
    const std::size_t b = std::min(weeks - 1, k + half);
    return std::make_pair(a, b);
  };
  // Point estimates and the overdispersion of the profile fit.
  std::vector<Pooled> fits(weeks);
  double pearson = 0.0;
  int dof = 0;
  for (std::size_t k = 0; k < weeks; ++k) {
    const auto [a, b] = window(k);
    fits[k] = pooled_share(props, totals, usable, a, b, o.human, o.automated);
    if (usable[k] && std::isfinite(fits[k].share)) {
      const Pooled own = pooled_share(props, totals, usable, k, k, o.human, o.automated);
      pearson += own.pearson;
      dof += own.dof;
    }
  }
  r.dispersion = dof > 0 ? std::max(1.0, pearson / dof) : 1.0;

  // Monte Carlo over the profiles' weekend ratios (the dominant uncertainty), plus sampling error.
  std::mt19937_64 rng(o.seed);
  std::normal_distribution<double> z(0.0, 1.0);
  const double rh = weekend_ratio_of(o.human), ra = weekend_ratio_of(o.automated);
  std::vector<std::vector<double>> draws(weeks);
  for (int i = 0; i < o.draws; ++i) {
    const double rh_i = std::max(1e-3, rh + o.human_ratio_se * z(rng));
    const double ra_i = std::max(1e-3, ra + o.automated_ratio_se * z(rng));
    // Shift the stated profiles' weekend level while keeping their within-weekday shape.
    Profile w = o.human, v = o.automated;
    for (auto* p : {&w, &v}) {
      const double target = p == &w ? rh_i : ra_i;
      const double current = weekend_ratio_of(*p);
      (*p)[5] *= target / current;
      (*p)[6] *= target / current;
      const double s = std::accumulate(p->begin(), p->end(), 0.0);
      for (double& val : *p) val *= 7.0 / s;
    }
    for (std::size_t k = 0; k < weeks; ++k) {
      if (!complete[k]) continue;
      const auto [a, b] = window(k);
      const Pooled f = pooled_share(props, totals, usable, a, b, w, v);
      if (!std::isfinite(f.share)) continue;
      const double s = std::clamp(f.share + std::sqrt(f.var * r.dispersion) * z(rng), 0.0, 1.0);
      draws[k].push_back(s);
    }
  }
  const double lo_q = (1.0 - o.conf) / 2.0, hi_q = 1.0 - lo_q;
  for (std::size_t k = 0; k < weeks; ++k) {
    const double total = totals[k];
    r.total.push_back(total);
    const double s = fits[k].share;
    const bool ok = complete[k] && std::isfinite(s);
    r.share.push_back(ok ? s : kNaN);
    r.human.push_back(ok ? s * total : kNaN);
    r.automated.push_back(ok ? (1 - s) * total : kNaN);
    auto& d = draws[k];
    if (ok && !d.empty()) {
      std::sort(d.begin(), d.end());
      const auto at = [&](double q) { return d[static_cast<std::size_t>(std::clamp(q * (d.size() - 1), 0.0, d.size() - 1.0))]; };
      r.human_low.push_back(std::min(at(lo_q), s) * total);
      r.human_high.push_back(std::max(at(hi_q), s) * total);
    } else {
      r.human_low.push_back(kNaN);
      r.human_high.push_back(kNaN);
    }
    // Distribution-free floor: the automated part cannot exceed the smallest day relative to its profile.
    if (complete[k]) {
      const double* wk = y + offset + 7 * k;
      double a_max = std::numeric_limits<double>::infinity();
      for (int d7 = 0; d7 < 7; ++d7) {
        const double vd = o.automated[static_cast<std::size_t>(d7)];
        if (vd > 0) a_max = std::min(a_max, wk[d7] / vd);
      }
      r.lower_bound.push_back(std::max(0.0, total - 7.0 * a_max * 1.0));
    } else {
      r.lower_bound.push_back(kNaN);
    }
  }
  return r;
}

}  // namespace uptake::normalize
