#pragma once
// Order statistics of the N pairwise slopes (y_j - y_i) / (x_j - x_i), x_i < x_j, without materialising them:
// the number of slopes <= s is the number of inversions of z = y - s x in x order (merge sort, O(n log n)),
// a random sample of slopes brackets the wanted rank, interpolation narrows the bracket, and the few slopes
// left inside it are enumerated as the pairs whose order changes between the bracket's ends.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace uptake::trend {

class PairwiseSlopes {
 public:
  PairwiseSlopes(const double* x, const double* y, std::size_t n);

  std::uint64_t count() const noexcept { return total_; }  // pairs with x_i < x_j
  // The k-th smallest slope (0-based), computed as (y_j - y_i) / (x_j - x_i) like a direct implementation.
  double kth(std::uint64_t k) const;
  // Several ranks that lie close together (e.g. the two middle ones) from one bracket; ranks ascending.
  std::vector<double> select(const std::vector<std::uint64_t>& ranks) const;
  // The median: the middle slope, or the mean of the two middle ones for an even count.
  double median() const;

 private:
  std::uint64_t count_le(double s) const;
  std::vector<double> slopes_between(double lo, double hi) const;  // slopes in (lo, hi]
  const std::vector<double>& sample() const;  // random sample of slopes, drawn once

  std::vector<double> x_, y_;  // sorted by (x, y)
  std::uint64_t total_ = 0;
  std::uint64_t same_point_pairs_ = 0;  // identical (x, y) pairs, which the inversion count sees as ties
  mutable std::vector<double> sample_, z_, buf_;  // caches and scratch (the object is not shared across threads)
};

}  // namespace uptake::trend
