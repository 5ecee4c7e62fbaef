"""The user's own series in a comparison: a Google Trends export, job-post counts, survey waves, any date/value CSV.

An added series becomes one more signal of the :class:`uptake.Comparison`: charted beside the fetched ones, with
its own log-linear trend and growth interval, and listed in the provenance table as coming from a file.

Examples
--------
>>> import pathlib, tempfile, uptake
>>> path = pathlib.Path(tempfile.mkdtemp()) / "jobs.csv"
>>> _ = path.write_text("date,incumbent,challenger\\n" + "".join(
...     f"2024-{m:02d}-01,{100 + m},{20 + 5 * m}\\n" for m in range(1, 13)))
>>> c = uptake.added.add_series(uptake.compare(["incumbent", "challenger"], sample=True), path)
>>> sorted(set(c.series["signal"]))[:3]
['downloads', 'jobs', 'pageviews']
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Optional, Tuple, Union

import pandas as pd

__all__ = ["read_series", "add_series", "parse_spec"]

PathLike = Union[str, "os.PathLike[str]"]


def parse_spec(spec: str) -> Tuple[Optional[str], Path]:
    """``"jobs=counts.csv"`` -> ("jobs", counts.csv); ``"counts.csv"`` -> (None, counts.csv)."""
    label, sep, path = spec.partition("=")
    if sep and label and "/" not in label and os.sep not in label:
        return label.strip(), Path(path)
    return None, Path(spec)


def _is_trends_export(path: Path) -> bool:
    # Trends exports start with a category line ("Category: All categories", localised) that has no comma.
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for line in fh:
            if line.strip():
                return "," not in line
    return False


def read_series(path: PathLike) -> pd.DataFrame:
    """A CSV of dated values as a DataFrame indexed by date, one column per series.

    Google Trends exports (``multiTimeline.csv``) are read by :func:`uptake.read_google_trends`; any other CSV
    needs a date column (named ``date``, else the first column) and one or more numeric columns. Empty cells are
    missing values (NaN), never 0.
    """
    p = Path(path)
    if not p.is_file():
        raise ValueError(f"added series: no such file {str(p)!r}")
    if _is_trends_export(p):
        from .sources import read_google_trends

        frame = read_google_trends(p)
        frame.attrs["source"] = "google_trends"
        return frame
    try:
        raw = pd.read_csv(p)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ValueError(f"added series {p.name}: not a readable CSV ({exc})") from exc
    if raw.shape[1] < 2 or len(raw) == 0:
        raise ValueError(f"added series {p.name}: needs a date column and at least one value column with rows")
    date_col = next((c for c in raw.columns if str(c).strip().lower() == "date"), raw.columns[0])
    dates = pd.to_datetime(raw[date_col], errors="coerce")
    if dates.isna().any():
        row = int(dates.isna().to_numpy().argmax())
        raise ValueError(f"added series {p.name}: {raw[date_col].iloc[row]!r} in column {date_col!r} (row {row + 2}) "
                         "is not a date")
    values = raw.drop(columns=[date_col]).apply(pd.to_numeric, errors="coerce")
    bad = values.isna() & raw.drop(columns=[date_col]).notna()
    if bad.to_numpy().any():
        col = values.columns[bad.any().to_numpy().argmax()]
        row = int(bad[col].to_numpy().argmax())
        raise ValueError(f"added series {p.name}: {raw[col].iloc[row]!r} in column {col!r} (row {row + 2}) is not a number")
    if dates.duplicated().any():
        raise ValueError(f"added series {p.name}: the date {dates[dates.duplicated()].iloc[0].date()} appears twice")
    frame = values.set_axis(pd.DatetimeIndex(dates, name="date")).sort_index()
    frame.attrs["source"] = "file"
    return frame


def add_series(comparison: Any, path: PathLike, *, signal: Optional[str] = None) -> Any:
    """A new :class:`uptake.Comparison` with the file's series as one more signal.

    Columns are matched to the comparison's packages by name or label (case-insensitive; "PyTorch" or "torch");
    a file with one value column may name it anything when the comparison has one package. ``signal`` names the
    new signal (default: "search interest" for a Trends export, else the file's stem).
    """
    from .compare import _tidy, fit_recent_trend

    frame = read_series(path)
    p = Path(path)
    c = comparison
    signal = signal or ("search interest" if frame.attrs.get("source") == "google_trends" else p.stem)
    if signal in set(c.series["signal"]):
        raise ValueError(f"added series {p.name}: the report already has a signal {signal!r}; name it with LABEL=FILE")
    names = {}
    for pkg in c.packages:
        label = c.labels.get(pkg, pkg)
        for key in (pkg, label, label.removeprefix("simulated ")):
            names[key.strip().lower()] = pkg
    matched = {}
    for col in frame.columns:
        term = str(col).split(": (")[0].strip().strip('"')  # Trends names columns 'pytorch: (Worldwide)'
        pkg = names.get(term.lower())
        if pkg is None and len(frame.columns) == 1 and len(c.packages) == 1:
            pkg = c.packages[0]
        if pkg is None:
            raise ValueError(f"added series {p.name}: column {col!r} matches none of the packages "
                             f"({', '.join(c.labels.get(k, k) for k in c.packages)}); name each column after a package")
        matched[pkg] = frame[col].astype(float)
    rows, growth, provenance = [], [], []
    for pkg, y in matched.items():
        rows.append(_tidy(y, pkg, signal, "raw"))
        fitted = fit_recent_trend(y, pkg, signal, float(c.assumptions.get("trend_years", 2.0)))
        if fitted is not None:
            growth.append(fitted[0])
            rows.extend(fitted[1])
        provenance.append({"package": pkg, "signal": signal, "source": frame.attrs.get("source", "file"),
                           "query": str(p), "fetched": pd.Timestamp(p.stat().st_mtime, unit="s", tz="UTC")
                           .isoformat(timespec="seconds"), "from_cache": False, "simulated": False})
    return dataclasses.replace(
        c, series=pd.concat([c.series, *rows], ignore_index=True),
        growth=pd.concat([c.growth, pd.DataFrame(growth)], ignore_index=True) if growth else c.growth,
        provenance=pd.concat([c.provenance, pd.DataFrame(provenance)], ignore_index=True))
