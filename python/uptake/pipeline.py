"""The comparison pipeline as named steps with plain inputs and outputs.

    resolve -> plan -> fetch -> clean -> split_humans -> adjust -> fit_trends -> cross -> published_figures

Each step is usable on its own: ``resolve`` turns specs into :class:`uptake.Project` objects; ``plan`` lists
every request of every project and signal (no HTTP); ``fetch`` runs them all in ONE engine batch (each host
keeps its own politeness, different hosts proceed in parallel) and parses them into raw series keyed by
``(project, signal)``; ``clean`` flags spikes and brings each series to its signal's frequency; ``split_humans``
separates human from automated downloads; ``adjust`` removes the yearly wave; ``fit_trends`` fits the
log-linear trends; ``cross`` projects crossovers for every signal where both series exist;
``published_figures`` adds the published comparisons registered for exactly these projects.
:func:`uptake.compare` composes them. Every step works on dictionaries keyed by (project, signal), so the
cost grows linearly with the number of projects.

Examples
--------
>>> import uptake
>>> from uptake import pipeline
>>> projects, problems = pipeline.resolve(["a", "b"], sample=True)
>>> raw = pipeline.sample_inputs(projects, "2023-01-02", 3 * 364, seed=1)
>>> sorted({signal for _, signal in raw})
['downloads', 'human_truth', 'pageviews', 'papers']
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _fetch
from . import figures as _figures
from .clean import find_spikes
from .crossover import CrossoverResult, crossover
from .errors import NetworkError, ParseError
from .normalize import human_downloads, human_downloads_flagged
from .project import BUNDLED, IDENTITY_FIELDS, Project, resolve_all
from .seasonal import stl
from .signals import CI_BREAKDOWN, REGISTRY, Signal, host_policies
from .timeseries import resample
from .trend import ols_trend

__all__ = ["Unavailable", "resolve", "plan", "fetch", "clean", "split_humans", "adjust", "fit_trends", "cross", "published_figures", "fit_recent",
           "sample_inputs", "Task", "Key"]

Key = Tuple[str, str]  # (project name, signal name)


_REQUEST_FAILED = re.compile(r"^[A-Z]+ [a-z]+://([^/?#\s]+)\S* failed: (.*?)(?: \(after \d+ attempts?: .*)?$")


def _short(exc: BaseException, limit: int = 160) -> str:
    """One short line for an error: "host: reason" for a failed request, else its first line, cut."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    match = _REQUEST_FAILED.match(text)
    if match:
        text = f"{match.group(1)}: {match.group(2)}"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _day(ts: Any) -> int:
    return int((pd.Timestamp(ts).normalize() - pd.Timestamp("1970-01-01")).days)


# ------------------------------------------------------------------------------------------------ resolve

def resolve(specs: Union[str, Project, Sequence[Union[str, Project]]], *, sample: bool = False,
            offline: Optional[bool] = None) -> Tuple[List[Project], List[str]]:
    """Projects from specs, and the problems met; a string is one project, never a sequence of characters.

    With ``sample=True`` nothing is looked up: each name labels a simulated project. When a lookup cannot be
    made (no network, offline without a cached answer) a project in :data:`uptake.project.BUNDLED` keeps its
    bundled identities; any other keeps the name it was given as its package name, and the signals needing
    the identities it lacks are reported with the reason (``found_by["lookup"]``). An unknown name raises
    ValueError.
    """
    if isinstance(specs, (str, Project)):
        specs = [specs]
    specs = list(specs)
    if not specs:
        raise ValueError("compare: give one or more projects")
    problems: List[str] = []
    if sample:
        empty = {f: "" for f in IDENTITY_FIELDS}
        projects = [s if isinstance(s, Project) else Project(str(s), **{**empty, "label": "simulated " + str(s)})
                    for s in specs]
    else:
        try:
            projects = resolve_all(specs, offline=offline)
        except NetworkError:
            projects = []
            for spec in specs:
                try:
                    projects.append(resolve_all([spec], offline=offline)[0])
                except NetworkError as exc:
                    projects.append(_unresolved(spec, _short(exc)))
    names = [p.name for p in projects]
    if len(set(names)) != len(names):
        raise ValueError(f"compare: give distinct projects (got {names})")
    return projects, problems


