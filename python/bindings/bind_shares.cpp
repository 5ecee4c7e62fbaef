// Glue for the shares layer.
#include "common.hpp"
#include "uptake/shares/proportions.hpp"

namespace uptake::bindings {

void bind_shares(py::module_& m) {
  m.def(
      "share_ci",
      [](double k, double n, const std::string& method, double conf) {
        return shares::share_ci(k, n, shares::parse_share_method(method), conf);
      },
      "k"_a, "n"_a, "method"_a = "wilson", "conf"_a = 0.95, "Confidence interval of the share k / n.");
  m.def("binom_test", &shares::binom_test, "k"_a, "n"_a, "p0"_a = 0.5, "Exact two-sided binomial test (R's rule).");
  m.def(
      "newcombe_difference",
      [](double k1, double n1, double k2, double n2, double conf) {
        const auto r = shares::newcombe_difference(k1, n1, k2, n2, conf);
        return py::make_tuple(r.difference, r.low, r.high, r.p_value);
      },
      "k1"_a, "n1"_a, "k2"_a, "n2"_a, "conf"_a = 0.95, "Newcombe hybrid score interval for p1 - p2 (independent).");
  m.def(
      "same_survey_difference",
      [](double k1, double k2, double n, bool single_select, double k_both, double conf) {
        const auto r = shares::same_survey_difference(k1, k2, n, single_select, k_both, conf);
        return py::make_tuple(r.difference, r.low, r.high, r.p_value);
      },
      "k1"_a, "k2"_a, "n"_a, "single_select"_a, "k_both"_a = -1.0, "conf"_a = 0.95,
      "Difference of two shares of the same respondents.");
  m.def(
      "rate_ratio",
      [](double k1, double k2, double e1, double e2, double conf) {
        const auto r = shares::rate_ratio(k1, k2, e1, e2, conf);
        return py::make_tuple(r.ratio, r.low, r.high, r.p_value);
      },
      "k1"_a, "k2"_a, "exposure1"_a = 1.0, "exposure2"_a = 1.0, "conf"_a = 0.95, "Exact Poisson rate ratio.");
  m.def("holm_adjust", &shares::holm_adjust, "p"_a, "Holm-adjusted p-values.");
}

}  // namespace uptake::bindings
