"""Real, published data that uptake ships so that analyses run offline.

Each loader returns a DataFrame whose ``attrs`` carry ``source`` (author, title, date, URL), ``citation``,
``licence_note`` and ``file`` (the bundled file's name), so the citation travels with the numbers.

Examples
--------
>>> import uptake
>>> df = uptake.datasets.conference_mentions()
>>> int(df.query("conference == 'NeurIPS' and month == '2019-12'")["pytorch_only"].iloc[0])
182
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["conference_mentions", "CONFERENCE_MENTIONS_CITATION", "google_trends_format_example",
           "GOOGLE_TRENDS_EXAMPLE_PATH"]

_HERE = Path(__file__).resolve().parent
_CONFERENCE_FILE = "conference_framework_mentions_2015_2022.csv"
_TRENDS_EXAMPLE_FILE = "google_trends_FORMAT_EXAMPLE_simulated.csv"
#: Path of the bundled Google Trends FORMAT EXAMPLE (simulated values, see :func:`google_trends_format_example`).
GOOGLE_TRENDS_EXAMPLE_PATH = _HERE / _TRENDS_EXAMPLE_FILE

CONFERENCE_MENTIONS_CITATION = (
    "Horace He, \"The State of Machine Learning Frameworks in 2019\", The Gradient, 2019-10-10, "
    "https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/ ; "
    "data: github.com/Chillee/pytorch-vs-tensorflow, data_analysis/data.csv at commit 3ef0c7d (2021-10-22), "
    "columns renamed and dates written as YYYY-MM, values unchanged")


def conference_mentions() -> pd.DataFrame:
    """Papers at major ML conferences that mention PyTorch only or TensorFlow only, 2015-2022.

    One row per conference edition: ``conference``, ``month`` (the conference month, ``YYYY-MM`` string),
    ``date`` (the first day of that month), ``pytorch_only`` (full text mentions PyTorch but not TensorFlow),
    ``tensorflow_only`` (the reverse) and ``total_papers`` (papers the conference published that year). Papers
    mentioning both frameworks are in neither column. PyTorch mentions include allennlp, opennmt-py,
    torchvision and fairseq; TensorFlow mentions include opennmt-tf and keras (the collector's synonym lists).

    Source: Horace He, "The State of Machine Learning Frameworks in 2019", The Gradient (2019-10-10),
    https://thegradient.pub/state-of-ml-frameworks-2019-pytorch-dominates-research-tensorflow-dominates-industry/,
    and its data repository https://github.com/Chillee/pytorch-vs-tensorflow (``data_analysis/data.csv`` at
    commit 3ef0c7d, 2021-10-22). This is the data behind the research-share chart that J. Hale's "Is PyTorch
    catching TensorFlow?" (Towards Data Science, 2020-01) reproduces.

    Two NeurIPS 2019 figures exist and must not be mixed: Hale quotes **166 PyTorch vs 74 TensorFlow** (the
    chart as published in late 2019, see :data:`uptake.figures.NEURIPS_2019_PYTORCH`); the repository's final
    data, shipped here, says **182 vs 104** (as of 2021-10-22).

    Returns
    -------
    pandas.DataFrame
        Sorted by date then conference; ``attrs`` hold ``source``, ``citation``, ``file`` and ``note``.

    Examples
    --------
    >>> import uptake
    >>> df = uptake.datasets.conference_mentions()
    >>> sorted(df["conference"].unique())[:3]
    ['ACL', 'CVPR', 'ECCV']
    >>> df.attrs["source"].startswith("Horace He")
    True
    """
    path = _HERE / _CONFERENCE_FILE
    df = pd.read_csv(path, dtype={"conference": str, "month": str, "pytorch_only": "int64",
                                  "tensorflow_only": "int64", "total_papers": "int64"})
    df.insert(2, "date", pd.to_datetime(df["month"], format="%Y-%m"))
    df = df.sort_values(["date", "conference"], kind="stable").reset_index(drop=True)
    df.attrs.update({
        "source": CONFERENCE_MENTIONS_CITATION,
        "citation": CONFERENCE_MENTIONS_CITATION,
        "file": _CONFERENCE_FILE,
        "note": ("NeurIPS 2019 here is 182 PyTorch vs 104 TensorFlow (repository data, 2021-10-22); Hale (2020) "
                 "quotes 166 vs 74 from the chart published in late 2019. Report both with their dates."),
    })
    return df


def google_trends_format_example() -> pd.DataFrame:
    """A Google Trends "Download CSV" export in the real layout, with SIMULATED values: a format example, not data.

    Google Trends values may not be redistributed here, so this file (``google_trends_FORMAT_EXAMPLE_simulated.csv``,
    path :data:`GOOGLE_TRENDS_EXAMPLE_PATH`) has the exact layout of a weekly two-term export - category line,
    blank line, ``Week,pytorch: (Worldwide),tensorflow: (Worldwide)``, Sunday-dated weeks 2017-01-01 to 2021-12-19,
    integers 0-100 scaled to the file's maximum - and values drawn by ``tools/make_trends_example.py`` (seed 17):
    a rising ``pytorch`` level (20 to 70), a ``tensorflow`` level that rises to 2019 then falls, a mild yearly
    wave, weekly noise (4%), and a **40% drop on each day from 24 December to 1 January**, averaged into the weeks
    as Google's weekly export would: the weeks mostly inside the window drop by 40%, 34%, 26% and 34% in the
    winters 2017-2020 (by how many holiday days each holds), about -34% on average, which is what
    :func:`uptake.holiday_dip` should recover. The category line says
    "FORMAT EXAMPLE - simulated values". Use it to try :func:`uptake.read_google_trends`,
    :func:`uptake.holiday_dip` and the seasonal adjustment offline; for real numbers download your own export
    from https://trends.google.com (Explore, the terms, "Download CSV") and read it with
    :func:`uptake.read_google_trends`.

    Returns
    -------
    pandas.DataFrame
        As :func:`uptake.read_google_trends` returns it (weekly, labelled by each week's Sunday), with
        ``attrs["simulated"] = True`` and ``attrs["note"]`` saying what the values are.

    Examples
    --------
    >>> import uptake
    >>> example = uptake.datasets.google_trends_format_example()
    >>> list(example.columns), example.attrs["simulated"]
    (['pytorch: (Worldwide)', 'tensorflow: (Worldwide)'], True)
    """
    from ..sources import read_google_trends

    frame = read_google_trends(GOOGLE_TRENDS_EXAMPLE_PATH)
    frame.attrs.update({
        "simulated": True, "file": _TRENDS_EXAMPLE_FILE,
        "note": ("FORMAT EXAMPLE: simulated values in the real Google Trends export layout (tools/make_trends_example.py, "
                 "seed 17; a 40% drop on each day of 24 Dec - 1 Jan); not Google Trends data"),
    })
    return frame
