#pragma once
// Order statistics of the N pairwise slopes (y_j - y_i) / (x_j - x_i), x_i < x_j, without materialising them:
// the number of slopes <= s is the number of inversions of z = y - s x in x order (merge sort, O(n log n)),
// a random sample of slopes brackets the wanted rank, interpolation and bisection (on the bit patterns of the
// doubles, so at most 64 halvings) narrow the bracket, and the few slopes left inside it are enumerated as the
// pairs whose order changes between the bracket's ends. When the bracket is two adjacent doubles and still holds
// many slopes (tied slopes: a straight line), they are all that value and none is enumerated, so the worst case
// stays O(n log n) per pass with a bounded number of passes. With groups, only pairs within a group count
// (the seasonal Sen slope), still in O(n) memory.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace uptake::trend {

class PairwiseSlopes {
 public:
  PairwiseSlopes(const double* x, const double* y, std::size_t n);
  // Pairs only within equal group labels.
  PairwiseSlopes(const double* x, const double* y, const int* group, std::size_t n);

  std::uint64_t count() const noexcept { return total_; }  // pairs with x_i < x_j
  // The k-th smallest slope (0-based), computed as (y_j - y_i) / (x_j - x_i) like a direct implementation.
  double kth(std::uint64_t k) const;
  // Several ranks that lie close together (e.g. the two middle ones) from one bracket; ranks ascending.
  std::vector<double> select(const std::vector<std::uint64_t>& ranks) const;
  // The median: the middle slope, or the mean of the two middle ones for an even count.
  double median() const;

 private:
  void init(const double* x, const double* y, const int* group, std::size_t n);
  std::uint64_t count_le(double s) const;
  // Slopes in (lo, hi], at most `limit` of them.
  std::vector<double> slopes_between(double lo, double hi, std::size_t limit = SIZE_MAX) const;
  const std::vector<double>& sample() const;  // random sample of slopes, drawn once

  std::vector<double> x_, y_;  // sorted by (group, x, y)
  std::vector<std::pair<std::size_t, std::size_t>> blocks_;  // [begin, end) of each group
  std::uint64_t total_ = 0;
  std::uint64_t same_point_pairs_ = 0;  // identical (x, y) pairs, which the inversion count sees as ties
  mutable std::vector<double> sample_, z_, buf_;  // caches and scratch (the object is not shared across threads)
};

}  // namespace uptake::trend
