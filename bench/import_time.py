"""Import time: `import uptake` vs `import statsmodels.api`, each in a fresh interpreter, interleaved rounds.

The figure is Python's own account (`python -X importtime`, the cumulative microseconds of the top-level
module), median over rounds. Also shown: the first use of a pandas-based function (`uptake.stl` on a
Series), which loads pandas and the seasonal module then.

    python bench/import_time.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

from _timing import machine, median

CASES = {
    "import uptake": ("import uptake", "uptake"),
    "import statsmodels.api": ("import statsmodels.api", "statsmodels.api"),
    "import uptake; uptake.stl on a Series (loads pandas)": (
        "import uptake, pandas as pd; uptake.stl(pd.Series(range(28), dtype=float), 7)", None),
}


def seconds(code: str, module: str | None) -> float:
    """Import time of `module` by -X importtime, or the whole interpreter run's wall time minus start-up."""
    if module is None:
        script = "import time; t = time.perf_counter(); " + code + "; print(time.perf_counter() - t)"
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        return float(out.stdout.split()[-1])
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         check=True)
    for line in out.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)$", line)
        if match and match.group(2) == module:
            return int(match.group(1)) / 1e6
    raise RuntimeError(f"no importtime line for {module}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    print(f"bench/import_time.py; {machine()}")
    times = {name: [] for name in CASES}
    for _ in range(args.rounds):
        for name, (code, module) in CASES.items():
            times[name].append(seconds(code, module))
    ours = median(times["import uptake"])
    for name, values in times.items():
        print(f"  {name:55s} {median(values):6.3f} s  (median of {args.rounds})")
    print(f"  statsmodels.api / uptake: {median(times['import statsmodels.api']) / ours:.1f}x")


if __name__ == "__main__":
    main()
