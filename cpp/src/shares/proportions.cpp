#include "uptake/shares/proportions.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace uptake::shares {

namespace {

void check_counts(double k, double n, const char* what) {
  if (!std::isfinite(k) || !std::isfinite(n)) throw std::invalid_argument(std::string(what) + ": counts must be finite");
  if (k < 0 || n < 0) throw std::invalid_argument(std::string(what) + ": counts must be >= 0, got k=" + std::to_string(k) + ", n=" + std::to_string(n));
  if (k > n) throw std::invalid_argument(std::string(what) + ": k > n (" + std::to_string(k) + " > " + std::to_string(n) + ")");
  if (n == 0) throw std::invalid_argument(std::string(what) + ": n must be > 0");
  if (std::floor(k) != k || std::floor(n) != n) throw std::invalid_argument(std::string(what) + ": counts must be whole numbers");
}

void check_conf(double conf, const char* what) {
  if (!(conf > 0.0 && conf < 1.0)) throw std::invalid_argument(std::string(what) + ": conf must be in (0, 1), got " + std::to_string(conf));
}

double z_of(double conf) { return boost::math::quantile(boost::math::normal(), 0.5 + conf / 2.0); }

double clamp01(double v) { return std::min(1.0, std::max(0.0, v)); }

}  // namespace

ShareMethod parse_share_method(std::string_view text) {
  if (text == "wilson") return ShareMethod::Wilson;
  if (text == "clopper_pearson" || text == "exact") return ShareMethod::ClopperPearson;
  if (text == "jeffreys") return ShareMethod::Jeffreys;
  if (text == "agresti_coull") return ShareMethod::AgrestiCoull;
  throw std::invalid_argument("share_ci: method must be 'wilson', 'clopper_pearson', 'jeffreys' or 'agresti_coull', got '" +
                              std::string(text) + "'");
}

std::pair<double, double> share_ci(double k, double n, ShareMethod method, double conf) {
  check_counts(k, n, "share_ci");
  check_conf(conf, "share_ci");
  const double alpha = 1.0 - conf, p = k / n, z = z_of(conf);
  switch (method) {
    case ShareMethod::Wilson: {
      const double denom = n + z * z;
      const double centre = (k + z * z / 2.0) / denom;
      const double half = z * std::sqrt(p * (1.0 - p) * n + z * z / 4.0) / denom;
      return {clamp01(centre - half), clamp01(centre + half)};
    }
    case ShareMethod::ClopperPearson: {
      const double lo = k == 0 ? 0.0 : boost::math::quantile(boost::math::beta_distribution<>(k, n - k + 1), alpha / 2);
      const double hi = k == n ? 1.0 : boost::math::quantile(boost::math::beta_distribution<>(k + 1, n - k), 1 - alpha / 2);
      return {lo, hi};
    }
    case ShareMethod::Jeffreys: {
      // Brown, Cai & DasGupta (2001): at k = 0 (k = n) the lower (upper) limit is 0 (1), so the interval always
      // contains the estimate.
      const boost::math::beta_distribution<> post(k + 0.5, n - k + 0.5);
      return {k == 0 ? 0.0 : boost::math::quantile(post, alpha / 2), k == n ? 1.0 : boost::math::quantile(post, 1 - alpha / 2)};
    }
    case ShareMethod::AgrestiCoull: {
      const double nt = n + z * z, pt = (k + z * z / 2.0) / nt;
      const double half = z * std::sqrt(pt * (1.0 - pt) / nt);
      return {clamp01(pt - half), clamp01(pt + half)};
    }
  }
  return {0.0, 1.0};
}

double binom_test(double k, double n, double p0) {
  check_counts(k, n, "binom_test");
  if (!(p0 > 0.0 && p0 < 1.0)) throw std::invalid_argument("binom_test: p0 must be in (0, 1)");
  // R's binom.test rule: the p-value sums the outcomes on the far side of the mean that are no more likely than
  // the observed one (relative tolerance 1e-7). The pmf is unimodal, so those outcomes form a tail found by
  // binary search (plus at most the point or two between the mean and the mode): O(log n), not O(n).
  const boost::math::binomial_distribution<> dist(n, p0);
  const double c = boost::math::pdf(dist, k) * (1.0 + 1e-7);
  const double m = n * p0;
  if (k == m) return 1.0;
  const double mode = std::min(n, std::floor((n + 1.0) * p0));
  const auto low_pdf = [&](double x) { return boost::math::pdf(dist, x) <= c; };
  double count = 0.0;
  if (k < m) {
    // Outcomes in [ceil(m), n]; the pmf falls from max(ceil(m), mode) on.
    const double start = std::ceil(m), falling = std::max(start, mode);
    for (double x = start; x < falling; ++x) count += low_pdf(x) ? 1.0 : 0.0;
    double lo = falling, hi = n + 1.0;  // first x in [falling, n] with a low pmf, or n + 1
    while (lo < hi) {
      const double mid = std::floor(0.5 * (lo + hi));
      if (low_pdf(mid)) hi = mid; else lo = mid + 1.0;
    }
    count += n + 1.0 - lo;
    const double upper = count > 0 ? boost::math::cdf(boost::math::complement(dist, n - count)) : 0.0;
    return std::min(1.0, boost::math::cdf(dist, k) + upper);
  }
  // Outcomes in [0, floor(m)]; the pmf rises up to min(floor(m), mode).
  const double stop = std::floor(m), rising = std::min(stop, mode);
  for (double x = rising + 1.0; x <= stop; ++x) count += low_pdf(x) ? 1.0 : 0.0;
  double lo = -1.0, hi = rising;  // last x in [0, rising] with a low pmf, or -1
  while (lo < hi) {
    const double mid = std::ceil(0.5 * (lo + hi));
    if (low_pdf(mid)) lo = mid; else hi = mid - 1.0;
  }
  count += lo + 1.0;
  const double lower = count > 0 ? boost::math::cdf(dist, count - 1.0) : 0.0;
  const double tail = k > 0 ? boost::math::cdf(boost::math::complement(dist, k - 1.0)) : 1.0;
  return std::min(1.0, lower + tail);
}

