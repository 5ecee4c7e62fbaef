"""The size of a holiday dip (Christmas-New Year by default), winter by winter, with an interval.

Search interest, page views and downloads fall over the winter holidays. J. Hale's "Is PyTorch Catching
TensorFlow?" (Towards Data Science, 2020-01) pointed at the dip in Google search interest; this module measures
it instead of eyeballing it: for each occurrence of the holiday window, the mean log value of the periods inside
the window minus the mean log value of the ordinary periods just before and just after it (the two sides are
averaged separately, so a linear trend across the window cancels). The winters are the replicates: the reported
dip is their mean with a Student-t interval on ``n - 1`` degrees of freedom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Union

import numpy as np
import pandas as pd

from . import _core, _mpl
from ._pandas import to_regular
from ._results import Summarized
from .holidays import Holiday, resolve

__all__ = ["holiday_dip", "HolidayDipResult"]


@dataclass(frozen=True, repr=False)
class HolidayDipResult(Summarized):
    """The measured holiday dip.

    Attributes
    ----------
    percent, low, high : float
        Mean change of the holiday periods against the ordinary periods around them, in percent (negative = a
        dip), and its ``conf`` interval (NaN with fewer than two usable winters).
    n : int
        Occurrences (winters) used.
    table : pandas.DataFrame
        One row per occurrence used: ``start`` and ``end`` of the window, ``periods`` inside it, the mean log value
        ``inside``, ``before`` and ``after``, ``log_dip`` and ``percent``.
    skipped : list of str
        Occurrences not used and why (outside the data, a side without ordinary periods, missing or
        non-positive values).
    params : dict
        The options used and the method in words.
    """

    name: Any
    percent: float
    low: float
    high: float
    conf: float
    n: int
    table: pd.DataFrame
    skipped: List[str]
    params: Dict[str, Any]

    def summary(self) -> str:
        head = f"Holiday dip of {self.name!r}: {self.params['holiday']}" if self.name is not None else \
            f"Holiday dip: {self.params['holiday']}"
        unit = {"day": "daily", "week": "weekly"}[self.params["unit"]]
        lines = [head + f" ({unit} data, {self.n} occurrence(s))"]
        if self.n:
            band = (f"[{self.low:+.1f}%, {self.high:+.1f}%] ({self.conf:.0%}, Student t over occurrences)"
                    if np.isfinite(self.low) else "(no interval from one occurrence)")
            lines.append(f"  change vs the {self.params['reference_days']} days either side: {self.percent:+.1f}% {band}")
            lines.append("  each: " + ", ".join(f"{row.start:%Y}: {row.percent:+.1f}%" for row in self.table.itertuples()))
        if self.skipped:
            lines.append(f"  skipped: {'; '.join(self.skipped)}")
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Each occurrence's change (bars) with the mean and its interval (line and band); returns the Axes."""
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.2))
        x = np.arange(len(self.table))
        ax.bar(x, self.table["percent"], color=_mpl.PALETTE[1], alpha=0.7, **kwargs)
        ax.axhline(self.percent, color=_mpl.PALETTE[0], lw=1.5, label=f"mean {self.percent:+.1f}%")
        if np.isfinite(self.low):
            ax.axhspan(self.low, self.high, color=_mpl.PALETTE[0], alpha=0.15, label=f"{self.conf:.0%} interval")
        ax.axhline(0, color="#888888", lw=0.8)
        ax.set_xticks(x, [f"{d:%Y}" for d in self.table["start"]])
        ax.set_ylabel("change in the window (%)")
        ax.set_title(f"{self.params['holiday']}: {self.name}" if self.name is not None else self.params["holiday"])
        ax.legend(frameon=False)
        return ax


