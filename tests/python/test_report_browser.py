"""The report as a person sees it: `uptake report --sample` opened in real headless Chromium.

Checks what parsing the HTML cannot: the page loads with no console error or uncaught exception, every chart
is laid out with a real size, nothing widens the page beyond the window (desktop and narrow), and the
screenshot is a picture rather than a blank page. CI must run these (it installs Debian's chromium);
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
    out = tmp_path_factory.mktemp("report") / "sample.html"
    done = subprocess.run([sys.executable, "-m", "uptake", "report", "--sample", "-o", str(out)],
                          capture_output=True, text=True, timeout=600)
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


def test_report_screenshot_is_a_picture(report, tmp_path):
    with chromium.Browser(width=1280) as page:
        page.load(report)
        height = page.evaluate("document.documentElement.scrollHeight")
        png = page.screenshot(tmp_path / "report.png")
    pixels = plt.imread(png)
    assert pixels.shape[1] == 1280 and pixels.shape[0] == height > 2000
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
