"""segmented_trend: the reported RSS is that of the fit, and Davies' test matches R segmented::davies.test."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import uptake

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SERIES = {
    "kink100": lambda t: 10 + 0.5 * t - 0.8 * np.maximum(t - 60, 0) + 2 * np.sin(1.7 * t),
    "line100": lambda t: 3 + 0.2 * t + 1.5 * np.sin(2.3 * t),
    "kink400": lambda t: 5 + 0.1 * t - 0.05 * np.maximum(t - 250, 0) + 3 * np.sin(0.9 * t),
}


@pytest.mark.parametrize("n_breaks", [1, 2])
def test_rss_is_the_rss_of_the_fit(n_breaks):
    t = np.arange(120.0)
    y = 10 + 0.5 * t - 0.8 * np.maximum(t - 60, 0) + np.random.default_rng(7).normal(0, 2, 120)
    y[[5, 77]] = np.nan  # missing rows are dropped, not counted
    res = uptake.segmented_trend(y, n_breaks=n_breaks)
    resid = y - np.asarray(res.fitted)
    assert res.rss == pytest.approx(np.nansum(resid ** 2), rel=1e-12)
    assert res.df_resid == 118 - 2 - 2 * n_breaks


@pytest.mark.parametrize("name", list(SERIES))
def test_davies_matches_r(name):
    ref = pd.read_csv(FIXTURES / "davies_R.csv").set_index("series").loc[name]
    t = np.arange(float(ref["n"]))
    res = uptake.segmented_trend(SERIES[name](t))
    assert res.davies_p == pytest.approx(ref["p_value"], rel=1e-6)
    assert "Davies" in res.summary()


def test_davies_size_on_straight_lines():
    # Under H0 (a line plus noise) the bound should reject at about or below the nominal 5%.
    rng = np.random.default_rng(11)
    t = np.arange(80.0)
    rejections = sum(uptake._core.davies_test(t, 2 + 0.1 * t + rng.normal(0, 1, 80), 10)["p_value"] < 0.05
                     for _ in range(400))
    assert rejections / 400 < 0.08
