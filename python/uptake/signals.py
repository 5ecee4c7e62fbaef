"""The signal registry: what each adoption signal is, where it comes from and how the pipeline treats it.

A :class:`Signal` declares its source, the project identity it needs (a :class:`uptake.Project` field), its
frequency, its kind (counts per period, levels, cumulative totals), its cleaning, trend model, crossover rule
and freshness, plus two plain functions: ``plan(project, first, last)`` returns the requests (no HTTP) and
``parse(project, answers, requests, first, last)`` turns the answers into a pandas Series. Adding a signal
means adding an entry here (and its source's planner and parser), not editing :func:`uptake.compare`.

Examples
--------
>>> import uptake
>>> uptake.signals.REGISTRY["papers"].frequency
'MS'
>>> sorted(uptake.signals.REGISTRY)
['downloads', 'github', 'pageviews', 'papers', 'questions']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core
from . import sources as _src
from .errors import NetworkError, ParseError
from .project import Project

__all__ = ["Signal", "REGISTRY", "register", "host_policies"]

Plan = Callable[[Project, int, int], List[Dict[str, Any]]]
Parse = Callable[[Project, Sequence[Any], Sequence[Mapping[str, Any]], int, int], pd.Series]


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
    if signal.source not in _src.DEFAULT_URLS:
        raise ValueError(f"register: unknown source {signal.source!r}; known: {sorted(_src.DEFAULT_URLS)}")
    REGISTRY[signal.name] = signal
    return signal


def host_policies(used: Sequence[Signal]) -> Dict[str, Dict[str, Any]]:
    """Per-host politeness for the sources of these signals (public hosts only, as in :mod:`uptake.sources`)."""
    out: Dict[str, Dict[str, Any]] = {}
    for s in used:
        base = _src._base(s.source, None)
        if base != _src.DEFAULT_URLS[s.source][1]:
            continue
        policy = dict(_src._POLICIES[s.source])
        if s.backoff_field:
            policy["max_concurrent"] = 1  # a body-level backoff can only delay requests that have not started
        out[base.split("://", 1)[1].split("/", 1)[0]] = policy
    return out


def _check_answers(signal: str, answers: Sequence[Any], accept: Sequence[int]) -> None:
    for a in answers:
        if a.status >= 400 and a.status not in accept:
            raise NetworkError(f"{signal}: {a.url} answered HTTP {a.status}: {a.text[:160]}")


# ------------------------------------------------------------------------------------ downloads (ClickHouse)

def _clickhouse_pair(sql: str) -> List[Dict[str, Any]]:
    base = _src._base("clickhouse", None)
    return [dict(_core.clickhouse_request(sql, base, "demo")),
            dict(_core.clickhouse_request(_core.clickhouse_count_sql(sql), base, "demo"))]


def _clickhouse_table(answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], sql: str) -> Dict[str, Any]:
    table, rows = _core.clickhouse_parse(answers[0].body, answers[0].url, sql)
    counted, _ = _core.clickhouse_parse(answers[1].body, answers[1].url, _core.clickhouse_count_sql(sql))
    if rows != int(counted["n"][0]):
        raise ParseError(f"clickhouse: the server returned {rows} of {int(counted['n'][0])} rows (a result-row cap "
                         "cut the answer); query a narrower date range")
    return table


def _daily_from_table(table: Mapping[str, Any], value: str, first: int, last: int, name: str) -> pd.Series:
    dates = table["date"]
    obs = {"day": (pd.to_datetime(dates).values.astype("datetime64[D]").astype(np.int64) if dates else np.empty(0, np.int64)),
           "key": [name] * len(dates), "value": np.asarray(table[value], dtype=float)}
    frame = _src._frame(obs)
    if name not in frame:
        frame[name] = np.nan
    return _src._regular(frame[[name]], first, last, "zero")[name]


def _downloads_sql(p: Project, first: int, last: int) -> str:
    return _core.clickhouse_daily_sql([p.pypi], first, last, "pypi")


def _plan_downloads(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return _clickhouse_pair(_downloads_sql(p, first, last))


def _parse_downloads(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int) -> pd.Series:
    table = _clickhouse_table(answers, requests, _downloads_sql(p, first, last))
    series = _daily_from_table({"date": table["date"], "downloads": table["downloads"]}, "downloads", first, last, p.name)
    return _src._attach(series.rename(p.name), "clickhouse_pypi", "downloads", "downloads/day", answers, projects=[p.pypi])


# ------------------------------------------------------------------------------------ GitHub stars (GH Archive)

def _stars_sql(p: Project, first: int, last: int) -> str:
    return _core.clickhouse_stars_sql(p.github, first, last, "github")


def _plan_github(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    _core.check_repo_name(p.github)
    return _clickhouse_pair(_stars_sql(p, first, last))


def _parse_github(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int) -> pd.Series:
    table = _clickhouse_table(answers, requests, _stars_sql(p, first, last))
    series = _daily_from_table(table, "stars", first, last, p.name)
    return _src._attach(series.rename(p.name), "github_stars", "stars", "stars/day", answers, repo=p.github,
                        method="clickhouse")


# ------------------------------------------------------------------------------------ Wikipedia page views

_PAGEVIEWS_FIRST = int((pd.Timestamp("2015-07-01") - pd.Timestamp("1970-01-01")).days)


def _plan_pageviews(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    base = _src._base("wikimedia", None)
    return [dict(_core.wikimedia_request(p.wikipedia, "en.wikipedia", "all-access", "user", max(first, _PAGEVIEWS_FIRST),
                                         last, base))]


def _parse_pageviews(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int) -> pd.Series:
    (a,) = answers
    if a.status == 404:
        raise NetworkError(f"pageviews: no data for {p.wikipedia!r} ({a.url}): check the title")
    frame = _src._frame(_core.wikimedia_parse(a.body, a.url))
    if "user" not in frame:
        frame["user"] = np.nan
    series = _src._regular(frame[["user"]], max(first, _PAGEVIEWS_FIRST), last, "zero")["user"]
    return _src._attach(series.rename(p.name), "wikipedia_pageviews", "page views", "views/day", answers,
                        article=p.wikipedia)


# ------------------------------------------------------------------------------------ Stack Overflow questions

def _plan_questions(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    key = os.environ.get("STACKEXCHANGE_KEY", "")
    reqs = [dict(r) for r in _core.stackexchange_requests(p.stackoverflow, "stackoverflow", first, last, "month", key,
                                                          _src._base("stackexchange", None))]
    for r in reqs:
        r["secrets"] = [key] if key else []
        r["backoff_field"] = "backoff"
    return reqs


def _parse_questions(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int) -> pd.Series:
    obs = _src._concat_obs(_core.stackexchange_parse(a.body, a.url, q["first"], p.stackoverflow)
                           for a, q in zip(answers, requests))
    return _src._attach(_src._counts_per_period(obs, p.name), "stackexchange", "questions", "questions/month", answers,
                        tag=p.stackoverflow)


# ------------------------------------------------------------------------------------ arXiv papers

def _plan_papers(p: Project, first: int, last: int) -> List[Dict[str, Any]]:
    return [dict(r) for r in _core.arxiv_requests(p.arxiv, first, last, "month", _src._base("arxiv", None))]


def _parse_papers(p: Project, answers: Sequence[Any], requests: Sequence[Mapping[str, Any]], first: int, last: int) -> pd.Series:
    obs = _src._concat_obs(_core.arxiv_parse(a.body, a.url, q["first"], p.arxiv) for a, q in zip(answers, requests))
    return _src._attach(_src._counts_per_period(obs, p.name), "arxiv", "papers", "papers/month", answers, query=p.arxiv)


_TREND = "log-linear OLS, HAC (Newey-West) 95% interval, recent window"
_CROSS = "projected crossing of the two log-linear trends (Fieller interval)"

register(Signal("downloads", "clickhouse", "pypi", "W", "counts", "spikes", True, _TREND, _CROSS, 2,
                _plan_downloads, _parse_downloads, break_source="clickhouse_pypi"))
register(Signal("github", "clickhouse", "github", "W", "counts", "none", False, _TREND, _CROSS, 2,
                _plan_github, _parse_github, break_source="github_stars"))
register(Signal("pageviews", "wikimedia", "wikipedia", "W", "counts", "none", False, _TREND, _CROSS, 2,
                _plan_pageviews, _parse_pageviews, accept_status=(404,), break_source="wikipedia_pageviews"))
register(Signal("questions", "stackexchange", "stackoverflow", "MS", "counts", "none", False, _TREND, _CROSS, 31,
                _plan_questions, _parse_questions, accept_status=(400,), break_source="stackexchange",
                backoff_field="backoff"))
register(Signal("papers", "arxiv", "arxiv", "MS", "counts", "none", False, _TREND, _CROSS, 31,
                _plan_papers, _parse_papers, accept_status=(400,), break_source="arxiv"))
