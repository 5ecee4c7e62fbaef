"""PyTorch's share of framework mentions in conference papers: the real research signal, offline.

Runs :func:`uptake.share_crossover` (Fisher-Pry logistic fit, quasi-binomial when overdispersed, Fieller
interval for the 50% crossing) on the bundled :func:`uptake.datasets.conference_mentions` data, per conference
and pooled, and keeps the two published NeurIPS 2019 figures apart (Hale's 166 vs 74 and the repository's
final 182 vs 104).

Data: Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient, 2019-10-10,
https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/ ,
repository https://github.com/Chillee/pytorch-vs-tensorflow (data_analysis/data.csv at commit 3ef0c7d,
2021-10-22). The 166 vs 74 quote: Jeff Hale, "Is PyTorch Catching TensorFlow?", Towards Data Science, 2020-01,
https://towardsdatascience.com/is-pytorch-catching-tensorflow-ca88f9128304 .
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

import numpy as np
import pandas as pd

from . import _mpl
from ._results import Summarized
from .crossover import CrossoverResult, share_crossover
from .shares import rate_ratio, share_ci

__all__ = ["conference_share", "ResearchShare", "neurips_2019_figures", "MIN_EDITIONS"]

MIN_EDITIONS = 3
"""A conference needs this many editions with at least one mention to get its own fit (two points fit any line)."""

POOLED = "pooled"


@dataclass(frozen=True, repr=False)
class ResearchShare(Summarized):
    """Per-conference and pooled share crossovers of PyTorch over TensorFlow in papers.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per conference plus ``pooled``: editions, first and last month, the last edition's PyTorch
        share with its Clopper-Pearson interval, the fitted 50% crossing with its Fieller interval (kind and
        status), the logit slope per year with its interval, and the dispersion. Conferences with fewer than
        :data:`MIN_EDITIONS` usable editions have no fit (NaN/None, status "too few editions").
    results : dict
        Conference (or ``"pooled"``) -> :class:`uptake.CrossoverResult`.
    data : pandas.DataFrame
        The per-edition counts used, with ``share``, ``low``, ``high`` (exact interval per edition).
    neurips_2019 : pandas.DataFrame
        The two published NeurIPS 2019 figures side by side, see :func:`neurips_2019_figures`.
    source : str
    conf : float
    """

    table: pd.DataFrame
    results: Dict[str, CrossoverResult]
    data: pd.DataFrame
    neurips_2019: pd.DataFrame
    source: str
    conf: float
    details: Dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"PyTorch share of papers mentioning exactly one of PyTorch/TensorFlow ({self.conf:.0%} intervals)",
                 f"  source: {self.source}"]
        for _, r in self.table.iterrows():
            share = f"{r['last_share']:.0%} [{r['last_low']:.0%}, {r['last_high']:.0%}] in {r['last_month']}"
            if r["status"] == "too few editions":
                lines.append(f"  {r['conference']:<8} {share}; {r['editions']} edition(s): too few to fit a trend")
                continue
            if r["kind"] == "bounded":
                where = f"{_month(r['crossing'])} [{_month(r['crossing_low'])}, {_month(r['crossing_high'])}]"
            elif r["kind"] == "two_rays":
                where = (f"{_month(r['crossing'])}, interval before {_month(r['crossing_low'])} or after "
                         f"{_month(r['crossing_high'])}")
            else:
                where = f"{_month(r['crossing'])}, interval {r['kind']}"
            lines.append(f"  {r['conference']:<8} {share}; 50% crossing {where} ({r['status']})")
        lines.append("  NeurIPS 2019, two published figures (do not mix):")
        for _, r in self.neurips_2019.iterrows():
            lines.append(f"    {r['pytorch']} vs {r['tensorflow']} ({r['as_of']}, {r['source']}): PyTorch/TensorFlow "
                         f"{r['ratio']:.2f} [{r['ratio_low']:.2f}, {r['ratio_high']:.2f}]")
        return "\n".join(lines)

    def plot(self, ax: Any = None, conferences: Optional[list] = None) -> Any:
        """Each edition's PyTorch share with its exact interval, and the pooled Fisher-Pry curve."""
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        names = conferences or sorted(self.data["conference"].unique())
        for i, name in enumerate(names):
            d = self.data[self.data["conference"] == name]
            colour = _mpl.PALETTE[i % len(_mpl.PALETTE)]
            ax.errorbar(d["date"], d["share"], yerr=[d["share"] - d["low"], d["high"] - d["share"]], fmt="o",
                        ms=3, lw=0.8, color=colour, label=name)
        pooled = self.results.get(POOLED)
        if pooled is not None:
            f = pooled.frame
            ax.plot(f.index, f["fitted"], color="#333333", lw=2, label="pooled Fisher-Pry fit")
            if pooled.kind == "bounded":
                ax.axvspan(pooled.low, pooled.high, color="#999999", alpha=0.2,
                           label=f"{self.conf:.0%} interval of the 50% crossing")
        ax.axhline(0.5, color="#333333", lw=0.8)
        ax.set_ylim(0, 1)
        ax.set_ylabel("PyTorch share of papers")
        ax.set_title("Research share: PyTorch vs TensorFlow at ML conferences (H. He, The Gradient)")
        ax.legend(frameon=False, fontsize=7, ncol=2)
        return ax


