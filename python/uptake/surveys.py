"""Developer-survey microdata: framework shares on the question's own base, with exact intervals.

A published survey percentage is a share of the respondents who *answered that question*, not of everyone who
took the survey. These readers count, per framework, the respondents who chose it (``chose``) and the
respondents who answered the question at all (``base``; rows with the question unanswered are excluded), from
the public microdata:

* Stack Overflow, "Stack Overflow Developer Survey" (one a year, fielded in the first half of the year),
  ``survey_results_public.csv`` (2017-2025), https://survey.stackoverflow.co/ . Data licence: Open Database
  License (ODbL) 1.0. No survey weights are published: every share is unweighted, of self-selected respondents.
* Kaggle, "Kaggle Machine Learning & Data Science Survey" (2017-2022, one survey each autumn), the responses CSV
  of each year: https://www.kaggle.com/datasets/kaggle/kaggle-survey-2017 and .../kaggle-survey-2018, then
  https://www.kaggle.com/c/kaggle-survey-2019 to .../kaggle-survey-2022. Kaggle's rules govern the data;
  download needs a Kaggle account, so give a path. No weights are published; Kaggle showed each question only
  to some respondent segments, which is why the base matters.

Examples
--------
>>> import uptake  # doctest: +SKIP
>>> so = uptake.surveys.stackoverflow(2019)  # doctest: +SKIP
>>> so.compare("TensorFlow", "PyTorch")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._results import Summarized
from .errors import ParseError
from .shares import ShareComparison, compare_shares, share_ci

__all__ = ["stackoverflow", "kaggle", "SurveyShares", "STACKOVERFLOW_LAYOUTS", "KAGGLE_LAYOUTS",
           "STACKOVERFLOW_URL", "STACKOVERFLOW_LICENCE"]

STACKOVERFLOW_URL = "https://survey.stackoverflow.co/datasets/stack-overflow-developer-survey-{year}.zip"
STACKOVERFLOW_LICENCE = "Open Database License (ODbL) 1.0 - Stack Overflow Developer Survey, https://survey.stackoverflow.co/"
KAGGLE_LICENCE = "Kaggle ML & DS Survey data, under the Kaggle competition's rules (https://www.kaggle.com/c/kaggle-survey-{year})"

# Per year: the "worked with" column that lists ML frameworks and the separator of its multi-select answers.
# 2017 answers are joined by "; ", later years by ";".
#
# What is verified, and against what (no survey schema or sample is in ../shared; these are third-party analysis
# code and data excerpts in public repositories):
# - 2017: the column HaveWorkedFramework and its "; " separator (analysis code splitting it on "; ").
# - 2019-2020 MiscTechWorkedWith and 2021+ MiscTechHaveWorkedWith: answer rows such as "Keras;TensorFlow;Torch/PyTorch"
#   and "CUDA;NumPy;Torch/PyTorch", which confirm the labels "TensorFlow" and "Torch/PyTorch" and the ";" separator.
# - 2018 FrameworkWorkedWith: the column name from the docs (sources-more.md section 5); its labels are assumed to be
#   the same as 2019's.
# Unverified: the 2017 option list. Whether the 2017 question offered TensorFlow or PyTorch could not be confirmed
# (no 2017 schema was available), so 2017 is read from the data: an option that no 2017 respondent chose is taken as
# not offered (NaN, not 0); one that appears is counted. The bare label "PyTorch" (in _SO_OPTIONS in case a later
# year renames the option) was not seen in any sample.
STACKOVERFLOW_LAYOUTS: Dict[int, Tuple[str, str]] = {
    2017: ("HaveWorkedFramework", "; "),
    2018: ("FrameworkWorkedWith", ";"),
    2019: ("MiscTechWorkedWith", ";"),
    2020: ("MiscTechWorkedWith", ";"),
    **{y: ("MiscTechHaveWorkedWith", ";") for y in range(2021, 2026)},
}

# Option labels per framework, any of which counts (spellings changed over the years).
_SO_OPTIONS = {"TensorFlow": ("TensorFlow",), "PyTorch": ("Torch/PyTorch", "PyTorch"), "Keras": ("Keras",),
               "JAX": ("JAX",), "Hugging Face Transformers": ("Hugging Face Transformers",)}

# Per year: the responses file name and the question (its Part columns) on ML frameworks used.
KAGGLE_LAYOUTS: Dict[int, Tuple[str, str]] = {
    2017: ("multipleChoiceResponses.csv", "WorkToolsSelect"),
    2018: ("multipleChoiceResponses.csv", "Q19"),
    2019: ("multiple_choice_responses.csv", "Q28"),
    2020: ("kaggle_survey_2020_responses.csv", "Q16"),
    2021: ("kaggle_survey_2021_responses.csv", "Q16"),
    2022: ("kaggle_survey_2022_responses.csv", "Q17"),
}
_KAGGLE_OPTIONS = {"TensorFlow": ("TensorFlow",), "PyTorch": ("PyTorch",), "Keras": ("Keras",), "JAX": ("JAX",),
                   "Scikit-learn": ("Scikit-learn", "Scikit-Learn"), "PyTorch Lightning": ("PyTorch Lightning",),
                   "Huggingface": ("Huggingface",)}


@dataclass(frozen=True, repr=False)
class SurveyShares(Summarized):
    """Per framework: respondents who chose it, the question's base, the share and its exact interval.

    Attributes
    ----------
    table : pandas.DataFrame
        ``framework, chose, base, share, low, high`` (Clopper-Pearson); NaN where the year's question did not
        offer the framework.
    survey, year, question : str, int, str
    respondents : int
        All rows in the file; ``base`` is smaller when some did not answer (or were not shown) the question.
    source, licence, weights : str
    """

    table: pd.DataFrame
    survey: str
    year: Optional[int]
    question: str
    respondents: int
    source: str
    licence: str
    weights: str
    conf: float
    chosen: Dict[str, np.ndarray] = field(repr=False, default_factory=dict)

    def compare(self, a: str, b: str) -> ShareComparison:
        """Difference of two frameworks' shares among the same respondents (paired multi-select, overlap known)."""
        for name in (a, b):
            if name not in self.chosen:
                raise ValueError(f"{self.survey} {self.year}: no answers for {name!r}; have {sorted(self.chosen)}")
        ca, cb = self.chosen[a], self.chosen[b]
        n = int(self.table["base"].iloc[0])
        return compare_shares(int(ca.sum()), n, int(cb.sum()), same_survey=True, single_select=False,
                              both=int((ca & cb).sum()), conf=self.conf)

    def summary(self) -> str:
        lines = [f"{self.survey} {self.year or ''}: question {self.question!r}, {self.respondents} respondents, "
                 f"base {int(self.table['base'].iloc[0]) if len(self.table) else 0} answered it "
                 f"({self.conf:.0%} exact intervals; {self.weights})"]
        for _, r in self.table.iterrows():
            if np.isnan(r["share"]):
                lines.append(f"  {r['framework']:<14} not offered that year")
            else:
                lines.append(f"  {r['framework']:<14} {int(r['chose']):>7} / {int(r['base'])} = {r['share']:.1%} "
                             f"[{r['low']:.1%}, {r['high']:.1%}]")
        lines.append(f"  licence: {self.licence}")
        return "\n".join(lines)


