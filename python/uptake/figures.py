"""Published adoption figures that have no API: counts with their base, date and source.

They flow into the share statistics (:func:`uptake.share_ci`, :func:`uptake.rate_ratio`,
:func:`uptake.compare_shares`). The bundled ones are the figures of the two analyses this project starts from:
Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient, 2019-10-10,
https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/ ;
Jeff Hale, "Is PyTorch Catching TensorFlow?", Towards Data Science, 2020-01,
https://towardsdatascience.com/is-pytorch-catching-tensorflow-ca88f9128304 (job-site searches of 2020-01-26 in the
US; Google Trends topics, US, 2017-01-26 to 2020-01-26; the Stack Overflow 2019 survey) ; plus F. Chollet's
TensorFlow/Keras adoption metrics for 2020 (the 2020 PyPI download total; a Twitter thread after the end of 2020,
URL not recorded here).

:data:`COMPARISONS` is the registry of published comparisons keyed by the projects they concern and the question
they answer; :func:`uptake.compare` includes an entry only when all its projects are compared. The NeurIPS 2019 counts here (166 vs 74) are the ones
Hale quotes from He's chart as published in late 2019; the final counts in He's data repository (182 vs 104,
2021-10-22) are in :func:`uptake.datasets.conference_mentions`. Never mix the two.

Examples
--------
>>> from uptake import figures
>>> r = figures.NEURIPS_2019_PYTORCH.rate_ratio(figures.NEURIPS_2019_TENSORFLOW)
>>> round(r.ratio, 2)
2.24
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Optional

import pandas as pd

__all__ = ["Figure", "table", "NEURIPS_2019_PYTORCH", "NEURIPS_2019_TENSORFLOW", "SO_2019_TENSORFLOW",
           "SO_2019_PYTORCH", "SO_2019_PRO_TENSORFLOW", "SO_2019_PRO_PYTORCH", "PYPI_2020_TENSORFLOW_DOWNLOADS",
           "JOBS_2020_01_TF_PER_PYTORCH", "JOBS_2019_03_TF_PER_PYTORCH", "PublishedComparison", "COMPARISONS",
           "comparisons_for"]


@dataclass(frozen=True)
class Figure:
    """One published number.

    ``count`` is a count when the source gives one; ``share`` a proportion of ``base`` respondents/items when
    it gives a percentage; ``base`` is None when the source does not state it (then no interval can be
    computed from this figure alone).
    """

    name: str
    date: str
    unit: str
    source: str
    count: Optional[float] = None
    share: Optional[float] = None
    base: Optional[int] = None
    note: str = ""

    def rate_ratio(self, other: "Figure", conf: float = 0.95) -> Any:
        """Exact Poisson rate ratio of two counts (same exposure)."""
        from .shares import rate_ratio

        if self.count is None or other.count is None:
            raise ValueError(f"rate_ratio needs counts; {self.name!r} or {other.name!r} gives only a share")
        return rate_ratio(int(self.count), int(other.count), conf=conf)

    def share_ci(self, method: str = "wilson", conf: float = 0.95) -> tuple:
        """Interval for a share when the base is known."""
        from .shares import share_ci

        if self.share is None or self.base is None:
            raise ValueError(f"{self.name!r}: a share interval needs both the share and its base (n)")
        return share_ci(round(self.share * self.base), self.base, method=method, conf=conf)


_GRADIENT = ("H. He, The State of Machine Learning Frameworks in 2019, The Gradient (2019-10-10), "
             "https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/")
_HALE = ("J. Hale, Is PyTorch Catching TensorFlow?, Towards Data Science (2020-01), "
         "https://towardsdatascience.com/is-pytorch-catching-tensorflow-ca88f9128304")
_CHOLLET = ("F. Chollet, \"Here's an overview of key adoption metrics for deep learning frameworks over 2020\" "
            "(Twitter thread, 2021-01-05, https://twitter.com/fchollet/status/1346499151559737344; "
            "Hale's article, 2020-01, predates 2020's totals)")
_SO = "Stack Overflow Developer Survey 2019 (https://insights.stackoverflow.com/survey/2019), as cited by " + _HALE

NEURIPS_2019_PYTORCH = Figure("NeurIPS 2019 papers mentioning PyTorch", "2019-12", "papers", _GRADIENT, count=166,
                              note="papers that mention PyTorch or TensorFlow; 166 vs 74")
NEURIPS_2019_TENSORFLOW = Figure("NeurIPS 2019 papers mentioning TensorFlow", "2019-12", "papers", _GRADIENT, count=74)
SO_2019_TENSORFLOW = Figure("Stack Overflow 2019: TensorFlow users", "2019-01", "share of respondents", _SO,
                            share=0.103, base=88883,
                            note=("base = 88,883, the survey's TOTAL respondents, not the question's base: the "
                                  "share is of respondents who answered the frameworks question, which is smaller, "
                                  "so intervals on 88,883 are too narrow; uptake.surveys.stackoverflow(2019) reads "
                                  "the microdata and gives the real base"))
SO_2019_PYTORCH = Figure("Stack Overflow 2019: Torch/PyTorch users", "2019-01", "share of respondents", _SO,
                         share=0.033, base=88883, note=SO_2019_TENSORFLOW.note)
SO_2019_PRO_TENSORFLOW = Figure("Stack Overflow 2019: TensorFlow, professional developers", "2019-01",
                                "share of respondents", _SO, share=0.094,
                                note="base (professional developers answering) not given in the article")
SO_2019_PRO_PYTORCH = Figure("Stack Overflow 2019: Torch/PyTorch, professional developers", "2019-01",
                             "share of respondents", _SO, share=0.029, note=SO_2019_PRO_TENSORFLOW.note)
PYPI_2020_TENSORFLOW_DOWNLOADS = Figure("TensorFlow PyPI downloads in 2020", "2020", "downloads", _CHOLLET,
                                        count=115_000_000, note="includes CI and mirror downloads")
JOBS_2020_01_TF_PER_PYTORCH = Figure("Job listings mentioning TensorFlow per PyTorch listing", "2020-01", "ratio",
                                     _HALE, count=2.0,
                                     note=("snapshot: searches of Indeed, Monster, SimplyHired and LinkedIn, United "
                                           "States, 2020-01-26; about twice as many on average; counts shown only "
                                           "as chart images, so no interval"))
JOBS_2019_03_TF_PER_PYTORCH = Figure("Job listings mentioning TensorFlow per PyTorch listing", "2019-03", "ratio",
                                     _HALE, count=3.0, note="snapshot: about three times as many, in Hale's analysis ten months earlier (US job sites)")

_ALL = [NEURIPS_2019_PYTORCH, NEURIPS_2019_TENSORFLOW, SO_2019_TENSORFLOW, SO_2019_PYTORCH, SO_2019_PRO_TENSORFLOW,
        SO_2019_PRO_PYTORCH, PYPI_2020_TENSORFLOW_DOWNLOADS, JOBS_2019_03_TF_PER_PYTORCH, JOBS_2020_01_TF_PER_PYTORCH]


def table() -> pd.DataFrame:
    """Every bundled figure as a DataFrame (one row per figure)."""
    return pd.DataFrame([asdict(f) for f in _ALL])


@dataclass(frozen=True)
class PublishedComparison:
    """A published comparison between projects, keyed by the projects (PyPI names) and the question it answers.

    ``statistic()`` returns one row of share statistics (estimate, interval, p-value, method, source). The
    pipeline includes it only when every project it concerns is among the compared projects.
    """

    projects: frozenset
    question: str
    statistic: Any

    def applies_to(self, names: Any) -> bool:
        return self.projects <= set(names)


def _neurips_2019() -> dict:
    rr = NEURIPS_2019_PYTORCH.rate_ratio(NEURIPS_2019_TENSORFLOW)
    return {"comparison": "NeurIPS 2019 papers: PyTorch vs TensorFlow (166 vs 74)", "estimate": rr.ratio,
            "low": rr.low, "high": rr.high, "p_value": rr.p_value, "method": "exact Poisson rate ratio",
            "source": NEURIPS_2019_PYTORCH.source}


def _neurips_2019_final() -> dict:
    from .datasets import CONFERENCE_MENTIONS_CITATION, conference_mentions
    from .shares import rate_ratio

    row = conference_mentions().query("conference == 'NeurIPS' and month == '2019-12'").iloc[0]
    k_pt, k_tf = int(row["pytorch_only"]), int(row["tensorflow_only"])
    rr = rate_ratio(k_pt, k_tf)
    return {"comparison": f"NeurIPS 2019 papers, final counts of 2021-10-22: PyTorch vs TensorFlow ({k_pt} vs {k_tf})",
            "estimate": rr.ratio, "low": rr.low, "high": rr.high, "p_value": rr.p_value,
            "method": "exact Poisson rate ratio", "source": CONFERENCE_MENTIONS_CITATION}


def _so_2019() -> dict:
    """TensorFlow minus PyTorch in the Stack Overflow 2019 survey: on the question's own base from the microdata
    when they are in the response cache (no download here), else the published shares on the survey total."""
    from .errors import NetworkError, ParseError
    from .shares import compare_shares
    from .surveys import stackoverflow

    try:
        micro = stackoverflow(2019, frameworks=("TensorFlow", "PyTorch"), offline=True)
    except (NetworkError, ParseError, OSError):
        micro = None
    if micro is not None:
        so = micro.compare("TensorFlow", "PyTorch")
        t = micro.table.set_index("framework")
        return {"comparison": (f"Stack Overflow 2019 survey: TensorFlow minus PyTorch users ({t.loc['TensorFlow', 'share']:.1%} "
                               f"vs {t.loc['PyTorch', 'share']:.1%} of {int(t['base'].iloc[0]):,} who answered)"),
                "estimate": so.difference, "low": so.low, "high": so.high, "p_value": so.p_value,
                "method": so.method + "; base = the question's respondents (microdata)",
                "source": "Stack Overflow Developer Survey 2019 microdata (ODbL 1.0), https://survey.stackoverflow.co/"}
    so = compare_shares(round(SO_2019_TENSORFLOW.share * SO_2019_TENSORFLOW.base), SO_2019_TENSORFLOW.base,
                        round(SO_2019_PYTORCH.share * SO_2019_PYTORCH.base), same_survey=True, single_select=False)
    return {"comparison": "Stack Overflow 2019 survey: TensorFlow minus PyTorch users (10.3% vs 3.3%)",
            "estimate": so.difference, "low": so.low, "high": so.high, "p_value": so.p_value,
            "method": so.method + "; base = all 88,883 respondents, not the question's: too narrow "
                                  "(uptake.surveys.stackoverflow(2019) gives the real base)",
            "source": SO_2019_TENSORFLOW.source}


# The dataset registry: add an entry to make a published comparison appear in every matching report.
COMPARISONS = [
    PublishedComparison(frozenset({"torch", "tensorflow"}), "papers at NeurIPS 2019", _neurips_2019),
    PublishedComparison(frozenset({"torch", "tensorflow"}), "papers at NeurIPS 2019 (final counts)",
                        _neurips_2019_final),
    PublishedComparison(frozenset({"torch", "tensorflow"}), "developers using the framework (SO 2019)", _so_2019),
]


def comparisons_for(names: Any) -> list:
    """The registered published comparisons whose projects are all among ``names``.

    Examples
    --------
    >>> from uptake import figures
    >>> [c.question for c in figures.comparisons_for(["polars", "pandas"])]
    []
    >>> len(figures.comparisons_for(["tensorflow", "torch", "jax"]))
    3
    """
    return [c for c in COMPARISONS if c.applies_to(names)]
