#pragma once
// Theil-Sen slope with Sen's (1968) confidence interval, as scipy.stats.theilslopes defines them, in
// O(n log n) expected time.
#include <cstddef>
#include <string_view>

namespace uptake::trend {

enum class InterceptMethod { Separate, Joint };  // median(y) - b median(x)  |  median(y - b x)
InterceptMethod parse_intercept_method(std::string_view text);

struct TheilSen {
  double slope, intercept, low, high;
  std::size_t n;
  unsigned long long pairs;
};

// Pairs with equal x are not slopes (as in scipy). conf is the confidence level of [low, high]. variance_factor
// (>= 1) inflates Var(S) for autocorrelated errors (n / n_eff), widening the rank window of Sen's interval.
TheilSen theil_sen(const double* x, const double* y, std::size_t n, double conf, InterceptMethod method,
                   double variance_factor = 1.0);

// Sen's variance of the Kendall statistic with ties in both x and y (Sen 1968, eq. 2.6).
double sen_variance(const double* x, const double* y, std::size_t n);
double median_of(const double* v, std::size_t n);
// e with max |v| in [2^e, 2^(e+1)) (0 for all zeros): dividing by 2^e is exact and keeps differences finite.
int scale_exponent(const double* v, std::size_t n);

}  // namespace uptake::trend
