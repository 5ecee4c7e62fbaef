#pragma once
// Change-point detection: exact PELT (Killick, Fearnhead & Eckley 2012; every index is a candidate) and
// binary segmentation, with a piecewise-constant ("mean") or piecewise-linear ("linear") least-squares cost.
#include <cstddef>
#include <string_view>
#include <vector>

namespace uptake::trend {

enum class CpMethod { Pelt, BinSeg };
enum class CpCost { Mean, Linear };
CpMethod parse_cp_method(std::string_view text);
CpCost parse_cp_cost(std::string_view text);

// Segment costs in O(1) from prefix sums of the (centred) data.
class SegmentCost {
 public:
  SegmentCost(const double* y, std::size_t n, CpCost cost);
  double operator()(std::size_t begin, std::size_t end) const;  // cost of y[begin, end)
  std::size_t size() const noexcept { return n_; }
  int params_per_segment() const noexcept { return cost_ == CpCost::Mean ? 1 : 2; }

 private:
  CpCost cost_;
  std::size_t n_;
  std::vector<double> s1_, s2_, st_, stt_, sty_;  // prefix sums of y, y^2, t, t^2, t*y
};

// A robust noise scale from first (order 1, level changes) or second (order 2, trend changes: free of the
// slopes) differences: a 10%-trimmed mean of squares, bias-corrected. Used to scale the penalties.
double difference_noise_scale(const double* y, std::size_t n, int order);

// The long-run standard deviation of AR(1)-like noise, from the same trimmed first- and second-difference
// variances (s1^2 = gamma0 (1 - phi), s2^2 = gamma0 (1 - phi)(3 - phi) / 3), so a level jump, whose few
// differences are trimmed away, does not inflate it the way a fitted phi would. y should be detrended (first
// differences carry the slope). Persistence capped at max_persistence. For penalties on autocorrelated series.
double long_run_noise_scale(const double* y, std::size_t n, double max_persistence = 0.95);

// Penalty per change: a given value, or a rule on the robust sigma above (so results do not depend on units):
// BIC (params per segment + 1) sigma^2 log n, or the main term of MBIC (params + 2) sigma^2 log n (Zhang &
// Siegmund 2007; R changepoint's default), which on noise alone adds far fewer spurious changes.
enum class PenaltyRule { Given, Bic, Mbic };
PenaltyRule parse_penalty_rule(std::string_view text);  // "bic" | "mbic"

// Which sigma scales a rule's penalty. White: difference_noise_scale, right for independent noise only. LongRun:
// long_run_noise_scale (of y detrended by the median first difference for the linear cost), because under
// autocorrelated noise a spurious split's cost reduction grows with the long-run variance (the sum of all
// autocovariances), not the white-noise one: with the white scale nearly every AR(1) series with phi >= 0.5 gets
// changes (bench/changepoints.py). A given penalty ignores it.
enum class CpNoise { White, LongRun };
CpNoise parse_cp_noise(std::string_view text);  // "white" | "long-run"

// The sigma of a penalty rule: the scale above for this cost and noise model.
double penalty_noise_scale(const double* y, std::size_t n, CpCost cost, CpNoise noise);

struct Changepoints {
  std::vector<std::size_t> breaks;  // index of the first observation of each new segment
  double cost;                      // total segment cost (without penalties)
  double penalty;
  double scale = 0.0;  // the sigma the rule's penalty was scaled by (0 for a given penalty)
};

Changepoints detect_changepoints(const double* y, std::size_t n, CpMethod method, CpCost cost, PenaltyRule rule,
                                 double penalty, std::size_t min_size, CpNoise noise = CpNoise::LongRun);

}  // namespace uptake::trend
