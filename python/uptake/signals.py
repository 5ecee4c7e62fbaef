"""The signal registry: what each adoption signal is, where it comes from and how the pipeline treats it.

A :class:`Signal` declares its source, the project identity it needs (a :class:`uptake.Project` field), its
frequency, its kind (counts per period, levels, cumulative totals), its cleaning, trend model, crossover rule
and freshness, plus two plain functions: ``plan(project, first, last)`` returns the requests (no HTTP) and
``parse(project, answers, requests, first, last, offline=None)`` turns the answers into a pandas Series. Adding a signal
means adding an entry here (and its source's planner and parser), not editing :func:`uptake.compare`.

Examples
--------
>>> import uptake
>>> uptake.signals.REGISTRY["papers"].frequency
'MS'
>>> sorted(uptake.signals.REGISTRY)
['conda', 'downloads', 'github', 'pageviews', 'papers', 'questions']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

import pandas as pd

from ._credentials import credential
from .project import Project
from .sources._common import _POLICIES, DEFAULT_URLS, _base
from .sources.arxiv import _papers_finish, _papers_requests
from .sources.clickhouse import (_clickhouse_credentials, _clickhouse_daily_finish, _clickhouse_daily_requests,
                                 _clickhouse_split_finish, _clickhouse_split_requests)
from .sources.conda import _conda_finish, _conda_requests
from .sources.gharchive import _stars_clickhouse_finish, _stars_clickhouse_requests
from .sources.stackexchange import _questions_finish, _questions_requests
from .sources.wikimedia import _pageviews_finish, _pageviews_requests

__all__ = ["Signal", "REGISTRY", "CI_BREAKDOWN", "register", "host_policies"]

Plan = Callable[[Project, int, int], List[Dict[str, Any]]]
Parse = Callable[..., pd.Series]  # (project, answers, requests, first, last, offline=None) -> Series


@dataclass(frozen=True)
class Signal:
    """One adoption signal.

    Attributes
    ----------
    name : str
        Key in results ("downloads").
    source : str
        Source name in :data:`uptake.sources.DEFAULT_URLS` (its host's politeness applies).
    identity : str
        The :class:`uptake.Project` field the source needs (a project without it skips the signal).
    frequency : str
        The frequency the pipeline analyses it at ("W" weekly sums, "MS" monthly counts).
    kind : {"counts", "levels", "cumulative"}
        Counts per period are summed when resampled; levels are averaged; cumulative totals are differenced.
    cleaning : {"spikes", "none"}
        "spikes" flags release-day and mirror spikes in the daily series (reported, not removed).
    human_split : bool
        Whether the human/automated split applies (downloads only).
    trend : str
        The trend model fitted (log-linear OLS with HAC intervals on the recent window).
    crossover : str
        How two projects' curves are compared (the projected crossing of their log-linear trends).
    freshness_days : int
        How many days behind today the last complete point normally is.
    plan, parse : callables
        The request planner and the answer parser (see the module docstring).
    accept_status : tuple of int
        HTTP statuses whose answers the parser reads (an API's JSON error) instead of a fetch failure.
    break_source : str
        The source name in the break registry (:func:`uptake.clean.known_breaks`).
    """

    name: str
    source: str
    identity: str
    frequency: str
    kind: str
    cleaning: str
    human_split: bool
    trend: str
    crossover: str
    freshness_days: int
    plan: Plan
    parse: Parse
    accept_status: tuple = ()
    break_source: str = ""
    backoff_field: str = ""


REGISTRY: Dict[str, Signal] = {}


def register(signal: Signal) -> Signal:
    """Add (or replace) a signal in the registry; returns it."""
    if signal.kind not in ("counts", "levels", "cumulative"):
        raise ValueError(f"register: kind must be 'counts', 'levels' or 'cumulative', got {signal.kind!r}")
    if signal.source not in DEFAULT_URLS:
        raise ValueError(f"register: unknown source {signal.source!r}; known: {sorted(DEFAULT_URLS)}")
    REGISTRY[signal.name] = signal
    return signal


def host_policies(used: Sequence[Signal]) -> Dict[str, Dict[str, Any]]:
    """Per-host politeness for the sources of these signals (public hosts only, as in :mod:`uptake.sources`)."""
    out: Dict[str, Dict[str, Any]] = {}
    for s in used:
        base = _base(s.source, None)
        if base != DEFAULT_URLS[s.source][1]:
            continue
        policy = dict(_POLICIES[s.source])
        if s.backoff_field:
            policy["max_concurrent"] = 1  # a body-level backoff can only delay requests that have not started
        out[base.split("://", 1)[1].split("/", 1)[0]] = policy
    return out


# Each signal's plan and parse call the same request builders and readers as the public source functions,
# so a series fetched by the pipeline is exactly what `uptake.sources.<source>(...)` returns.

def _clickhouse() -> tuple:
    """(base, user, password) of the ClickHouse server, as the source functions find them."""
    return (_base("clickhouse", None), *_clickhouse_credentials(None, None))


def _plan_downloads(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return _clickhouse_daily_requests([p.pypi], first, last, *_clickhouse(), "pypi")


def _parse_downloads(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int,
                     offline: Optional[bool] = None) -> pd.Series:
    frame = _clickhouse_daily_finish([p.pypi], answers, first, last, *_clickhouse(), "pypi", offline)
    return _keep_attrs(frame.iloc[:, 0], frame).rename(p.name)


def _plan_downloads_ci(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return _clickhouse_split_requests(p.pypi, first, last, ["ci"], *_clickhouse(), "pypi")


def _parse_downloads_ci(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int,
                        last: int, offline: Optional[bool] = None) -> pd.DataFrame:
    return _clickhouse_split_finish(p.pypi, ["ci"], answers, first, last, "pypi")


def _plan_github(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return _stars_clickhouse_requests(p.github, first, last, *_clickhouse())


def _parse_github(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int,
                  offline: Optional[bool] = None) -> pd.Series:
    return _stars_clickhouse_finish(p.github, answers, first, last).rename(p.name)


_PAGEVIEWS_FIRST = int((pd.Timestamp("2015-07-01") - pd.Timestamp("1970-01-01")).days)


def _plan_pageviews(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return _pageviews_requests(p.wikipedia, max(first, _PAGEVIEWS_FIRST), last, _base("wikimedia", None))


def _parse_pageviews(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int,
                     offline: Optional[bool] = None) -> pd.Series:
    frame = _pageviews_finish(p.wikipedia, answers, max(first, _PAGEVIEWS_FIRST), last)
    return _keep_attrs(frame["user"], frame).rename(p.name)


def _questions_key() -> str:
    return credential(None, "STACKEXCHANGE_KEY", "stackexchange", "key", "stackexchange: key") or ""


def _plan_questions(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    key = _questions_key()
    reqs = _questions_requests(p.stackoverflow, "stackoverflow", first, last, "month", key, _base("stackexchange", None))
    for r in reqs:
        r["secrets"] = [key] if key else []
        r["backoff_field"] = "backoff"
    return reqs


def _parse_questions(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int,
                     offline: Optional[bool] = None) -> pd.Series:
    return _questions_finish(p.stackoverflow, "stackoverflow", "month", _questions_key(), _base("stackexchange", None),
                             answers, requests, last, offline).rename(p.name)


def _plan_papers(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return _papers_requests(p.arxiv, first, last, "month", _base("arxiv", None))


def _parse_papers(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int,
                  offline: Optional[bool] = None) -> pd.Series:
    return _papers_finish(p.arxiv, "month", answers, requests, last).rename(p.name)


def _plan_conda(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return _conda_requests(first, last, _base("anaconda", None))


def _parse_conda(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int,
                 offline: Optional[bool] = None) -> pd.Series:
    frame = _conda_finish([p.conda], answers, first, last)
    return _keep_attrs(frame.iloc[:, 0], frame).rename(p.name)


def _keep_attrs(series: pd.Series, frame: pd.DataFrame) -> pd.Series:
    series.attrs.update(frame.attrs)
    return series


_TREND = "log-linear OLS, HAC (Newey-West) 95% interval, recent window"
_CROSS = "projected crossing of the two log-linear trends (Fieller interval)"

register(Signal("downloads", "clickhouse", "pypi", "W", "counts", "spikes", True, _TREND, _CROSS, 2,
                _plan_downloads, _parse_downloads, break_source="clickhouse_pypi"))
# Not a signal of its own: the CI-flag breakdown the human split of live PyPI downloads calibrates on. Planned
# with the downloads (same batch); when it cannot be fetched the split falls back and says why.
CI_BREAKDOWN = Signal("downloads_ci", "clickhouse", "pypi", "D", "counts", "none", False, "", "", 2,
                      _plan_downloads_ci, _parse_downloads_ci)

register(Signal("github", "clickhouse", "github", "W", "counts", "none", False, _TREND, _CROSS, 2,
                _plan_github, _parse_github, break_source="github_stars"))
register(Signal("pageviews", "wikimedia", "wikipedia", "W", "counts", "none", False, _TREND, _CROSS, 2,
                _plan_pageviews, _parse_pageviews, accept_status=(404,), break_source="wikipedia_pageviews"))
register(Signal("questions", "stackexchange", "stackoverflow", "MS", "counts", "none", False, _TREND, _CROSS, 31,
                _plan_questions, _parse_questions, accept_status=(400,), break_source="stackexchange",
                backoff_field="backoff"))
register(Signal("papers", "arxiv", "arxiv", "MS", "counts", "none", False, _TREND, _CROSS, 31,
                _plan_papers, _parse_papers, accept_status=(400,), break_source="arxiv"))
# conda downloads (Anaconda's public package data): monthly, all channels summed, next to PyPI's downloads and
# never added to them (other installs, other users). Not among compare's default signals: every month is one
# Parquet file of tens of MB (shared by all projects, fetched once per batch and cached); needs pyarrow.
register(Signal("conda", "anaconda", "conda", "MS", "counts", "none", False, _TREND, _CROSS, 35,
                _plan_conda, _parse_conda, accept_status=(403, 404), break_source="conda_downloads"))
