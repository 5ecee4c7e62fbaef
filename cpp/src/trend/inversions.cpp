#include "uptake/trend/inversions.hpp"

#include <algorithm>

namespace uptake::trend {

std::uint64_t count_non_strict_inversions(std::vector<double>& key, std::vector<double>& buf) {
  const std::size_t n = key.size();
  std::uint64_t total = 0;
  buf.resize(n);
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (key[i] < key[j]) {
          buf[k++] = key[i++];
        } else {
          // key[j] <= key[i] <= every later key of the left run: all of them pair with j.
          total += mid - i;
          buf[k++] = key[j++];
        }
      }
      while (i < mid) buf[k++] = key[i++];
      while (j < hi) buf[k++] = key[j++];
    }
    key.swap(buf);
  }
  return total;
}

}  // namespace uptake::trend
