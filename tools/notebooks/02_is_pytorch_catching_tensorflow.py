TITLE = "Is PyTorch catching TensorFlow? Research, jobs, surveys, search and downloads, with honest intervals"

CELLS = [
    ("md", """
Two articles started this project: Horace He's *The State of Machine Learning Frameworks in 2019* (papers) and
Jeff Hale's *Is PyTorch Catching TensorFlow?* (jobs, surveys, downloads, search). Their figures were point
estimates. Here each comes with an interval, and where there are time series, with a projected crossover.

Online, the series are fetched live (arXiv, Hacker News, Stack Overflow survey microdata, Wikipedia page views,
ClickHouse PyPI data, Anaconda's conda data); search interest comes from a Google Trends export you provide.
Without a network the notebook says so in one line and continues on cached data, or else on series from
`uptake.simulate`, **labelled as simulated**; the published figures are real either way. `UPTAKE_SAMPLE=1`
selects the simulated sample directly; `UPTAKE_OFFLINE=1` means "cache only", as everywhere in uptake.
"""),
    ("code", """
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import uptake
from uptake import figures

from uptake.fallback import compare_or_sample, fetch_or_cached
"""),
    ("md", """## Research: papers mentioning each framework (real data, bundled)

Horace He counted, per ML conference, the papers whose full text mentions PyTorch but not TensorFlow and the
reverse (*The State of Machine Learning Frameworks in 2019*, The Gradient, 2019-10-10; data
github.com/Chillee/pytorch-vs-tensorflow). uptake ships those counts, so this section is real even offline.
NeurIPS 2019 has two published counts: 166 vs 74 (He's chart of late 2019, quoted by Hale in January 2020)
and 182 vs 104 (the repository's final data, 2021-10-22). They are shown side by side, never mixed."""),
    ("code", """
mentions = uptake.datasets.conference_mentions()
print(mentions.attrs["citation"])
research = uptake.research_share.conference_share(mentions)
print(research.summary())
ax = research.plot()
"""),
    ("md", """## Job listings

Hale's job-site ratios are **snapshots**: searches of Indeed, Monster, SimplyHired and LinkedIn in the United
States on 2020-01-26 found TensorFlow in about twice as many listings as PyTorch, against three times in his
analysis ten months earlier; the counts appear only as chart images, so there is no interval. The open, repeatable signal is
Hacker News "Ask HN: Who is hiring?": each month's top-level postings that mention each framework."""),
    ("code", """
print("snapshot:", figures.JOBS_2019_03_TF_PER_PYTORCH.date, figures.JOBS_2019_03_TF_PER_PYTORCH.count, "|",
      figures.JOBS_2020_01_TF_PER_PYTORCH.date, figures.JOBS_2020_01_TF_PER_PYTORCH.count,
      "TensorFlow listings per PyTorch listing -", figures.JOBS_2020_01_TF_PER_PYTORCH.source)
jobs = fetch_or_cached(uptake.sources.hn_hiring, ["pytorch|torch", "tensorflow"], "2018-01-01",
                       what="Hacker News hiring threads")
if jobs is not None:
    print({k: tuple(round(x, 3) for x in v) for k, v in jobs.attrs["trend"].items()}, "(log-odds change per year)")
    ax = jobs[["pytorch|torch share", "tensorflow share"]].plot(title="Share of HN 'Who is hiring?' postings")
"""),
    ("md", """## Survey: Stack Overflow 2019

Hale quotes 10.3% (TensorFlow) vs 3.3% (PyTorch). Those are shares of the respondents who answered the
frameworks question, not of all 88,883 respondents: the microdata give the real base. Both shares come from the
same respondents, so the difference uses the paired variance with the overlap counted from the microdata."""),
    ("code", """
so = fetch_or_cached(uptake.surveys.stackoverflow, 2019, what="Stack Overflow survey 2019 microdata")
if so is not None:
    print(so.summary())
    print(so.compare("TensorFlow", "PyTorch").summary())
else:
    n = figures.SO_2019_TENSORFLOW.base
    approx = uptake.compare_shares(round(0.103 * n), n, round(0.033 * n), same_survey=True, single_select=False)
    print("published shares only:", figures.SO_2019_TENSORFLOW.note)
    print(approx.summary(), "(interval too narrow: wrong base)")
print("professional developers: 9.4% vs 2.9% - base not published, so no interval:", figures.SO_2019_PRO_TENSORFLOW.note)
"""),
    ("md", """## Search interest: your Google Trends export, seasonally adjusted, and the winter dip measured

Hale showed Google search interest for the topics *PyTorch (Software)* and *TensorFlow (Computer application)*
in the United States, 2017-01-26 to 2020-01-26, with linear trend lines and a dip every winter holiday ("no one
wants to search for deep learning frameworks around the winter holidays"). Google Trends has no open API and its
values may not be redistributed, so **you** provide the export: trends.google.com -> Explore -> those two topics,
United States, that date range (or "Past 5 years" for what has happened since) -> "Download CSV"
(`multiTimeline.csv`), placed next to this notebook (or set `TRENDS_CSV`). Without one, the notebook uses the bundled **FORMAT EXAMPLE**
(`uptake.datasets.google_trends_format_example()`): the real export layout with **simulated values** (a 40% drop
on each day of 24 December - 1 January built in), so every step runs, but its numbers are not findings.

Each term is measured twice: the winter dip on the series as observed (`uptake.holiday_dip`: the weeks mostly
inside 24 Dec - 1 Jan against the four weeks either side, winter by winter, mean with a Student-t interval over
winters), then the series is seasonally adjusted (robust STL on the log, yearly period of 52 weeks) and the
linear trends are fitted on the adjusted series, so the dip neither bends the trend nor narrows its interval."""),
    ("code", """
from pathlib import Path
TRENDS_CSV = Path("multiTimeline.csv")          # your Google Trends export
if TRENDS_CSV.exists():
    interest = uptake.read_google_trends(TRENDS_CSV)
    print(f"Google Trends export {TRENDS_CSV}: {interest.attrs['granularity']}ly, category {interest.attrs['category']!r}")
else:
    interest = uptake.datasets.google_trends_format_example()
    print(f"No Google Trends export at {TRENDS_CSV}: using the bundled FORMAT EXAMPLE - SIMULATED values, not Google "
          "Trends data; the dip and trends below only show the method")
period = {"week": 52, "month": 12}.get(interest.attrs["granularity"])
simulated = interest.attrs.get("simulated", False)
adjusted, dips = {}, {}
for term in interest:
    y = interest[term].clip(lower=0.5)           # "<1" and 0 are read as 0.5 or 0: logs need a positive floor
    if interest.attrs["granularity"] in ("day", "week"):
        dips[term] = uptake.holiday_dip(y)
        print(("[SIMULATED] " if simulated else "") + dips[term].summary())
    if period is None or len(y) < 2 * period + 1:
        print(f"{term}: fewer than two years of weekly or monthly data - no yearly adjustment")
        continue
    dec = uptake.stl(np.log(y), period, robust=True)
    adjusted[term] = np.exp(dec.observed - dec.seasonal).rename(term)
for term, adj in adjusted.items():
    fit = uptake.ols_trend(adj)
    per_year = fit.params["trend"] * 365.25
    band = fit.conf_int().loc["trend"] * 365.25
    left = uptake.holiday_dip(adj).percent if term in dips else float("nan")
    print(f"{term}: {per_year:+.1f} points per year [{band['low']:+.1f}, {band['high']:+.1f}] on the adjusted series; "
          f"winter dip left after adjustment {left:+.1f}%")
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
for term in interest:
    line, = axes[0].plot(interest.index, interest[term], lw=0.7, alpha=0.45)
    if term in adjusted:
        axes[0].plot(adjusted[term].index, adjusted[term], lw=1.4, color=line.get_color(), label=f"{term}, adjusted")
axes[0].set_title("Search interest" + (" (FORMAT EXAMPLE, simulated)" if simulated else ""))
axes[0].legend(frameon=False)
if dips:
    dips[next(iter(dips))].plot(ax=axes[1])
fig.tight_layout()
"""),
    ("md", """### Wikipedia page views: the live, open search proxy

Page views of the English Wikipedia articles *PyTorch* and *TensorFlow* (Wikimedia REST API, user agents only,
daily from 2016) are open and current. The same winter dip is measured on them, and `uptake.seasonal_adjust`
(weekly + yearly + a Christmas-New Year effect per day) gives the per-day holiday effects. Offline the notebook
uses the response cache; with nothing cached it says so and skips this part."""),
    ("code", """
views = {}
for label, article in [("PyTorch", "PyTorch"), ("TensorFlow", "TensorFlow")]:
    got = fetch_or_cached(uptake.sources.wikipedia_pageviews, article, "2016-01-01", what=f"Wikipedia page views ({article})")
    if got is not None:
        views[label] = got["user"].rename(label)
if views:
    for label, v in views.items():
        v = v.loc[:v.last_valid_index()]
        print(uptake.holiday_dip(v).summary())
        adj = uptake.seasonal_adjust(v)
        print(f"  seasonal_adjust, deepest holiday day: {adj.holiday_effects['percent'].min():+.1f}%")
    weekly = pd.DataFrame({k: uptake.resample(v, "W") for k, v in views.items()})
    ax = weekly.plot(title="English Wikipedia page views per week (users)", logy=True)
else:
    print("Wikipedia page views not available (no network and nothing cached): the search section rests on the "
          "Google Trends file above")
"""),
    ("md", """## Downloads: humans only, PyPI and conda

Download totals mix people with CI and mirrors. The pipeline separates them on PyPI (ClickPy) and projects the
crossing; conda downloads (Anaconda's public package data, monthly, conda names `pytorch` and `tensorflow`) come
from a different population of installs and are shown next to PyPI, not added to it. The first live run downloads
one Parquet file of tens of MB per month of the window (shared by both projects, cached for a week); drop
`"conda"` from `signals` for a quick run."""),
    ("code", """
comparison = compare_or_sample(["tensorflow", "torch"], signals=["downloads", "conda", "pageviews"])
print(comparison.summary())
ax = uptake.plot.adoption(comparison)
"""),
    ("md", """## What has happened since

Hale's article stops in January 2020 and He's conference data in 2022. The same measures through the latest
data (live; from the cache or skipped offline, each saying so):

- papers: arXiv abstracts naming each framework per year, with the share crossover;
- jobs: the last twelve months of Hacker News "Who is hiring?" postings;
- surveys: the latest Stack Overflow survey, on the question's own base;
- search and downloads: the page views and the PyPI/conda comparison above run through yesterday."""),
    ("code", """
pytorch = fetch_or_cached(uptake.sources.arxiv, 'abs:"pytorch"', "2016-01-01", None, freq="Y", what="arXiv")
tensorflow = None if pytorch is None else fetch_or_cached(uptake.sources.arxiv, 'abs:"tensorflow"', "2016-01-01",
                                                          None, freq="Y", what="arXiv")
if pytorch is not None and tensorflow is not None:
    cross = uptake.share_crossover(tensorflow.rename("TensorFlow"), pytorch.rename("PyTorch"))
    print(cross.summary())
    ax = uptake.plot.crossover(cross)
else:
    print("arXiv not available: the conference result above stands on its own (through 2022)")
if jobs is not None:
    print(jobs[["pytorch|torch share", "tensorflow share"]].tail(12).round(3))
latest = fetch_or_cached(uptake.surveys.stackoverflow, 2025, what="Stack Overflow survey 2025 microdata")
if latest is not None:
    print(latest.summary())
    print(latest.compare("TensorFlow", "PyTorch").summary())
"""),
    ("md", """## Credits

Each figure and data set, with the person or organisation it comes from:

- Conference counts (research section): Horace He, *The State of Machine Learning Frameworks in 2019*, The
  Gradient (2019-10-10), data github.com/Chillee/pytorch-vs-tensorflow (commit 3ef0c7d, 2021-10-22).
- NeurIPS 2019 "166 vs 74": Horace He's chart as published in late 2019, as quoted by Jeff Hale.
- Job-site ratios (US job sites, 2019-03 and 2020-01): Jeff Hale, *Is PyTorch Catching TensorFlow?*, Towards
  Data Science (2020-01).
- Stack Overflow 2019 shares (10.3% vs 3.3%; 9.4% vs 2.9% of professional developers): Stack Overflow Developer
  Survey 2019, as quoted by Jeff Hale; the microdata: Stack Overflow, ODbL 1.0.
- Search interest with its winter dip and linear trends: Jeff Hale's chart of Google Trends data (Google). The
  bundled file is uptake's own FORMAT EXAMPLE with simulated values, credited to no one else.
- Wikipedia page views: Wikimedia Foundation, Pageviews REST API. Hacker News postings: Hacker News via the
  Algolia HN Search API. arXiv counts: arXiv API. PyPI downloads: the PyPI BigQuery dataset through ClickPy
  (ClickHouse). conda downloads: Anaconda's public package data (anaconda-package-data on S3).
- TensorFlow's 115M PyPI downloads in 2020 belong to François Chollet's 2020 TensorFlow/Keras adoption metrics
  (notebook 05), not to Hale, whose article predates 2020's totals."""),
]
