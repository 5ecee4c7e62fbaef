"""A generated PyPI ecosystem inside a real ClickHouse server, built server-side with INSERT ... SELECT.

Package p of P (named p00000...) has human downloads per day of h0 * exp(g * t) * weekday factor (0.4 at
weekends), t in years since the start, with a deterministic (hashed) +-15 % daily noise and randomised rounding,
and CI downloads flat over the week and growing alike, a constant share of each week's downloads; each download is one raw row in `<db>.pypi` (as in ClickPy's raw table) and the per-day sums go to
`<db>.pypi_downloads_per_day`, with one large `rest-of-pypi` project for the registry total.

With ``yearly=True`` every package (people and automation alike) also follows a yearly cycle shaped as real PyPI
downloads: a summer lull (-20 % on the log scale at its deepest, mid-August, a Gaussian of sd 18 days), -70 % from
24 Dec to 1 Jan and -15 % on the days around it (18-23 Dec, 2-5 Jan). Not a sum of Fourier terms: the fit's
two pairs and holiday share only approximate it, as they would real data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

START = "2023-01-02"  # a Monday
DAYS = 3 * 364  # three years of whole weeks


def truth(n: int) -> dict:
    """Known log growth rate per year g, base level h0 and CI share of each package (as generated below)."""
    p = np.arange(n)
    return {"project": [f"p{i:05d}" for i in p], "g": -0.4 + 1.2 * p / max(n - 1, 1), "ci_share": 0.1 + 0.5 * (p % 7) / 6}


def yearly_sql(day: str) -> str:
    """The yearly cycle of yearly=True on the log scale, as a ClickHouse expression of the Date expression `day`."""
    month, dom = f"toMonth({day})", f"toDayOfMonth({day})"
    return (f"(-0.2 * exp(-0.5 * pow((toDayOfYear({day}) - 227) / 18.0, 2)) + multiIf("
            f"({month} = 12 AND {dom} >= 24) OR ({month} = 1 AND {dom} = 1), -0.7, "
            f"({month} = 12 AND {dom} >= 18) OR ({month} = 1 AND {dom} <= 5), -0.15, 0))")


def load(server, n: int, db: str = "eco", days: int = DAYS, raw: bool = True, yearly: bool = False) -> None:
    """Create the tables and the data; raw=False writes only per-day sums (no CI flag), for large n; yearly=True
    adds the yearly cycle (summer lull, Christmas-New-Year dip)."""
    schema = [f"CREATE DATABASE IF NOT EXISTS {db}",
              f"CREATE TABLE {db}.pypi_downloads_per_day (date Date, project String, count Int64) "
              "ENGINE = SummingMergeTree ORDER BY (project, date)",
              f"CREATE TABLE {db}.pypi (date Date, country_code String, project String, type String, installer String, "
              "python_minor String, system String, version String, ci Enum8('false' = 0, 'true' = 1, 'unknown' = 2)) "
              "ENGINE = MergeTree ORDER BY (project, date, version, country_code, python_minor, system)"]
    for sql in schema:
        server.query(sql)
    # g, h0 and the CI share follow truth(); the weekday factor (0.4 on weekends) gives the human profile.
    per_day = (f"SELECT intDiv(number, {days}) AS p, number % {days} AS d, -0.4 + 1.2 * p / {max(n - 1, 1)} AS g, "
               "0.1 + 0.5 * (p % 7) / 6 AS ci, 10 + (p % 13) AS h0, "
               f"h0 * exp(g * d / 365.25 + {yearly_sql(f'(toDate({START!r}) + d)') if yearly else 0}) "
               "* (0.85 + 0.3 * ((cityHash64(number, 1) % 10000) / 10000.0)) AS base, "
               "base * if(((d % 7) >= 5), 0.4, 1.0) AS mean, "
               "toUInt32(floor(mean + (cityHash64(number, 2) % 10000) / 10000.0)) AS nh, "
               # automation is flat over the week, sized so that it is the share ci of each week's downloads
               "toUInt32(floor(base * (5.8 / 7) * ci / (1 - ci) + (cityHash64(number, 3) % 10000) / 10000.0)) AS nci "
               f"FROM numbers({n * days})")
    name = "concat('p', substring(toString(100000 + p), 2))"
    if not raw:
        server.query(f"INSERT INTO {db}.pypi_downloads_per_day SELECT toDate('{START}') + d, {name}, nh + nci "
                     f"FROM ({per_day})", timeout=3600)
    else:
        server.query(f"INSERT INTO {db}.pypi SELECT toDate('{START}') + d, 'US', concat('p', substring(toString(100000 + p), 2)), "
                     "'bdist_wheel', if(i < nci, 'uv', 'pip'), '3.11', 'Linux', '1.0', "
                     "CAST(if(i < nci, 1, 0) AS Enum8('false' = 0, 'true' = 1, 'unknown' = 2)) "
                     f"FROM (SELECT p, d, nci, arrayJoin(range(nh + nci)) AS i FROM ({per_day}))", timeout=3600)
        server.query(f"INSERT INTO {db}.pypi_downloads_per_day SELECT date, project, count() FROM {db}.pypi GROUP BY date, project", timeout=3600)
    server.query(f"INSERT INTO {db}.pypi_downloads_per_day SELECT toDate('{START}') + number, 'rest-of-pypi', 1000000 "
                 f"FROM numbers({days})")


def simulate_yearly(n: int, start: str, weeks: int, seed: int, phi: float = 0.5, sd: float = 0.04) -> tuple:
    """Weekly sums of daily downloads with growth g, the weekday cycle, a summer lull and the Christmas dip (the
    generator's yearly cycle, not a sum of Fourier terms), times exp of AR(1) noise in phi with innovation sd.
    Returns the (weeks x n) array, t (days since the first Monday), the true log growth per year of each series
    and the first day (days since 1970-01-01), as log_trend_many takes them."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, periods=7 * weeks, freq="D")
    season = -0.2 * np.exp(-0.5 * ((days.day_of_year.to_numpy() - 227) / 18.0) ** 2)
    m, d = days.month.to_numpy(), days.day.to_numpy()
    season += np.select([((m == 12) & (d >= 24)) | ((m == 1) & (d == 1)), ((m == 12) & (d >= 18)) | ((m == 1) & (d <= 5))],
                        [-0.7, -0.15], 0.0)
    season += np.where(days.day_of_week >= 5, np.log(0.4), 0.0)
    g = rng.uniform(-0.4, 0.8, n)
    years = np.arange(7 * weeks) / 365.25
    Y = np.empty((weeks, n))
    for j in range(n):
        e = np.empty(weeks)
        e[0] = rng.normal(0, sd / np.sqrt(1 - phi**2))
        for i in range(1, weeks):
            e[i] = phi * e[i - 1] + rng.normal(0, sd)
        Y[:, j] = (200 * np.exp(g[j] * years + season)).reshape(weeks, 7).sum(axis=1) * np.exp(e)
    return Y, 7.0 * np.arange(weeks), g, int((days[0] - pd.Timestamp("1970-01-01")).days)