def _unresolved(spec: Union[str, Project], reason: str) -> Project:
    """A project whose lookups failed: the bundled identities when there are some, else only its name."""
    lookup = {"lookup": f"failed ({reason})"}
    if isinstance(spec, Project):
        return spec.replace(found_by={**spec.found_by, **lookup})
    kind, _, value = spec.rpartition(":")
    kind = kind or "pypi"
    if kind == "pypi" and value in BUNDLED:
        return BUNDLED[value].replace(found_by={**lookup, **{f: "bundled" for f in IDENTITY_FIELDS if BUNDLED[value].has(f)}})
    return Project(value, **{kind: value}, found_by=lookup, unresolved=("github", "wikipedia", "stackoverflow"))


# ------------------------------------------------------------------------------------------------ plan

@dataclass
class Task:
    """The requests of one project's signal, and the window they cover (days since 1970-01-01)."""

    project: Project
    signal: Signal
    first: int
    last: int
    requests: List[Dict[str, Any]] = field(default_factory=list)
    optional: bool = False  # a failure is a note for the step that uses it, not a missing signal

    @property
    def key(self) -> Key:
        return (self.project.name, self.signal.name)


def plan(projects: Sequence[Project], signals: Sequence[str], start: Any, end: Any) -> Tuple[List[Task], List[str]]:
    """Every request of every project and signal, planned before anything is fetched.

    Returns the tasks and the problems (a project without the identity a signal needs, an invalid name).
    """
    unknown = [s for s in signals if s not in REGISTRY]
    if unknown:
        raise ValueError(f"compare: unknown signals {sorted(unknown)}; choose from {sorted(REGISTRY)}")
    first, last = _day(start), _day(end)
    tasks: List[Task] = []
    problems: List[str] = []
    for p in projects:
        for name in signals:
            sig = REGISTRY[name]
            ident = getattr(p, sig.identity)
            if not ident:
                if ident is None:
                    why = p.found_by.get("lookup")
                    problems.append(f"{p.display} {name}: no {sig.identity} identity was found "
                                    + (f"(identity lookup {why})" if why else "(unresolved)"))
                continue
            try:
                tasks.append(Task(p, sig, first, last, sig.plan(p, first, last)))
                if sig.human_split:
                    tasks.append(Task(p, CI_BREAKDOWN, first, last, CI_BREAKDOWN.plan(p, first, last), optional=True))
            except ValueError as exc:
                problems.append(f"{p.display} {name}: {_short(exc)}")
    return tasks, problems


# ------------------------------------------------------------------------------------------------ fetch

@dataclass(frozen=True)
class Unavailable:
    """What an optional task (the CI-flag breakdown) left in the fetched data when it failed: the reason."""

    reason: str


def fetch(tasks: Sequence[Task], *, offline: Optional[bool] = None,
          progress: Optional[bool] = None) -> Tuple[Dict[Key, Any], List[str]]:
    """Run every task's requests in one engine batch and parse each task's answers into a Series.

    A failed request costs only its own signal: when the batch reports a failure, the tasks are re-run one by
    one (the answers already fetched come from the cache) to tell which signals are missing and why. An
    optional task that fails leaves :class:`Unavailable` with the reason instead of a problem.
    """
    requests = [dict(r) for t in tasks for r in t.requests]
    accept = tuple(sorted({s for t in tasks for s in t.signal.accept_status} | set(range(400, 600))))
    policies = host_policies([t.signal for t in tasks])
    out: Dict[Key, pd.Series] = {}
    problems: List[str] = []
    if not requests:
        return out, problems
    # Identical requests (the monthly conda file every project reads) are sent once and shared.
    keys = [repr(sorted((k, repr(v)) for k, v in r.items())) for r in requests]
    unique = dict(zip(keys, requests))
    try:
        fetched = dict(zip(unique, _fetch.fetch(list(unique.values()), offline=offline, progress=progress,
                                                host_policies=policies, description="compare", accept_status=accept)))
        answers = [fetched[k] for k in keys]
        grouped = []
        i = 0
        for t in tasks:
            grouped.append(answers[i:i + len(t.requests)])
            i += len(t.requests)
    except NetworkError:
        grouped = []
        for t in tasks:
            try:
                grouped.append(_fetch.fetch([dict(r) for r in t.requests], offline=offline, progress=False,
                                            host_policies=policies, description=t.signal.name, accept_status=accept))
            except NetworkError as exc:
                grouped.append(exc)
    for t, got in zip(tasks, grouped):
        try:
            if isinstance(got, NetworkError):
                raise got
            _check_status(t, got)
            out[t.key] = t.signal.parse(t.project, got, t.requests, t.first, t.last, offline=offline)
        except (NetworkError, ParseError, ValueError) as exc:
            if t.optional:
                out[t.key] = Unavailable(str(exc))
            else:
                problems.append(f"{t.project.display} {t.signal.name}: {_short(exc)}")
    return out, problems


