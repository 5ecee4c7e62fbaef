"""The report as a person sees it: `uptake report --sample` opened in real headless Chromium.

Checks what parsing the HTML cannot: the page loads with no console error or uncaught exception, every chart
is laid out with a real size, nothing widens the page beyond the window (phone, narrow and desktop), and the
screenshot is a picture rather than a blank page. Both the static SVG report and the interactive (Plotly) one,
where every chart's traces are counted as drawn at 390 px and 1400 px. CI must run these (it installs Debian's chromium);
elsewhere they skip when no Chromium is installed.
"""

import os
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from support import chromium


@pytest.fixture(scope="module")
def browser_binary():
    if chromium.BINARY is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must open the report in a real browser (.ci/setup installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return chromium.BINARY


@pytest.fixture(scope="module")
def report(tmp_path_factory, browser_binary):
    """The static (SVG) report, as without the interactive extra."""
    out = tmp_path_factory.mktemp("report") / "sample.html"
    code = ("import sys, uptake; uptake.report.write_report(uptake.compare(['incumbent', 'challenger'], sample=True), "
            "sys.argv[1], interactive=False)")
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def interactive_report(tmp_path_factory, browser_binary):
    """`uptake report --sample` with the interactive extra: three packages, Plotly charts."""
    pytest.importorskip("plotly", reason="the interactive extra (plotly) is not installed")
    out = tmp_path_factory.mktemp("interactive") / "sample.html"
    done = subprocess.run([sys.executable, "-m", "uptake", "report", "--sample", "incumbent", "challenger", "newcomer",
                           "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out


def _svg_count(path):
    return path.read_text(encoding="utf-8").count("<svg")


@pytest.mark.parametrize("width", [1280, 800])
def test_report_renders_without_errors_or_overflow(report, width):
    with chromium.Browser(width=width) as page:
        page.load(report)
        assert page.errors() == []
        assert page.evaluate("document.title").startswith("Adoption report")
        headings = page.evaluate("[...document.querySelectorAll('h2')].map(h => h.textContent)")
        for section in ("Summary", "Adoption", "Growth rates", "Crossovers", "Published figures",
                        "Methods and assumptions", "Data provenance"):
            assert any(h.startswith(section) for h in headings), (section, headings)
        sizes = page.evaluate("[...document.querySelectorAll('svg')]"
                              ".map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; })")
        assert len(sizes) == _svg_count(report) >= 5
        assert all(w > 200 and h > 100 for w, h in sizes), sizes
        assert all(w <= width for w, _ in sizes), sizes
        # Wide tables scroll in their own box; the page itself never needs a horizontal scroll bar.
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")


@pytest.mark.parametrize("width", [390, 1400])
def test_interactive_report_draws_every_chart_at_phone_and_desktop_width(interactive_report, width, tmp_path):
    expected = interactive_report.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    with chromium.Browser(width=width) as page:
        page.load(interactive_report)
        assert page.errors() == []
        assert page.evaluate("window.innerWidth") == width
        charts = page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot')].map(p => { const r = p.getBoundingClientRect();"
            " return {w: r.width, h: r.height, traces: p.querySelectorAll('.scatterlayer .trace').length,"
            " paths: p.querySelectorAll('.scatterlayer path').length, data: p.data.length,"
            " right: Math.max(...[...p.querySelectorAll('.main-svg')].map(s => s.getBoundingClientRect().right))}; })")
        assert len(charts) == expected >= 7  # 3 adoption, growth, 3 crossings, shares
        for c in charts:
            # Every trace Plotly was given is drawn, each chart fills its column, and none pokes out of the page.
            assert c["traces"] == c["data"] > 0 and c["paths"] >= c["traces"], c
            assert c["h"] >= 200 and 0.85 * min(width, 1000) <= c["w"] <= width, (width, c)  # body is 1000 px at most
            assert c["right"] <= width, (width, c)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        legend_toggles = page.evaluate("document.querySelectorAll('.js-plotly-plot .legend .traces').length")
        assert legend_toggles >= 3 * 3  # one per package on each adoption chart (not four)
        page.screenshot(tmp_path / f"interactive-{width}.png", full_page=False)


def test_report_screenshot_is_a_picture(report, tmp_path):
    with chromium.Browser(width=1280) as page:
        page.load(report)
        png = page.screenshot(tmp_path / "report.png")
        # Interactive charts finish their layout after the load event, so the page may grow while it is
        # measured: compare with the height after the screenshot, within what late layout can add.
        height = page.evaluate("document.documentElement.scrollHeight")
    pixels = plt.imread(png)
    assert pixels.shape[1] == 1280 and pixels.shape[0] > 2000
    assert abs(pixels.shape[0] - height) <= 0.05 * height, (pixels.shape, height)
    gray = pixels[..., :3].mean(axis=2)
    assert gray.std() > 0.05  # a blank or unstyled page is nearly uniform
    # The charts draw in colour (the Okabe-Ito blue and vermillion), not only black text on white.
    saturation = pixels[..., :3].max(axis=2) - pixels[..., :3].min(axis=2)
    assert np.mean(saturation > 0.3) > 0.002


def test_browser_harness_reports_script_errors(browser_binary, tmp_path):
    page_path = tmp_path / "broken.html"
    page_path.write_text("<html><body><script>console.error('boom'); undefined_function();</script></body></html>")
    with chromium.Browser() as page:
        page.load(page_path)
        errors = page.errors()
    assert any("boom" in e for e in errors) and any("undefined_function" in e for e in errors)
