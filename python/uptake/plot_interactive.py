"""Interactive charts (Plotly) for a :class:`uptake.Comparison`: hover values, zoom, and click-to-hide series.

Plotly is an optional extra (``pip install 'uptake[interactive]'``). It was chosen over Vega-Lite/Altair
because one copy of plotly.js inlined in a page draws every chart fully offline (no CDN, no kernel), and
hover, zoom, pan and legend toggles are built in. Each function returns a ``plotly.graph_objects.Figure``,
which displays itself in a notebook; :func:`available` says whether the extra is installed, and the HTML
report falls back to the static matplotlib SVG charts without it.

Examples
--------
>>> import uptake
>>> from uptake import plot_interactive
>>> c = uptake.compare(["incumbent", "challenger"], sample=True)
>>> fig = plot_interactive.adoption(c) if plot_interactive.available() else None
"""

from __future__ import annotations

from typing import Any, List, Optional

import numpy as np
import pandas as pd

from . import _mpl, _numbers
from .trend import ols_trend

__all__ = ["available", "adoption", "growth", "crossover", "shares", "plotlyjs", "to_div"]

HEIGHT = 430
_FONT = "-apple-system, Segoe UI, Helvetica, Arial, sans-serif"


def available() -> bool:
    """True when plotly is installed (the ``interactive`` extra)."""
    try:
        import plotly.graph_objects  # noqa: F401
    except ImportError:
        return False
    return True


def _go() -> Any:
    try:
        import plotly.graph_objects as go
    except ImportError as exc:
        raise ImportError("interactive charts need plotly: pip install 'uptake[interactive]' (or pip install plotly)") from exc
    return go


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _layout(fig: Any, title: str, ytitle: str = "", *, dates: bool = True) -> Any:
    # No fixed width: the chart takes its container's width (responsive), so nothing is clipped on a phone.
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", font=dict(size=15)), height=HEIGHT,
                      autosize=True, template="simple_white", font=dict(family=_FONT, size=12),
                      margin=dict(l=56, r=16, t=56, b=40), hovermode="x unified" if dates else "closest",
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, font=dict(size=11),
                                  bgcolor="rgba(255,255,255,0.6)"))
    fig.update_yaxes(title_text=ytitle, gridcolor="#e8e8e8", showgrid=True, tickformat="~s" if ytitle else None,
                     separatethousands=True)
    if dates:
        fig.update_xaxes(hoverformat="%Y-%m-%d", tickformat="%b %Y")
    return fig


