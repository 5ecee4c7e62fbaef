TITLE = "TensorFlow/Keras adoption in 2020: F. Chollet's metrics, reproduced with public data and intervals"

CELLS = [
    ("md", """
François Chollet summarised TensorFlow/Keras adoption for 2020 in a Twitter thread
([2021-01-05](https://twitter.com/fchollet/status/1346499151559737344)) with a list of metrics: PyPI downloads (115M in
2020, mostly CI), the Stack Overflow and Kaggle developer surveys, LinkedIn job posts, arXiv and Google Scholar
mentions, Colab and Kaggle notebook usage, GitHub stars, forks, watchers and commits, and a Covid slump from
March to November. This notebook reproduces each with the public data that exists today, with intervals, and
says in one line where data are not public.

Online, data are fetched live. Without a network each section says so in one line and continues on cached data,
or on a series from `uptake.simulate` **labelled as simulated**. `UPTAKE_SAMPLE=1` selects the sample directly.
"""),
    ("code", """
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import uptake
from uptake import figures
from uptake.fallback import compare_or_sample, fetch_or_cached
"""),
    ("md", """## PyPI downloads and the Covid slump

The 115M figure counts every download, CI and mirrors included (`figures.PYPI_2020_TENSORFLOW_DOWNLOADS`,
credited to Chollet). The slump shows as breaks in a segmented trend of monthly downloads, 2019-2021, each break
with its interval."""),
    ("code", """
f = figures.PYPI_2020_TENSORFLOW_DOWNLOADS
print(f"{f.name}: {f.count:,.0f} ({f.note}) - {f.source}")
daily = fetch_or_cached(uptake.sources.clickhouse_pypi, "tensorflow", "2019-01-01", "2021-12-31",
                        what="ClickPy PyPI downloads")
if daily is not None:
    monthly = uptake.resample(daily.iloc[:, 0], "MS", how="sum")
    label = "TensorFlow PyPI downloads per month"
else:
    months = pd.date_range("2019-01-01", "2021-12-01", freq="MS")
    t = np.arange(len(months), dtype=float)
    slump = np.where(t <= 22, -0.04 * (t - 14), -0.32)  # March-November 2020, then a lower level
    slump = np.where(t < 14, 0.0, slump)
    rng = np.random.default_rng(5)
    monthly = pd.Series(np.exp(15 + 0.03 * t + slump + rng.normal(0, 0.03, len(t))), index=months)
    label = "SIMULATED monthly downloads (no network): the method only"
seg = uptake.segmented_trend(np.log(monthly), n_breaks=2)
print(label)
print(seg.summary())
ax = np.log(monthly).plot(title=label)
ax.set_ylabel("log downloads")
"""),
    ("md", """## Developer surveys

Stack Overflow microdata give each framework's share **of the respondents who answered the question** (the base),
with exact intervals and the paired TensorFlow-vs-PyTorch difference. Kaggle's survey files need a Kaggle account:
give the path of a downloaded responses CSV in `KAGGLE_SURVEY_CSV` to include it (Colab usage is not public; the
Kaggle survey is its nearest open proxy)."""),
    ("code", """
import os
for year in (2020, 2021):
    so = fetch_or_cached(uptake.surveys.stackoverflow, year, what=f"Stack Overflow survey {year} microdata")
    if so is not None:
        print(so.summary())
        print(so.compare("TensorFlow", "PyTorch").summary())
path = os.environ.get("KAGGLE_SURVEY_CSV")
if path:
    print(uptake.surveys.kaggle(path).summary())
else:
    print("Kaggle survey: not public without an account; set KAGGLE_SURVEY_CSV to a downloaded responses file")
"""),
    ("md", """## Job posts

LinkedIn counts are not public. The nearest open proxy: Hacker News "Ask HN: Who is hiring?" postings that mention
each framework, per month, with exact intervals and a trend."""),
    ("code", """
jobs = fetch_or_cached(uptake.sources.hn_hiring, ["tensorflow|keras", "pytorch|torch"], "2019-01-01",
                       what="Hacker News hiring threads")
if jobs is not None:
    print(jobs.attrs["trend"])
    ax = jobs[["tensorflow|keras share", "pytorch|torch share"]].plot(title="Share of HN hiring postings")
"""),
    ("md", """## Research mentions

Google Scholar has no API. arXiv abstracts per year are the open proxy; the conference counts bundled with uptake
(H. He, The Gradient) give the research share with intervals."""),
    ("code", """
research = uptake.research_share.conference_share()
print(research.table[["conference", "last_month", "last_share", "last_low", "last_high", "status"]].to_string(index=False))
papers = fetch_or_cached(uptake.sources.arxiv, 'abs:"tensorflow" OR abs:"keras"', "2016-01-01", None, freq="Y",
                         what="arXiv")
if papers is not None:
    print(papers)
"""),
    ("md", "## GitHub: stars, forks, watchers, commits"),
    ("code", """
for repo in ("tensorflow/tensorflow", "keras-team/keras"):
    snap = fetch_or_cached(uptake.sources.github_repo, repo, what=f"GitHub {repo}")
    if snap is not None:
        print(repo, snap.to_dict())
"""),
    ("md", """## What has happened since

The same comparison through the latest data: downloads (humans only) and page views for TensorFlow, Keras and
PyTorch, with trends and crossovers."""),
    ("code", """
comparison = compare_or_sample(["tensorflow", "keras", "torch"], signals=["downloads", "pageviews"])
print(comparison.summary())
ax = uptake.plot.adoption(comparison)
"""),
    ("md", """## Credits

- The list of metrics and the 115M PyPI downloads of 2020: François Chollet, "Here's an overview of key adoption
  metrics for deep learning frameworks over 2020" (Twitter thread, 2021-01-05,
  https://twitter.com/fchollet/status/1346499151559737344).
- Conference counts: Horace He, *The State of Machine Learning Frameworks in 2019*, The Gradient (2019-10-10),
  data github.com/Chillee/pytorch-vs-tensorflow.
- Stack Overflow Developer Survey microdata: Stack Overflow, ODbL 1.0. Kaggle ML & DS Survey: Kaggle.
  Hacker News postings: Algolia HN Search API. PyPI downloads: ClickPy (ClickHouse). GitHub REST API."""),
]
