"""fit_growth: identifiability from the scaled Jacobian and profile-t intervals (R confint.nls)."""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import uptake

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def dnase1():
    # The same DNase run-1 data the golden R fits use (R datasets::DNase, Run == 1).
    conc = np.repeat([0.04882812, 0.1953125, 0.390625, 0.78125, 1.5625, 3.125, 6.25, 12.5], 2)
    density = np.array([0.017, 0.018, 0.121, 0.124, 0.206, 0.215, 0.377, 0.374, 0.614, 0.609, 1.019, 1.001,
                        1.334, 1.364, 1.730, 1.710])
    return np.log(conc), density


@pytest.mark.parametrize("model,names", [("logistic", ["Asym", "xmid", "scal"]), ("gompertz", ["Asym", "b2", "b3"])])
def test_profile_intervals_match_r_confint(model, names):
    ref = pd.read_csv(FIXTURES / "growth_profile_R.csv")
    ref = ref[ref.model == model].set_index("param").loc[names]
    x, y = dnase1()
    res = uptake.fit_growth(y, x, model=model, errors="iid")  # R's nls assumes independent errors
    assert res.identified and res.condition_number < 1e3
    assert res.params.tolist() == pytest.approx(ref["estimate"].tolist(), rel=1e-5)
    assert res.bse.tolist() == pytest.approx(ref["se"].tolist(), rel=1e-4)
    ci = res.conf_int()
    # R reads its limits off a spline through a few profile points; we solve tau = t_crit exactly.
    assert ci["low"].tolist() == pytest.approx(ref["low"].tolist(), rel=2e-3)
    assert ci["high"].tolist() == pytest.approx(ref["high"].tolist(), rel=2e-3)
    assert not res.profile[["low_open", "high_open"]].to_numpy().any()
    # Profile intervals are asymmetric where the curvature is; Wald ones never are.
    wald = res.conf_int("wald")
    assert (wald["high"] - res.params).tolist() == pytest.approx((res.params - wald["low"]).tolist())


def test_gompertz_inflection_profile_brackets_the_estimate():
    x, y = dnase1()
    res = uptake.fit_growth(y, x, model="gompertz")
    row = res.profile.loc["inflection"]
    assert row["low"] < res.inflection < row["high"]
    assert np.isfinite([row["low"], row["high"]]).all()


def test_austres_is_not_identified():
    # Australian population 1971-1993 (R datasets::austres): still growing exponentially, no inflection.
    y = pd.read_csv(FIXTURES / "austres.csv")["population"].to_numpy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = uptake.fit_growth(y)
    messages = [str(w.message) for w in caught if issubclass(w.category, uptake.IdentifiabilityWarning)]
    assert any("do not identify" in m and "K" in m and "t0" in m for m in messages)
    assert not res.identified
    assert res.condition_number > 1e6
    # The pseudo-inverse gave 6e-05 here; the honest s.e. is astronomically large (R's algebra gives ~1e10).
    assert res.bse["K"] > 1e8
    # K and t0 move together: the weak direction loads on both, not on the scale s.
    d = res.unidentified_direction.abs()
    assert d["K"] > 0.5 and d["t0"] > 0.5 and d["s"] < 0.1
    ci = res.conf_int()
    assert np.isinf(ci.loc["K", "high"]) and res.profile.loc["K", "high_open"]
    # ... but the data do bound it from below: it must exceed the last observation.
    assert y.max() < ci.loc["K", "low"] < res.params["K"]
    assert np.isinf(res.profile.loc["inflection", "high"])
    assert "NOT identified" in res.summary()


def test_exact_logistic_is_identified_with_tight_profile():
    t = np.arange(40.0)
    y = 1000 / (1 + np.exp(-(t - 15) / 4)) + np.random.default_rng(3).normal(0, 5, 40)
    res = uptake.fit_growth(y, t)
    assert res.identified
    ci = res.conf_int()
    assert ci.loc["K", "low"] < 1000 < ci.loc["K", "high"]
    assert ci.loc["t0", "low"] < 15 < ci.loc["t0", "high"]


def test_conf_is_validated():
    with pytest.raises(ValueError, match="conf"):
        uptake.fit_growth(np.arange(10.0), conf=float("nan"))
    with pytest.raises(ValueError, match="method"):
        x, y = dnase1()
        uptake.fit_growth(y, x).conf_int("bogus")
