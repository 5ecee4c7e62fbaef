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
  const boost::math::binomial_distribution<> dist(n, p0);
  const double d = boost::math::pdf(dist, k);
  const double rel = 1.0 + 1e-7;  // R's tolerance for "as or less likely than observed"
  double total = 0.0;
  for (double x = 0; x <= n; ++x) {
    const double px = boost::math::pdf(dist, x);
    if (px <= d * rel) total += px;
  }
  return std::min(1.0, total);
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

ShareDifference same_survey_difference(double k1, double k2, double n, bool single_select, double k_both, double conf) {
  check_counts(k1, n, "compare_shares");
  check_counts(k2, n, "compare_shares");
  check_conf(conf, "compare_shares");
  const double p1 = k1 / n, p2 = k2 / n, d = p1 - p2;
  double var;
  if (single_select) {
    if (k1 + k2 > n) throw std::invalid_argument("compare_shares: single-select answers cannot exceed n (k1 + k2 > n)");
    var = (p1 + p2 - d * d) / n;
  } else {
    double p12;
    if (k_both < 0) {
      p12 = std::max(0.0, p1 + p2 - 1.0);  // the least overlap gives the largest variance
    } else {
      check_counts(k_both, n, "compare_shares");
      if (k_both > std::min(k1, k2)) throw std::invalid_argument("compare_shares: both > min(k1, k2)");
      p12 = k_both / n;
    }
    var = (p1 + p2 - 2.0 * p12 - d * d) / n;
  }
  const double se = std::sqrt(std::max(var, 0.0));
  const double z = z_of(conf);
  ShareDifference out{d, std::max(-1.0, d - z * se), std::min(1.0, d + z * se), 1.0};
  if (se > 0) out.p_value = 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(d) / se));
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
