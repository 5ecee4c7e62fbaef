"""Smoke tests of an installed uptake wheel, as a Colab or Kaggle user gets it.

Run by ``.ci/wheel`` inside a fresh virtual environment with nothing but that environment on PATH (no compiler),
and by cibuildwheel's test step. Plain Python on purpose: the environment holds only uptake and its runtime
dependencies. Prints one line per check and a closing ``smoke: N passed, N failed`` line; exits 1 on any failure.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/support: the fixture server (standard library only)

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


@check
def installed_from_the_wheel_without_a_compiler():
    import uptake

    site = Path(uptake.__file__).resolve()
    assert "site-packages" in site.parts, f"uptake imported from {site}, not from an installed wheel"
    if "--no-compiler" in sys.argv:
        found = [c for c in ("cc", "gcc", "g++", "c++", "clang") if shutil.which(c)]
        assert not found, f"a compiler is on PATH: {found}"


@check
def the_bundled_libcurl_is_the_one_loaded():
    from uptake import _core  # noqa: F401  (loads libcurl)

    maps = Path("/proc/self/maps")
    if not maps.exists() or "--repaired" not in sys.argv:
        return
    curl = {line.split()[-1] for line in maps.read_text().splitlines() if "libcurl" in line}
    assert curl and all("uptake.libs" in p for p in curl), f"libcurl loaded from {sorted(curl)}"


@check
def bundled_conference_data_ships_in_the_wheel():
    import uptake

    df = uptake.datasets.conference_mentions()
    assert len(df) == 35 and "Horace He" in df.attrs["source"], (len(df), df.attrs)
    assert uptake.research_share.conference_share().results["pooled"].overtaker == "pytorch"


@check
def statistics_run():
    import numpy as np
    import pandas as pd

    import uptake

    days = pd.date_range("2024-01-01", periods=7 * 60, freq="D")
    t = np.arange(len(days))
    y = pd.Series(1000 * np.exp(0.002 * t) * (1 + 0.3 * (days.day_of_week < 5)), index=days, name="demo")
    res = uptake.stl(y)
    assert np.allclose(res.seasonal + res.trend + res.resid, y)
    weekly = uptake.resample(y, "W")
    fit = uptake.ols_trend(weekly, log=True)
    growth = fit.growth_per_year
    assert abs(growth.value - (np.exp(0.002 * 365.25) - 1)) < 0.05, growth
    ts = uptake.theil_sen(pd.Series(np.arange(50.0) * 2 + 1, index=pd.date_range("2024-01-01", periods=50)))
    assert abs(ts.slope - 2) < 1e-12


@check
def a_source_fetches_and_caches():
    from support.fault_server import FaultServer

    import uptake

    body = {"data": [{"category": "without_mirrors", "date": "2026-03-29", "downloads": 100},
                     {"category": "without_mirrors", "date": "2026-03-30", "downloads": 110},
                     {"category": "with_mirrors", "date": "2026-03-29", "downloads": 120},
                     {"category": "with_mirrors", "date": "2026-03-30", "downloads": 130}],
            "package": "demo", "type": "overall_downloads"}
    with tempfile.TemporaryDirectory() as cache, FaultServer() as server:
        import os

        os.environ["UPTAKE_CACHE_DIR"] = cache
        server.route("/api/packages/demo/overall", {"status": 200, "body": json.dumps(body)})
        frame = uptake.sources.pypistats("demo", base_url=server.url + "/api")
        again = uptake.sources.pypistats("demo", base_url=server.url + "/api")
        assert frame["without_mirrors"].tolist() == [100.0, 110.0], frame
        assert again.equals(frame) and server.count("/api/packages/demo/overall") == 1


@check
def the_sample_report_is_written():
    import uptake

    with tempfile.TemporaryDirectory() as out:
        path = uptake.report.write_report(uptake.compare(["incumbent", "challenger"], sample=True),
                                          Path(out) / "sample.html")
        text = path.read_text(encoding="utf-8")
        assert text.count("<svg") >= 5 and "Simulated sample" in text


def main() -> int:
    passed = failed = 0
    for fn in CHECKS:
        try:
            fn()
        except Exception:  # report every failing check, not only the first
            failed += 1
            print(f"FAIL {fn.__name__}\n{traceback.format_exc()}", flush=True)
        else:
            passed += 1
            print(f"ok   {fn.__name__}", flush=True)
    print(f"smoke: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
