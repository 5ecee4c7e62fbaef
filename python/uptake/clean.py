"""Data cleaning: known data breaks, spike detection, and rescaling across breaks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core
from ._pandas import to_regular
from .seasonal import stl

__all__ = ["Break", "known_breaks", "register_break", "find_spikes", "adjust_breaks"]


@dataclass(frozen=True)
class Break:
    """A dated event that changes what a count means.

    ``kind``: "level" (counts jump), "gap" (missing, zero or inflated days), "definition" (what is counted
    changes). ``effect`` says what the event does to a series, ``reference`` where it is documented.
    """

    date: pd.Timestamp
    source: str
    kind: str
    description: str
    end: Optional[pd.Timestamp] = None  # for events spanning several days
    effect: str = ""
    reference: str = ""


def _b(date: str, source: str, kind: str, text: str, end: Optional[str] = None, *, effect: str = "",
       ref: str = "") -> Break:
    return Break(pd.Timestamp(date), source, kind, text, pd.Timestamp(end) if end else None, effect, ref)


# Dates and sources: the appendix of docs/sources.md (2026-12 review).
_REGISTRY: List[Break] = [
    _b("2018-05-23", "pypi", "gap", "linehaul flapping: about half of all downloads not recorded", "2018-07-25",
       effect="counts about 2x too low until the fix", ref="pypi/linehaul#30"),
    _b("2018-07-26", "pypi", "level", "linehaul fix: full recording resumes",
       effect="level rises (about 2x) from this day", ref="pypi/linehaul#30"),
    _b("2020-04-08", "pypistats", "gap", "pypistats: zero data for every package", effect="one zero day"),
    _b("2020-07-18", "pypistats", "gap", "pypistats: zero data, then no new data for weeks", "2020-07-19",
       effect="zero days"),
    _b("2021-03-22", "pypi", "gap", "BigQuery partitions missing (table switched to file_downloads, backfilled)",
       "2021-03-26", effect="missing days in old copies", ref="psf/pypistats.org#34"),
    _b("2021-11-22", "pypi", "gap", "pipeline incident: the-psf table double-counted", "2021-11-25",
       effect="counts about 2x too high", ref="pypi/linehaul-cloud-function#54"),
    _b("2021-11-26", "pypi", "gap", "pipeline incident: near-total loss of download records", "2021-12-10",
       effect="counts near zero: treat as missing", ref="pypi/linehaul#61, psf/pypistats.org#44"),
    _b("2024-02-01", "pypi", "definition", "BigQuery details.ci populated from about 2024-02 (uv from 2024-03)",
       effect="CI share before this is unknown: model it, do not filter", ref="ofek/pypinfo PR #157; astral-sh/uv PR #2493"),
    _b("2024-06-01", "pypistats", "gap", "upstream dip in June 2024 not backfilled on pypistats", "2024-06-30",
       effect="counts too low"),
    _b("2026-08-24", "pypi", "definition", "PyPI stops counting metadata-file downloads",
       effect="level drop for most packages, not retroactive", ref="psf/pypistats.org#113; blog.pypi.org 2026-08-31"),
    _b("2018-05-27", "npm", "gap", "npm counts not inserted (zeros for all packages)", "2018-06-30",
       effect="zero days", ref="npm/download-counts#42, #43"),
    _b("2018-09-26", "npm", "gap", "npm counts not updated for 5 days, later back-filled", "2018-10-01",
       effect="zero days in copies taken at the time", ref="npm/download-counts#45"),
    _b("2022-07-22", "npm", "gap", "npm registry-wide zero day", effect="one zero day"),
    _b("2024-01-01", "npm", "gap", "zero days for many packages in January 2024", "2024-01-31",
       effect="zero days", ref="pvorb/npm-stat.com#134"),
    _b("2024-08-28", "npm", "gap", "npm reports 0 downloads for all packages", "2024-09-04",
       effect="zero days: treat as missing", ref="pvorb/npm-stat.com#144"),
    _b("2020-04-30", "wikipedia_pageviews", "definition", "Wikimedia starts classifying 'automated' agents",
       effect="'user' views drop 5.6% overall, 8-10% on English Wikipedia; not retroactive",
       ref="analytics@lists.wikimedia.org, 2020-05-04"),
    _b("2022-01-01", "google_trends", "definition", "Google's 'improvement to our data collection system'",
       effect="level break in many series", ref="serpapi/public-roadmap#561"),
    _b("2017-01-01", "conda_downloads", "definition", "Anaconda.org channels absent from the package data before 2017-04",
       "2017-03-31", effect="channel counts start in 2017-04", ref="anaconda/anaconda-package-data KNOWN_ISSUES.md"),
    _b("2018-04-05", "conda_downloads", "gap", "conda package data: known gap", "2018-04-10",
       effect="2018-04 too low", ref="anaconda/anaconda-package-data KNOWN_ISSUES.md"),
    _b("2022-06-01", "conda_downloads", "definition", "2024-12 revision: .conda files added to all data from 2022-06",
       effect="level rises from 2022-06 in copies fetched after 2024-12; not in older copies",
       ref="anaconda/anaconda-package-data CHANGE_LOG.md"),
    _b("2023-01-01", "conda_downloads", "definition", "the pytorch and pytorch-test channels enter the data",
       effect="pytorch's conda count jumps: its own channel was not counted before", ref="anaconda-package-data README"),
    _b("2022-11-30", "stackexchange", "level", "ChatGPT launch: Stack Overflow question volume collapses",
       effect="tag counts measure SO's decline: use the tag's share of all questions",
       ref="jlericson.com 2023-06-02"),
]


def known_breaks(source: Optional[str] = None) -> pd.DataFrame:
    """The registry of data breaks (all, or those of one source: "pypi", "pypistats", "npm", ...).

    PyPI breaks apply to every PyPI source (pypistats, ClickHouse, BigQuery).

    Examples
    --------
    >>> import uptake
    >>> "2018-07-26" in uptake.clean.known_breaks("pypi")["date"].dt.strftime("%Y-%m-%d").tolist()
    True
    """
    rows = [b for b in _REGISTRY if source is None or b.source == source or
            (b.source == "pypi" and source in ("pypistats", "clickhouse_pypi", "bigquery_pypi"))]
    return pd.DataFrame([{"date": b.date, "end": b.end, "source": b.source, "kind": b.kind,
                          "description": b.description, "effect": b.effect, "reference": b.reference} for b in rows],
                        columns=["date", "end", "source", "kind", "description", "effect", "reference"])


def register_break(date: Any, source: str, description: str, *, kind: str = "level", end: Any = None,
                   effect: str = "", reference: str = "") -> Break:
    """Add an event of your own (a migration, a mirror switched on) so charts and adjustments know about it."""
    if kind not in ("level", "gap", "definition"):
        raise ValueError(f"register_break: kind must be 'level', 'gap' or 'definition', got {kind!r}")
    brk = Break(pd.Timestamp(date), source, kind, description, pd.Timestamp(end) if end is not None else None,
                effect, reference)
    _REGISTRY.append(brk)
    return brk


def find_spikes(y: pd.Series, *, threshold: float = 5.0, direction: str = "up", replace: bool = False) -> Any:
    """Flag release-day and mirror spikes in a daily series.

    A robust STL (period 7) of ``log(1 + y)`` gives residuals; a day is a spike when its robust z-score
    ((r - median) / (1.4826 MAD)) exceeds ``threshold`` (upwards, or both ways with ``direction="both"``).

    Returns
    -------
    pandas.DataFrame with ``value``, ``spike`` (bool) and ``z``; with ``replace=True`` a Series in which
    spikes are replaced by the decomposition's expected value (trend x weekday effect).

    Examples
    --------
    >>> import uptake
    >>> sim = uptake.simulate.downloads(days=140, spikes=3, spike_size=4.0, seed=2)
    >>> found = uptake.find_spikes(sim["total"])
    >>> bool(found.loc[sim["spike"], "spike"].all())
    True
    """
    if direction not in ("up", "both"):
        raise ValueError(f"find_spikes: direction must be 'up' or 'both', got {direction!r}")
    series = to_regular(y, "find_spikes")
    if series.unit != "day":
        raise ValueError("find_spikes: needs a daily series")
    if (series.values[~np.isnan(series.values)] < 0).any():
        raise ValueError("find_spikes: counts must be >= 0")
    logged = pd.Series(np.log1p(series.values), index=y.index)
    dec = stl(logged, 7, seasonal=13, robust=True)
    flags, z = _core.robust_spikes(np.asarray(dec.resid, dtype=float), float(threshold), direction == "both")
    if replace:
        expected = np.expm1(np.asarray(dec.trend) + np.asarray(dec.seasonal))
        out = y.astype(float).copy()
        out[flags.astype(bool)] = expected[flags.astype(bool)]
        return out
    return pd.DataFrame({"value": y.astype(float), "spike": flags.astype(bool), "z": z}, index=y.index)


def adjust_breaks(y: pd.Series, breaks: Optional[Sequence[Any]] = None, *, source: Optional[str] = None,
                  window_weeks: int = 8, conf: float = 0.95) -> pd.Series:
    """Rescale a daily series across level-shift breaks so that earlier values match the later definition.

    For each break, the log level shift is estimated from ``window_weeks`` on each side (a local regression with
    trend, weekday effects and a step; HAC standard error) and the values before the break are multiplied by
    exp(step). The estimates are in ``.attrs["break_adjustments"]``.

    Parameters
    ----------
    breaks : dates, optional
        Default: the registry's "level" and "definition" breaks of ``source`` (or of ``y.attrs["source"]``)
        that fall inside the series.

    Examples
    --------
    >>> import uptake
    >>> sim = uptake.simulate.downloads(days=364, breaks=[("2022-07-04", 0.5)], spikes=0, seed=3)
    >>> fixed = uptake.adjust_breaks(sim["total"], ["2022-07-04"])
    >>> round(fixed.attrs["break_adjustments"][0]["factor"], 1)
    0.5
    """
    series = to_regular(y, "adjust_breaks")
    if series.unit != "day":
        raise ValueError("adjust_breaks: needs a daily series")
    if breaks is None:
        src = source or y.attrs.get("source")
        if not src:
            raise ValueError("adjust_breaks: give breaks= or source= (the series has no source in .attrs)")
        table = known_breaks(src)
        table = table[table["kind"].isin(["level", "definition"])] if len(table) else table
        breaks = [d for d in table.get("date", []) if y.index[0] < d <= y.index[-1]]
    out = y.astype(float).copy()
    notes: List[Dict[str, Any]] = []
    values = series.values
    for date in sorted(pd.Timestamp(b) for b in breaks):
        day = int((date.normalize() - pd.Timestamp("1970-01-01")).days)
        logged = np.log1p(np.asarray(out, dtype=float))
        shift = _core.level_shift(logged, series.start, day, 7 * int(window_weeks), float(conf))
        factor = float(np.exp(shift["step"]))
        before = out.index < date
        out[before] = out[before] * factor
        notes.append({"date": date, "factor": factor, "factor_low": float(np.exp(shift["low"])),
                      "factor_high": float(np.exp(shift["high"])), "days_before": shift["before"],
                      "days_after": shift["after"]})
    del values
    out.attrs.update(y.attrs)
    out.attrs["break_adjustments"] = notes
    return out
