"""The interactive report (Plotly extra) and its static fallback: self-contained, small enough, charts that say
what they show (direct labels, trends above the data, projections to the crossing, breaks marked), numbers
written for people."""

import dataclasses
import re
import sys

import pandas as pd
import pytest

import uptake
from uptake import _numbers, plot_interactive, report

go = pytest.importorskip("plotly.graph_objects", reason="the interactive extra (plotly) is not installed")
Figure = go.Figure  # bound now: the fallback test hides plotly's lazily loaded modules


@pytest.fixture(scope="module")
def three():
    return uptake.compare(["incumbent", "challenger", "newcomer"], sample=True)


@pytest.fixture(scope="module")
def three_html(three):
    return report.render_html(three)


def _with_break(c, when):
    brk = pd.DataFrame([{"date": pd.Timestamp(when), "end": None, "source": "pypi", "kind": "level",
                         "description": "mirror switched on (test break)"}])
    return dataclasses.replace(c, breaks=brk)


def test_interactive_report_is_offline_and_inlines_plotly_once(three, three_html):
    js = plot_interactive.plotlyjs()
    assert three_html.count(js[:400]) == 1  # the library once, not once per chart
    assert not re.search(r"<script[^>]+src=", three_html)  # no CDN, nothing fetched
    assert "cdn.plot.ly" not in three_html.replace(js, "")  # (plotly.js itself names it in a comment)
    charts = three_html.count('class="plotly-graph-div"')
    research = 1 if three.research is not None else 0  # the real conference-share chart
    assert charts == len(set(three.series["signal"])) + 1 + len(three.crossovers) + 1 + research  # adoption, growth, crossings, shares
    assert "<svg" not in three_html.replace(js, "")  # no static chart mixed in
    size = len(three_html.encode("utf-8"))
    assert size < 6_000_000, f"a three-package report is {size / 1e6:.2f} MB"


def test_static_fallback_without_plotly(three, monkeypatch, tmp_path):
    # Hide plotly as if the extra were not installed: every import of it fails.
    for name in [m for m in sys.modules if m == "plotly" or m.startswith("plotly.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "plotly", None)
    assert not plot_interactive.available()
    out = report.write_report(three, tmp_path / "r.html", csv=False)
    text = out.read_text(encoding="utf-8")
    assert "plotly-graph-div" not in text and "<script" not in text
    assert text.count("<svg") >= 6
    with pytest.raises(ImportError, match=r"uptake\[interactive\]"):
        plot_interactive.adoption(three)
    assert not isinstance(three.plot_growth(), Figure)  # Comparison.plot_* falls back to matplotlib


def test_numbers_are_written_for_people(three_html):
    visible = re.sub(r"<script.*?</script>", "", three_html, flags=re.S)
    assert "&lt; 0.001" in visible  # the NeurIPS rate ratio's p-value, not 0 or 1e-12
    assert "00:00:00" not in visible.split("Data provenance")[0]  # dates without a time of day
    assert "doubling time (95% interval)" in three_html
    assert re.search(r"\d(\.\d)? y \[\d(\.\d)? y, \d(\.\d)? y\]", three_html)  # doubling times carry intervals
    assert _numbers.p_value(3e-9) == "< 0.001" and _numbers.p_value(0.0421) == "0.042" and _numbers.p_value(None) == ""
    assert _numbers.doubling_interval(float("inf"), 5.0, float("inf")).startswith("not growing")


def test_adoption_chart_labels_packages_and_draws_trends_on_top(three):
    fig = three.plot_adoption("downloads")
    assert isinstance(fig, Figure)
    legend = [t for t in fig.data if t.showlegend]
    assert len(legend) == len(three.packages)  # one toggle per package, not four per package
    labels = {a.text for a in fig.layout.annotations}
    assert {f"<b>{three.labels[p]}</b>" for p in three.packages} <= labels  # direct labels
    dashed = [i for i, t in enumerate(fig.data) if t.line.dash == "dash"]
    solid = [i for i, t in enumerate(fig.data) if t.line.dash is None and t.line.width == 1.6]
    assert len(dashed) == len(solid) == 3 and min(dashed) > max(solid)  # every trend drawn above every data line


def test_known_breaks_are_marked_on_every_chart_that_spans_them(three):
    c = _with_break(three, "2025-03-03")
    for fig in (plot_interactive.adoption(c), plot_interactive.crossover(c, next(iter(c.crossovers)))):
        assert any("test break" in (a.text or "") for a in fig.layout.annotations)
    outside = _with_break(three, "2019-03-04")
    assert not any("test break" in (a.text or "") for a in plot_interactive.adoption(outside).layout.annotations)


def test_projection_chart_reaches_the_crossing_and_says_so(three):
    shown = 0
    for key, r in three.crossovers.items():
        fig = plot_interactive.crossover(three, key)
        words = fig.layout.meta["status"]
        projected = [t for t in fig.data if t.name and t.name.endswith("projection")]
        assert len(projected) == 2
        bands = [t for t in fig.data if t.fill == "tonexty"]
        assert len(bands) == 2  # a prediction band for each trend
        last_x = max(pd.Timestamp(t.x[-1]) for t in projected)
        first_x = min(pd.Timestamp(t.x[0]) for t in fig.data)
        est = r.estimate if isinstance(r.estimate, pd.Timestamp) else None
        if est is not None and est >= first_x:
            # The lines are drawn at least to where they meet, and the words name that date.
            assert last_x >= est, (key, est, last_x)
            assert _numbers.date(est) in words
            if est > pd.Timestamp(r.frame.index[-1]):
                shown += 1
        else:
            assert "no crossing" in words.lower()
        if str(r.status) == "no crossing within the horizon" and est is not None:
            assert "after the horizon" in words
        if str(r.status) == "crossed" and est is not None and est >= first_x:
            assert "overtook" in words
        if r.kind == "bounded" and est is not None and est >= first_x:
            assert any(s.type == "rect" for s in fig.layout.shapes)  # the crossing interval is shaded
    assert shown >= 1  # the sample has a crossing after the data


def test_comparison_plot_methods(three):
    assert isinstance(three.plot_crossover(), Figure)
    assert isinstance(three.plot_growth(), Figure)
    ax = three.plot_adoption("downloads", interactive=False)
    assert hasattr(ax, "plot")  # matplotlib Axes on request
    with pytest.raises(ValueError, match="no crossover"):
        three.plot_crossover(("downloads", "x", "y"))
