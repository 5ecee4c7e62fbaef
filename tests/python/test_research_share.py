"""The bundled conference data and the real research-share fits (PyTorch vs TensorFlow in papers)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import figures
from uptake.research_share import conference_share, neurips_2019_figures

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "datasets"


def test_bundled_csv_loads_with_its_citation():
    df = uptake.datasets.conference_mentions()
    assert list(df.columns) == ["conference", "month", "date", "pytorch_only", "tensorflow_only", "total_papers"]
    assert len(df) == 35 and df["date"].is_monotonic_increasing
    assert (df[["pytorch_only", "tensorflow_only"]].sum(axis=1) <= df["total_papers"]).all()
    for key in ("source", "citation", "file", "note"):
        assert df.attrs[key]
    assert "Horace He" in df.attrs["source"] and "3ef0c7d" in df.attrs["source"]
    row = df[(df["conference"] == "NeurIPS") & (df["month"] == "2019-12")].iloc[0]
    assert (row["pytorch_only"], row["tensorflow_only"]) == (182, 104)


def test_bundled_csv_is_the_reference_file_unchanged():
    ref = REFERENCE / "conference_framework_mentions_2015_2022.csv"
    if not ref.exists():
        pytest.skip(f"reference dataset not found at {ref}")
    shipped = Path(uptake.datasets.__file__).resolve().parent / "conference_framework_mentions_2015_2022.csv"
    assert shipped.read_bytes() == ref.read_bytes()


def test_two_neurips_2019_figures_are_kept_apart():
    t = neurips_2019_figures()
    assert t[["pytorch", "tensorflow"]].values.tolist() == [[166, 74], [182, 104]]
    assert t["as_of"].tolist() == [figures.NEURIPS_2019_PYTORCH.date, "2021-10-22"]
    assert "Hale" in t["source"].iloc[0] and "Chillee" in t["source"].iloc[1]
    # exact Poisson ratio interval contains the point ratio and the two counts give different ratios
    assert (t["ratio_low"] < t["ratio"]).all() and (t["ratio"] < t["ratio_high"]).all()
    assert t["ratio"].iloc[0] == pytest.approx(166 / 74) and t["ratio"].iloc[1] == pytest.approx(182 / 104)


def test_per_conference_fit_matches_an_independent_glm_on_true_dates():
    sm = pytest.importorskip("statsmodels.api")
    r = conference_share()
    df = uptake.datasets.conference_mentions()
    d = df[(df["conference"] == "NeurIPS") & (df["pytorch_only"] + df["tensorflow_only"] > 0)]
    days = (d["date"] - d["date"].iloc[0]).dt.days.to_numpy(float)
    endog = np.column_stack([d["pytorch_only"], d["tensorflow_only"]])
    fit = sm.GLM(endog, sm.add_constant(days), family=sm.families.Binomial()).fit()
    a, b = fit.params
    expected = d["date"].iloc[0] + pd.Timedelta(days=-a / b)
    got = r.results["NeurIPS"].estimate
    assert abs((got - expected).days) <= 1
    row = r.table.set_index("conference").loc["NeurIPS"]
    assert row["slope_per_year"] == pytest.approx(b * 365.25, rel=1e-6)


def test_fits_say_pytorch_overtook_and_small_conferences_are_not_fitted():
    r = conference_share()
    t = r.table.set_index("conference")
    assert set(t.index) == {"ACL", "CVPR", "ECCV", "EMNLP", "ICCV", "ICLR", "ICML", "NAACL", "NeurIPS", "pooled"}
    for name in ("ECCV", "ICCV", "NAACL"):
        assert t.loc[name, "status"] == "too few editions" and np.isnan(t.loc[name, "slope_per_year"])
    pooled = r.results["pooled"]
    assert pooled.overtaker == "pytorch" and pooled.kind == "bounded"
    assert pd.Timestamp("2018-01-01") < pooled.low < pooled.estimate < pooled.high < pd.Timestamp("2020-06-01")
    # editions from different conferences scatter far beyond binomial noise: the fit must widen, not ignore it
    assert t.loc["pooled", "dispersion"] > 2
    # CVPR 2015 had no mention of either framework: no information, so it is dropped rather than counted as 0%
    assert t.loc["CVPR", "first_month"] == "2016-06"
    assert "182 vs 104" in r.summary() and "166 vs 74" in r.summary()


def test_recovers_a_known_crossing_on_simulated_editions():
    rng = np.random.default_rng(17)
    months = pd.to_datetime(["2016-06", "2017-06", "2018-06", "2019-06", "2020-06", "2021-06"])
    truth = pd.Timestamp("2019-01-01")
    t_years = (months - truth).days / 365.25
    p = 1 / (1 + np.exp(-1.0 * t_years))
    n = np.full(len(months), 4000)
    k = rng.binomial(n, p)
    data = pd.DataFrame({"conference": "SIM", "month": months.strftime("%Y-%m"), "pytorch_only": k,
                         "tensorflow_only": n - k})
    r = conference_share(data)
    res = r.results["SIM"]
    assert res.kind == "bounded" and res.low <= truth <= res.high
    assert abs((res.estimate - truth).days) < 60


def test_bad_input_is_named():
    df = uptake.datasets.conference_mentions().drop(columns=["date"])
    with pytest.raises(ValueError, match="lacks column"):
        conference_share(df.drop(columns=["tensorflow_only"]))
    bad = df.copy()
    bad.loc[3, "pytorch_only"] = -1
    with pytest.raises(ValueError, match="pytorch_only must be counts >= 0; row 3"):
        conference_share(bad)


def test_sample_report_shows_the_real_research_share(tmp_path):
    c = uptake.compare(["incumbent", "challenger"], sample=True)
    assert c.simulated and c.research is not None
    assert "REAL DATA" in c.summary()
    text = uptake.report.write_report(c, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Real research share: PyTorch vs TensorFlow" in text
    assert "166 vs 74" in text and "182 vs 104" in text and "Horace He" in text
    # a comparison of unrelated packages carries no research section; PyTorch with TensorFlow does
    from uptake.compare import _research_share

    assert _research_share(["numpy", "pandas"], sample=False) is None
    assert _research_share(["torch", "tensorflow"], sample=False) is not None
