#include "uptake/seasonal/calendar_effects.hpp"

#include <cmath>
#include <stdexcept>

namespace uptake::seasonal {

HolidayWindow christmas_new_year(int first_year, int last_year) {
  HolidayWindow h{"christmas_new_year", {}, 0, 8};
  for (int y = first_year; y <= last_year; ++y) h.dates.push_back(days_from_civil(y, 12, 24));
  return h;
}

Day nth_weekday_of_month(int year, unsigned month, Weekday wd, unsigned nth) {
  if (nth < 1 || nth > 5) throw std::invalid_argument("holidays: nth must be 1..5, got " + std::to_string(nth));
  const Day first = days_from_civil(year, month, 1);
  const int offset = (static_cast<int>(wd) - static_cast<int>(weekday(first)) + 7) % 7;
  const Day day = first + offset + 7 * static_cast<Day>(nth - 1);
  if (civil_from_days(day).month != month) {
    throw std::invalid_argument("holidays: " + std::to_string(year) + "-" + std::to_string(month) + " has no " +
                                std::to_string(nth) + "th such weekday");
  }
  return day;
}

HolidayWindow thanksgiving_us(int first_year, int last_year) {
  HolidayWindow h{"thanksgiving_us", {}, 0, 3};
  for (int y = first_year; y <= last_year; ++y) h.dates.push_back(nth_weekday_of_month(y, 11, Weekday::Thursday, 4));
  return h;
}

HolidayWindow golden_week_japan(int first_year, int last_year) {
  HolidayWindow h{"golden_week_japan", {}, 0, 6};
  for (int y = first_year; y <= last_year; ++y) h.dates.push_back(days_from_civil(y, 4, 29));
  return h;
}

HolidayWindow lunar_new_year(int first_year, int last_year) {
  // Lunisolar: no closed rule worth carrying; the published dates of the first day of the first month.
  static const int kDates[][3] = {{2010, 2, 14}, {2011, 2, 3},  {2012, 1, 23}, {2013, 2, 10}, {2014, 1, 31},
                                  {2015, 2, 19}, {2016, 2, 8},  {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5},
                                  {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},  {2023, 1, 22}, {2024, 2, 10},
                                  {2025, 1, 29}, {2026, 2, 17}, {2027, 2, 6},  {2028, 1, 26}, {2029, 2, 13},
                                  {2030, 2, 3},  {2031, 1, 23}, {2032, 2, 11}, {2033, 1, 31}, {2034, 2, 19},
                                  {2035, 2, 8}};
  if (first_year < 2010 || last_year > 2035) {
    throw std::invalid_argument("holidays: lunar_new_year is tabulated for 2010-2035, asked for " +
                                std::to_string(first_year) + "-" + std::to_string(last_year));
  }
  // The eve and the seven-day Spring Festival holiday.
  HolidayWindow h{"lunar_new_year", {}, 1, 6};
  for (const auto& d : kDates)
    if (d[0] >= first_year && d[0] <= last_year) h.dates.push_back(days_from_civil(d[0], static_cast<unsigned>(d[1]), static_cast<unsigned>(d[2])));
  return h;
}

Eigen::MatrixXd fourier_terms(Day start, std::size_t n, double period, int order) {
  if (!(period > 0.0)) throw std::invalid_argument("fourier: period must be > 0");
  if (order < 1) throw std::invalid_argument("fourier: order must be >= 1, got " + std::to_string(order));
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), 2 * order);
  const double two_pi = 6.283185307179586476925;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(start + static_cast<Day>(i));
    for (int k = 1; k <= order; ++k) {
      const double angle = two_pi * k * t / period;
      x(static_cast<Eigen::Index>(i), 2 * (k - 1)) = std::sin(angle);
      x(static_cast<Eigen::Index>(i), 2 * (k - 1) + 1) = std::cos(angle);
    }
  }
  return x;
}

Eigen::MatrixXd yearly_terms_of_sums(const std::vector<Day>& row_start, int row_days, int order) {
  if (row_days < 1) throw std::invalid_argument("yearly terms: row_days must be >= 1, got " + std::to_string(row_days));
  if (order < 1) throw std::invalid_argument("yearly terms: order must be >= 1, got " + std::to_string(order));
  const auto rows = static_cast<Eigen::Index>(row_start.size());
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(rows, 2 * order + 1);
  const double two_pi = 6.283185307179586476925;
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (int d = 0; d < row_days; ++d) {
      const Day day = row_start[static_cast<std::size_t>(r)] + d;
      for (int k = 1; k <= order; ++k) {
        const double angle = two_pi * k * static_cast<double>(day) / 365.25;  // as fourier_terms
        x(r, 2 * (k - 1)) += std::sin(angle);
        x(r, 2 * (k - 1) + 1) += std::cos(angle);
      }
      const CivilDate c = civil_from_days(day);
      if ((c.month == 12 && c.day >= 24) || (c.month == 1 && c.day == 1)) x(r, 2 * order) += 1.0;
    }
  }
  return x / static_cast<double>(row_days);
}

Eigen::MatrixXd holiday_indicators(Day start, std::size_t n, const std::vector<HolidayWindow>& holidays,
                                   std::vector<std::string>& names, std::vector<int>& offsets,
                                   std::vector<std::string>& holiday_of_column) {
  std::vector<Eigen::VectorXd> columns;
  const Day end = start + static_cast<Day>(n);
  for (const auto& h : holidays) {
    if (h.before < 0 || h.after < 0) {
      throw std::invalid_argument("holidays: '" + h.name + "' has a negative window (before/after must be >= 0)");
    }
    for (int k = -h.before; k <= h.after; ++k) {
      Eigen::VectorXd col = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
      bool any = false;
      for (Day anchor : h.dates) {
        const Day d = anchor + k;
        if (d >= start && d < end) {
          col(static_cast<Eigen::Index>(d - start)) = 1.0;
          any = true;
        }
      }
      if (!any) continue;
      columns.push_back(std::move(col));
      names.push_back(h.name + "[" + (k >= 0 ? "+" : "") + std::to_string(k) + "]");
      offsets.push_back(k);
      holiday_of_column.push_back(h.name);
    }
  }
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j) x.col(static_cast<Eigen::Index>(j)) = columns[j];
  return x;
}

}  // namespace uptake::seasonal
