#pragma once
// When does one adoption curve overtake another? Both forms reduce to the root t* = -a / b of a fitted line
// a + b t (the log-ratio of two series, or the logit of one's share of mentions), with Fieller's interval for
// a ratio of estimates: bounded when b is clearly non-zero, otherwise two rays or the whole line.
#include <cstddef>
#include <string>

#include <Eigen/Dense>

namespace uptake::trend {

enum class FiellerKind { Bounded, TwoRays, Unbounded };
std::string fieller_kind_name(FiellerKind kind);

struct FiellerInterval {
  double estimate;  // -a / b
  FiellerKind kind;
  double low, high;  // Bounded: [low, high]; TwoRays: (-inf, low] and [high, inf); Unbounded: NaN
};

// The set of t with (a + b t)^2 <= q^2 Var(a + b t), i.e. the values the data cannot reject as the root.
FiellerInterval fieller_root(double a, double b, double var_a, double cov_ab, double var_b, double q);

// Binomial GLM with logit link, logit p_t = a + b t, by iteratively reweighted least squares, for counts k
// out of n per period. The dispersion (Pearson chi^2 / df) scales the covariance when it exceeds 1
// (quasi-binomial), since counts of mentions are usually overdispersed.
struct LogitFit {
  Eigen::Vector2d params;
  Eigen::Matrix2d cov;
  double dispersion;
  double deviance;
  int df_resid;
  int iterations;
  bool converged;
};
LogitFit binomial_logit(const double* t, const double* k, const double* n, std::size_t m);

}  // namespace uptake::trend
