"""Tables for the command line: one fetched result as an aligned text table, CSV, JSON or Markdown.

The shapes follow pypistats' ``--format``: a header row, one row per date (or per date and category), dates
without a time of day, thousands separators where people read the numbers (table, markdown) and plain numbers
where programs do (csv, json). Missing values stay missing: empty cells, JSON null, never 0.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any, List

import numpy as np
import pandas as pd

FORMATS = ("table", "csv", "json", "markdown")


def as_frame(result: Any) -> pd.DataFrame:
    """A fetched result (DataFrame, Series or dict of scalars) as a flat DataFrame with a ``date`` column."""
    if isinstance(result, pd.Series):
        result = result.to_frame(result.name if result.name is not None else "value")
    if isinstance(result, dict):
        result = pd.DataFrame([result])
    if not isinstance(result, pd.DataFrame):
        raise ValueError(f"cannot format a {type(result).__name__} as a table")
    frame = result
    if isinstance(frame.index, pd.DatetimeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
        if frame.columns[0] in ("index", None):
            frame = frame.rename(columns={frame.columns[0]: "date"})
    return frame.reset_index(drop=True)


def _cell(v: Any, people: bool) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d") if v == v.normalize() else v.isoformat()
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v)).lower()
    if isinstance(v, (int, np.integer)):
        return f"{int(v):,}" if people else str(int(v))
    if isinstance(v, (float, np.floating)):
        if float(v).is_integer() and abs(v) < 1e15:
            return f"{int(v):,}" if people else str(int(v))
        return f"{v:,.4g}" if people else repr(float(v))
    return str(v)


def _rows(frame: pd.DataFrame, people: bool) -> List[List[str]]:
    return [[_cell(v, people) for v in row] for row in frame.astype(object).itertuples(index=False, name=None)]


def _numeric(frame: pd.DataFrame) -> List[bool]:
    return [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns]


def render(result: Any, fmt: str = "table") -> str:
    """The result as text in ``fmt`` (one of table, csv, json, markdown), ending with a newline.

    Examples
    --------
    >>> import pandas as pd
    >>> from uptake._formats import render
    >>> s = pd.Series([1200.0, float("nan")], index=pd.date_range("2024-01-01", periods=2, name="date"), name="torch")
    >>> print(render(s, "markdown"), end="")
    | date       | torch |
    |:-----------|------:|
    | 2024-01-01 | 1,200 |
    | 2024-01-02 |       |
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    frame = as_frame(result)
    header = [str(c) for c in frame.columns]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(_rows(frame, people=False))
        return buf.getvalue()
    if fmt == "json":
        records = [{h: (None if cell == "" else _json_value(frame.iloc[i][c], cell))
                    for h, c, cell in zip(header, frame.columns, row)}
                   for i, row in enumerate(_rows(frame, people=False))]
        return json.dumps(records, indent=1, allow_nan=False) + "\n"
    rows = _rows(frame, people=True)
    right = _numeric(frame)
    widths = [max([len(h)] + [len(r[j]) for r in rows]) for j, h in enumerate(header)]

    def cells(values: List[str], sep: str) -> str:
        return sep.join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right))

    if fmt == "markdown":
        rule = "|" + "|".join(("-" * (w + 1) + ":") if r else (":" + "-" * (w + 1)) for w, r in zip(widths, right)) + "|"
        return "\n".join(["| " + cells(header, " | ") + " |", rule] + ["| " + cells(r, " | ") + " |" for r in rows]) + "\n"
    out = [cells(header, "  ").rstrip(), "  ".join("-" * w for w in widths)]
    out += [cells(r, "  ").rstrip() for r in rows]
    if not rows:
        out.append("(no rows)")
    return "\n".join(out) + "\n"


def _json_value(raw: Any, cell: str) -> Any:
    if isinstance(raw, (bool, np.bool_)):
        return bool(raw)
    if isinstance(raw, (int, np.integer)):
        return int(raw)
    if isinstance(raw, (float, np.floating)):
        return int(raw) if float(raw).is_integer() and abs(raw) < 2 ** 53 else float(raw)
    return cell