def _month(v: Any) -> str:
    return v.strftime("%Y-%m") if isinstance(v, pd.Timestamp) else "none"


def neurips_2019_figures(data: Optional[pd.DataFrame] = None, conf: float = 0.95) -> pd.DataFrame:
    """NeurIPS 2019 as quoted by Hale (166 vs 74) and as in the repository's final data (182 vs 104).

    Both rows carry their date and source and an exact Poisson rate ratio; they are different counts of the
    same conference made at different times, so they are shown side by side and never pooled.

    Examples
    --------
    >>> import uptake
    >>> t = uptake.research_share.neurips_2019_figures()
    >>> t[["pytorch", "tensorflow"]].values.tolist()
    [[166, 74], [182, 104]]
    """
    from . import datasets
    from .figures import NEURIPS_2019_PYTORCH, NEURIPS_2019_TENSORFLOW

    df = datasets.conference_mentions() if data is None else data
    row = df[(df["conference"] == "NeurIPS") & (df["month"] == "2019-12")]
    if len(row) != 1:
        raise ValueError("neurips_2019_figures: the data has no single NeurIPS 2019-12 row")
    rows = [(int(NEURIPS_2019_PYTORCH.count), int(NEURIPS_2019_TENSORFLOW.count), NEURIPS_2019_PYTORCH.date,
             NEURIPS_2019_PYTORCH.source + "; quoted by J. Hale (2020-01)"),
            (int(row["pytorch_only"].iloc[0]), int(row["tensorflow_only"].iloc[0]), "2021-10-22",
             "github.com/Chillee/pytorch-vs-tensorflow data_analysis/data.csv at 3ef0c7d")]
    out = []
    for pt, tf, as_of, source in rows:
        rr = rate_ratio(pt, tf, conf=conf)
        lo, hi = share_ci(pt, pt + tf, method="clopper_pearson", conf=conf)
        out.append({"pytorch": pt, "tensorflow": tf, "as_of": as_of, "source": source, "ratio": rr.ratio,
                    "ratio_low": rr.low, "ratio_high": rr.high, "share": pt / (pt + tf), "share_low": lo,
                    "share_high": hi})
    return pd.DataFrame(out)


