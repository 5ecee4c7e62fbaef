"""The ``uptake`` command: reports, fetching and the cache, from a shell.

Exit codes: 0 success, 1 a network or data problem (message on stderr; ``report`` also returns 1 when any
requested signal failed, after writing a partial report), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from ._formats import FORMATS, render

__all__ = ["main"]

EPILOG = """examples:
  uptake report --sample                         offline sample report (simulated data) -> uptake-report.html
  uptake report torch tensorflow --start 2023-01-01 -o report.html
  uptake report torch tensorflow --add multiTimeline.csv --add jobs=jobs.csv
  uptake fetch pypistats torch --format markdown
  uptake fetch pypi torch --start 2024-06-01 --by installer --format table
  uptake fetch npm @tensorflow/tfjs --start 2024-01-01 -o tfjs.csv
  uptake fetch github_repo pytorch/pytorch --format json
  uptake cache info
exit codes: 0 done, 1 a signal or request failed (a report is still written, marked partial), 2 bad arguments.
environment: UPTAKE_OFFLINE=1 (cache only), UPTAKE_SAMPLE=1 (notebooks: use the simulated sample), UPTAKE_CACHE_DIR, GITHUB_TOKEN, STACKEXCHANGE_KEY, OPENALEX_API_KEY,
  and UPTAKE_<SOURCE>_URL to point a source at a mirror."""

REPORT_EXAMPLES = """examples:
  uptake report --sample
  uptake report torch tensorflow jax --signals downloads,github -o ml.html
  uptake report torch tensorflow --add multiTimeline.csv          (a Google Trends export)
  uptake report torch tensorflow --add jobs=job-posts.csv         (columns: date, torch, tensorflow)
  uptake report torch --offline --quiet                            (cache only, no summary)"""

FETCH_EXAMPLES = """examples:
  uptake fetch pypistats torch                                     (last 180 days, a table on a terminal)
  uptake fetch pypistats torch --format markdown
  uptake fetch pypi torch --start 2024-01-01 --format csv -o torch.csv
  uptake fetch pypi torch --start 2024-06-01 --by installer
  uptake fetch pypi torch --start 2024-06-01 --by country_code --format json
  uptake fetch stackexchange pytorch --start 2023-01-01
  uptake fetch github_repo pytorch/pytorch --format json"""

BY = ("ci", "installer", "system", "version", "python_minor", "country_code")

FETCHERS = ("pypistats", "pypi", "clickhouse_pypi", "npm", "github_repo", "github_commit_activity", "github_stars",
            "wikipedia_pageviews", "stackexchange", "arxiv", "openalex")


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    p = argparse.ArgumentParser(prog="uptake", description="Measure how fast software is being adopted.",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"uptake {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    talk = argparse.ArgumentParser(add_help=False)
    noise = talk.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only errors (and the data asked for)")
    noise.add_argument("-v", "--verbose", action="store_true", help="also say where each series came from")
    sub_parser = sub.add_parser

    def add_parser(name: str, **kw: object) -> argparse.ArgumentParser:
        return sub_parser(name, parents=[talk], formatter_class=argparse.RawDescriptionHelpFormatter, **kw)

    r = add_parser("report", help="build an HTML report comparing packages",
                   description="Fetch, clean, separate human downloads, fit trends and write an HTML report "
                               "(charts inline; interactive with the 'interactive' extra) plus a CSV of every series.",
                   epilog=REPORT_EXAMPLES)
    r.add_argument("packages", nargs="*", help="PyPI package names (torch, tensorflow, jax, keras are fully known)")
    r.add_argument("--signals", default="downloads,github,pageviews,questions,papers",
                   help="comma-separated: downloads, github, pageviews, questions, papers")
    r.add_argument("--start", help="first day (YYYY-MM-DD); default three years ago")
    r.add_argument("--end", help="last day (YYYY-MM-DD); default two days ago")
    r.add_argument("-o", "--output", default="uptake-report.html", help="HTML file to write")
    r.add_argument("--offline", action="store_true", help="answer from the cache only")
    r.add_argument("--sample", action="store_true", help="run offline on the bundled simulated sample")
    r.add_argument("--no-progress", action="store_true", help="no progress bars")
    r.add_argument("--add", action="append", default=[], metavar="[SIGNAL=]FILE",
                   help="add your own series: a Google Trends CSV export, or a CSV with a date column and one "
                        "column per package (repeatable; SIGNAL names it, default the file name)")
    r.add_argument("--static", action="store_true", help="static SVG charts even when plotly is installed")

    f = add_parser("fetch", help="fetch one source and print or save it",
                   description="Fetch one source and print it as a table, CSV, JSON or Markdown (or save with -o). "
                               "'pypi' is ClickPy's ClickHouse (full history; --by splits it).",
                   epilog=FETCH_EXAMPLES)
    f.add_argument("source", choices=FETCHERS)
    f.add_argument("name", help="package, repository (owner/name), article, tag or query")
    f.add_argument("--start", help="first day (YYYY-MM-DD)")
    f.add_argument("--end", help="last day (YYYY-MM-DD)")
    f.add_argument("--base-url", help="point the source at another server")
    f.add_argument("-o", "--output", help="file to write (default: stdout)")
    f.add_argument("--offline", action="store_true", help="answer from the cache only")
    f.add_argument("-f", "--format", choices=FORMATS, default=None,
                   help="table (default on a terminal), csv (default otherwise and with -o), json or markdown")
    f.add_argument("--by", choices=BY, help="pypi / clickhouse_pypi only: downloads per day split by this")

    k = add_parser("rank", help="rank PyPI packages by human growth, with intervals and ties",
                   description="Rank packages (or the --top most downloaded) by growth of non-CI downloads, "
                               "aggregated on ClickHouse or BigQuery in quota-sized chunks.")
    k.add_argument("packages", nargs="*", help="PyPI names (default: the --top most downloaded)")
    k.add_argument("--top", type=int, help="how many packages to rank or keep")
    k.add_argument("--since", required=True, help="first day (YYYY-MM-DD)")
    k.add_argument("--until", help="last day (YYYY-MM-DD); default yesterday")
    k.add_argument("--by", choices=("growth", "level", "share"), default="growth")
    k.add_argument("--human", choices=("ci_flag", "profile", "none"), default="ci_flag",
                   help="how people are separated from automation: the CI flag (default), the weekday/weekend "
                        "profile (no CI count: cheaper), or not at all")
    k.add_argument("--all-downloads", action="store_true", help="the same as --human none")
    k.add_argument("--seasonal", choices=("auto", "none"), default="auto",
                   help="fit the yearly cycle (holiday dip, summer lull) with the trend for packages with two years "
                        "of weeks (auto, default) or never (none)")
    k.add_argument("--row-cap", type=int, default=10_000, help="rows per query (0 = no cap, for your own server)")
    k.add_argument("--source", choices=("clickhouse", "bigquery"), default="clickhouse")
    k.add_argument("--base-url", help="ClickHouse HTTP address (default: the public ClickPy instance)")
    k.add_argument("--database", default="pypi")
    k.add_argument("--billing-project", help="BigQuery: the Google Cloud project billed (or $GOOGLE_CLOUD_PROJECT)")
    k.add_argument("--max-bytes", type=int, default=200 * 10**9,
                   help="BigQuery: most bytes one query may scan (default 200 GB; 0 = no limit)")
    k.add_argument("--report", metavar="HTML", help="also write a page with the top movers and their bands")
    k.add_argument("-f", "--format", choices=FORMATS, default="table")
    k.add_argument("--offline", action="store_true", help="answer from the cache only")

    c = add_parser("cache", help="inspect or clear the response cache",
                   epilog="examples:\n  uptake cache info\n  uptake cache clear")
    c.add_argument("action", choices=("info", "clear", "path"))
    return p


def _report(args: argparse.Namespace) -> int:
    from . import added
    from .compare import compare
    from .report import write_report

    specs = [added.parse_spec(a) for a in args.add]
    for _, path in specs:  # before any fetching: a typo costs nothing
        if not path.is_file():
            raise _BadArgs(f"--add: no such file {str(path)!r}")

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
    for label, path in specs:
        comparison = added.add_series(comparison, path, signal=label)
    path = write_report(comparison, args.output, interactive=False if args.static else None)
    if args.verbose:
        for row in comparison.provenance.itertuples():
            print(f"{row.package} {row.signal}: {row.source} {row.query}".rstrip(), file=sys.stderr)
    if not args.quiet:
        print(comparison.summary())
        print(f"\nwrote {path} and {Path(path).with_suffix('.csv')}" + (" (partial)" if comparison.problems else ""))
    if comparison.problems:
        for problem in comparison.problems:
            print(f"uptake report: failed: {_one_line(Exception(problem))}", file=sys.stderr)
        print(f"uptake report: {len(comparison.problems)} requested signal(s) failed; the report is partial",
              file=sys.stderr)
        return 1
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from . import sources

    offline = True if args.offline else None
    kw = {"base_url": args.base_url} if args.base_url else {}
    if args.quiet:
        kw["progress"] = False  # --quiet: no progress lines either
    source = "clickhouse_pypi" if args.source == "pypi" else args.source
    fn = getattr(sources, source)
    if args.by:
        if source != "clickhouse_pypi":
            raise _BadArgs(f"--by works with pypi (clickhouse_pypi) only, not {args.source}")
        kw["by"] = [args.by]
    dated = {"clickhouse_pypi", "npm", "wikipedia_pageviews", "stackexchange", "arxiv", "openalex"}
    if source in dated:
        if not args.start:
            print(f"uptake fetch {args.source}: --start is required", file=sys.stderr)
            return 2
        result = fn(args.name, args.start, args.end, offline=offline, **kw)
    elif source == "github_stars":
        result = fn(args.name, args.start, args.end, offline=offline, **kw)
    else:
        result = fn(args.name, offline=offline, **kw)
    fmt = args.format or ("table" if not args.output and sys.stdout.isatty() else "csv")
    text = render(result, fmt)
    rows = len(result) if hasattr(result, "__len__") else 1
    if args.verbose:
        attrs = getattr(result, "attrs", {})
        print(f"{attrs.get('source', source)}: {rows} rows; " + "; ".join(
            f"{k} {attrs[k]}" for k in ("last_complete_day", "from_cache", "fetched") if k in attrs), file=sys.stderr)
    if args.output:
        Path(args.output).write_text(text)
        if not args.quiet:
            print(f"wrote {rows} rows to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if rows == 0 and not args.quiet:
        print(f"uptake fetch {args.source}: no rows for {args.name!r} in this range", file=sys.stderr)
    return 0


def _rank(args: argparse.Namespace) -> int:
    from .ecosystem import rank

    if not args.packages and args.top is None:
        print("uptake rank: give packages, or --top N", file=sys.stderr)
        return 2
    human = {"ci_flag": True, "profile": "profile", "none": False}["none" if args.all_downloads else args.human]
    frame = rank(args.packages or None, top=args.top, since=args.since, until=args.until, by=args.by, human=human,
                 seasonal=args.seasonal, row_cap=args.row_cap, source=args.source, base_url=args.base_url,
                 database=args.database, billing_project=args.billing_project, max_bytes=args.max_bytes,
                 offline=True if args.offline else None)
    if args.report:
        from .rank_report import write_rank_report

        print(f"wrote {write_rank_report(frame, args.report)}", file=sys.stderr)
    # Unranked packages (short history) have missing ranks: as floats they print empty, never <NA>.
    ints = [c for c in frame.columns if str(frame[c].dtype) == "Int64"]
    sys.stdout.write(render(frame.astype({c: float for c in ints}), args.format))
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


class _BadArgs(ValueError):
    """An argument that parses but cannot be used (exit code 2)."""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def main(argv: Optional[List[str]] = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from .errors import NetworkError, ParseError

    try:
        return {"report": _report, "fetch": _fetch, "rank": _rank, "cache": _cache}[args.command](args)
    except (NetworkError, ParseError, OSError) as exc:
        print(f"uptake {args.command}: {_one_line(exc)}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"uptake {args.command}: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("uptake: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