def _check_status(t: Task, answers: Sequence[Any]) -> None:
    for a in answers:
        if a.status >= 400 and a.status not in t.signal.accept_status:
            host = a.url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0]
            raise NetworkError(f"{host} answered HTTP {a.status}: {a.text[:120]}")


# ------------------------------------------------------------------------------------------------ sample

def sample_inputs(projects: Sequence[Project], start: Any, days: int, seed: int) -> Dict[Key, pd.Series]:
    """Simulated daily downloads (with their human truth), page views and monthly paper counts."""
    from .simulate import downloads

    settings = [dict(human_level=9000, automated_level=7000, human_growth=0.10, automated_growth=0.35),
                dict(human_level=2500, automated_level=1500, human_growth=0.85, automated_growth=0.60),
                dict(human_level=800, automated_level=600, human_growth=0.60, automated_growth=0.50)]
    out: Dict[Key, pd.Series] = {}
    rng = np.random.default_rng(seed)
    for i, p in enumerate(projects):
        sim = downloads(pd.Timestamp(start), days, spikes=8, seed=seed + i, name=p.name, **settings[i % len(settings)])
        monthly_papers = resample(sim["human_mean"] / 400.0, "MS", how="sum")
        papers = pd.Series(rng.poisson(monthly_papers.to_numpy()).astype(float), index=monthly_papers.index)
        out[(p.name, "downloads")] = sim["total"].rename(p.name)
        out[(p.name, "pageviews")] = sim["reference"].rename(p.name)
        out[(p.name, "papers")] = papers.rename(p.name)
        out[(p.name, "human_truth")] = sim["human"].rename(p.name)
    return out


# ------------------------------------------------------------------------------------------------ clean

def clean(raw: Mapping[Key, pd.Series]) -> Tuple[Dict[Key, pd.Series], Dict[Key, int]]:
    """Each series at its signal's frequency (counts summed), and the number of spikes flagged per series.

    Spikes are flagged (robust STL residuals) on the daily series of signals whose cleaning is "spikes"; they
    are not removed here: the human split treats surges as automated traffic.
    """
    out: Dict[Key, pd.Series] = {}
    spikes: Dict[Key, int] = {}
    for key, series in raw.items():
        sig = REGISTRY.get(key[1])
        if sig is None or not isinstance(series, pd.Series):
            continue
        s = series.astype(float)
        if sig.cleaning == "spikes" and len(s) >= 14 and s.notna().all():
            spikes[key] = int(find_spikes(s)["spike"].sum())
        if sig.frequency == "MS" and _is_periodic(s):
            out[key] = s
        else:
            out[key] = resample(s, sig.frequency, how="sum" if sig.kind == "counts" else "mean")
    return out, spikes


def _is_periodic(s: pd.Series) -> bool:
    # Monthly counts from the sources are already one point per month, labelled by the month's first day.
    return len(s) > 0 and bool((s.index.day == 1).all())


# ------------------------------------------------------------------------------------------------ split