def conference_share(data: Optional[pd.DataFrame] = None, *, conf: float = 0.95,
                     horizon: Any = "5Y") -> ResearchShare:
    """When did PyTorch pass 50% of framework-specific papers, per conference and pooled?

    Each edition counts papers mentioning PyTorch only (``pytorch_only``) against TensorFlow only
    (``tensorflow_only``); editions with neither are dropped (no information about the share). Per
    conference, :func:`uptake.share_crossover` fits logit(share) = a + b t by a binomial GLM, widened to
    quasi-binomial when the editions scatter more than binomial noise, with Fieller's interval for the 50%
    crossing. The pooled fit sums the editions held in the same month and fits one curve; differences in
    level between conferences show up as overdispersion, which widens its interval rather than being
    ignored.

    Parameters
    ----------
    data : DataFrame, optional
        Rows like :func:`uptake.datasets.conference_mentions` (the default).
    conf : float
    horizon : passed to :func:`uptake.share_crossover`.

    Examples
    --------
    >>> import uptake
    >>> r = uptake.research_share.conference_share()
    >>> r.results["pooled"].overtaker, str(r.results["pooled"].status)
    ('pytorch', 'crossed')
    """
    from . import datasets

    df = datasets.conference_mentions() if data is None else data.copy()
    missing = {"conference", "month", "pytorch_only", "tensorflow_only"} - set(df.columns)
    if missing:
        raise ValueError(f"conference_share: data lacks column(s) {sorted(missing)}")
    if "date" not in df:
        df["date"] = pd.to_datetime(df["month"], format="%Y-%m")
    for col in ("pytorch_only", "tensorflow_only"):
        v = pd.to_numeric(df[col], errors="coerce")
        if v.isna().any() or (v < 0).any():
            i = int(np.flatnonzero(v.isna() | (v < 0))[0])
            raise ValueError(f"conference_share: {col} must be counts >= 0; row {i} has {df[col].iloc[i]!r}")
    df = df[(df["pytorch_only"] + df["tensorflow_only"]) > 0].sort_values(["date", "conference"]).reset_index(drop=True)
    n = df["pytorch_only"] + df["tensorflow_only"]
    df["share"] = df["pytorch_only"] / n
    low, high = share_ci(df["pytorch_only"].to_numpy(), n.to_numpy(), method="clopper_pearson", conf=conf)
    df["low"], df["high"] = low, high

    groups = {name: g for name, g in df.groupby("conference", sort=True)}
    pooled = df.groupby("date")[["pytorch_only", "tensorflow_only"]].sum().reset_index()
    pooled["conference"] = POOLED
    groups[POOLED] = pooled

    results: Dict[str, CrossoverResult] = {}
    rows = []
    for name, g in groups.items():
        g = g.sort_values("date")
        k, m = int(g["pytorch_only"].iloc[-1]), int(g["tensorflow_only"].iloc[-1])
        lo, hi = share_ci(k, k + m, method="clopper_pearson", conf=conf)
        row = {"conference": name, "editions": len(g), "first_month": g["date"].iloc[0].strftime("%Y-%m"),
               "last_month": g["date"].iloc[-1].strftime("%Y-%m"), "last_share": k / (k + m), "last_low": lo,
               "last_high": hi, "crossing": None, "crossing_low": None, "crossing_high": None, "kind": None,
               "status": "too few editions", "slope_per_year": np.nan, "slope_low": np.nan, "slope_high": np.nan,
               "dispersion": np.nan}
        if len(g) >= MIN_EDITIONS:
            # Editions fall on a monthly grid with gaps; months without an edition are NaN (no information),
            # so the fit sees each edition at its true date.
            grid = pd.date_range(g["date"].iloc[0], g["date"].iloc[-1], freq="MS")
            tf = g.set_index("date")["tensorflow_only"].astype(float).reindex(grid).rename("tensorflow")
            pt = g.set_index("date")["pytorch_only"].astype(float).reindex(grid).rename("pytorch")
            r = share_crossover(tf, pt, conf=conf, horizon=horizon)
            results[name] = r
            row.update({"crossing": r.estimate, "crossing_low": r.low, "crossing_high": r.high, "kind": r.kind,
                        "status": r.status, "slope_per_year": r.gap_trend[0], "slope_low": r.gap_trend[1],
                        "slope_high": r.gap_trend[2], "dispersion": r.details.get("dispersion", np.nan)})
        rows.append(row)
    table = pd.DataFrame(rows)
    source = df.attrs.get("source") or (data.attrs.get("source") if data is not None else None) or ""
    if data is None:
        source = datasets.CONFERENCE_MENTIONS_CITATION
    return ResearchShare(table, results, df, neurips_2019_figures(None, conf), source,
                         float(conf))
