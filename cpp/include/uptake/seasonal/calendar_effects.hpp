#pragma once
// Calendar regressors for daily series: yearly Fourier terms on the true 365.25-day year (STL cannot do a
// non-integer period) and holiday windows (one indicator per day of the window, as Prophet does, centred so
// that they do not shift the annual level).
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "uptake/core/calendar.hpp"

namespace uptake::seasonal {

struct HolidayWindow {
  std::string name;
  std::vector<Day> dates;  // anchor day of each occurrence
  int before = 0;          // days before the anchor included in the window
  int after = 0;           // days after the anchor included
};

// Built-in calendars for the years first_year..last_year.
HolidayWindow christmas_new_year(int first_year, int last_year);  // 24 Dec .. 1 Jan
HolidayWindow thanksgiving_us(int first_year, int last_year);     // 4th Thursday of November .. Sunday
HolidayWindow golden_week_japan(int first_year, int last_year);   // 29 Apr .. 5 May
HolidayWindow lunar_new_year(int first_year, int last_year);      // eve .. 6 days after (tabulated 2010-2035)
Day nth_weekday_of_month(int year, unsigned month, Weekday wd, unsigned nth);  // nth >= 1

// sin/cos(2 pi k t / period) for k = 1..order, t = days since 1970-01-01 (columns: sin1, cos1, sin2, ...).
Eigen::MatrixXd fourier_terms(Day start, std::size_t n, double period, int order);

// Yearly regressors of rows that each sum `row_days` consecutive days (weekly sums), row r starting on row_start[r]:
// the mean over the row's days of the yearly Fourier terms (sin1, cos1, ..., `order` pairs on the 365.25-day year),
// then the share of the row's days inside Christmas-New Year (24 Dec .. 1 Jan). The mean of a daily log-scale
// effect is the first-order effect on the log of the row's sum; the share lets a week that only touches the
// holidays dip by part of a full holiday week.
Eigen::MatrixXd yearly_terms_of_sums(const std::vector<Day>& row_start, int row_days, int order);

// One column per (holiday, offset) that occurs in [start, start + n); `names` gets "name[+k]" labels.
// Columns are 0/1 indicators; centring happens where the observed rows are known.
Eigen::MatrixXd holiday_indicators(Day start, std::size_t n, const std::vector<HolidayWindow>& holidays,
                                   std::vector<std::string>& names, std::vector<int>& offsets,
                                   std::vector<std::string>& holiday_of_column);

}  // namespace uptake::seasonal
