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
    ("md", "## Research: papers mentioning each framework\n\nNeurIPS 2019: 166 papers mention PyTorch, 74 TensorFlow. Is that gap real?"),
    ("code", """
rr = figures.NEURIPS_2019_PYTORCH.rate_ratio(figures.NEURIPS_2019_TENSORFLOW)
share = rr.share
print(rr.summary())
print(f"PyTorch share of mentions: {share[0]:.3f} [{share[1]:.3f}, {share[2]:.3f}] (exact 95%)")
"""),
    ("md", "Over the years, the share of papers naming PyTorch among those naming either follows an S-curve; a logistic (Fisher-Pry) binomial fit dates the crossing."),
    ("code", """
years = pd.date_range("2015-01-01", periods=10, freq="YS")
pytorch = fetch_or_cached(uptake.sources.arxiv, 'abs:"pytorch"', "2015-01-01", "2024-12-31", freq="Y", what="arXiv")
tensorflow = None if pytorch is None else fetch_or_cached(uptake.sources.arxiv, 'abs:"tensorflow"', "2015-01-01",
                                                          "2024-12-31", freq="Y", what="arXiv")
if pytorch is None or tensorflow is None:
    rng = np.random.default_rng(1)
    total = np.linspace(800, 4000, 10)
    p = 1 / (1 + np.exp(-(np.arange(10) - 3.6) * 0.9))
    pytorch = pd.Series(rng.binomial(total.astype(int), p).astype(float), index=years, name="PyTorch (simulated)")
    tensorflow = pd.Series(total - pytorch.to_numpy(), index=years, name="TensorFlow (simulated)")
else:
    pytorch, tensorflow = pytorch.rename("PyTorch"), tensorflow.rename("TensorFlow")
cross = uptake.share_crossover(tensorflow, pytorch)
print(cross.summary())
ax = uptake.plot.crossover(cross)
"""),
    ("md", "## Job listings\n\nThe article counted listings mentioning each framework: TensorFlow about twice as often as PyTorch in January 2020, three times as often ten months earlier. Without the counts no interval can be given; what the ratio implies for the trend is a halving of the gap in under a year."),
    ("code", """
jobs = pd.Series([figures.JOBS_2019_03_TF_PER_PYTORCH.count, figures.JOBS_2020_01_TF_PER_PYTORCH.count],
                 index=pd.to_datetime(["2019-03-01", "2020-01-01"]), name="TensorFlow listings per PyTorch listing")
months = (jobs.index[1] - jobs.index[0]).days / 30.44
per_month = (jobs.iloc[1] / jobs.iloc[0]) ** (1 / months) - 1
print(f"the ratio shrinks by {-per_month:.1%} per month; at that pace it reaches 1 after "
      f"{np.log(jobs.iloc[1]) / -np.log1p(per_month):.0f} more months (two points: no interval possible)")
"""),
    ("md", "## Survey: Stack Overflow 2019\n\nBoth shares come from the same respondents, so they are not independent: the right interval for the difference uses the paired variance (multi-select question; overlap unknown, so the widest admissible interval)."),
    ("code", """
n = figures.SO_2019_TENSORFLOW.base
so = uptake.compare_shares(round(0.103 * n), n, round(0.033 * n), same_survey=True, single_select=False)
print(so.summary())
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
]
