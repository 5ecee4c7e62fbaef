#pragma once
// Cooperative cancellation of long computations. The caller installs a check for the current thread (the Python
// binding installs one that asks the interpreter for pending signals, so Ctrl-C works); long loops call
// poll_cancel() at coarse points (once per O(n log n) pass, per iteration, per season), which throws Cancelled
// when the check says stop. Without an installed check poll_cancel() does nothing; worker threads never have one.
#include <functional>
#include <stdexcept>

namespace uptake {

class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("computation cancelled") {}
};

void poll_cancel();

class ScopedCancelCheck {
 public:
  explicit ScopedCancelCheck(std::function<bool()> check);
  ~ScopedCancelCheck();
  ScopedCancelCheck(const ScopedCancelCheck&) = delete;
  ScopedCancelCheck& operator=(const ScopedCancelCheck&) = delete;

 private:
  std::function<bool()> previous_;
};

}  // namespace uptake