ShareDifference newcombe_difference(double k1, double n1, double k2, double n2, double conf) {
  check_counts(k1, n1, "compare_shares");
  check_counts(k2, n2, "compare_shares");
  check_conf(conf, "compare_shares");
  const double p1 = k1 / n1, p2 = k2 / n2;
  const auto [l1, u1] = share_ci(k1, n1, ShareMethod::Wilson, conf);
  const auto [l2, u2] = share_ci(k2, n2, ShareMethod::Wilson, conf);
  ShareDifference out;
  out.difference = p1 - p2;
  out.low = out.difference - std::sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
  out.high = out.difference + std::sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
  // Pooled score test (prop.test without continuity correction).
  const double pooled = (k1 + k2) / (n1 + n2);
  const double var = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
  if (var > 0) {
    const double chisq = out.difference * out.difference / var;
    out.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(1.0), chisq));
  } else {
    out.p_value = 1.0;
  }
  return out;
}

namespace {

// Tango's (1998) score statistic for the paired difference delta = p1 - p2 with b respondents naming only the
// first, c only the second, of n: (b - c - n delta) / sqrt(n (2 q21 + delta (1 - delta))), q21 the restricted
// MLE of the "only the second" cell.
double tango_score(double b, double c, double n, double delta) {
  const double pa = 2.0 * n, pb = -b - c + (2.0 * n - b + c) * delta, pc = -c * delta * (1.0 - delta);
  const double q21 = (std::sqrt(std::max(0.0, pb * pb - 4.0 * pa * pc)) - pb) / (2.0 * pa);
  const double num = b - c - n * delta, var = n * (2.0 * q21 + delta * (1.0 - delta));
  if (var <= 0.0) return num == 0.0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), num);
  return num / std::sqrt(var);
}

// The delta in [from, to] where the score crosses `level` (the score decreases in delta), by bisection.
double tango_root(double b, double c, double n, double level, double from, double to) {
  for (int it = 0; it < 200 && to - from > 1e-15; ++it) {
    const double mid = 0.5 * (from + to);
    if (tango_score(b, c, n, mid) > level) from = mid; else to = mid;
  }
  return 0.5 * (from + to);
}

}  // namespace

ShareDifference same_survey_difference(double k1, double k2, double n, bool single_select, double k_both, double conf) {
  check_counts(k1, n, "compare_shares");
  check_counts(k2, n, "compare_shares");
  check_conf(conf, "compare_shares");
  double both;
  if (single_select) {
    if (k1 + k2 > n) throw std::invalid_argument("compare_shares: single-select answers cannot exceed n (k1 + k2 > n)");
    both = 0.0;  // one answer each: a single-select survey is the paired table with no "both" cell
  } else if (k_both < 0) {
    both = std::max(0.0, k1 + k2 - n);  // the least overlap gives the widest interval
  } else {
    check_counts(k_both, n, "compare_shares");
    if (k_both > std::min(k1, k2)) throw std::invalid_argument("compare_shares: both > min(k1, k2)");
    if (k1 + k2 - k_both > n) throw std::invalid_argument("compare_shares: k1 + k2 - both > n");
    both = k_both;
  }
  const double b = k1 - both, c = k2 - both, z = z_of(conf), d = (k1 - k2) / n;
  ShareDifference out{d, tango_root(b, c, n, z, -1.0, d), tango_root(b, c, n, -z, d, 1.0), 1.0};
  // Score test at delta = 0 is McNemar's z = (b - c) / sqrt(b + c).
  if (b + c > 0) {
    out.p_value = 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(b - c) / std::sqrt(b + c)));
  }
  return out;
}

RateRatio rate_ratio(double k1, double k2, double exposure1, double exposure2, double conf) {
  check_counts(k1, k1 + k2, "rate_ratio");
  check_counts(k2, k1 + k2, "rate_ratio");
  check_conf(conf, "rate_ratio");
  if (!(exposure1 > 0 && exposure2 > 0)) throw std::invalid_argument("rate_ratio: exposures must be > 0");
  const double n = k1 + k2;
  const auto [plo, phi] = share_ci(k1, n, ShareMethod::ClopperPearson, conf);
  const double scale = exposure2 / exposure1;
  const auto to_ratio = [&](double p) { return p >= 1.0 ? std::numeric_limits<double>::infinity() : p / (1.0 - p) * scale; };
  RateRatio out;
  out.ratio = (k1 / exposure1) / (k2 / exposure2);
  out.low = to_ratio(plo);
  out.high = to_ratio(phi);
  out.p_value = binom_test(k1, n, exposure1 / (exposure1 + exposure2));
  return out;
}

std::vector<double> holm_adjust(const std::vector<double>& p) {
  const std::size_t m = p.size();
  for (double v : p) {
    if (!(v >= 0.0 && v <= 1.0)) throw std::invalid_argument("holm: p-values must be in [0, 1]");
  }
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> out(m);
  double running = 0.0;
  for (std::size_t r = 0; r < m; ++r) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - r) * p[order[r]]));
    out[order[r]] = running;
  }
  return out;
}

}  // namespace uptake::shares