def _wrap(text: str, width: int = 44) -> str:
    """Break a long title into lines (plotly never wraps text, and a phone is ~50 characters wide)."""
    import textwrap

    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def _ms(when: Any) -> int:
    """A date as epoch milliseconds (what plotly's vline helpers need on a date axis)."""
    return int(pd.Timestamp(when).value // 1_000_000)


def _breaks(fig: Any, breaks: Optional[pd.DataFrame], first: Any, last: Any) -> int:
    """Mark every known data break between ``first`` and ``last`` (a dotted line with its label); returns how many."""
    if breaks is None or len(breaks) == 0:
        return 0
    n = 0
    for _, brk in breaks.iterrows():
        when = pd.Timestamp(brk["date"])
        if not (pd.Timestamp(first) <= when <= pd.Timestamp(last)):
            continue
        text = str(brk["description"])
        fig.add_vline(x=_ms(when), line=dict(color="#555555", dash="dot", width=1))
        fig.add_annotation(x=when, y=1, yref="paper", yanchor="top", xanchor="right", textangle=-90,
                           text=(text[:38] + "...") if len(text) > 40 else text, showarrow=False,
                           font=dict(size=9, color="#555555"), hovertext=f"{_numbers.date(when)}: {text}")
        n += 1
    return n


def _values(comparison: Any, signal: str, kind: str, package: str) -> Optional[pd.Series]:
    wide = comparison.signal(signal, kind)
    return wide[package].dropna() if package in wide and wide[package].notna().any() else None


def adoption(comparison: Any, signal: str = "downloads", *, title: Optional[str] = None) -> Any:
    """Weekly counts per package: all counts (faint), the human band, the seasonally adjusted human line and
    the dashed trend with its 95% band, drawn above the data. One legend entry per package toggles all of its
    lines, and each package is labelled at the end of its line; known data breaks are marked.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    go = _go()
    fig = go.Figure()
    trends: List[Any] = []
    first, last = None, None
    for i, p in enumerate(comparison.packages):
        color = _mpl.PALETTE[i % len(_mpl.PALETTE)]
        label = comparison.labels[p]
        raw, low, high = (_values(comparison, signal, k, p) for k in ("raw", "human_low", "human_high"))
        human, adjusted = _values(comparison, signal, "human", p), _values(comparison, signal, "adjusted", p)
        trend, tlow, thigh = (_values(comparison, signal, k, p) for k in ("trend", "trend_low", "trend_high"))
        has_line = human is not None or adjusted is not None

        def add(trace: Any, into: Optional[List[Any]] = None, main: bool = False) -> None:
            # One legend entry per package (its main line) toggles the whole group.
            trace.update(legendgroup=p, showlegend=main)
            if into is not None:
                into.append(trace)
            else:
                fig.add_trace(trace)

        for s in (raw, human, adjusted, trend):
            if s is not None:
                first = s.index[0] if first is None else min(first, s.index[0])
                last = s.index[-1] if last is None else max(last, s.index[-1])
        if raw is not None:
            add(go.Scatter(x=raw.index, y=raw.values, mode="lines", line=dict(color=_rgba(color, 0.35), width=1),
                           name=f"{label}", hovertemplate=f"{label}, all {signal}: %{{y:,.0f}}<extra></extra>"),
                main=not has_line)
        if low is not None and high is not None:
            high = high.reindex(low.index)
            add(go.Scatter(x=low.index, y=low.values, mode="lines", line=dict(width=0), hoverinfo="skip", name=label))
            add(go.Scatter(x=high.index, y=high.values, mode="lines", line=dict(width=0), fill="tonexty",
                           fillcolor=_rgba(color, 0.18), hoverinfo="skip", name=label))
        line = adjusted if adjusted is not None else human
        if line is not None:
            what = "human, seasonally adjusted" if adjusted is not None else "human"
            add(go.Scatter(x=line.index, y=line.values, mode="lines", line=dict(color=color, width=1.6), name=label,
                           hovertemplate=f"{label}, {what}: %{{y:,.0f}}<extra></extra>"), main=True)
        if trend is not None:
            # Trends go on after every package's data so the dashed lines are never hidden under a data line.
            if tlow is not None and thigh is not None:
                thigh = thigh.reindex(tlow.index)
                add(go.Scatter(x=tlow.index, y=tlow.values, mode="lines", line=dict(width=0), hoverinfo="skip",
                               name=label), trends)
                add(go.Scatter(x=thigh.index, y=thigh.values, mode="lines", line=dict(width=0), fill="tonexty",
                               fillcolor=_rgba(color, 0.12), hoverinfo="skip", name=label), trends)
            add(go.Scatter(x=trend.index, y=trend.values, mode="lines",
                           line=dict(color="white", width=4.5), hoverinfo="skip", name=label), trends)
            add(go.Scatter(x=trend.index, y=trend.values, mode="lines", line=dict(color=color, width=2.6, dash="dash"),
                           name=label, hovertemplate=f"{label}, trend: %{{y:,.0f}}<extra></extra>"), trends)
        end = trend if trend is not None else line if line is not None else raw
        if end is not None:
            fig.add_annotation(x=end.index[-1], y=float(end.iloc[-1]), text=f"<b>{label}</b>", showarrow=False,
                               xanchor="right", yanchor="bottom", yshift=4, font=dict(color=color, size=12),
                               bgcolor="rgba(255,255,255,0.7)")
    for t in trends:
        fig.add_trace(t)
    names = " vs ".join(comparison.labels[p] for p in comparison.packages)
    unit = "month" if signal in ("papers", "questions") else "week"
    _layout(fig, title or f"{signal.capitalize()}: {names}" + (" (simulated)" if comparison.simulated else ""),
            f"{signal} per {unit}")
    if first is not None:
        _breaks(fig, getattr(comparison, "breaks", None), first, last)
        # A fixed range: plotly's autorange would otherwise widen the axis to fit the text of annotations.
        fig.update_xaxes(range=[first, last])
    return fig


def growth(comparison: Any) -> Any:
    """Growth per year of every package and signal with its 95% interval; hover shows the doubling time with
    its interval."""
    go = _go()
    g = comparison.growth
    fig = go.Figure()
    rows = list(g.itertuples()) if len(g) else []
    for r in rows[::-1]:
        color = _mpl.PALETTE[comparison.packages.index(r.package) % len(_mpl.PALETTE)]
        name = f"{comparison.labels[r.package]} - {r.signal}"
        doubling = _numbers.doubling_interval(getattr(r, "doubling_years", np.nan),
                                              getattr(r, "doubling_low", np.nan), getattr(r, "doubling_high", np.nan))
        fig.add_trace(go.Scatter(
            x=[100 * r.growth_per_year], y=[name], mode="markers", marker=dict(color=color, size=10),
            error_x=dict(type="data", symmetric=False, array=[100 * (r.high - r.growth_per_year)],
                         arrayminus=[100 * (r.growth_per_year - r.low)], color=color, thickness=2.5, width=0),
            name=name, showlegend=False,
            hovertemplate=(f"{name}: {_numbers.percent_interval(r.growth_per_year, r.low, r.high)} per year"
                           f"<br>doubling time {doubling}<extra></extra>")))
    fig.add_vline(x=0, line=dict(color="#888888", width=1))
    _layout(fig, "How fast is each signal growing?", dates=False)
    fig.update_layout(height=max(220, 46 * len(rows) + 120), margin=dict(l=8))
    fig.update_xaxes(title_text="growth per year, % (95% interval)", ticksuffix="%", showgrid=True, gridcolor="#e8e8e8")
    fig.update_yaxes(title_text="", tickformat=None, automargin=True)
    return fig


def _extend(y: pd.Series, until: pd.Timestamp, conf: float) -> tuple:
    """Log-linear trend of ``y`` over its dates and its prediction band, extended weekly to ``until``."""
    fit = ols_trend(y, log=True, conf=conf)
    step = pd.Timedelta(days=int(np.median(np.diff(y.index.values)) / np.timedelta64(1, "D")) or 7)
    future = pd.date_range(y.index[-1] + step, until, freq=step) if until > y.index[-1] else pd.DatetimeIndex([])
    fitted = pd.Series(np.exp(np.asarray(fit.fitted, dtype=float)), index=y.index)
    if len(future) == 0:
        return fitted, pd.DataFrame(columns=["estimate", "low", "high"])
    if hasattr(fit, "predict"):
        band = fit.predict(at=future, kind="prediction", conf=conf)
        return fitted, band[["estimate", "low", "high"]]
    # Without a predictor on the fit: the line's extrapolation with the parameter covariance plus the residual
    # variance (a prediction interval for one week, assuming independent errors).
    t = np.asarray([(d - fit.axis.origin).days for d in future], dtype=float)
    X = np.column_stack([np.ones_like(t), t])
    params = fit.params[["const", "trend"]].to_numpy()
    cov = fit.cov.loc[["const", "trend"], ["const", "trend"]].to_numpy()
    resid = np.asarray(fit.resid, dtype=float)
    resid = resid[~np.isnan(resid)]
    sigma2 = float(resid @ resid) / max(len(resid) - 2, 1)
    se = np.sqrt(np.einsum("ij,jk,ik->i", X, cov, X) + sigma2)
    from . import _core

    q = float(_core.t_quantile(0.5 + conf / 2.0, max(len(resid) - 2, 1)))
    centre = X @ params
    return fitted, pd.DataFrame({"estimate": np.exp(centre), "low": np.exp(centre - q * se),
                                 "high": np.exp(centre + q * se)}, index=future)


def status_words(result: Any, labels: Optional[dict] = None) -> str:
    """One sentence that says what the projection chart shows, with the packages' labels.

    Written from the result's fields so it agrees with the picture: a "crossing" dated before the data (the
    fitted lines meet only by extrapolating backwards) is reported as no crossing in the window.
    """
    labels = labels or {}
    win, lose = labels.get(result.overtaker, result.overtaker), labels.get(result.overtaken, result.overtaken)
    when = _numbers.date(result.estimate)
    status = str(result.status)
    first = result.frame.index[0] if len(result.frame) else None
    dated = isinstance(result.estimate, pd.Timestamp)
    if status == "crossed" and dated and first is not None and isinstance(first, pd.Timestamp) and result.estimate < first:
        status = "no crossing"
    if status == "crossed":
        return f"{win} overtook {lose} around {when} (inside the data)."
    if status == "projected":
        extra = (f" (95% interval {_numbers.date(result.low)} to {_numbers.date(result.high)})"
                 if result.kind == "bounded" else "")
        return f"{win} is projected to overtake {lose} around {when}{extra}, if current trends continue."
    if status == "no crossing within the horizon" and dated:
        return (f"{win} is closing on {lose}, but the lines meet only around {when}, after the horizon "
                f"{_numbers.date(result.horizon)}: no crossing within the horizon.")
    if status == "no crossing established":
        return f"No crossing established: the gap between {win} and {lose} is not clearly closing or widening."
    leader = labels.get(getattr(result, "leader", ""), getattr(result, "leader", "")) or lose
    trailer = lose if leader == win else win
    return f"No crossing: {leader} led {trailer} throughout the window and the gap is not closing."


def _series_of(result: Any, comparison: Any, signal: str, a: str, b: str) -> pd.DataFrame:
    series = result.details.get("series") if isinstance(getattr(result, "details", None), dict) else None
    if isinstance(series, pd.DataFrame) and isinstance(series.index, pd.DatetimeIndex):
        return series
    # The series the crossover was fitted on: the (adjusted) human downloads over the gap's window.
    kind = "adjusted" if len(comparison.signal(signal, "adjusted")) else "human"
    wide = comparison.signal(signal, kind)
    if kind == "human" and not len(wide):
        wide = comparison.signal(signal, "raw")
    window = result.frame.index
    return wide.loc[(wide.index >= window[0]) & (wide.index <= window[-1]), [a, b]].dropna()


def crossover(comparison: Any, key: tuple) -> Any:
    """Projection chart of one crossing: both trends extended to the crossing (or the horizon) with their
    prediction bands, the crossing interval shaded, and the status in words as the title.

    ``key`` is ``(signal, package_a, package_b)``, a key of ``comparison.crossovers``.
    """
    go = _go()
    signal, a, b = key
    result = comparison.crossovers[key]
    series = _series_of(result, comparison, signal, a, b)
    first, last = series.index[0], series.index[-1]
    span = last - first
    horizon = pd.Timestamp(result.horizon) if isinstance(result.horizon, pd.Timestamp) else last + 2 * span
    est = result.estimate if isinstance(result.estimate, pd.Timestamp) else None
    if est is not None and est < first:
        est = None  # the lines meet only before the data: nothing to draw there
    if est is not None and est > last:
        # Extend past the horizon when the lines meet after it, so the picture shows where they would meet
        # (the horizon is marked); ten years is the limit of what a log-linear projection can mean.
        until = min(max(est + 0.15 * span, last + 0.15 * span), last + pd.Timedelta(days=3653))
    else:
        until = min(last + 0.25 * span, horizon)
    fig = go.Figure()
    bands, lines = [], []
    for i, p in enumerate((a, b)):
        color = _mpl.PALETTE[comparison.packages.index(p) % len(_mpl.PALETTE)] if p in comparison.packages else _mpl.PALETTE[i]
        label = comparison.labels.get(p, p)
        y = series[p][series[p] > 0]
        fitted, band = _extend(y, until, float(result.conf))
        fig.add_trace(go.Scatter(x=y.index, y=y.values, mode="lines", line=dict(color=_rgba(color, 0.45), width=1),
                                 name=label, legendgroup=p, hovertemplate=f"{label}: %{{y:,.0f}}<extra></extra>"))
        lines.append(go.Scatter(x=fitted.index, y=fitted.values, mode="lines", line=dict(color=color, width=2.4),
                                name=f"{label} trend", legendgroup=p, showlegend=False,
                                hovertemplate=f"{label}, trend: %{{y:,.0f}}<extra></extra>"))
        if len(band):
            bands.append(go.Scatter(x=band.index, y=band["low"].values, mode="lines", line=dict(width=0),
                                    legendgroup=p, showlegend=False, hoverinfo="skip"))
            bands.append(go.Scatter(x=band.index, y=band["high"].values, mode="lines", line=dict(width=0),
                                    fill="tonexty", fillcolor=_rgba(color, 0.15), legendgroup=p, showlegend=False,
                                    name=f"{label} {result.conf:.0%} prediction interval",
                                    hovertemplate=f"{label}, {result.conf:.0%} prediction: up to %{{y:,.0f}}<extra></extra>"))
            lines.append(go.Scatter(x=band.index, y=band["estimate"].values, mode="lines",
                                    line=dict(color=color, width=2.4, dash="dash"), legendgroup=p, showlegend=False,
                                    name=f"{label} projection",
                                    hovertemplate=f"{label}, projected: %{{y:,.0f}}<extra></extra>"))
        end = band["estimate"] if len(band) else fitted
        fig.add_annotation(x=end.index[-1], y=float(np.log10(end.iloc[-1])), text=f"<b>{label}</b>", showarrow=False,
                           xanchor="right", yanchor="bottom", yshift=4, font=dict(color=color, size=12),
                           bgcolor="rgba(255,255,255,0.7)")
    for t in bands + lines:
        fig.add_trace(t)
    if (result.kind == "bounded" and isinstance(result.low, pd.Timestamp) and isinstance(result.high, pd.Timestamp)
            and result.high >= first and result.low <= until):
        fig.add_vrect(x0=max(result.low, first), x1=min(result.high, until), fillcolor=_rgba(_mpl.PALETTE[2], 0.14), line_width=0, layer="below")
        fig.add_annotation(x=0.01, xref="paper", y=0, yref="paper", yanchor="bottom", xanchor="left", showarrow=False,
                           text=f"{result.conf:.0%} crossing interval: {_numbers.date(result.low)} to "
                                f"{_numbers.date(result.high)}", font=dict(size=10, color="#2b6e57"))
    if est is not None and first <= est <= until:
        fig.add_vline(x=_ms(est), line=dict(color=_mpl.PALETTE[2], dash="dash", width=1))
    fig.add_vline(x=_ms(last), line=dict(color="#aaaaaa", width=1))
    if horizon < until:
        fig.add_vline(x=_ms(horizon), line=dict(color="#888888", width=1, dash="dot"))
        fig.add_annotation(x=horizon, y=1, yref="paper", yanchor="top", xanchor="right", showarrow=False,
                           text="horizon", font=dict(size=10, color="#666666"))
    names = f"{comparison.labels.get(b, b)} vs {comparison.labels.get(a, a)}"
    # The title stays short (it cannot wrap on a phone); the status sentence is the figure's caption and hover.
    _layout(fig, f"{signal.capitalize()}: {names}, projected", f"{signal} per week (log scale)")
    fig.update_layout(meta={"status": status_words(result, comparison.labels)})
    fig.update_yaxes(type="log")
    _breaks(fig, getattr(comparison, "breaks", None), first, until)
    fig.update_xaxes(range=[first, until])
    return fig


def shares(comparison: Any) -> Any:
    """Share statistics from published figures, one row each with its interval and the no-difference line."""
    go = _go()
    from plotly.subplots import make_subplots

    s = comparison.shares
    n = max(len(s), 1)
    texts = []
    for _, r in s.iterrows():
        fmt = "{:.2f}" if "ratio" in str(r["method"]) else "{:+.3f}"
        p = _numbers.p_value(r["p_value"])
        texts.append(f"{fmt.format(r['estimate'])} [{fmt.format(r['low'])}, {fmt.format(r['high'])}], "
                     f"p {p if p.startswith('<') else '= ' + p}")
    # Titles carry the numbers (wrapped for a phone); no axis titles that could collide with the next title.
    fig = make_subplots(rows=n, cols=1, vertical_spacing=0.55 / n if n > 1 else 0.1,
                        subplot_titles=[_wrap(r["comparison"]) + "<br><b>" + t + "</b>"
                                        for (_, r), t in zip(s.iterrows(), texts)] or [""])
    for k, ((_, r), text) in enumerate(zip(s.iterrows(), texts), start=1):
        is_ratio = "ratio" in str(r["method"])
        fig.add_trace(go.Scatter(x=[r["estimate"]], y=[0], mode="markers", marker=dict(color=_mpl.PALETTE[0], size=10),
                                 error_x=dict(type="data", symmetric=False, array=[r["high"] - r["estimate"]],
                                              arrayminus=[r["estimate"] - r["low"]], thickness=3, width=0),
                                 showlegend=False, hovertemplate=f"{text}<br>{r['method']}<extra></extra>"),
                      row=k, col=1)
        fig.add_vline(x=1.0 if is_ratio else 0.0, line=dict(color="#888888", width=1), row=k, col=1)
        fig.update_yaxes(visible=False, row=k, col=1)
    fig.update_annotations(font=dict(size=11))
    _layout(fig, "Published figures", dates=False)
    fig.update_layout(height=170 * n + 80, hovermode="closest", margin=dict(t=110))
    return fig


def plotlyjs() -> str:
    """The plotly.js library as one string, to inline once per page (no CDN)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def to_div(fig: Any) -> str:
    """A figure as an HTML ``<div>`` that expects plotly.js already on the page; resizes with its container."""
    return fig.to_html(full_html=False, include_plotlyjs=False,
                       config={"responsive": True, "displaylogo": False, "scrollZoom": False,
                               "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
                       default_width="100%", default_height=f"{int(fig.layout.height or HEIGHT)}px")
