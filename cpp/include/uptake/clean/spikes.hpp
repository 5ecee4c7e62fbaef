#pragma once
// Spike detection on the residuals of a robust decomposition: robust z = (r - median) / (1.4826 MAD),
// flagged when above the threshold (release-day and mirror spikes go up; outages can be flagged downwards).
#include <cstdint>
#include <vector>

namespace uptake::clean {

std::vector<std::uint8_t> robust_spikes(const double* resid, std::size_t n, double threshold, bool both_directions,
                                        std::vector<double>& robust_z);

}  // namespace uptake::clean
