"""The whole pipeline for a handful of packages: fetch -> clean -> separate humans -> adjust -> trend -> compare.

``uptake.compare(["torch", "tensorflow"])`` fetches each signal, removes spikes, splits human from automated
downloads, fits log-linear trends with autocorrelation-aware intervals, projects crossovers between every pair, and gathers the
share statistics of the published figures, into one :class:`Comparison` that the charts and the HTML report use.
``sample=True`` runs the same pipeline offline on simulated download series (labelled as simulated).
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from . import figures as _figures
from ._results import Summarized
from .clean import find_spikes, known_breaks
from .crossover import CrossoverResult, crossover
from .errors import NetworkError, ParseError
from .normalize import human_downloads, human_downloads_flagged
from .seasonal import stl
from .shares import compare_shares
from .timeseries import resample
from .trend import ols_trend

__all__ = ["compare", "Comparison", "KNOWN_PROJECTS"]

SIGNALS = ("downloads", "github", "pageviews", "questions", "papers")

# How to find each well-known project in each source.
KNOWN_PROJECTS: Dict[str, Dict[str, str]] = {
    "torch": {"label": "PyTorch", "pypi": "torch", "github": "pytorch/pytorch", "wikipedia": "PyTorch",
              "stackoverflow": "pytorch", "arxiv": 'abs:"pytorch"'},
    "tensorflow": {"label": "TensorFlow", "pypi": "tensorflow", "github": "tensorflow/tensorflow",
                   "wikipedia": "TensorFlow", "stackoverflow": "tensorflow", "arxiv": 'abs:"tensorflow"'},
    "jax": {"label": "JAX", "pypi": "jax", "github": "jax-ml/jax", "wikipedia": "Google_JAX",
            "stackoverflow": "jax", "arxiv": 'abs:"jax"'},
    "keras": {"label": "Keras", "pypi": "keras", "github": "keras-team/keras", "wikipedia": "Keras",
              "stackoverflow": "keras", "arxiv": 'abs:"keras"'},
}


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


def _research_share(packages: Sequence[str], sample: bool) -> Any:
    """The bundled conference data's PyTorch-vs-TensorFlow fit: for the sample, and when both are compared."""
    from .research_share import conference_share

    names = {KNOWN_PROJECTS.get(p, {}).get("pypi", p) for p in packages}
    if sample or {"torch", "tensorflow"} <= names or {"pytorch", "tensorflow"} <= set(packages):
        return conference_share()
    return None


def fit_recent_trend(y: pd.Series, package: str, signal: str, trend_years: float) -> Optional[tuple]:
    """Log-linear trend of the last ``trend_years`` of ``y``: its growth row and the tidy trend band, or None
    when fewer than 8 positive points remain."""
    recent = y[y.index >= y.index[-1] - pd.Timedelta(days=int(365.25 * trend_years))].dropna()
    recent = recent[recent > 0]
    if len(recent) < 8:
        return None
    fit = ols_trend(recent, log=True)
    g, d = fit.growth_per_year, fit.doubling_time
    row = {"package": package, "signal": signal, "growth_per_year": g.value, "low": g.low, "high": g.high,
           "doubling_years": d.value, "doubling_low": d.low, "doubling_high": d.high,
           "from": recent.index[0], "to": recent.index[-1], "points": len(recent)}
    band = fit.to_frame()
    frames = [_tidy(np.exp(band[col]).rename(kind), package, signal, kind)
              for kind, col in (("trend", "fitted"), ("trend_low", "fitted_low"), ("trend_high", "fitted_high"))]
    return row, frames


def _sample_inputs(packages: Sequence[str], start: pd.Timestamp, days: int, seed: int) -> Dict[str, Dict[str, pd.Series]]:
    """Simulated daily downloads, page views and monthly paper counts for the sample report."""
    from .simulate import downloads

    settings = [dict(human_level=9000, automated_level=7000, human_growth=0.10, automated_growth=0.35),
                dict(human_level=2500, automated_level=1500, human_growth=0.85, automated_growth=0.60),
                dict(human_level=800, automated_level=600, human_growth=0.60, automated_growth=0.50)]
    out: Dict[str, Dict[str, pd.Series]] = {}
    rng = np.random.default_rng(seed)
    for i, p in enumerate(packages):
        sim = downloads(start, days, spikes=8, seed=seed + i, name=p, **settings[i % len(settings)])
        monthly_papers = resample(sim["human_mean"] / 400.0, "MS", how="sum")
        papers = pd.Series(rng.poisson(monthly_papers.to_numpy()).astype(float), index=monthly_papers.index)
        out[p] = {"downloads": sim["total"].rename(p), "pageviews": sim["reference"].rename(p),
                  "papers": papers.rename(p), "human_truth": sim["human"]}
    return out


