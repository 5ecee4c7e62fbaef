"""Run the API fuzz harness with a larger budget and print the outcome table (pasted into the README).

    PYTHONPATH=build/dev/python python tools/api_fuzz.py --budget 20000 --seed 1

Each call runs in a worker process with a timeout; see tests/support/api_fuzz.py for the cases and the
classification. Findings other than clear errors are listed after the table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support import api_fuzz  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=20000, help="cases drawn (duplicates are skipped)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a call counts as a hang")
    args = parser.parse_args()
    t0 = time.monotonic()
    result = api_fuzz.run(args.budget, args.seed, timeout=args.timeout)
    print(f"API fuzz: budget {args.budget}, seed {args.seed}, timeout {args.timeout:g} s, "
          f"{time.monotonic() - t0:.0f} s wall")
    print(api_fuzz.format_table(result))
    for f in result["findings"]:
        print(f"- {f['kind']}: {f['function']}({f['param']}={f['tag']}): {f.get('type')}: "
              f"{f.get('message', '')[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
