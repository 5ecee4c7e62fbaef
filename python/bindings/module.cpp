#include "common.hpp"
#include "uptake/core/errors.hpp"
#include "uptake/version.hpp"

#if PYBIND11_VERSION_HEX >= 0x020D0000
PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
#else
PYBIND11_MODULE(_core, m) {
#endif
  m.doc() = "uptake's compiled core (private; use the uptake package)";
  m.attr("__version__") = uptake::version();
  py::register_exception<uptake::NetworkError>(m, "NetworkError", PyExc_OSError);
  py::register_exception<uptake::ParseError>(m, "ParseError", PyExc_ValueError);
  uptake::bindings::bind_core(m);
  uptake::bindings::bind_seasonal(m);
  uptake::bindings::bind_trend(m);
  uptake::bindings::bind_trend_intervals(m);
  uptake::bindings::bind_shares(m);
  uptake::bindings::bind_fetch(m);
  uptake::bindings::bind_sources(m);
  uptake::bindings::bind_normalize(m);
}
