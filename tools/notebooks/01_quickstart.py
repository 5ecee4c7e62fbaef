TITLE = "uptake quickstart: daily downloads to honest weekly numbers"

CELLS = [
    ("md", """
Download counts arrive daily, with a strong weekly rhythm (people work on weekdays; CI does not rest) and
incomplete weeks at both ends of any window. Summing a window that ends mid-week produces the most common
false alarm in adoption dashboards: a "drop" in the last week that is only a partial week.
This notebook builds a daily series, shows the fake drop, and shows how `uptake.resample` avoids it.
"""),
    ("code", """
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import uptake

print("uptake", uptake.__version__)
rng = np.random.default_rng(7)
days = pd.date_range("2024-01-03", "2024-06-19", freq="D")          # Wednesday to Wednesday
t = np.arange(len(days))
weekday_profile = np.array([1.00, 1.03, 1.05, 1.02, 0.95, 0.45, 0.40])  # Mon..Sun, human-like
mean = 4000 * np.exp(0.004 * t) * weekday_profile[days.day_of_week] + 2500  # humans + flat automation
daily = pd.Series(rng.poisson(mean).astype(float), index=days, name="examplepkg")
daily.tail(10)
"""),
    ("md", """
## The naive weekly sum and the honest one

`pandas.Series.resample("W").sum()` keeps the partial weeks at both ends. `uptake.resample` drops them by
default, or keeps them with a flag and the number of days covered.
"""),
    ("code", """
naive = daily.resample("W-SUN").sum()
honest = uptake.resample(daily, "W")
flagged = uptake.resample(daily, "W", partial="flag")
print("naive last week:", int(naive.iloc[-1]), "   honest last week:", int(honest.iloc[-1]))
flagged.tail(3)
"""),
    ("code", """
fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(naive.index, naive.values, color="#bbbbbb", lw=2, label="pandas resample (partial weeks kept)")
ax.plot(honest.index, honest.values, color="#0072B2", lw=2, label="uptake.resample (whole weeks)")
partial = flagged[flagged["partial"]]
ax.scatter(partial.index, partial["examplepkg"], color="#D55E00", zorder=3, label="partial week")
ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
ax.set_ylabel("downloads per week")
ax.set_title("The last-week 'drop' is a partial week")
ax.legend(frameon=False)
fig.autofmt_xdate()
"""),
    ("md", """
## Gaps and alignment

Sources such as pypistats omit days with no downloads: those are zeros. An outage is unknown: that is NaN,
and a weekly sum over it is NaN rather than a fake drop.
"""),
    ("code", """
sparse = daily.drop(daily.index[[10, 11, 40]])
zeros = uptake.fill_gaps(sparse, "zero")
unknown = uptake.fill_gaps(sparse, "nan")
weekly_unknown = uptake.resample(unknown, "W")
print("weeks that contain an unknown day:", int(weekly_unknown.isna().sum()))

other = (daily * 0.6).rename("otherpkg").iloc[30:]
both = uptake.align([honest, uptake.resample(other, "W")], join="inner")
assert both.notna().all().all()
both.head()
"""),
]