def split_humans(daily: pd.Series, reference: Optional[pd.Series] = None, ci_breakdown: Any = None, *,
                 simulated: bool = False) -> pd.DataFrame:
    """Weekly human and automated downloads with the human interval, and which path produced each week
    (column ``path``).

    With a CI-flag breakdown (live PyPI: the ``ci`` split from ClickHouse) its flagged period calibrates the
    profiles and carries them back (:func:`uptake.normalize.human_downloads_flagged`). Without it (sample data,
    a fetch failure given as :class:`Unavailable`, no flagged period): weekly-profile unmixing with the page
    views as the human reference (at least 35 days), or a stated human weekend ratio of 0.45; the reason the
    flag was not used is kept in the assumptions (``ci_flag_not_used``), not reported as a missing signal.
    ``simulated=True`` states the simulator's flat automated traffic (automated weekend ratio 1.0).
    """
    why_not = ci_breakdown.reason if isinstance(ci_breakdown, Unavailable) else None
    usable_ref = reference is not None and len(reference.dropna()) >= 35
    ref = reference.reindex(daily.index) if usable_ref else None
    with warnings.catch_warnings():
        # Low-share and weak-contrast warnings are recorded in the assumptions (and the report) instead.
        warnings.simplefilter("ignore", UserWarning)
        if isinstance(ci_breakdown, pd.DataFrame):
            try:
                return human_downloads_flagged(ci_breakdown, reference=ref)
            except (NetworkError, ParseError, ValueError) as exc:
                why_not = str(exc)
        flat = {"automated_weekend_ratio": 1.0} if simulated else {}
        if usable_ref:
            split = human_downloads(daily, reference=ref, **flat)
        else:
            split = human_downloads(daily, human_weekend_ratio=0.45, **flat)
    split["path"] = "profile_unmixing"
    if why_not is not None:
        split.attrs["assumptions"]["ci_flag_not_used"] = why_not
    return split


# ------------------------------------------------------------------------------------------------ adjust

ADJUSTMENT = "robust STL, period 52 weeks, periodic seasonal, log scale"


def adjust(weekly: pd.Series) -> Tuple[pd.Series, bool]:
    """Remove the yearly wave from a weekly series (robust STL on the log scale) when three full years are there.

    Returns the series (adjusted, or unchanged) and whether it was adjusted.
    """
    clean_ = weekly.dropna()
    if len(clean_) >= 3 * 52 and (clean_ > 0).all() and len(clean_) == len(weekly):
        dec = stl(np.log(clean_), 52, seasonal="periodic", robust=True)
        return np.exp(np.log(clean_) - dec.seasonal), True
    return weekly, False


# ------------------------------------------------------------------------------------------------ trends

def fit_trends(series: Mapping[Key, pd.Series], trend_years: float) -> Tuple[pd.DataFrame, Dict[Key, pd.DataFrame]]:
    """Log-linear trends with HAC intervals on the last ``trend_years`` of each series.

    Returns the growth table (one row per project and signal) and the fitted bands (``trend``,
    ``trend_low``, ``trend_high`` on the original scale) per key. Series with fewer than 8 positive points
    in the window are skipped.
    """
    rows: List[Dict[str, Any]] = []
    bands: Dict[Key, pd.DataFrame] = {}
    for (name, signal), y in series.items():
        fitted = fit_recent(y, trend_years)
        if fitted is not None:
            rows.append({"package": name, "signal": signal, **fitted[0]})
            bands[(name, signal)] = fitted[1]
    return pd.DataFrame(rows), bands