def holiday_dip(
    y: pd.Series,
    holiday: Union[str, Holiday] = "default",
    *,
    reference_days: int = 28,
    label: str = "start",
    conf: float = 0.95,
) -> HolidayDipResult:
    """Measure how much a daily or weekly series drops in a holiday window, with an interval over the years.

    For each occurrence of the window (default 24 December to 1 January), the periods with at least half their
    days inside it are the holiday periods; the periods lying wholly within ``reference_days`` before the window,
    and those wholly within ``reference_days`` after it, are the two reference sides. The occurrence's dip is
    ``mean(log y | inside) - (mean(log y | before) + mean(log y | after)) / 2``: the two sides are averaged
    separately so that a linear trend across the window cancels. The result is the mean over occurrences with
    a Student-t interval (``n - 1`` degrees of freedom), in percent (``100 * (exp(d) - 1)``). It assumes the
    occurrences are independent draws of one effect; with few winters the interval is wide, as it should be.
    Measure on the series as observed: a seasonally adjusted series has had the dip removed (a check that the
    adjustment worked is that its dip is about zero).

    Parameters
    ----------
    y : pandas.Series
        Positive values (interest, views, downloads) on a regular daily or weekly ``DatetimeIndex``; NaN is
        missing. Google Trends exports read by :func:`uptake.read_google_trends` qualify (weekly, labelled by the
        week's first day).
    holiday : "default", str or uptake.holidays.Holiday
        "default" (or "christmas_new_year") is 24 December - 1 January; built-in names as in
        :func:`uptake.seasonal_adjust`, or any :class:`uptake.holidays.Holiday`.
    reference_days : int
        Days on each side of the window whose periods form the baseline (7 to 182).
    label : {"start", "end"}
        Whether a weekly value is labelled by its first day (Google Trends, ``resample(..., label="start")``) or
        its last (pandas' "W-SUN"). Ignored for daily data.
    conf : float
        Confidence level of the interval.

    Returns
    -------
    HolidayDipResult

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> days = pd.date_range("2019-01-01", "2023-12-31", freq="D")
    >>> winter = ((days.month == 12) & (days.day >= 24)) | ((days.month == 1) & (days.day == 1))
    >>> y = pd.Series(np.where(winter, 70.0, 100.0), index=days)
    >>> round(uptake.holiday_dip(y).percent, 1)
    -30.0
    """
    series = to_regular(y, "holiday_dip")
    if series.unit not in ("day", "week"):
        raise ValueError(f"holiday_dip: needs daily or weekly data, got a {series.unit}ly index")
    if label not in ("start", "end"):
        raise ValueError(f"holiday_dip: label must be 'start' or 'end', got {label!r}")
    if not 7 <= int(reference_days) <= 182:
        raise ValueError(f"holiday_dip: reference_days must be 7 to 182, got {reference_days!r}")
    if not 0.0 < float(conf) < 1.0:
        raise ValueError(f"holiday_dip: conf must be between 0 and 1, got {conf!r}")
    step = 1 if series.unit == "day" else 7
    values = np.asarray(series.values, dtype=float)
    days = ((y.index - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1)).to_numpy(dtype=np.int64)
    first_day = days - (step - 1 if (step > 1 and label == "end") else 0)   # each period covers first_day .. +step-1
    last_day = first_day + step - 1
    spec = "default" if holiday in ("default", "christmas_new_year") else holiday
    first_year = pd.Timestamp(np.datetime64(int(first_day[0]), "D")).year - 1
    last_year = pd.Timestamp(np.datetime64(int(last_day[-1]), "D")).year
    windows = resolve(spec, first_year, last_year)
    if len(windows) != 1:
        raise ValueError(f"holiday_dip: give one holiday window, got {len(windows)}")
    window = windows[0]
    rows, skipped = [], []
    for anchor in window.days():
        lo, hi = int(anchor) - window.before, int(anchor) + window.after
        when = f"{pd.Timestamp(np.datetime64(lo, 'D')):%Y-%m-%d}"
        if lo < first_day[0] or hi > last_day[-1]:
            if hi >= first_day[0] and lo <= last_day[-1]:
                skipped.append(f"{when}: window only partly in the data")
            continue
        overlap = np.minimum(last_day, hi) - np.maximum(first_day, lo) + 1
        inside = overlap * 2 >= step
        before = (last_day < lo) & (first_day >= lo - int(reference_days))
        after = (first_day > hi) & (last_day <= hi + int(reference_days))
        parts = {k: values[m] for k, m in (("inside", inside), ("before", before), ("after", after))}
        if any(len(v) == 0 for v in parts.values()):
            skipped.append(f"{when}: no whole period " + ("inside the window" if not len(parts["inside"]) else
                                                          "on one side of the window"))
            continue
        if any(not np.all(np.isfinite(v)) or np.any(v <= 0) for v in parts.values()):
            skipped.append(f"{when}: missing or non-positive values")
            continue
        logs = {k: float(np.mean(np.log(v))) for k, v in parts.items()}
        d = logs["inside"] - (logs["before"] + logs["after"]) / 2.0
        rows.append({"start": pd.Timestamp(np.datetime64(lo, "D")), "end": pd.Timestamp(np.datetime64(hi, "D")),
                     "periods": int(inside.sum()), **logs, "log_dip": d, "percent": float(np.expm1(d) * 100.0)})
    table = pd.DataFrame(rows, columns=["start", "end", "periods", "inside", "before", "after", "log_dip", "percent"])
    n = len(table)
    if n == 0:
        raise ValueError(f"holiday_dip: no usable {window.name} window in {y.name or 'the series'} "
                         f"({'; '.join(skipped) or 'the data do not span one'})")
    mean = float(table["log_dip"].mean())
    low = high = float("nan")
    if n >= 2:
        half = _core.t_quantile(0.5 + float(conf) / 2.0, n - 1) * float(table["log_dip"].std(ddof=1)) / np.sqrt(n)
        low, high = float(np.expm1(mean - half) * 100.0), float(np.expm1(mean + half) * 100.0)
    params = {"holiday": window.name, "reference_days": int(reference_days), "label": label, "unit": series.unit,
              "method": "mean log difference, window vs the average of the two sides; Student t over occurrences"}
    return HolidayDipResult(y.name, float(np.expm1(mean) * 100.0), low, high, float(conf), n, table, skipped, params)
