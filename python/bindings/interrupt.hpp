#pragma once
// Ctrl-C for long kernels. While a kernel runs with the GIL released the interpreter cannot run its SIGINT
// handler, so the core's cancellation polls re-acquire the GIL briefly and ask for pending signals; a raised
// KeyboardInterrupt unwinds the kernel as uptake::Cancelled and reaches Python unchanged.
#include "common.hpp"
#include "uptake/core/cancel.hpp"

namespace uptake::bindings {

// Use instead of py::gil_scoped_release around an interruptible call.
class InterruptibleRelease {
 public:
  InterruptibleRelease()
      : check_([] {
          py::gil_scoped_acquire acquire;
          return PyErr_CheckSignals() != 0;
        }) {}

 private:
  ScopedCancelCheck check_;
  py::gil_scoped_release release_;
};

// Maps uptake::Cancelled to the Python error the signal handler raised (KeyboardInterrupt by default).
inline void register_cancellation() {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Cancelled&) {
      if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
  });
}

}  // namespace uptake::bindings
