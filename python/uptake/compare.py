"""The whole pipeline for a handful of packages: fetch -> clean -> separate humans -> adjust -> trend -> compare.

``uptake.compare(["torch", "tensorflow"])`` fetches each signal, removes spikes, splits human from automated
downloads, fits log-linear trends with autocorrelation-aware intervals, projects crossovers between every pair, and gathers the
share statistics of the published figures, into one :class:`Comparison` that the charts and the HTML report use.
``sample=True`` runs the same pipeline offline on simulated download series (labelled as simulated).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import pandas as pd

from . import pipeline as steps
from ._results import Summarized
from .clean import known_breaks
from .crossover import CrossoverResult
from .project import Project
from .signals import REGISTRY
from .timeseries import resample

__all__ = ["compare", "Comparison", "fit_recent_trend"]

SIGNALS = ("downloads", "github", "pageviews", "questions", "papers")

@dataclass(frozen=True, repr=False)
class Comparison(Summarized):
    """Everything the pipeline produced.

    Attributes
    ----------
    series : pandas.DataFrame
        Tidy: ``date, package, signal, kind, value`` with kinds such as ``raw`` (weekly sums), ``human``,
        ``human_low``, ``human_high``, ``adjusted``, ``trend``, ``trend_low``, ``trend_high``.
    growth : pandas.DataFrame
        Per package and signal: growth per year with its interval, doubling time, trend window.
    crossovers : dict
        (signal, package a, package b) -> :class:`uptake.CrossoverResult`.
    shares : pandas.DataFrame
        Share statistics from the published figures (rate ratios, survey comparisons).
    provenance : pandas.DataFrame
        Per package and signal: source, query, fetch time, cache, simulated flag.
    assumptions : dict
        The human/automated assumptions per package, and the methods' settings.
    problems : list of str
        Signals that could not be fetched, one short line each (the rest of the comparison still stands).
    partial : bool
        True when some requested signal could not be fetched.
    research : uptake.research_share.ResearchShare or None
        The real conference-paper share of PyTorch vs TensorFlow (bundled data, H. He / The Gradient), fitted per
        conference and pooled. Set for the offline sample and whenever PyTorch and TensorFlow are both compared;
        it is real data even when the download series are simulated.
    """

    packages: List[str]
    labels: Dict[str, str]
    series: pd.DataFrame
    growth: pd.DataFrame
    crossovers: Dict[tuple, CrossoverResult]
    shares: pd.DataFrame
    provenance: pd.DataFrame
    assumptions: Dict[str, Any]
    breaks: pd.DataFrame
    problems: List[str] = field(default_factory=list)
    simulated: bool = False
    research: Any = None

    @property
    def partial(self) -> bool:
        return bool(self.problems)

    def freshness(self) -> pd.DataFrame:
        """Per package and signal, the last complete day the source had published when it was fetched."""
        cols = ["package", "signal", "source", "last_complete_day"]
        if len(self.provenance) == 0 or "last_complete_day" not in self.provenance:
            return pd.DataFrame(columns=cols)
        return self.provenance[cols].copy()

    def signal(self, signal: str, kind: str = "raw") -> pd.DataFrame:
        """One signal and kind as a wide DataFrame (date x package)."""
        sub = self.series[(self.series["signal"] == signal) & (self.series["kind"] == kind)]
        return sub.pivot_table(index="date", columns="package", values="value")

    def summary(self) -> str:
        lines = [("SIMULATED SAMPLE - " if self.simulated else "") + "Adoption comparison: " +
                 ", ".join(self.labels[p] for p in self.packages)]
        if len(self.growth):
            lines.append("Growth per year (trend of the last two years, 95% interval, AR(1)-error GLS):")
            for _, g in self.growth.iterrows():
                lines.append(f"  {self.labels[g['package']]:<12} {g['signal']:<10} {g['growth_per_year']:+7.1%} "
                             f"[{g['low']:+.1%}, {g['high']:+.1%}]")
        for (signal, a, b), c in self.crossovers.items():
            lines.append(f"  {signal}: {c.describe(self.labels)} [{c.status}]")
        fresh = self.freshness()
        if len(fresh) and not self.simulated:
            lines.append("Data up to (last complete day published by each source):")
            for _, f in fresh.iterrows():
                day = f["last_complete_day"] or "unknown"
                lines.append(f"  {self.labels.get(f['package'], f['package']):<12} {f['signal']:<10} {day}")
        if self.problems:
            lines.append(f"PARTIAL: {len(self.problems)} requested signal(s) could not be fetched:")
        for p in self.problems:
            lines.append(f"  not available: {p}")
        if self.research is not None:
            lines.append("REAL DATA (bundled, not simulated) - research share:")
            lines.extend("  " + line for line in self.research.summary().splitlines())
        return "\n".join(lines)

    def plot_adoption(self, signal: str = "downloads", *, interactive: Optional[bool] = None) -> Any:
        """The adoption chart of one signal: a Plotly figure (hover, zoom, toggles) when the ``interactive``
        extra is installed and ``interactive`` is not False, else matplotlib Axes (:func:`uptake.plot.adoption`)."""
        return self._chart("adoption", interactive, signal)

    def plot_growth(self, *, interactive: Optional[bool] = None) -> Any:
        """Growth per year of every package and signal with its interval (Plotly figure or matplotlib Axes)."""
        return self._chart("growth", interactive)

    def plot_crossover(self, key: Optional[tuple] = None, *, interactive: Optional[bool] = None) -> Any:
        """Projection chart of one crossing (``key`` = (signal, a, b); default the first one): both trends
        extended to the crossing with prediction bands and the crossing interval shaded."""
        if not self.crossovers:
            raise ValueError("plot_crossover: this comparison has no crossovers (it needs two packages)")
        key = next(iter(self.crossovers)) if key is None else tuple(key)
        if key not in self.crossovers:
            raise ValueError(f"plot_crossover: no crossover {key!r}; have {list(self.crossovers)}")
        return self._chart("crossover", interactive, key)

    def _chart(self, name: str, interactive: Optional[bool], *args: Any) -> Any:
        from . import plot, plot_interactive

        if interactive is None:
            interactive = plot_interactive.available()
        if interactive:
            return getattr(plot_interactive, name)(self, *args)
        if name == "crossover":
            return plot.crossover(self.crossovers[args[0]])
        return getattr(plot, name)(self, *args)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.summary()) + "</pre>" + self.growth.to_html(index=False, float_format="%.3f")


def _tidy(values: pd.Series, package: str, signal: str, kind: str) -> pd.DataFrame:
    return pd.DataFrame({"date": values.index, "package": package, "signal": signal, "kind": kind,
                         "value": values.to_numpy(dtype=float)})


def _research_share(projects: Sequence[Any], sample: bool) -> Any:
    """The bundled conference data's PyTorch-vs-TensorFlow fit: for the sample, and when both are compared
    (``projects`` are resolved :class:`uptake.Project` objects or plain PyPI names)."""
    from .research_share import conference_share

    pypi = {getattr(p, "pypi", p) for p in projects}
    if sample or {"torch", "tensorflow"} <= pypi:
        return conference_share()
    return None


def _provenance(raw: Mapping[tuple, pd.Series], sample: bool, seed: int) -> pd.DataFrame:
    rows = []
    for (name, signal), series in raw.items():
        if signal not in REGISTRY:
            continue
        attrs = dict(series.attrs)
        rows.append({"package": name, "signal": signal, "source": "uptake.simulate" if sample else attrs.get("source"),
                     "query": f"seed {seed}" if sample else "; ".join(attrs.get("query", [])),
                     "fetched": attrs.get("fetched", pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")),
                     "from_cache": attrs.get("from_cache", False), "simulated": sample,
                     "last_complete_day": attrs.get("last_complete_day")})
    return pd.DataFrame(rows)


def fit_recent_trend(y: pd.Series, package: str, signal: str, trend_years: float) -> Optional[tuple]:
    """Log-linear trend of the last ``trend_years`` of ``y``: its growth row and the tidy trend band, or None
    when fewer than 8 positive points remain (the trend step of :mod:`uptake.pipeline`, for added series)."""
    fitted = steps.fit_recent(y, trend_years)
    if fitted is None:
        return None
    row, band = fitted
    return {"package": package, "signal": signal, **row}, [_tidy(band[kind].rename(kind), package, signal, kind)
                                                            for kind in band.columns]


def _breaks_in_window(signals: Sequence[str], start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Known data breaks of the fetched signals that touch the window, with a ``signal`` column for the charts."""
    parts = []
    for signal in signals:
        table = known_breaks(REGISTRY[signal].break_source)
        if len(table):
            last = table["end"].fillna(table["date"])
            parts.append(table[(last >= start) & (table["date"] <= end)].assign(signal=signal))
    if not parts:
        return pd.DataFrame(columns=["date", "end", "source", "kind", "description", "effect", "reference", "signal"])
    return pd.concat(parts, ignore_index=True)