# The break registry's source for each signal (see uptake.clean.known_breaks).
_BREAK_SOURCES = {"downloads": "clickhouse_pypi", "pageviews": "wikipedia_pageviews", "questions": "stackexchange",
                  "github": "github_stars", "papers": "arxiv"}


def _breaks_in_window(signals: Sequence[str], start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Known data breaks of the fetched signals that touch the window, with a ``signal`` column for the charts."""
    parts = []
    for signal in signals:
        table = known_breaks(_BREAK_SOURCES[signal])
        if len(table):
            last = table["end"].fillna(table["date"])
            parts.append(table[(last >= start) & (table["date"] <= end)].assign(signal=signal))
    if not parts:
        return pd.DataFrame(columns=["date", "end", "source", "kind", "description", "effect", "reference", "signal"])
    return pd.concat(parts, ignore_index=True)


_REQUEST_FAILED = re.compile(r"^[A-Z]+ [a-z]+://([^/?#\s]+)\S* failed: (.*?)(?: \(after \d+ attempts?: .*)?$")


def _short(exc: BaseException, limit: int = 160) -> str:
    """One short line for an error: "host: reason" for a failed request, else its first line, cut."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    match = _REQUEST_FAILED.match(text)
    if match:
        text = f"{match.group(1)}: {match.group(2)}"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _live_inputs(packages: Sequence[str], signals: Sequence[str], start: pd.Timestamp, end: pd.Timestamp,
                 offline: Optional[bool], problems: List[str]) -> Dict[str, Dict[str, pd.Series]]:
    from . import sources

    out: Dict[str, Dict[str, pd.Series]] = {}
    for p in packages:
        ids = KNOWN_PROJECTS.get(p, {"pypi": p, "label": p})
        got: Dict[str, pd.Series] = {}

        def attempt(signal: str, fetch: Any) -> None:
            try:
                got[signal] = fetch()
            except (NetworkError, ParseError, ValueError) as exc:
                problems.append(f"{ids.get('label', p)} {signal}: {_short(exc)}")

        if "downloads" in signals:
            attempt("downloads", lambda: sources.clickhouse_pypi(ids["pypi"], start, end, offline=offline).iloc[:, 0])
        if "pageviews" in signals and "wikipedia" in ids:
            attempt("pageviews", lambda: sources.wikipedia_pageviews(ids["wikipedia"], max(start, pd.Timestamp("2015-07-01")),
                                                                     end, offline=offline)["user"])
        if "github" in signals and "github" in ids:
            attempt("github", lambda: sources.github_stars(ids["github"], start, end, method="clickhouse", offline=offline))
        if "questions" in signals and "stackoverflow" in ids:
            attempt("questions", lambda: sources.stackexchange(ids["stackoverflow"], start, end, offline=offline))
        if "papers" in signals and "arxiv" in ids:
            attempt("papers", lambda: sources.arxiv(ids["arxiv"], start, end, offline=offline))
        out[p] = got
    return out


def _human_split(package: str, daily: pd.Series, reference: Optional[pd.Series], live: Optional[tuple]) -> pd.DataFrame:
    """Human downloads per week, and which path produced each week (column ``path``).

    For PyPI (live), the CI-flag path: the package's ``ci`` breakdown from ClickHouse calibrates its profiles on
    the flagged period (since about February 2024) and carries them back. Where the flag is not available
    (sample data, a fetch failure, no flagged period), weekly-profile unmixing with the page views as the human
    reference, or a stated human weekend ratio of 0.45; the reason is kept in the assumptions
    (``ci_flag_not_used``), not in ``problems`` (the downloads themselves were fetched).
    """
    why_not = None
    usable_ref = reference is not None and len(reference.dropna()) >= 35
    ref = reference.reindex(daily.index) if usable_ref else None
    with warnings.catch_warnings():
        # Low-share and weak-contrast warnings are recorded in the assumptions (and the report) instead.
        warnings.simplefilter("ignore", UserWarning)
        if live is not None:
            from . import sources

            start, end, offline = live
            name = KNOWN_PROJECTS.get(package, {}).get("pypi", package)
            try:
                breakdown = sources.clickhouse_pypi(name, start, end, by=["ci"], offline=offline)
                return human_downloads_flagged(breakdown, reference=ref)
            except (NetworkError, ParseError, ValueError) as exc:
                why_not = str(exc)
        # The sample's simulator (uptake.simulate) has flat automated traffic, and says so; live data get the
        # documented prior (automated weekend ratio 0.7-1.0).
        flat = {"automated_weekend_ratio": 1.0} if live is None else {}
        if usable_ref:
            split = human_downloads(daily, reference=ref, **flat)
        else:
            split = human_downloads(daily, human_weekend_ratio=0.45, **flat)
    split["path"] = "profile_unmixing"
    if why_not is not None:
        split.attrs["assumptions"]["ci_flag_not_used"] = why_not
    return split


def compare(
    packages: Sequence[str] = ("tensorflow", "torch"),
    *,
    signals: Sequence[str] = SIGNALS,
    start: Any = None,
    end: Any = None,
    offline: Optional[bool] = None,
    sample: bool = False,
    trend_years: float = 2.0,
    seed: int = 2024,
) -> Comparison:
    """Run the adoption pipeline for a few packages and compare them.

    Parameters
    ----------
    packages : sequence of str
        PyPI names; well-known ones (torch, tensorflow, jax, keras) also have GitHub, Wikipedia, Stack Overflow
        and arXiv identifiers in :data:`KNOWN_PROJECTS`. With ``sample=True`` any names label simulated series.
    signals : sequence of {"downloads", "github", "pageviews", "questions", "papers"}
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
    unknown = set(signals) - set(SIGNALS)
    if unknown:
        raise ValueError(f"compare: unknown signals {sorted(unknown)}; choose from {list(SIGNALS)}")
    packages = list(packages)
    if len(packages) < 1 or len(set(packages)) != len(packages):
        raise ValueError("compare: give one or more distinct package names")
    end_ts = pd.Timestamp(end) if end is not None else pd.Timestamp.today().normalize() - pd.Timedelta(days=2)
    start_ts = pd.Timestamp(start) if start is not None else end_ts - pd.Timedelta(days=3 * 364 - 1)
    if end_ts < start_ts:
        raise ValueError(f"compare: end ({end_ts.date()}) is before start ({start_ts.date()})")
    problems: List[str] = []
    if sample:
        start_ts = pd.Timestamp("2023-01-02") if start is None else start_ts
        days = 3 * 364 if end is None else int((end_ts - start_ts).days) + 1
        if not 182 <= days <= 20 * 366:
            raise ValueError(f"compare: the sample needs start..end between half a year and 20 years, got {days} days "
                             f"({start_ts.date()} .. {(start_ts + pd.Timedelta(days=days - 1)).date()})")
        inputs = _sample_inputs(packages, start_ts, days, seed)
    else:
        inputs = _live_inputs(packages, signals, start_ts, end_ts, offline, problems)
    labels = {p: ("simulated " + p if sample else KNOWN_PROJECTS.get(p, {}).get("label", p)) for p in packages}

    frames: List[pd.DataFrame] = []
    growth_rows: List[Dict[str, Any]] = []
    provenance: List[Dict[str, Any]] = []
    assumptions: Dict[str, Any] = {}
    settings: Dict[str, Any] = {"seasonal_adjustment": "none (less than three years of weekly data)"}
    weekly_human: Dict[str, pd.Series] = {}
    monthly_papers: Dict[str, pd.Series] = {}
    for p in packages:
        got = inputs.get(p, {})
        for signal, series in got.items():
            if signal == "human_truth":
                continue
            attrs = dict(series.attrs)
            provenance.append({"package": p, "signal": signal, "source": "uptake.simulate" if sample else attrs.get("source"),
                               "query": "; ".join(attrs.get("query", [])) if not sample else f"seed {seed}",
                               "fetched": attrs.get("fetched", pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")),
                               "from_cache": attrs.get("from_cache", False), "simulated": sample,
                               "last_complete_day": attrs.get("last_complete_day")})
        if "downloads" in got:
            daily = got["downloads"].astype(float)
            spikes = find_spikes(daily) if daily.notna().all() else None
            raw_weekly = resample(daily, "W")
            frames.append(_tidy(raw_weekly, p, "downloads", "raw"))
            split = _human_split(p, daily, got.get("pageviews"), None if sample else (start_ts, end_ts, offline))
            assumptions[p] = dict(split.attrs["assumptions"])
            assumptions[p]["path_by_week"] = {d.strftime("%Y-%m-%d"): str(v) for d, v in split["path"].items()}
            assumptions[p]["spikes_found"] = int(spikes["spike"].sum()) if spikes is not None else None
            for kind in ("human", "human_low", "human_high", "automated", "flagged_share"):
                if kind in split:
                    frames.append(_tidy(split[kind], p, "downloads", kind))
            human = split["human"]
            # Seasonal adjustment: the yearly wave (and what is left of holidays) would bias a trend fitted on a
            # window of a few years; remove it by robust STL on the log scale when three years are at hand.
            clean = human.dropna()
            if len(clean) >= 3 * 52 and (clean > 0).all() and len(clean) == len(human):
                dec = stl(np.log(clean), 52, seasonal="periodic", robust=True)
                adjusted = np.exp(np.log(clean) - dec.seasonal)
                frames.append(_tidy(adjusted, p, "downloads", "adjusted"))
                weekly_human[p] = adjusted
                settings["seasonal_adjustment"] = "robust STL, period 52 weeks, periodic seasonal, log scale"
            else:
                weekly_human[p] = human
            if "human_truth" in got:
                frames.append(_tidy(resample(got["human_truth"], "W"), p, "downloads", "human_truth"))
        for signal in ("pageviews", "github", "questions", "papers"):
            if signal not in got:
                continue
            s = got[signal].astype(float)
            freq = "W" if signal in ("pageviews", "github") else "MS"
            regular = s if signal in ("questions", "papers") else resample(s, freq)
            frames.append(_tidy(regular, p, signal, "raw"))
            if signal == "papers":
                monthly_papers[p] = regular
        # Trends on the recent window, log scale, AR(1)-error GLS intervals (ols_trend default).
        for signal in ("downloads", "pageviews", "github", "questions", "papers"):
            y = weekly_human.get(p) if signal == "downloads" else None
            if y is None:
                sub = [f for f in frames if len(f) and f["package"].iloc[0] == p and f["signal"].iloc[0] == signal
                       and f["kind"].iloc[0] == "raw"]
                if not sub:
                    continue
                y = sub[0].set_index("date")["value"]
            fitted = fit_recent_trend(y, p, signal, trend_years)
            if fitted is not None:
                growth_rows.append(fitted[0])
                frames.extend(fitted[1])

    crossovers: Dict[tuple, CrossoverResult] = {}
    for a, b in combinations(packages, 2):
        if a in weekly_human and b in weekly_human:
            ya = weekly_human[a][weekly_human[a] > 0]
            yb = weekly_human[b][weekly_human[b] > 0]
            recent_start = max(ya.index[-1], yb.index[-1]) - pd.Timedelta(days=int(365.25 * trend_years))
            try:
                crossovers[("downloads", a, b)] = crossover(ya[ya.index >= recent_start].rename(a),
                                                            yb[yb.index >= recent_start].rename(b), horizon="3Y")
            except ValueError as exc:
                problems.append(f"crossover {a}/{b}: {exc}")

    share_rows: List[Dict[str, Any]] = []
    f = _figures
    rr = f.NEURIPS_2019_PYTORCH.rate_ratio(f.NEURIPS_2019_TENSORFLOW)
    share_rows.append({"comparison": "NeurIPS 2019 papers: PyTorch vs TensorFlow (166 vs 74)", "estimate": rr.ratio,
                       "low": rr.low, "high": rr.high, "p_value": rr.p_value, "method": "exact Poisson rate ratio",
                       "source": f.NEURIPS_2019_PYTORCH.source})
    so = compare_shares(round(f.SO_2019_TENSORFLOW.share * f.SO_2019_TENSORFLOW.base),
                        f.SO_2019_TENSORFLOW.base, round(f.SO_2019_PYTORCH.share * f.SO_2019_PYTORCH.base),
                        same_survey=True, single_select=False)
    share_rows.append({"comparison": ("Stack Overflow 2019 survey: TensorFlow minus PyTorch users (10.3% vs 3.3%; base = the "
                                      "survey's 88,883 total, not the question's: interval too narrow, see "
                                      "uptake.surveys.stackoverflow)"),
                       "estimate": so.difference, "low": so.low, "high": so.high, "p_value": so.p_value,
                       "method": so.method, "source": f.SO_2019_TENSORFLOW.source})
    if len(monthly_papers) >= 2:
        a, b = packages[0], packages[1]
        if a in monthly_papers and b in monthly_papers:
            ka, kb = monthly_papers[a].sum(), monthly_papers[b].sum()
            from .shares import rate_ratio

            r = rate_ratio(int(kb), int(ka))
            share_rows.append({"comparison": f"papers: {labels[b]} vs {labels[a]} ({int(kb)} vs {int(ka)})",
                               "estimate": r.ratio, "low": r.low, "high": r.high, "p_value": r.p_value,
                               "method": "exact Poisson rate ratio", "source": "simulated" if sample else "arXiv"})
    research = _research_share(packages, sample)
    series = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["date", "package", "signal", "kind", "value"])
    breaks = _breaks_in_window([s for s in signals if any(s in got for got in inputs.values())] if not sample else [],
                               start_ts, end_ts)
    return Comparison(packages, labels, series, pd.DataFrame(growth_rows), crossovers, pd.DataFrame(share_rows),
                      pd.DataFrame(provenance), {"packages": assumptions, "trend_years": trend_years, **settings},
                      breaks, problems, sample, research)
