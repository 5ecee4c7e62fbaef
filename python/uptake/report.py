"""A self-contained HTML report of a :class:`uptake.Comparison`: charts, tables, the methods and assumptions
used, and data provenance; plus a CSV of every series.

With the ``interactive`` extra (plotly) the charts are interactive (hover, zoom, legend toggles) and plotly.js
is inlined once, so the page works offline; without it they are static SVG drawn by matplotlib."""

from __future__ import annotations

import datetime as _dt
import html
import io
from pathlib import Path
from typing import Any, Optional, Union

import pandas as pd

from . import _core, _mpl, _numbers, plot, plot_interactive

__all__ = ["write_report", "render_html"]

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45} h1{font-size:1.7em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.9em;margin:.6em 0} td,th{border:1px solid #ddd;padding:.3em .6em;text-align:right}
th{background:#f4f4f4} td:first-child,th:first-child{text-align:left} .banner{background:#fff3cd;border:1px solid #e0c36a;
padding:.6em 1em;margin:1em 0} figure{margin:1em 0} figcaption{font-size:.85em;color:#555} .note{font-size:.85em;color:#555}
svg{max-width:100%;height:auto} .scroll,pre{overflow-x:auto} .js-plotly-plot svg{max-width:none}
figure>div{width:100%} @media (max-width:600px){body{margin:1em auto;padding:0 .5em} h1{font-size:1.35em}}
"""


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    _mpl.pyplot().close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog: the SVG sits inline in HTML


def _table(frame: pd.DataFrame, percent: tuple = (), floats: str = "{:,.4g}") -> str:
    if frame is None or len(frame) == 0:
        return "<p class='note'>none</p>"
    out = frame.copy()
    for col in out.columns:
        if col in percent:
            out[col] = out[col].map(lambda v: f"{v:+.1%}" if pd.notna(v) else "")
        elif col in ("p_value", "p"):
            out[col] = out[col].map(_numbers.p_value)
        elif pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(lambda v: floats.format(v) if pd.notna(v) else "")
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    # Wide tables scroll inside their box instead of widening the whole page on a narrow screen.
    return "<div class='scroll'>" + out.to_html(index=False, escape=True, border=0) + "</div>"


def _methods(c: Any) -> str:
    """The methods section: only the steps that ran on this comparison's data."""
    kinds = set(c.series["kind"]) if len(c.series) else set()
    items = []
    if "human" in kinds:
        items.append("Human downloads: weekly-profile unmixing (human weekly profile from the page-view reference, "
                     "automated traffic flat over the week), pooled over 9 weeks, Christmas and spike weeks left out; "
                     "the band combines sampling error and the profiles' uncertainty.")
        items.append("Spikes: robust STL residuals on log daily counts, robust z above 5.")
    if "adjusted" in kinds:
        items.append("Seasonal adjustment: robust STL (period 52 weeks, periodic seasonal) on the log scale.")
    if len(c.growth):
        items.append(f"Trends: log-linear trend over the last {c.assumptions.get('trend_years', 2)} years by "
                     "Prais-Winsten GLS with AR(p) errors (order by BIC, bias-corrected coefficients, bootstrap-t when persistent).")
    if c.crossovers:
        items.append("Crossovers: zero of a log-linear trend of the gap with Fieller's interval (the gap regression's "
                     "covariance and critical value).")
    if not items:
        return "<h2>Methods and assumptions</h2><p class='note'>No analysis ran: no series could be fetched.</p>"
    return "<h2>Methods and assumptions</h2><ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _research_section(research: Any, live: bool = False) -> str:
    """The real conference-paper share, kept visibly apart from the (possibly simulated) series above."""
    if live:
        import plotly.graph_objects as go

        figure = go.Figure()
        for name, d in research.data.groupby("conference"):
            figure.add_trace(go.Scatter(x=d["date"], y=d["share"], mode="markers", name=name, error_y=dict(
                type="data", symmetric=False, array=d["high"] - d["share"], arrayminus=d["share"] - d["low"])))
        pooled = research.results.get("pooled")
        if pooled is not None:
            f = pooled.frame
            figure.add_trace(go.Scatter(x=f.index, y=f["fitted"], mode="lines", name="pooled Fisher-Pry fit"))
        figure.update_layout(yaxis_title="PyTorch share of papers", yaxis_range=[0, 1])
        chart = plot_interactive.to_div(figure)
    else:
        plt = _mpl.pyplot()
        fig, ax = plt.subplots(figsize=(9, 4.2))
        research.plot(ax=ax)
        fig.tight_layout()
        chart = _svg(fig)
    fmt = (lambda v: v.strftime("%Y-%m") if isinstance(v, pd.Timestamp) else "-")
    t = research.table
    rows = pd.DataFrame({
        "conference": t["conference"], "editions": t["editions"],
        "last edition": t["last_month"],
        "PyTorch share (exact 95%)": [f"{s:.0%} [{lo:.0%}, {hi:.0%}]" for s, lo, hi in
                                      zip(t["last_share"], t["last_low"], t["last_high"])],
        "50% crossing": [fmt(v) for v in t["crossing"]],
        "interval": [f"{fmt(lo)} to {fmt(hi)}" if k == "bounded" else (k or "no fit")
                     for k, lo, hi in zip(t["kind"], t["crossing_low"], t["crossing_high"])],
        "status": t["status"].astype(str)})
    n = research.neurips_2019
    neurips = pd.DataFrame({"PyTorch vs TensorFlow papers": [f"{a} vs {b}" for a, b in zip(n["pytorch"], n["tensorflow"])],
                            "as of": n["as_of"], "source": n["source"],
                            "ratio (exact 95%)": [f"{r:.2f} [{lo:.2f}, {hi:.2f}]" for r, lo, hi in
                                                  zip(n["ratio"], n["ratio_low"], n["ratio_high"])]})
    return ("<h2>Real research share: PyTorch vs TensorFlow in conference papers</h2>"
            "<div class='banner'><b>Real data.</b> Unlike any simulated series above, this section uses the "
            "bundled conference counts (<code>uptake.datasets.conference_mentions()</code>): "
            f"{html.escape(research.source)}.</div>"
            f"<figure>{chart}<figcaption>Each edition's PyTorch share of papers mentioning exactly one of the two "
            "frameworks, with its exact (Clopper-Pearson) interval; the line is the pooled logistic (Fisher-Pry) "
            "fit, quasi-binomial when editions scatter more than binomial noise; the band is the 95% Fieller "
            "interval of the 50% crossing.</figcaption></figure>" + _table(rows) +
            "<h3>NeurIPS 2019: two published counts, not to be mixed</h3>" + _table(neurips) +
            "<p class='note'>Hale (2020) quotes 166 vs 74 from the chart published in late 2019; the data "
            "repository's final counts (2021-10-22) are 182 vs 104. The fits above use the final counts.</p>")


def _growth_table(c: Any) -> pd.DataFrame:
    """Growth with its interval and the doubling time with its interval, written for people."""
    rows = []
    for _, g in c.growth.iterrows():
        rows.append({"package": c.labels.get(g["package"], g["package"]), "signal": g["signal"],
                     "growth per year (95% interval)": _numbers.percent_interval(g["growth_per_year"], g["low"], g["high"]),
                     "doubling time (95% interval)": _numbers.doubling_interval(
                         g.get("doubling_years"), g.get("doubling_low", float("nan")), g.get("doubling_high", float("nan"))),
                     "window": f"{_numbers.date(g['from'])} to {_numbers.date(g['to'])}", "points": g["points"]})
    return pd.DataFrame(rows)


def render_html(comparison: Any, *, title: Optional[str] = None, interactive: Optional[bool] = None) -> str:
    """The report as one HTML string (no external resources).

    ``interactive``: Plotly charts (default when plotly is installed) or static SVG (False, or without plotly).
    """
    plt = _mpl.pyplot()
    live = plot_interactive.available() if interactive is None else bool(interactive)
    c = comparison
    names = " vs ".join(c.labels[p] for p in c.packages)
    title = title or f"Adoption report: {names}"
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width,initial-scale=1'><title>{html.escape(title)}</title>"
             f"<style>{_CSS}</style>" + (f"<script>{plot_interactive.plotlyjs()}</script>" if live else "")
             + "</head><body>", f"<h1>{html.escape(title)}</h1>",
             f"<p class='note'>Generated {_dt.datetime.now(_dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} by uptake "
             f"{html.escape(_core.__version__)}.</p>"]
    if c.simulated:
        parts.append("<div class='banner'><b>Simulated sample.</b> The download, page-view and paper series in this "
                     "report are simulated by <code>uptake.simulate</code> with a fixed seed, to show the pipeline "
                     "offline; the real research share of PyTorch vs TensorFlow in conference papers and the published figures "
                     "in the last sections are real data.</div>")
    if c.problems:
        parts.append("<div class='banner'><b>Partial report.</b> " + f"{len(c.problems)} requested signal(s) could not "
                     "be fetched; everything below uses only what was fetched:<ul>" +
                     "".join(f"<li>{html.escape(p)}</li>" for p in c.problems) + "</ul></div>")
    parts.append("<h2>Summary</h2><pre>" + html.escape(c.summary()) + "</pre>")

    signals = list(dict.fromkeys(c.series["signal"])) if len(c.series) else []
    parts.append("<h2>Adoption</h2>")
    for signal in signals:
        if live:
            chart = plot_interactive.to_div(plot_interactive.adoption(c, signal))
        else:
            fig, ax = plt.subplots(figsize=(9.5, 4.6))
            plot.adoption(c, signal, ax=ax)
            chart = _svg(fig)
        caption = ("Faint: all weekly downloads. Band: human downloads (90% band, weekly-profile unmixing). Solid: "
                   "human downloads, seasonally adjusted. Dashed: log-linear trend of the recent window with its 95% "
                   "interval." if signal == "downloads" else "Weekly or monthly counts with the recent log-linear trend.")
        parts.append(f"<figure>{chart}<figcaption>{html.escape(caption)}</figcaption></figure>")
    if len(c.growth):
        if live:
            chart = plot_interactive.to_div(plot_interactive.growth(c))
        else:
            fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(c.growth) + 1.4))
            plot.growth(c, ax=ax)
            fig.tight_layout()
            chart = _svg(fig)
        parts.append(f"<h2>Growth rates</h2><figure>{chart}</figure>")
        parts.append(_table(_growth_table(c)))
    if c.crossovers:
        parts.append("<h2>Crossovers</h2>")
        rows = []
        for (signal, a, b), r in c.crossovers.items():
            if live:
                chart = plot_interactive.to_div(plot_interactive.crossover(c, (signal, a, b)))
            else:
                fig, ax = plt.subplots(figsize=(9, 4))
                plot.crossover(r, ax=ax)
                fig.tight_layout()
                chart = _svg(fig)
            words = plot_interactive.status_words(r, c.labels)
            parts.append(f"<figure>{chart}<figcaption>{html.escape(words)}</figcaption></figure>")
            fmt = (lambda v: v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else ("-" if v is None else f"{v:.4g}"))
            rows.append({"signal": signal, "overtaker": c.labels.get(r.overtaker, r.overtaker),
                         "overtaken": c.labels.get(r.overtaken, r.overtaken), "status": r.status,
                         "estimate": fmt(r.estimate), "interval": r.kind, "low": fmt(r.low), "high": fmt(r.high)})
        parts.append(_table(pd.DataFrame(rows)))
        parts.append("<p class='note'>Crossing dates are the zero of a log-linear trend of the gap, with Fieller's "
                     "interval (the gap regression's covariance and critical value): 'no crossing established' means the "
                     "gap's trend is not distinguishable from zero. "
                     "Log-linear trends do not saturate: read projections as 'if current trends continued'.</p>")
    if getattr(c, "research", None) is not None:
        parts.append(_research_section(c.research, live))
    if len(c.shares):
        chart = plot_interactive.to_div(plot_interactive.shares(c)) if live else _svg(plot.shares(c))
        parts.append(f"<h2>Published figures</h2><figure>{chart}</figure>")
        parts.append(_table(c.shares))
    parts.append(_methods(c))
    rows = [{"package": c.labels[p], **{k: (f"{v:.3f}" if isinstance(v, float) else str(v)) for k, v in a.items()
                                        if k in ("human_weekend_ratio", "automated_weekend_ratio", "human_ratio_se",
                                                 "profiles_from", "window_weeks", "weeks_left_out_of_pooling",
                                                 "spikes_found")}}
            for p, a in c.assumptions.get("packages", {}).items()]
    parts.append(_table(pd.DataFrame(rows)))
    if len(c.breaks):
        parts.append("<h3>Known data breaks in the window</h3>" + _table(c.breaks))
    parts.append("<h2>Data provenance</h2>" + _table(c.provenance))
    if c.problems:
        parts.append("<h3>Signals not available</h3><ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in c.problems) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(comparison: Any, path: Union[str, Path] = "report.html", *, csv: bool = True,
                 title: Optional[str] = None, interactive: Optional[bool] = None) -> Path:
    """Write the HTML report (and ``<name>.csv`` with every series) and return the HTML path.

    Examples
    --------
    >>> import tempfile, pathlib, uptake
    >>> out = uptake.report.write_report(uptake.compare(["a", "b"], sample=True), pathlib.Path(tempfile.mkdtemp()) / "r.html")
    >>> out.exists() and out.with_suffix(".csv").exists()
    True
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"write_report: the report is HTML; give a path ending in .html, got {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = render_html(comparison, title=title, interactive=interactive)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a report
    if csv:
        comparison.series.to_csv(path.with_suffix(".csv"), index=False)
    return path
