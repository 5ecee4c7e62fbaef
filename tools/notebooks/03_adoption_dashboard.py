TITLE = "Adoption dashboard: TensorFlow/Keras, PyTorch and JAX"

CELLS = [
    ("md", """
One call runs the whole pipeline for each package: downloads (split into human and automated), GitHub stars,
Wikipedia page views, Stack Overflow questions and arXiv papers; seasonal adjustment; trends with intervals;
crossovers. Online it fetches live data (cached, so re-running is instant). Without a network it says so in one
line and continues on cached data, or else on the bundled simulated sample, **labelled as simulated**
(`UPTAKE_SAMPLE=1` selects the sample directly; `UPTAKE_OFFLINE=1` means "cache only").
"""),
    ("code", """
import matplotlib.pyplot as plt
import uptake

from uptake.fallback import compare_or_sample

packages = ["tensorflow", "torch", "jax"]
comparison = compare_or_sample(packages)
comparison
"""),
    ("code", "ax = uptake.plot.adoption(comparison)"),
    ("code", "ax = uptake.plot.growth(comparison)"),
    ("code", "ax = uptake.plot.scoreboard(comparison)"),
    ("md", "Every crossing between pairs, with Fieller intervals (bounded, two rays, or unbounded when the data cannot tell):"),
    ("code", """
for key, result in comparison.crossovers.items():
    print(key, "->", result.status, result.estimate, result.kind)
"""),
    ("md", "Where each number came from, and the assumptions behind the human/automated split:"),
    ("code", """
comparison.provenance
"""),
    ("code", """
import pandas as pd
pd.DataFrame(comparison.assumptions["packages"]).T[["human_weekend_ratio", "automated_weekend_ratio", "profiles_from"]]
"""),
    ("md", "Write the same as a self-contained HTML report (charts inline) and a CSV of every series:"),
    ("code", """
path = uptake.report.write_report(comparison, "dashboard.html")
print(path.resolve())
"""),
]
