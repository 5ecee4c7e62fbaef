TITLE = "Is PyTorch catching TensorFlow? Research, jobs, surveys, search and downloads, with honest intervals"

CELLS = [
    ("md", """
Two articles started this project: Horace He's *The State of Machine Learning Frameworks in 2019* (papers) and
Jeff Hale's *Is PyTorch Catching TensorFlow?* (jobs, surveys, downloads, search). Their figures were point
estimates. Here each comes with an interval, and where there are time series, with a projected crossover.

Online, the series are fetched live (arXiv, Google Trends export if you provide one, ClickHouse PyPI data).
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
    ("md", "What has happened since: arXiv abstracts naming each framework per year, through the latest data (live; cached or skipped offline)."),
    ("code", """
pytorch = fetch_or_cached(uptake.sources.arxiv, 'abs:"pytorch"', "2016-01-01", None, freq="Y", what="arXiv")
tensorflow = None if pytorch is None else fetch_or_cached(uptake.sources.arxiv, 'abs:"tensorflow"', "2016-01-01",
                                                          None, freq="Y", what="arXiv")
if pytorch is not None and tensorflow is not None:
    cross = uptake.share_crossover(tensorflow.rename("TensorFlow"), pytorch.rename("PyTorch"))
    print(cross.summary())
    ax = uptake.plot.crossover(cross)
else:
    print("arXiv not available: the conference result above stands on its own")
"""),
    ("md", """## Job listings

Hale's job-site ratios are **snapshots** (TensorFlow about twice as many listings as PyTorch in January 2020,
three times in March 2019, US sites; counts not published, so no interval). The open, repeatable signal is
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
    ("md", "## Search interest\n\nWeekly Google Trends interest dips every winter holiday; remove that before fitting a trend. Download the CSV from trends.google.com and read it with `uptake.read_google_trends`; offline we simulate one."),
    ("code", """
weeks = pd.date_range("2019-01-06", periods=5 * 52, freq="W-SUN")
t = np.arange(len(weeks))
dip = np.where(((weeks.month == 12) & (weeks.day >= 22)) | ((weeks.month == 1) & (weeks.day <= 4)), 0.6, 1.0)
rng = np.random.default_rng(2)
interest = pd.DataFrame({"pytorch (simulated)": (30 + 0.15 * t) * dip + rng.normal(0, 1.5, len(t)),
                         "tensorflow (simulated)": (60 - 0.08 * t) * dip + rng.normal(0, 1.5, len(t))}, index=weeks)
for col in interest:
    fit = uptake.ols_trend(interest[col], interventions=None)
    print(f"{col}: {fit.params['trend'] * 365.25:+.1f} points per year "
          f"[{fit.conf_int().loc['trend', 'low'] * 365.25:+.1f}, {fit.conf_int().loc['trend', 'high'] * 365.25:+.1f}]")
dec = uptake.stl(interest.iloc[:, 0], 52, seasonal="periodic")
fig = dec.plot()
"""),
    ("md", "## Downloads: humans only\n\nDownload totals mix people with CI and mirrors. The full pipeline separates them and projects the crossing."),
    ("code", """
comparison = compare_or_sample(["tensorflow", "torch"], signals=["downloads", "pageviews"])
print(comparison.summary())
ax = uptake.plot.adoption(comparison)
"""),
    ("md", """## Credits

- Conference counts: Horace He, *The State of Machine Learning Frameworks in 2019*, The Gradient (2019-10-10),
  data github.com/Chillee/pytorch-vs-tensorflow (commit 3ef0c7d, 2021-10-22).
- Job-site ratios, NeurIPS 166 vs 74 quote, Stack Overflow 2019 shares, search interest: Jeff Hale, *Is PyTorch
  Catching TensorFlow?*, Towards Data Science (2020-01).
- TensorFlow's 115M PyPI downloads in 2020: François Chollet's TensorFlow/Keras adoption metrics for 2020 (not Hale).
- Stack Overflow Developer Survey microdata: Stack Overflow, ODbL 1.0. Hacker News postings: Algolia HN Search API."""),
]
