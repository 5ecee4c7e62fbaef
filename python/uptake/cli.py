"""The ``uptake`` command: reports, fetching and the cache, from a shell.

Exit codes: 0 success, 1 a network or data problem (message on stderr; ``report`` also returns 1 when any
requested signal failed, after writing a partial report), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

__all__ = ["main"]

EPILOG = """examples:
  uptake report --sample                         offline sample report (simulated data) -> uptake-report.html
  uptake report torch tensorflow --start 2023-01-01 -o report.html
  uptake fetch pypistats torch -o torch.csv
  uptake fetch npm @tensorflow/tfjs --start 2024-01-01 -o tfjs.csv
  uptake fetch github_repo pytorch/pytorch
  uptake cache info
exit codes: 0 done, 1 a signal or request failed (a report is still written, marked partial), 2 bad arguments.
environment: UPTAKE_OFFLINE=1 (cache only), UPTAKE_SAMPLE=1 (notebooks: use the simulated sample), UPTAKE_CACHE_DIR, GITHUB_TOKEN, STACKEXCHANGE_KEY, OPENALEX_API_KEY,
  and UPTAKE_<SOURCE>_URL to point a source at a mirror."""

FETCHERS = ("pypistats", "clickhouse_pypi", "npm", "github_repo", "github_commit_activity", "github_stars",
            "wikipedia_pageviews", "stackexchange", "arxiv", "openalex")


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(prog="uptake", description="Measure how fast software is being adopted.",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"uptake {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser("report", help="build an HTML report comparing packages",
                       description="Fetch, clean, separate human downloads, fit trends and write an HTML report "
                                   "(charts inline) plus a CSV of every series.")
    r.add_argument("packages", nargs="*", help="PyPI package names (torch, tensorflow, jax, keras are fully known)")
    r.add_argument("--signals", default="downloads,github,pageviews,questions,papers",
                   help="comma-separated: downloads, github, pageviews, questions, papers")
    r.add_argument("--start", help="first day (YYYY-MM-DD); default three years ago")
    r.add_argument("--end", help="last day (YYYY-MM-DD); default two days ago")
    r.add_argument("-o", "--output", default="uptake-report.html", help="HTML file to write")
    r.add_argument("--offline", action="store_true", help="answer from the cache only")
    r.add_argument("--sample", action="store_true", help="run offline on the bundled simulated sample")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")

    f = sub.add_parser("fetch", help="fetch one source into a CSV file",
                       description="Fetch one source and write it as CSV (to stdout without -o).")
    f.add_argument("source", choices=FETCHERS)
    f.add_argument("name", help="package, repository (owner/name), article, tag or query")
    f.add_argument("--start", help="first day (YYYY-MM-DD)")
    f.add_argument("--end", help="last day (YYYY-MM-DD)")
    f.add_argument("--base-url", help="point the source at another server")
    f.add_argument("-o", "--output", help="CSV file to write (default: stdout)")
    f.add_argument("--offline", action="store_true", help="answer from the cache only")

    c = sub.add_parser("cache", help="inspect or clear the response cache")
    c.add_argument("action", choices=("info", "clear", "path"))
    return p


def _report(args: argparse.Namespace) -> int:
    from .compare import compare
    from .report import write_report

    signals = [s.strip() for s in args.signals.split(",") if s.strip()]
    if args.sample:
        packages = args.packages or ["incumbent", "challenger"]
        comparison = compare(packages, signals=signals, sample=True, start=args.start, end=args.end)
    else:
        if not args.packages:
            print("uptake report: give one or more packages, or --sample for the offline sample", file=sys.stderr)
            return 2
        comparison = compare(args.packages, signals=signals, start=args.start, end=args.end,
                             offline=True if args.offline else None)
    path = write_report(comparison, args.output)
    print(comparison.summary())
    print(f"\nwrote {path} and {Path(path).with_suffix('.csv')}" + (" (partial)" if comparison.problems else ""))
    if comparison.problems:
        for problem in comparison.problems:
            print(f"uptake report: failed: {problem}", file=sys.stderr)
        print(f"uptake report: {len(comparison.problems)} requested signal(s) failed; the report is partial",
              file=sys.stderr)
        return 1
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from . import sources

    offline = True if args.offline else None
    kw = {"base_url": args.base_url} if args.base_url else {}
    fn = getattr(sources, args.source)
    dated = {"clickhouse_pypi", "npm", "wikipedia_pageviews", "stackexchange", "arxiv", "openalex"}
    if args.source in dated:
        if not args.start:
            print(f"uptake fetch {args.source}: --start is required", file=sys.stderr)
            return 2
        result = fn(args.name, args.start, args.end, offline=offline, **kw)
    elif args.source == "github_stars":
        result = fn(args.name, args.start, args.end, offline=offline, **kw)
    else:
        result = fn(args.name, offline=offline, **kw)
    text = result.to_csv()
    if args.output:
        Path(args.output).write_text(text)
        print(f"wrote {len(result)} rows to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _cache(args: argparse.Namespace) -> int:
    from . import cache

    if args.action == "path":
        print(cache.path())
    elif args.action == "info":
        info = cache.info()
        print(f"path:    {info['path']}\nentries: {info['entries']}\nbytes:   {info['bytes']:,}")
    else:
        cache.clear()
        print(f"cleared {cache.path()}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from .errors import NetworkError, ParseError

    try:
        return {"report": _report, "fetch": _fetch, "cache": _cache}[args.command](args)
    except (NetworkError, ParseError) as exc:
        print(f"uptake {args.command}: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"uptake {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("uptake: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
