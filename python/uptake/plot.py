"""Charts for adoption comparisons. Each takes ``ax=`` (or a figure) and returns matplotlib objects;
matplotlib is imported only when a chart is drawn. Colour-blind-safe palette (Okabe-Ito), thousands
separators, readable dates."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _mpl

__all__ = ["adoption", "growth", "crossover", "scoreboard", "shares", "mark_breaks", "movers"]


def _style(ax: Any) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5", lw=0.8)
    ax.set_axisbelow(True)


def _dates(ax: Any) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def mark_breaks(ax: Any, breaks: Optional[pd.DataFrame], signal: Optional[str] = None) -> Any:
    """Mark known data breaks (:func:`uptake.known_breaks`) on a time axis: a dotted line at each event, a grey
    span over multi-day gaps, and a short label with the expected effect. With ``signal``, only the breaks whose
    ``signal`` column matches (when the table has one). Returns the Axes.

    Examples
    --------
    >>> import uptake, matplotlib.pyplot as plt
    >>> ax = uptake.plot.mark_breaks(plt.gca(), uptake.known_breaks("npm"))
    >>> plt.close(ax.figure)
    """
    if breaks is None or len(breaks) == 0:
        return ax
    if signal is not None and "signal" in breaks:
        breaks = breaks[breaks["signal"] == signal]
    for _, brk in breaks.iterrows():
        end = brk.get("end")
        if end is not None and pd.notna(end) and end > brk["date"]:
            ax.axvspan(brk["date"], end, color="#999999", alpha=0.15, lw=0)
        ax.axvline(brk["date"], color="#555555", ls=":", lw=1)
        effect = brk.get("effect") or ""
        text = brk["description"][:40] + (f" ({effect[:30]})" if effect else "")
        ax.annotate(text, (brk["date"], 1), xycoords=("data", "axes fraction"), fontsize=6,
                    rotation=90, va="top", ha="right", color="#555555")
    return ax


def adoption(comparison: Any, signal: str = "downloads", ax: Any = None, *, title: Optional[str] = None) -> Any:
    """Raw weekly counts (faint), the human band, the seasonally adjusted human line and the trend with its
    interval, per package; data breaks marked. Returns the Axes."""
    plt = _mpl.pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    for i, p in enumerate(comparison.packages):
        color = _mpl.PALETTE[i % len(_mpl.PALETTE)]
        label = comparison.labels[p]

        def get(kind: str) -> Optional[pd.Series]:
            wide = comparison.signal(signal, kind)
            return wide[p].dropna() if p in wide else None

        raw, low, high = get("raw"), get("human_low"), get("human_high")
        human, adjusted = get("human"), get("adjusted")
        trend, tlow, thigh = get("trend"), get("trend_low"), get("trend_high")
        if raw is not None:
            ax.plot(raw.index, raw.values, color=color, alpha=0.25, lw=1, label=f"{label}: all {signal}")
        if low is not None and high is not None:
            ax.fill_between(low.index, low.values, high.reindex(low.index).values, color=color, alpha=0.18, lw=0,
                            label=f"{label}: human (90% band)")
        line = adjusted if adjusted is not None else human
        if line is not None:
            ax.plot(line.index, line.values, color=color, lw=1.6,
                    label=f"{label}: human, seasonally adjusted" if adjusted is not None else f"{label}: human")
        if trend is not None:
            ax.plot(trend.index, trend.values, color=color, lw=2.2, ls="--", label=f"{label}: trend")
            if tlow is not None and thigh is not None:
                ax.fill_between(tlow.index, tlow.values, thigh.reindex(tlow.index).values, color=color, alpha=0.12, lw=0)
    mark_breaks(ax, getattr(comparison, "breaks", None), signal)
    _style(ax)
    _dates(ax)
    _mpl.thousands(ax)
    ax.set_ylabel(f"{signal} per {'month' if signal in ('papers', 'questions') else 'week'}")
    ax.set_title(title or f"{signal.capitalize()}: {' vs '.join(comparison.labels[p] for p in comparison.packages)}"
                 + (" (simulated)" if comparison.simulated else ""))
    ax.legend(frameon=False, fontsize=7, ncol=2, loc="upper left")
    return ax


def growth(comparison: Any, ax: Any = None) -> Any:
    """Growth per year of every package and signal with its 95% interval (a dot-and-whisker chart)."""
    plt = _mpl.pyplot()
    g = comparison.growth
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * max(len(g), 2) + 1.2))
    if len(g) == 0:
        ax.text(0.5, 0.5, "no trend could be fitted", ha="center", transform=ax.transAxes)
        return ax
    rows = list(g.itertuples())
    ys = np.arange(len(rows))[::-1]
    for y, r in zip(ys, rows):
        color = _mpl.PALETTE[comparison.packages.index(r.package) % len(_mpl.PALETTE)]
        ax.plot([100 * r.low, 100 * r.high], [y, y], color=color, lw=2.5, solid_capstyle="round")
        ax.plot(100 * r.growth_per_year, y, "o", color=color, ms=7)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{comparison.labels[r.package]} - {r.signal}" for r in rows])
    ax.axvline(0, color="#888888", lw=1)
    ax.set_xlabel("growth per year, % (95% interval)")
    ax.set_title("How fast is each signal growing?")
    _style(ax)
    ax.grid(axis="x", color="#e5e5e5", lw=0.8)
    return ax


def crossover(result: Any, ax: Any = None) -> Any:
    """The gap between two series with its trend, the even line and the crossing interval."""
    ax = result.plot(ax=ax)
    _style(ax)
    if isinstance(result.frame.index, pd.DatetimeIndex):
        _dates(ax)
    ax.set_title(f"When does {result.overtaker} overtake {result.overtaken}? ({result.status})")
    return ax


def scoreboard(comparison: Any, ax: Any = None) -> Any:
    """A table-like chart: each signal's latest weekly level and growth per package."""
    plt = _mpl.pyplot()
    g = comparison.growth
    signals = list(dict.fromkeys(g["signal"])) if len(g) else []
    if ax is None:
        _, ax = plt.subplots(figsize=(1.8 + 2.2 * len(comparison.packages), 0.6 * max(len(signals), 1) + 1.0))
    ax.axis("off")
    cells = []
    for s in signals:
        row = []
        for p in comparison.packages:
            hit = g[(g["package"] == p) & (g["signal"] == s)]
            raw = comparison.signal(s, "adjusted" if s == "downloads" else "raw")
            level = raw[p].dropna().iloc[-1] if p in raw and raw[p].notna().any() else np.nan
            row.append(f"{level:,.0f}  ({hit['growth_per_year'].iloc[0]:+.0%}/yr)" if len(hit) else "-")
        cells.append(row)
    if cells:
        table = ax.table(cellText=cells, rowLabels=signals, colLabels=[comparison.labels[p] for p in comparison.packages],
                         loc="center", cellLoc="center")
        table.scale(1, 1.5)
        table.set_fontsize(9)
    ax.set_title("Scoreboard: latest level per period (growth per year)")
    return ax


