"""Regenerate docs/report.png, the README's picture of the report: the offline sample report (interactive
charts) opened in headless Chromium, cropped to its first chart.

    python tools/make_screenshot.py [--out docs/report.png] [--width 900]

Needs plotly (the ``interactive`` extra) and Debian's ``chromium``; uses the DevTools-over-pipe driver of the
test suite (tests/support/chromium.py). The page is the fixed-seed sample, so reruns give the same picture.
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import chromium  # noqa: E402

import uptake  # noqa: E402
from uptake import plot_interactive, report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "report.png"))
    ap.add_argument("--width", type=int, default=900)
    args = ap.parse_args(argv)
    if not plot_interactive.available():
        print("make_screenshot: needs plotly (pip install 'uptake[interactive]')", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        page_path = report.write_report(uptake.compare(["incumbent", "challenger"], sample=True),
                                        Path(tmp) / "sample.html", csv=False)
        with chromium.Browser(width=args.width, height=900) as page:
            page.load(page_path)
            errors = page.errors()
            if errors:
                print(f"make_screenshot: the report has script errors: {errors[:3]}", file=sys.stderr)
                return 1
            box = page.evaluate("(() => { const r = document.querySelector('figure').getBoundingClientRect();"
                                " return [r.x, r.y + window.scrollY, r.width, r.height]; })()")
            clip = {"x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1}
            data = page.send("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                        "captureBeyondViewport": True})["data"]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(data))
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KB, {int(box[2])}x{int(box[3])} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
