"""fit_growth under autocorrelated errors: errors="ar" widens the profile intervals by the AR long-run factor
(seeded simulation), reports the residual autocorrelation, and leaves i.i.d. fits alone."""

import warnings

import numpy as np
import pytest

import uptake


def logistic_with_ar1(rng, n, phi, sd=10.0):
    t = np.arange(n, dtype=float)
    e = rng.normal(0, sd * np.sqrt(1 - phi * phi), n + 200)
    u = np.zeros(n + 200)
    for i in range(1, n + 200):
        u[i] = phi * u[i - 1] + e[i]
    return t, 1000 / (1 + np.exp(-(t - n / 2) / (n / 8))) + u[200:]


def test_ar_errors_restore_coverage_of_the_inflection():
    rng = np.random.default_rng(5)
    hits = {"iid": [], "ar": []}
    for _ in range(60):
        t, y = logistic_with_ar1(rng, 104, 0.8)
        for errors in hits:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                g = uptake.fit_growth(y, t, errors=errors)
            lo, hi = g.profile.loc["t0", ["low", "high"]]
            hits[errors].append(lo <= 52 <= hi)
    # README (bench/coverage_kernels.py, 1000 replications): 0.47 (iid) and 0.885 (ar); MC s.e. here about 0.06.
    assert np.mean(hits["iid"]) < 0.65
    assert np.mean(hits["ar"]) >= 0.78


def test_factor_reaches_bse_profile_and_summary():
    t, y = logistic_with_ar1(np.random.default_rng(8), 104, 0.8)
    iid = uptake.fit_growth(y, t, errors="iid")
    ar = uptake.fit_growth(y, t)  # the default
    assert iid.variance_factor == 1.0 and ar.variance_factor > 2.0
    assert ar.residual_phi == iid.residual_phi > 0.5
    np.testing.assert_allclose(ar.params, iid.params)
    np.testing.assert_allclose(ar.bse, iid.bse * np.sqrt(ar.variance_factor))
    wid = lambda g: g.profile.loc["t0", "high"] - g.profile.loc["t0", "low"]  # noqa: E731
    assert wid(ar) > 1.3 * wid(iid)
    assert "intervals are too narrow" in iid.summary() and "n/n_eff" in ar.summary()
    with pytest.raises(ValueError, match="errors must be"):
        uptake.fit_growth(y, t, errors="hac")


def test_independent_errors_change_little():
    rng = np.random.default_rng(2)
    t = np.arange(80.0)
    y = 500 / (1 + np.exp(-(t - 40) / 8)) + rng.normal(0, 5, 80)
    iid, ar = uptake.fit_growth(y, t, errors="iid"), uptake.fit_growth(y, t, errors="ar")
    assert ar.variance_factor < 1.5 and "too narrow" not in iid.summary()
