#include "uptake/core/cancel.hpp"

#include <utility>

namespace uptake {

namespace {
thread_local std::function<bool()> current_check;
}  // namespace

void poll_cancel() {
  if (current_check && current_check()) throw Cancelled();
}

ScopedCancelCheck::ScopedCancelCheck(std::function<bool()> check) : previous_(std::move(current_check)) {
  current_check = std::move(check);
}

ScopedCancelCheck::~ScopedCancelCheck() { current_check = std::move(previous_); }

}  // namespace uptake
