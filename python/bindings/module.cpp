#include "common.hpp"
#include "uptake/core/errors.hpp"
#include "uptake/version.hpp"

namespace {

PyObject* network_error = nullptr;
PyObject* cache_busy_error = nullptr;
PyObject* parse_error = nullptr;

// Messages may quote server text that is not UTF-8: decode leniently so no UnicodeDecodeError replaces them.
void set_error(PyObject* type, const char* what) {
  const std::string text(what);
  PyObject* message = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (message == nullptr) {
    PyErr_Clear();
    message = PyUnicode_FromString("(undecodable message)");
  }
  PyErr_SetObject(type, message);
  Py_XDECREF(message);
}

// The one translation of C++ failures into Python exceptions: domain errors to uptake's types, bad arguments
// to ValueError, conversions pybind11 could not make to TypeError (never RuntimeError or IndexError).
void translate(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const uptake::CacheBusyError& e) {
    set_error(cache_busy_error, e.what());
  } catch (const uptake::NetworkError& e) {
    set_error(network_error, e.what());
  } catch (const uptake::ParseError& e) {
    set_error(parse_error, e.what());
  } catch (const py::cast_error& e) {
    set_error(PyExc_TypeError, (std::string("wrong argument type: ") + e.what()).c_str());
  } catch (const std::invalid_argument& e) {
    set_error(PyExc_ValueError, e.what());
  } catch (const std::domain_error& e) {
    set_error(PyExc_ValueError, e.what());
  } catch (const std::out_of_range& e) {
    set_error(PyExc_ValueError, e.what());
  } catch (const std::length_error& e) {
    set_error(PyExc_ValueError, e.what());
  }
}

}  // namespace

#if PYBIND11_VERSION_HEX >= 0x020D0000
PYBIND11_MODULE(_core, m, py::mod_gil_not_used()) {
#else
PYBIND11_MODULE(_core, m) {
#endif
  m.doc() = "uptake's compiled core (private; use the uptake package)";
  m.attr("__version__") = uptake::version();
  network_error = py::register_exception<uptake::NetworkError>(m, "NetworkError", PyExc_OSError).ptr();
  cache_busy_error = py::register_exception<uptake::CacheBusyError>(m, "CacheBusyError", network_error).ptr();
  parse_error = py::register_exception<uptake::ParseError>(m, "ParseError", PyExc_ValueError).ptr();
  py::register_exception_translator(&translate);
  uptake::bindings::bind_core(m);
  uptake::bindings::bind_seasonal(m);
  uptake::bindings::bind_trend(m);
  uptake::bindings::bind_trend_intervals(m);
  uptake::bindings::bind_shares(m);
  uptake::bindings::bind_fetch(m);
  uptake::bindings::bind_sources(m);
  uptake::bindings::bind_normalize(m);
}