def compare(
    packages: Union[str, Project, Sequence[Union[str, Project]]] = ("tensorflow", "torch"),
    *,
    signals: Sequence[str] = SIGNALS,
    start: Any = None,
    end: Any = None,
    offline: Optional[bool] = None,
    sample: bool = False,
    trend_years: float = 2.0,
    seed: int = 2024,
) -> Comparison:
    """Run the adoption pipeline for a few projects and compare them.

    A short composition of the steps in :mod:`uptake.pipeline`: resolve, plan, fetch (one engine batch),
    clean, split humans, adjust, fit trends, cross, published figures.

    Parameters
    ----------
    packages : str, Project or sequence of them
        Project specs (``"torch"``, ``"pytorch"``, ``"npm:@tensorflow/tfjs"``, an :class:`uptake.Project`),
        resolved by :func:`uptake.resolve`; a single string is one project. With ``sample=True`` any names label
        simulated series and nothing is looked up.
    signals : sequence of str
        Names in the signal registry (:data:`uptake.signals.REGISTRY`): downloads, github, pageviews,
        questions, papers (the default), and conda (monthly conda downloads next to PyPI's; opt in: one Parquet
        file of tens of MB per month, needs pyarrow).
    start, end : date-like
        Default: the last three years.
    offline : bool, optional
        Answer from the cache only (default $UPTAKE_OFFLINE).
    sample : bool
        Simulated downloads (fixed seed), page views and paper counts instead of live data: the whole pipeline
        offline, labelled as simulated everywhere.
    trend_years : float
        Length of the recent window the growth trends are fitted on.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> import uptake
    >>> c = uptake.compare(["incumbent", "challenger"], sample=True)
    >>> c.crossovers[("downloads", "incumbent", "challenger")].overtaker
    'challenger'
    """
    signals = list(signals)
    unknown = set(signals) - set(REGISTRY)
    if unknown:
        raise ValueError(f"compare: unknown signals {sorted(unknown)}; choose from {sorted(REGISTRY)}")
    end_ts = pd.Timestamp(end) if end is not None else pd.Timestamp.today().normalize() - pd.Timedelta(days=2)
    start_ts = pd.Timestamp(start) if start is not None else end_ts - pd.Timedelta(days=3 * 364 - 1)
    if sample and start is None:
        start_ts = pd.Timestamp("2023-01-02")
    if end_ts < start_ts:
        raise ValueError(f"compare: end ({end_ts.date()}) is before start ({start_ts.date()})")
    if sample:
        days = 3 * 364 if end is None else int((end_ts - start_ts).days) + 1
        if not 182 <= days <= 20 * 366:
            raise ValueError(f"compare: the sample needs start..end between half a year and 20 years, got {days} days "
                             f"({start_ts.date()} .. {(start_ts + pd.Timedelta(days=days - 1)).date()})")

    projects, problems = steps.resolve(packages, sample=sample, offline=offline)
    names = [p.name for p in projects]
    labels = {p.name: p.display for p in projects}
    if sample:
        raw = steps.sample_inputs(projects, start_ts, days, seed)
    else:
        tasks, unplanned = steps.plan(projects, signals, start_ts, end_ts)
        raw, failed = steps.fetch(tasks, offline=offline)
        problems += unplanned + failed
    regular, spikes = steps.clean(raw)

    frames: List[pd.DataFrame] = []
    analysed: Dict[tuple, pd.Series] = {}
    assumptions: Dict[str, Any] = {}
    settings: Dict[str, Any] = {"seasonal_adjustment": "none (less than three years of weekly data)"}
    for (name, signal), series in regular.items():
        frames.append(_tidy(series, name, signal, "raw"))
        if not REGISTRY[signal].human_split:
            analysed[(name, signal)] = series
            continue
        split = steps.split_humans(raw[(name, signal)].astype(float), raw.get((name, "pageviews")),
                                   raw.get((name, "downloads_ci")), simulated=sample)
        assumptions[name] = dict(split.attrs["assumptions"])
        assumptions[name]["path_by_week"] = {d.strftime("%Y-%m-%d"): str(v) for d, v in split["path"].items()}
        assumptions[name]["spikes_found"] = spikes.get((name, signal))
        for kind in ("human", "human_low", "human_high", "automated", "flagged_share"):
            if kind in split:
                frames.append(_tidy(split[kind], name, signal, kind))
        adjusted, done = steps.adjust(split["human"])
        if done:
            frames.append(_tidy(adjusted, name, signal, "adjusted"))
            settings["seasonal_adjustment"] = steps.ADJUSTMENT
        analysed[(name, signal)] = adjusted
        if (name, "human_truth") in raw:
            frames.append(_tidy(resample(raw[(name, "human_truth")], "W"), name, signal, "human_truth"))

    growth, bands = steps.fit_trends(analysed, trend_years)
    for (name, signal), band in bands.items():
        for kind in band.columns:
            frames.append(_tidy(band[kind].rename(kind), name, signal, kind))
    crossovers, cross_problems = steps.cross(analysed, names, signals, trend_years)
    problems += cross_problems
    papers = {name: s for (name, signal), s in analysed.items() if signal == "papers"}
    shares = steps.published_figures(names, papers, labels, "simulated" if sample else "arXiv")

    series = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["date", "package", "signal", "kind", "value"])
    fetched = [] if sample else [s for s in signals if any(key[1] == s for key in raw)]
    breaks = _breaks_in_window(fetched, start_ts, end_ts)
    return Comparison(names, labels, series, growth, crossovers, shares, _provenance(raw, sample, seed),
                      {"packages": assumptions, "trend_years": trend_years, **settings,
                       "projects": {p.name: p.to_dict() for p in projects}}, breaks, problems, sample,
                      _research_share(projects, sample))
