#pragma once
// STL: Seasonal-Trend decomposition by Loess (Cleveland, Cleveland, McRae & Terpenning 1990), with the exact
// semantics of the netlib Fortran that R and statsmodels wrap, a correct median in the robustness weights,
// and native missing values (NaN): the seasonal and trend are defined at every point, the residual is NaN
// where the data are.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace uptake::seasonal {

// Which reference implementation's rules fill parameters the caller leaves unset.
enum class DefaultsStyle { Statsmodels, R };
DefaultsStyle parse_defaults_style(std::string_view text);  // "statsmodels" | "r"

struct StlOptions {
  int period = 0;
  std::optional<int> seasonal;  // unset: 7
  bool periodic = false;        // R's s.window = "periodic": window 10n+1, degree 0, phase means afterwards
  std::optional<int> trend, low_pass;
  std::optional<int> seasonal_deg, trend_deg, low_pass_deg;
  std::optional<int> seasonal_jump, trend_jump, low_pass_jump;
  std::optional<int> inner_iter, outer_iter;
  bool robust = false;
};

// Every effective parameter of a decomposition (what R reports as win/deg/jump/inner/outer).
struct StlParams {
  int period, seasonal, trend, low_pass;
  int seasonal_deg, trend_deg, low_pass_deg;
  int seasonal_jump, trend_jump, low_pass_jump;
  int inner_iter, outer_iter;
  bool robust, periodic;
};

// Fills unset options by the chosen rules, then validates; throws std::invalid_argument naming the parameter.
StlParams resolve_stl_params(const StlOptions& options, std::size_t n, DefaultsStyle style);
void validate_stl_params(const StlParams& params, std::size_t n);

struct StlResult {
  std::vector<double> seasonal, trend, resid, weights;
  StlParams params;
};

// y: n values, NaN = missing, no infinities. Throws std::invalid_argument on bad input.
StlResult stl(const double* y, std::size_t n, const StlParams& params);

// The same decomposition written into caller-owned arrays of n values each, so a batch writes straight into its
// outputs (no per-series vectors to allocate, fill and copy).
void stl_into(const double* y, std::size_t n, const StlParams& params, double* seasonal, double* trend, double* resid,
              double* weights);

}  // namespace uptake::seasonal