def fit_recent(y: pd.Series, trend_years: float) -> Optional[Tuple[Dict[str, Any], pd.DataFrame]]:
    """One series' trend on its last ``trend_years``: the growth row (growth per year and doubling time with
    their intervals, window, points) and the band (trend, trend_low, trend_high), or None below 8 points."""
    recent = _recent(y, trend_years)
    if len(recent) < 8:
        return None
    fit = ols_trend(recent, log=True)
    g, d = fit.growth_per_year, fit.doubling_time
    row = {"growth_per_year": g.value, "low": g.low, "high": g.high, "doubling_years": d.value,
           "doubling_low": d.low, "doubling_high": d.high, "from": recent.index[0], "to": recent.index[-1],
           "points": len(recent)}
    band = fit.to_frame()
    return row, pd.DataFrame({kind: np.exp(band[col]) for kind, col in
                              (("trend", "fitted"), ("trend_low", "fitted_low"), ("trend_high", "fitted_high"))})


def _recent(y: pd.Series, years: float) -> pd.Series:
    y = y.dropna()
    if len(y) == 0:
        return y
    recent = y[y.index >= y.index[-1] - pd.Timedelta(days=int(365.25 * years))]
    return recent[recent > 0]


# ------------------------------------------------------------------------------------------------ cross

ALL_PAIRS_UP_TO = 6


def cross(series: Mapping[Key, pd.Series], names: Sequence[str], signals: Sequence[str],
          trend_years: float, horizon: str = "3Y", pairs: str = "auto") -> Tuple[Dict[tuple, CrossoverResult], List[str]]:
    """Crossovers for every signal where both series of a pair exist.

    ``pairs="all"``: every pair of projects (the number of pairs grows with the square of the projects);
    ``"leader"``: each project against the signal's leader (highest level over the last eight points), which
    keeps the cost linear; ``"auto"`` (default): all pairs up to six projects, the leader beyond. Keys are
    ``(signal, a, b)`` with ``a`` before ``b`` in the order the projects were given.
    """
    if pairs not in ("auto", "all", "leader"):
        raise ValueError(f"cross: pairs must be 'auto', 'all' or 'leader', got {pairs!r}")
    out: Dict[tuple, CrossoverResult] = {}
    problems: List[str] = []
    order = {n: i for i, n in enumerate(names)}
    for signal in signals:
        recent = {}
        for n in names:
            y = series.get((n, signal))
            if y is not None:
                y = y.dropna()
                y = y[y > 0]
                if len(y) >= 8:
                    recent[n] = y
        present = [n for n in names if n in recent]
        if len(present) < 2:
            continue
        if pairs == "all" or (pairs == "auto" and len(present) <= ALL_PAIRS_UP_TO):
            todo = list(combinations(present, 2))
        else:
            leader = max(present, key=lambda n: float(recent[n].iloc[-8:].mean()))
            todo = [tuple(sorted((leader, n), key=order.get)) for n in present if n != leader]
        for a, b in todo:
            ya, yb = recent[a], recent[b]
            recent_start = max(ya.index[-1], yb.index[-1]) - pd.Timedelta(days=int(365.25 * trend_years))
            try:
                out[(signal, a, b)] = crossover(ya[ya.index >= recent_start].rename(a),
                                                yb[yb.index >= recent_start].rename(b), horizon=horizon)
            except ValueError as exc:
                problems.append(f"crossover {signal} {a}/{b}: {exc}")
    return out, problems


# ------------------------------------------------------------------------------------------------ figures

def published_figures(names: Sequence[str], monthly_papers: Mapping[str, pd.Series], labels: Mapping[str, str],
                      papers_source: str) -> pd.DataFrame:
    """Share statistics: the published comparisons registered for these projects
    (:func:`uptake.figures.comparisons_for`), and the papers rate ratio of the first two projects."""
    rows = [c.statistic() for c in _figures.comparisons_for(names)]
    if len(names) >= 2 and names[0] in monthly_papers and names[1] in monthly_papers:
        from .shares import rate_ratio

        a, b = names[0], names[1]
        ka, kb = monthly_papers[a].sum(), monthly_papers[b].sum()
        r = rate_ratio(int(kb), int(ka))
        rows.append({"comparison": f"papers: {labels[b]} vs {labels[a]} ({int(kb)} vs {int(ka)})",
                     "estimate": r.ratio, "low": r.low, "high": r.high, "p_value": r.p_value,
                     "method": "exact Poisson rate ratio", "source": papers_source})
    return pd.DataFrame(rows)