def shares(comparison: Any, fig: Any = None) -> Any:
    """Share statistics from published figures, one panel each (ratios and differences have different scales),
    with the no-difference line (1 for ratios, 0 for differences). Returns the Figure."""
    plt = _mpl.pyplot()
    s = comparison.shares
    if fig is None:
        fig = plt.figure(figsize=(8.5, 1.25 * max(len(s), 1) + 0.4))
    axes = fig.subplots(max(len(s), 1), 1, squeeze=False)[:, 0]
    for ax, (_, r) in zip(axes, s.iterrows()):
        is_ratio = "ratio" in str(r["method"])
        null = 1.0 if is_ratio else 0.0
        ax.axvline(null, color="#888888", lw=1)
        ax.plot([r["low"], r["high"]], [0, 0], color=_mpl.PALETTE[0], lw=3, solid_capstyle="round")
        ax.plot(r["estimate"], 0, "o", color=_mpl.PALETTE[0], ms=8)
        fmt = "{:.2f}" if is_ratio else "{:+.3f}"
        ax.set_title(f"{r['comparison']}: {fmt.format(r['estimate'])} "
                     f"[{fmt.format(r['low'])}, {fmt.format(r['high'])}]", fontsize=9, loc="left")
        ax.set_yticks([])
        lo, hi = min(null, r["low"]), max(null, r["high"])
        pad = 0.15 * (hi - lo or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_xlabel(str(r["method"]), fontsize=8)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def movers(ranked: pd.DataFrame, ax: Any = None, *, n: int = 30) -> Any:
    """The top ``n`` rows of :func:`uptake.rank` as dots with their interval bands, in rank order.

    Colours alternate by ``tie_group`` (packages whose intervals overlap their group leader's share a colour);
    each label carries the rank interval, so a declared tie reads as "rank 3 (2-7)".

    Examples
    --------
    >>> import uptake
    >>> ax = uptake.plot.movers(uptake.rank(top=100, since="2024-01-01"))  # doctest: +SKIP
    """
    plt = _mpl.pyplot()
    by = ranked.attrs.get("by", "growth")
    rows = ranked[ranked[by].notna()].head(n)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.32 * max(len(rows), 2) + 1.2))
    if len(rows) == 0:
        ax.text(0.5, 0.5, "no package could be ranked", ha="center", transform=ax.transAxes)
        return ax
    scale = 100.0 if by == "growth" else 1.0
    ys = np.arange(len(rows))[::-1]
    for y, r in zip(ys, rows.itertuples()):
        color = _mpl.PALETTE[int(r.tie_group) % 2]  # two alternating colours mark where a tie group ends
        ax.plot([scale * getattr(r, f"{by}_low"), scale * getattr(r, f"{by}_high")], [y, y], color=color, lw=2.5,
                solid_capstyle="round", alpha=0.55)
        ax.plot(scale * getattr(r, by), y, "o", color=color, ms=5)
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{r.project}  {int(r.rank)} ({int(r.rank_low)}-{int(r.rank_high)})" for r in rows.itertuples()],
                       fontsize=8)
    if by == "growth":
        ax.axvline(0, color="#888888", lw=1)
        ax.set_xlabel(f"growth per year, % ({ranked.attrs.get('conf', 0.95):.0%} interval)")
    else:
        ax.set_xscale("log")
        ax.set_xlabel({"level": "weekly downloads at the last week", "share": "share of all PyPI downloads"}[by])
    ax.set_title(f"Top {len(rows)} by {by}: rank (rank interval), colours change at each tie group")
    _style(ax)
    ax.grid(axis="x", color="#e5e5e5", lw=0.8)
    return ax
