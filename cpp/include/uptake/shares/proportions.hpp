#pragma once
// Intervals and tests for shares of mentions: one share (Wilson, Clopper-Pearson, Jeffreys, Agresti-Coull),
// the difference of two independent shares (Newcombe's hybrid score interval), two shares from the same
// survey (multinomial or paired variance), the exact Poisson rate ratio, and Holm's adjustment.
#include <string_view>
#include <utility>
#include <vector>

namespace uptake::shares {

enum class ShareMethod { Wilson, ClopperPearson, Jeffreys, AgrestiCoull };
ShareMethod parse_share_method(std::string_view text);

std::pair<double, double> share_ci(double k, double n, ShareMethod method, double conf);

// Exact two-sided binomial test of k successes in n against p0 (R's binom.test rule).
double binom_test(double k, double n, double p0);

struct ShareDifference {
  double difference, low, high;
  double p_value;  // score (chi-square) test for independent shares; McNemar's score test for same-survey shares
};
ShareDifference newcombe_difference(double k1, double n1, double k2, double n2, double conf);

// Two shares of one set of n respondents: Tango's (1998) score interval for the paired difference (single-select
// answers are the paired table without a "both" cell; k_both < 0: overlap unknown, the least admissible overlap,
// which gives the widest interval) and McNemar's score test.
ShareDifference same_survey_difference(double k1, double k2, double n, bool single_select, double k_both, double conf);

struct RateRatio {
  double ratio, low, high, p_value;
};
// Exact conditional (binomial) inference for the ratio of two Poisson rates, R's poisson.test for two samples.
RateRatio rate_ratio(double k1, double k2, double exposure1, double exposure2, double conf);

std::vector<double> holm_adjust(const std::vector<double>& p);

}  // namespace uptake::shares
