#pragma once
// Counting pairs out of order in O(n log n) by merge sort: the engine under Kendall's S (Mann-Kendall) and
// under the pairwise-slope selection of Theil-Sen.
#include <cstdint>
#include <vector>

namespace uptake::trend {

// Pairs i < j with key[j] <= key[i] (ties included); sorts `key` ascending as a side effect.
std::uint64_t count_non_strict_inversions(std::vector<double>& key, std::vector<double>& scratch);

}  // namespace uptake::trend
