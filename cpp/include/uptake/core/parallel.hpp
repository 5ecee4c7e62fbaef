#pragma once
// A minimal parallel loop for embarrassingly parallel batch work (one series per task). The first exception
// thrown by any task is rethrown in the caller after all threads have joined.
#include <cstddef>
#include <functional>

namespace uptake {

// threads <= 0 means std::thread::hardware_concurrency().
int effective_threads(int threads, std::size_t tasks) noexcept;
void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& task);

}  // namespace uptake