def _table(chosen: Dict[str, Optional[np.ndarray]], base: int, conf: float) -> pd.DataFrame:
    rows = []
    for name, c in chosen.items():
        if c is None or base == 0:
            rows.append({"framework": name, "chose": np.nan, "base": base, "share": np.nan, "low": np.nan,
                         "high": np.nan})
            continue
        k = int(c.sum())
        lo, hi = share_ci(k, base, method="clopper_pearson", conf=conf)
        rows.append({"framework": name, "chose": k, "base": base, "share": k / base, "low": lo, "high": hi})
    return pd.DataFrame(rows)


def _is_year(path_or_year: Any, frameworks: Sequence[str], options: Dict[str, Any], what: str) -> bool:
    """Check the framework names; True when the first argument is a year rather than a path."""
    unknown = [f for f in frameworks if f not in options]
    if unknown:
        raise ValueError(f"{what}: unknown framework(s) {unknown}; choose from {sorted(options)}")
    return isinstance(path_or_year, (int, np.integer)) and not isinstance(path_or_year, bool)


def _read_csv(source: Union[str, Path, bytes], what: str, **kwargs: Any) -> pd.DataFrame:
    try:
        if isinstance(source, bytes):
            return pd.read_csv(io.BytesIO(source), dtype=str, keep_default_na=False, low_memory=False, **kwargs)
        return pd.read_csv(source, dtype=str, keep_default_na=False, low_memory=False, **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise ParseError(f"{what}: not a readable survey CSV ({exc})") from exc


def _blank(values: pd.Series) -> np.ndarray:
    """Unanswered cells: empty, whitespace or the literal NA the Stack Overflow files use."""
    s = values.fillna("").str.strip()
    return ((s == "") | (s == "NA")).to_numpy()


def _stackoverflow_bytes(year: int, base_url: Optional[str], offline: Optional[bool]) -> bytes:
    from . import _fetch

    url = (base_url.rstrip("/") + f"/stack-overflow-developer-survey-{year}.zip") if base_url else \
        STACKOVERFLOW_URL.format(year=year)
    resp = _fetch.fetch([{"method": "GET", "url": url, "ttl": 365 * 86400}], offline=offline,
                        description=f"Stack Overflow survey {year}")[0]
    try:
        with zipfile.ZipFile(io.BytesIO(resp.body)) as z:
            names = [n for n in z.namelist() if n.endswith("survey_results_public.csv")]
            if not names:
                raise ParseError(f"{url}: the archive has no survey_results_public.csv (has {z.namelist()[:5]})")
            return z.read(names[0])
    except zipfile.BadZipFile as exc:
        raise ParseError(f"{url}: not a zip archive ({exc})") from exc


def stackoverflow(path_or_year: Union[int, str, Path], *, frameworks: Sequence[str] = ("TensorFlow", "PyTorch", "Keras"),
                  year: Optional[int] = None, conf: float = 0.95, base_url: Optional[str] = None,
                  offline: Optional[bool] = None) -> SurveyShares:
    """Framework shares from the Stack Overflow Developer Survey microdata, on the question's base.

    Parameters
    ----------
    path_or_year : int, str or Path
        A year (2017-2025): the public archive is downloaded from :data:`STACKOVERFLOW_URL` through uptake's
        response cache (licence: ODbL 1.0). Or a path to ``survey_results_public.csv`` (or the year's zip).
    frameworks : names among TensorFlow, PyTorch, Keras, JAX, Hugging Face Transformers.
    year : int, optional
        With a path: the survey year; inferred from the columns when omitted (2017, 2018, 2019-2020 or 2021+).
    conf : float
    base_url, offline : download mirror (tests) and cache-only switch.

    Returns
    -------
    SurveyShares
        ``base`` = respondents with a non-empty, non-``NA`` answer to the year's "worked with" question
        (:data:`STACKOVERFLOW_LAYOUTS`); a framework counts when any of its option spellings (``Torch/PyTorch``,
        ``PyTorch``) is among the ``;``-separated answers. Unweighted: Stack Overflow publishes no weights.

    Examples
    --------
    >>> import pathlib, tempfile, uptake
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "survey_results_public.csv"
    >>> _ = p.write_text("Respondent,MiscTechWorkedWith\\n1,TensorFlow;Torch/PyTorch\\n2,NA\\n3,Node.js\\n")
    >>> r = uptake.surveys.stackoverflow(p, year=2019)
    >>> r.table[["framework", "chose", "base"]].values.tolist()[:2]
    [['TensorFlow', 1, 2], ['PyTorch', 1, 2]]
    """
    if _is_year(path_or_year, frameworks, _SO_OPTIONS, "stackoverflow"):
        year = int(path_or_year)
        if year not in STACKOVERFLOW_LAYOUTS:
            raise ValueError(f"stackoverflow: year {year} is not supported; use {min(STACKOVERFLOW_LAYOUTS)}-"
                             f"{max(STACKOVERFLOW_LAYOUTS)}")
        data: Union[bytes, Path] = _stackoverflow_bytes(year, base_url, offline)
        where = STACKOVERFLOW_URL.format(year=year)
    else:
        path = Path(path_or_year)
        if not path.exists():
            raise ValueError(f"stackoverflow: no file at {path}")
        data, where = path, str(path)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                names = [n for n in z.namelist() if n.endswith("survey_results_public.csv")]
                if not names:
                    raise ParseError(f"{path}: the archive has no survey_results_public.csv")
                data = z.read(names[0])
    header = _read_csv(data, where, nrows=0).columns
    if year is None:
        found = [y for y, (col, _) in sorted(STACKOVERFLOW_LAYOUTS.items()) if col in header]
        if not found:
            raise ParseError(f"{where}: none of the known framework columns "
                             f"{sorted({c for c, _ in STACKOVERFLOW_LAYOUTS.values()})} is in the header")
        year = found[0] if found[0] < 2019 else None  # 2019-2020 and 2021+ share a column: the year stays unknown
        column, sep = STACKOVERFLOW_LAYOUTS[found[0]]
    else:
        if year not in STACKOVERFLOW_LAYOUTS:
            raise ValueError(f"stackoverflow: year {year} is not supported")
        column, sep = STACKOVERFLOW_LAYOUTS[year]
        if column not in header:
            raise ParseError(f"{where}: the {year} survey's framework column {column!r} is not in the header")
    df = _read_csv(data, where, usecols=[column])
    answered = ~_blank(df[column])
    answers = df[column][answered].str.split(sep.strip()).map(lambda xs: {x.strip() for x in xs})
    chosen: Dict[str, Optional[np.ndarray]] = {}
    for name in frameworks:
        labels = set(_SO_OPTIONS[name])
        picked = answers.map(lambda xs, labels=labels: bool(xs & labels)).to_numpy(dtype=bool)
        # 2017's option list is unverified (see STACKOVERFLOW_LAYOUTS): an option nobody chose among tens of
        # thousands of answers was not offered, so it is unknown (NaN), not 0
        chosen[name] = None if (year == 2017 and not picked.any()) else picked
    base = int(answered.sum())
    return SurveyShares(_table(chosen, base, conf), "Stack Overflow Developer Survey", year, column, len(df),
                        where, STACKOVERFLOW_LICENCE, "unweighted (no survey weights are published)", float(conf),
                        {k: v for k, v in chosen.items() if v is not None})


def _kaggle_year(path: Path, header: Sequence[str]) -> int:
    m = re.search(r"(20\d\d)", path.name)
    if m and int(m.group(1)) in KAGGLE_LAYOUTS:
        return int(m.group(1))
    # 2017 and 2018 share a file name; 2017 alone has the single WorkToolsSelect column
    by_name = [y for y, (name, _) in KAGGLE_LAYOUTS.items() if name == path.name]
    if "WorkToolsSelect" in header:
        return 2017
    if len(by_name) == 1 or (by_name == [2017, 2018] and any(c.startswith("Q19_Part_") for c in header)):
        return by_name[-1]
    raise ValueError(f"kaggle: cannot tell the survey year of {path.name}; pass year=")


def kaggle(path_or_year: Union[int, str, Path], *, year: Optional[int] = None,
           frameworks: Sequence[str] = ("TensorFlow", "PyTorch", "Keras"), conf: float = 0.95) -> SurveyShares:
    """Framework shares from the Kaggle ML & DS Survey microdata (2017-2022), on the question's base.

    2018-2022 files have one column per option (``Q16_Part_1`` ... ``Q16_OTHER``) whose cell holds the option
    label (often padded with spaces) or nothing, and a second header row with the question text, which is
    skipped. The base is the respondents with any non-empty cell in the question's columns (including
    "None"): Kaggle did not show every question to every respondent. 2017 has one comma-separated column
    (``WorkToolsSelect``) and no question-text row. No weights are published.

    Parameters
    ----------
    path_or_year : str or Path
        The year's responses CSV (:data:`KAGGLE_LAYOUTS`). A bare year raises: the files need a Kaggle
        account (``kaggle competitions download -c kaggle-survey-2022``).
    year : int, optional
        Inferred from the file name (``kaggle_survey_2021_responses.csv``) or the 2017 layout when omitted.

    Examples
    --------
    >>> import pathlib, tempfile, uptake
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kaggle_survey_2020_responses.csv"
    >>> _ = p.write_text("Q1,Q16_Part_1,Q16_Part_2,Q16_Part_3\\nAge,Q16 a,Q16 b,Q16 c\\n"
    ...                  "22-24,  Scikit-learn ,  TensorFlow ,\\n25-29,,, PyTorch \\n30-34,,,\\n")
    >>> uptake.surveys.kaggle(p).table[["framework", "chose", "base"]].values.tolist()[:2]
    [['TensorFlow', 1, 2], ['PyTorch', 1, 2]]
    """
    if _is_year(path_or_year, frameworks, _KAGGLE_OPTIONS, "kaggle"):
        y = int(path_or_year)
        raise ValueError(f"kaggle: the {y} survey files need a Kaggle account and cannot be fetched anonymously; "
                         f"download them (kaggle competitions download -c kaggle-survey-{y}) and pass the path "
                         f"of {KAGGLE_LAYOUTS.get(y, ('the responses CSV',))[0]}")
    path = Path(path_or_year)
    if not path.exists():
        raise ValueError(f"kaggle: no file at {path}")
    header = list(_read_csv(path, str(path), nrows=0).columns)
    year = _kaggle_year(path, header) if year is None else int(year)
    if year not in KAGGLE_LAYOUTS:
        raise ValueError(f"kaggle: year {year} is not supported; use {min(KAGGLE_LAYOUTS)}-{max(KAGGLE_LAYOUTS)}")
    question = KAGGLE_LAYOUTS[year][1]
    chosen: Dict[str, Optional[np.ndarray]] = {}
    if year == 2017:
        if question not in header:
            raise ParseError(f"{path}: the 2017 column {question!r} is not in the header")
        df = _read_csv(path, str(path), usecols=[question], encoding_errors="replace")
        answered = ~_blank(df[question])
        answers = df[question][answered].str.split(",").map(lambda xs: {x.strip() for x in xs})
        for name in frameworks:
            labels = set(_KAGGLE_OPTIONS[name])
            chosen[name] = answers.map(lambda xs, labels=labels: bool(xs & labels)).to_numpy(dtype=bool)
        n_rows = len(df)
    else:
        cols = [c for c in header if re.fullmatch(rf"{question}_(Part_\d+|OTHER(_TEXT)?)", c)
                and not c.endswith("_TEXT")]
        if not cols:
            raise ParseError(f"{path}: no {question}_Part_n columns for the {year} framework question")
        df = _read_csv(path, str(path), usecols=cols, skiprows=[1], encoding_errors="replace")
        cells = df[cols].apply(lambda s: s.str.strip())
        answered = (cells != "").any(axis=1).to_numpy()
        cells = cells[answered]
        n_rows = len(df)
        for name in frameworks:
            labels = set(_KAGGLE_OPTIONS[name])
            chosen[name] = cells.isin(labels).any(axis=1).to_numpy(dtype=bool)
    base = int(np.asarray(answered).sum())
    return SurveyShares(_table(chosen, base, conf), "Kaggle ML & DS Survey", year, question, n_rows, str(path),
                        KAGGLE_LICENCE.format(year=year), "unweighted (no survey weights are published)",
                        float(conf), {k: v for k, v in chosen.items() if v is not None})
