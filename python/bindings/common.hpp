#pragma once
// The one pybind11 include of the bindings: namespace alias, array helpers and version guards.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "uptake/core/calendar.hpp"
#include "uptake/core/frequency.hpp"

namespace py = pybind11;
using namespace pybind11::literals;  // NOLINT: "name"_a keyword arguments throughout the glue

namespace uptake::bindings {

using DoubleArray = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Int64Array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// Hands a vector to NumPy without copying: the array's base is a capsule that owns the vector.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(owned->size())}, {static_cast<py::ssize_t>(sizeof(T))},
                        owned->data(), owner);
}

// A dict from "name"_a = value items, set one by one: py::dict("name"_a = value, ...) calls Python's dict(**kwargs)
// through the argument machinery, about 0.3 us an item, which showed on the short calls (an STL of 1,826 days
// takes 60 us).
template <class... Items>
py::dict dict_of(Items&&... items) {
  py::dict d;
  ((d[items.name] = std::move(items.value)), ...);
  return d;
}

inline void require_1d(const py::array& a, const char* what) {
  if (a.ndim() != 1) {
    throw std::invalid_argument(std::string(what) + ": expected a 1-D array, got " + std::to_string(a.ndim()) +
                                " dimensions");
  }
}

inline Frequency frequency_from(const std::string& unit, int week_start) {
  if (week_start < 0 || week_start > 6) {
    throw std::invalid_argument("week_start must be 0 (Monday) .. 6 (Sunday), got " + std::to_string(week_start));
  }
  return Frequency{parse_unit(unit), static_cast<Weekday>(week_start)};
}

void bind_core(py::module_& m);
void bind_seasonal(py::module_& m);
void bind_trend(py::module_& m);
void bind_trend_intervals(py::module_& m);
void bind_shares(py::module_& m);
void bind_fetch(py::module_& m);
void bind_sources(py::module_& m);
void bind_normalize(py::module_& m);

}  // namespace uptake::bindings
