"""Trend intervals under autocorrelation: kernel HAC against R sandwich (fixtures made by
tools/make_sandwich_fixtures.R), fixed-b critical values against the published polynomials, Prais-Winsten with a
bias-corrected phi by hand, the bootstrap-t, prediction intervals (coverage on a seeded simulation), settings."""

import pathlib

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import _core

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
REFERENCE = pd.read_csv(FIXTURES / "sandwich_kernhac.csv")
SERIES = pd.read_csv(FIXTURES / "sandwich_series.csv")

# How each sandwich call maps onto _core.kernel_hac.
ESTIMATORS = {
    "kernHAC_qs_andrews_prewhite_adjust": dict(kernel="qs"),
    "kernHAC_bartlett_andrews_prewhite_adjust": dict(kernel="bartlett"),
    "kernHAC_parzen_andrews_prewhite_adjust": dict(kernel="parzen"),
    "kernHAC_qs_andrews_noprewhite_adjust": dict(kernel="qs", prewhite=False),
    "kernHAC_qs_andrews_prewhite_noadjust": dict(kernel="qs", adjust=False),
    "kernHAC_qs_neweywest_prewhite_adjust": dict(kernel="qs", rule="neweywest"),
    "NeweyWest_auto_prewhite": dict(kernel="bartlett", rule="neweywest", adjust=False, floor_lag=True),
    "NeweyWest_auto_noprewhite": dict(kernel="bartlett", rule="neweywest", adjust=False, floor_lag=True,
                                      prewhite=False),
    "NeweyWest_lag4_prewhite": dict(kernel="bartlett", rule="fixed", bandwidth=5.0, adjust=False),
}
BANDWIDTHS = {
    "bwAndrews_qs_prewhite": dict(kernel="qs"),
    "bwAndrews_bartlett_prewhite": dict(kernel="bartlett"),
    "bwAndrews_qs_noprewhite": dict(kernel="qs", prewhite=False),
    "bwNeweyWest_bartlett_prewhite": dict(kernel="bartlett", rule="neweywest"),
    "bwNeweyWest_qs_prewhite": dict(kernel="qs", rule="neweywest"),
    "bwNeweyWest_bartlett_noprewhite": dict(kernel="bartlett", rule="neweywest", prewhite=False),
}


def simulated_case(case):
    g = SERIES[SERIES.case == case]
    cols = [np.ones(len(g)), g.t.to_numpy(float)] + ([g["shift"].to_numpy(float)] if "shift" in case else [])
    return np.column_stack(cols), g.y.to_numpy(float)


def golden_case(case, golden):
    if case == "macro_ginv_on_ggdp_lint":
        m = pd.read_csv(golden / "hac" / "macrodata_subset.csv")
        X = np.column_stack([np.ones(202), 400 * np.diff(np.log(m.realgdp)), m.realint.to_numpy()[:-1]])
        return X, 400 * np.diff(np.log(m.realinv))
    a = pd.read_csv(golden / "hac" / "airpassengers_input.csv")
    return np.column_stack([np.ones(len(a)), a.t.to_numpy(float)]), np.log(a.AirPassengers.to_numpy(float))


def check_case(X, y, case):
    resid = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    ref = REFERENCE[REFERENCE.case == case]
    for name, kwargs in ESTIMATORS.items():
        sub = ref[ref.estimator == name]
        expected = np.zeros((X.shape[1], X.shape[1]))
        expected[sub.row.to_numpy(), sub.col.to_numpy()] = sub.value.to_numpy()
        np.testing.assert_allclose(_core.kernel_hac(X, resid, **kwargs)["cov"], expected, rtol=1e-9, err_msg=name)
    for name, kwargs in BANDWIDTHS.items():
        expected = float(ref[ref.estimator == name].value.iloc[0])
        assert _core.kernel_hac(X, resid, **kwargs)["bandwidth"] == pytest.approx(expected, rel=1e-10), name


@pytest.mark.parametrize("case", ["sim_ar1_0.8_n104", "sim_arma_shift_n80"])
def test_kernel_hac_matches_r_sandwich_on_simulated_series(case):
    check_case(*simulated_case(case), case)


@pytest.mark.parametrize("case", ["macro_ginv_on_ggdp_lint", "log_AirPassengers_on_t"])
def test_kernel_hac_matches_r_sandwich_on_golden_inputs(case, golden):
    check_case(*golden_case(case, golden), case)


def test_public_api_hac_is_kernhac():
    X, y = simulated_case("sim_arma_shift_n80")
    res = uptake.ols_trend(y, x=X[:, 1], cov="hac", interventions={"shift": (50.0, "level")})
    ref = REFERENCE[(REFERENCE.case == "sim_arma_shift_n80")
                    & (REFERENCE.estimator == "kernHAC_qs_andrews_prewhite_adjust")]
    expected = np.zeros((3, 3))
    expected[ref.row.to_numpy(), ref.col.to_numpy()] = ref.value.to_numpy()
    np.testing.assert_allclose(res.cov.to_numpy(), expected, rtol=1e-9)
    assert "qs kernel, andrews bandwidth" in res.summary() and "prewhitened" in res.summary()


def test_kernel_weights():
    assert _core.kernel_weight("qs", 0.0) == pytest.approx(1.0)
    assert _core.kernel_weight("qs", 1e-4) == pytest.approx(1.0, abs=1e-6)
    y = 6 * np.pi * 0.5 / 5
    assert _core.kernel_weight("qs", 0.5) == pytest.approx(3 / y ** 2 * (np.sin(y) / y - np.cos(y)))
    assert _core.kernel_weight("bartlett", 0.25) == pytest.approx(0.75)
    assert _core.kernel_weight("parzen", 0.75) == pytest.approx(2 * 0.25 ** 3)
    assert _core.kernel_weight("parzen", 1.5) == 0.0
    with pytest.raises(ValueError, match="kernel must be"):
        _core.kernel_weight("gauss", 0.1)


class TestFixedB:
    GRID = np.array([0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50, 0.60, 0.70, 0.80,
                     0.90, 1.00])

    def test_mean_model_matches_kiefer_vogelsang_cubic(self):
        # Kiefer & Vogelsang (2005), location model, 95% two-sided: 1.96 + 2.9694 b + 0.4160 b^2 - 0.5324 b^3.
        for b in self.GRID:
            kv = 1.96 + 2.9694 * b + 0.4160 * b ** 2 - 0.5324 * b ** 3
            assert _core.kiefer_vogelsang_mean_cv95(b) == pytest.approx(kv)
            assert _core.fixed_b_cv(b, 0.95, "mean") == pytest.approx(kv, abs=0.1)
        # Their Table I (50,000 replications, T = 1,000); our 100,000 at n = 1,000 differ by Monte Carlo error.
        for b, table in ((0.02, 2.018), (0.10, 2.235), (0.20, 2.553), (0.50, 3.514), (1.00, 4.771)):
            assert _core.fixed_b_cv(b, 0.95, "mean") == pytest.approx(table, abs=0.08)

    def test_trend_slope_matches_the_reference_cubic_and_exceeds_the_mean_model(self):
        # methods-intervals.md section 2.3 cubic for the trend slope (max abs error 0.03 there).
        for b in self.GRID:
            cubic = 1.96 + 6.0788 * b - 3.3664 * b ** 2 + 1.0870 * b ** 3
            cv = _core.fixed_b_cv(b, 0.95, "trend")
            assert cv == pytest.approx(cubic, abs=0.05)
            assert cv > _core.fixed_b_cv(b, 0.95, "mean")
            assert _core.fixed_b_cv(b, 0.90, "trend") < cv

    def test_interpolation_and_limits(self):
        assert _core.fixed_b_cv(1e-9, 0.95) == pytest.approx(1.959964, abs=1e-5)
        mid = _core.fixed_b_cv(0.45, 0.95)
        assert mid == pytest.approx((_core.fixed_b_cv(0.4, 0.95) + _core.fixed_b_cv(0.5, 0.95)) / 2)
        values = [_core.fixed_b_cv(b) for b in np.linspace(0.01, 1, 50)]
        assert np.all(np.diff(values) > 0)
        for bad in (0.0, 1.5, -0.1):
            with pytest.raises(ValueError, match="bandwidth fraction b"):
                _core.fixed_b_cv(bad)
        for level in (0.05, 0.9999):
            with pytest.raises(ValueError, match="tabulated for conf between"):
                _core.fixed_b_cv(0.5, level)
        # Between tabulated levels the critical value moves monotonically.
        assert _core.fixed_b_cv(0.5, 0.90) < _core.fixed_b_cv(0.5, 0.92) < _core.fixed_b_cv(0.5, 0.925)

    def test_p_values_invert_the_critical_values(self):
        for b in (0.03, 0.1, 0.5, 0.77, 1.0):
            for level in (0.90, 0.95, 0.99):
                cv = _core.fixed_b_cv(b, level)
                assert _core.fixed_b_p(b, cv) == pytest.approx(1 - level, rel=1e-9)
                assert _core.fixed_b_p(b, -cv) == pytest.approx(1 - level, rel=1e-9)
            ps = [_core.fixed_b_p(b, t) for t in np.linspace(0, 14, 200)]
            assert ps[0] == 1.0 and np.all(np.diff(ps) <= 0) and ps[-1] == pytest.approx(0.001)
        assert _core.fixed_b_p(1e-9, 1.959964) == pytest.approx(0.05, abs=1e-4)  # b -> 0: the normal
        assert np.isnan(_core.fixed_b_p(0.5, float("nan")))
        with pytest.raises(ValueError, match="bandwidth fraction b"):
            _core.fixed_b_p(0.0, 1.0)

    def test_p_values_are_uniform_under_the_null(self):
        rng = np.random.default_rng(31)
        p = np.array([uptake.ols_trend(rng.normal(size=104), cov="fixed-b").pvalues["trend"] for _ in range(400)])
        assert 0.02 <= np.mean(p < 0.05) <= 0.085  # MC s.e. 0.011
        assert 0.14 <= np.mean(p < 0.2) <= 0.26

    def test_ols_trend_fixed_b(self):
        rng = np.random.default_rng(3)
        y = 0.1 * np.arange(104) + rng.normal(size=104)
        res = uptake.ols_trend(y, cov="fixed-b", b=0.5)
        assert res.crit["trend"] == pytest.approx(_core.fixed_b_cv(0.5, 0.95))
        assert res.diagnostics["bandwidth"] == pytest.approx(52.0)
        assert "b=0.50" in res.summary() and "fixed-b trend critical value" in res.summary()
        assert (res.pvalues["trend"] < 0.05) == (res.slope.low > 0 or res.slope.high < 0)
        assert np.all(np.isfinite(res.pvalues))
        with pytest.raises(ValueError, match="tabulated for conf between"):
            uptake.ols_trend(y, cov="fixed-b", conf=0.9999)


class TestPraisWinsten:
    def test_bias_corrected_phi_formula(self):
        assert _core.bias_corrected_phi(0.5, 100) == pytest.approx(0.5 + 4.0 / 100)
        assert _core.bias_corrected_phi(0.98, 50) == 0.99  # capped below the unit root
        assert _core.bias_corrected_phi(-0.2, 20) == pytest.approx(-0.2 + 1.2 / 20)

    def test_hand_case(self):
        n = 12
        t = np.arange(n)
        y = t + 0.5 * np.sin(0.7 * t) + 0.3 * np.cos(2.7 * t)  # phi^ = 0.325, phi~ = 0.600
        X = np.column_stack([np.ones(n), np.arange(n, dtype=float)])
        e = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
        phi_hat = np.sum(e[1:] * e[:-1]) / np.sum(e[:-1] ** 2)
        phi = min(phi_hat + (2 + 4 * phi_hat) / n, 0.99)
        assert 0 < phi < 0.99
        # Prais-Winsten: first row scaled by sqrt(1 - phi^2), then quasi-differences.
        Xs = np.vstack([np.sqrt(1 - phi ** 2) * X[0], X[1:] - phi * X[:-1]])
        ys = np.r_[np.sqrt(1 - phi ** 2) * y[0], y[1:] - phi * y[:-1]]
        beta = np.linalg.solve(Xs.T @ Xs, Xs.T @ ys)
        s2 = np.sum((ys - Xs @ beta) ** 2) / (n - 2)
        V = s2 * np.linalg.inv(Xs.T @ Xs)
        fit = _core.prais_winsten(X, y, list(range(n)), None, True, "never", 999, 12, 0.95)
        assert fit["phi_hat"] == pytest.approx(phi_hat, rel=1e-12)
        assert fit["phi"] == pytest.approx(phi, rel=1e-12)
        np.testing.assert_allclose(fit["params"], beta, rtol=1e-10)
        np.testing.assert_allclose(fit["cov"], V, rtol=1e-10)
        assert fit["crit"][1] == pytest.approx(_core.t_quantile(0.975, n - 2))
        res = uptake.ols_trend(y, bootstrap=False)
        assert res.method == "pw" and res.params["trend"] == pytest.approx(beta[1], rel=1e-10)
        assert res.slope.low == pytest.approx(beta[1] - _core.t_quantile(0.975, n - 2) * np.sqrt(V[1, 1]))

    def test_gaps_use_phi_to_the_gap(self):
        # With a missing row the quasi-difference spans two steps; a fixed phi makes it checkable by hand.
        y = np.array([2.0, 2.5, np.nan, 4.1, 4.4, 5.3, 5.8, 7.0])
        pos = np.flatnonzero(~np.isnan(y))
        X = np.column_stack([np.ones(len(pos)), pos.astype(float)])
        phi = 0.6
        rows, vals = [np.sqrt(1 - phi ** 2) * X[0]], [np.sqrt(1 - phi ** 2) * y[pos[0]]]
        for i in range(1, len(pos)):
            d = pos[i] - pos[i - 1]
            r, s = phi ** d, np.sqrt((1 - phi ** 2) / (1 - phi ** (2 * d)))
            rows.append(s * (X[i] - r * X[i - 1]))
            vals.append(s * (y[pos[i]] - r * y[pos[i - 1]]))
        Xs, ys = np.array(rows), np.array(vals)
        beta = np.linalg.solve(Xs.T @ Xs, Xs.T @ ys)
        fit = _core.prais_winsten(X, y[pos], pos.tolist(), phi, True, "never", 999, 12, 0.95)
        np.testing.assert_allclose(fit["params"], beta, rtol=1e-10)

    def test_bootstrap_is_seeded_and_reported(self):
        rng = np.random.default_rng(11)
        u = np.zeros(104)
        for i in range(1, 104):
            u[i] = 0.9 * u[i - 1] + rng.normal(0, 0.05)
        y = np.exp(6 + 0.01 * np.arange(104) + u)
        a = uptake.ols_trend(y, log=True, periods_per_year=52)
        b = uptake.ols_trend(y, log=True, periods_per_year=52)
        c = uptake.ols_trend(y, log=True, periods_per_year=52, seed=99)
        assert a.diagnostics["bootstrapped"] and a.diagnostics["seed"] == 12 and c.diagnostics["seed"] == 99
        assert a.crit["trend"] == b.crit["trend"] != c.crit["trend"]
        assert a.crit["trend"] > _core.t_quantile(0.975, 102)  # phi uncertainty widens the interval
        s = a.summary()
        for text in ("Prais-Winsten", "bootstrap-t critical value", "B=999, seed 12", "phi^=", "phi~=", "half-life"):
            assert text in s
        # Another level re-reads the same bootstrap draws.
        assert a.critical_values(0.9)["trend"] < a.crit["trend"]
        never = uptake.ols_trend(y, log=True, bootstrap=False)
        assert not never.diagnostics["bootstrapped"] and never.crit["trend"] == pytest.approx(
            _core.t_quantile(0.975, 102))

    def test_near_unit_root_is_flagged(self):
        rng = np.random.default_rng(2)
        u = np.cumsum(rng.normal(0, 0.05, 104))  # a random walk
        res = uptake.ols_trend(np.exp(5 + u), log=True)
        assert res.diagnostics["near_unit_root"] and "near-unit-root" in res.summary()
        calm = uptake.ols_trend(np.exp(5 + 0.01 * np.arange(104) + rng.normal(0, 0.05, 104)), log=True)
        assert not calm.diagnostics["near_unit_root"] and "near-unit-root" not in calm.summary()

    def test_growth_and_doubling_time_inherit_the_interval(self):
        idx = pd.date_range("2021-01-04", periods=104, freq="W-MON")
        rng = np.random.default_rng(4)
        u = np.zeros(104)
        for i in range(1, 104):
            u[i] = 0.8 * u[i - 1] + rng.normal(0, 0.05)
        res = uptake.ols_trend(pd.Series(np.exp(7 + 0.01 * np.arange(104) + u), index=idx), log=True)
        s, g, d = res.slope, res.growth_per_year, res.doubling_time
        q = res.crit["trend"]
        assert s.low == pytest.approx(s.value - q * res.bse["trend"])
        assert g.low == pytest.approx(np.expm1(365.25 * s.low)) and g.high == pytest.approx(np.expm1(365.25 * s.high))
        assert d.low == pytest.approx(np.log(2) / (365.25 * s.high)) and d.low < d.value < d.high


class TestPrediction:
    def test_coverage_on_a_seeded_simulation(self):
        rng = np.random.default_rng(2024)
        phi, n, h, reps = 0.6, 80, 8, 150
        hits = []
        for _ in range(reps):
            u = np.zeros(n + h + 200)
            for i in range(1, len(u)):
                u[i] = phi * u[i - 1] + rng.normal(0, 0.1)
            y = 3 + 0.02 * np.arange(n + h) + u[200:]
            p = uptake.ols_trend(y[:n]).predict(h)
            hits.append(p["low"].iloc[-1] <= y[-1] <= p["high"].iloc[-1])
        assert 0.88 <= np.mean(hits) <= 0.99  # nominal 0.95; MC s.e. about 0.018

    def test_prediction_is_wider_than_the_trend_line_band(self):
        rng = np.random.default_rng(6)
        idx = pd.date_range("2022-01-03", periods=104, freq="W-MON")
        u = np.zeros(104)
        for i in range(1, 104):
            u[i] = 0.5 * u[i - 1] + rng.normal(0, 0.05)
        res = uptake.ols_trend(pd.Series(np.exp(7 + 0.01 * np.arange(104) + u), index=idx), log=True)
        pred = res.predict("26W")
        mean = res.predict("26W", kind="mean")
        assert len(pred) == 26 and pred.index[0] == idx[-1] + pd.Timedelta(weeks=1)
        assert pred.attrs["kind"] == "prediction" and mean.attrs["kind"] == "mean"
        assert ((pred["high"] - pred["low"]) > (mean["high"] - mean["low"])).all()
        assert (pred["low"] < pred["estimate"]).all() and (pred["estimate"] < pred["high"]).all()
        # The best predictor decays from the last residual to the trend line.
        line = np.exp(res.params["const"] + res.params["trend"] * (idx[-1] - idx[0]).days)
        assert abs(np.log(pred["estimate"].iloc[-1]) - np.log(mean["estimate"].iloc[-1])) < abs(
            np.log(np.exp(res.fitted.iloc[-1] + res.resid.iloc[-1])) - np.log(line)) + 1e-9
        at = res.predict(at=["2024-06-03"])
        assert len(at) == 1 and at.index[0] == pd.Timestamp("2024-06-03")

    def test_bootstrapped_prediction_and_other_covariances(self):
        rng = np.random.default_rng(7)
        u = np.zeros(104)
        for i in range(1, 104):
            u[i] = 0.92 * u[i - 1] + rng.normal(0, 0.05)
        y = np.exp(5 + 0.01 * np.arange(104) + u)
        for cov in (None, "nw", "hac", "fixed-b", "classical"):
            p = uptake.ols_trend(y, log=True, cov=cov).predict(13)
            assert len(p) == 13 and (p["low"] < p["estimate"]).all() and (p["estimate"] < p["high"]).all()
            assert (np.diff(np.log(p["high"] / p["low"])) > -1e-9).all() or cov is None

    def test_plot_with_projection(self):
        import matplotlib.pyplot as plt
        res = uptake.ols_trend(pd.Series(np.arange(1.0, 41.0), index=pd.date_range("2024-01-01", periods=40)),
                               log=True)
        ax = res.plot(horizon="30D")
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "95% prediction interval" in texts and "95% band for the trend line" in texts
        plt.close(ax.figure)


def test_interventions_work_with_every_covariance():
    idx = pd.date_range("2019-01-07", periods=156, freq="W-MON")
    rng = np.random.default_rng(0)
    u = np.zeros(156)
    for i in range(1, 156):
        u[i] = 0.6 * u[i - 1] + rng.normal(0, 0.02)
    log_y = 8 + 0.002 * np.arange(156) * 7 - 0.4 * (idx >= "2020-03-16") + u
    for cov in ("pw", "nw", "hac", "fixed-b", "classical"):
        res = uptake.ols_trend(pd.Series(np.exp(log_y), index=idx), log=True, cov=cov,
                               interventions={"covid": ("2020-03-16", "level")})
        assert list(res.params.index) == ["const", "trend", "covid_level"]
        ci = res.conf_int().loc["covid_level"]
        assert ci["low"] < -0.4 < ci["high"], cov
        assert "covid_level" in res.summary()


@pytest.mark.parametrize("kwargs, message", [
    ({"cov": "bogus"}, "cov must be one of .*'bogus'"),
    ({"maxlags": -5}, "maxlags must be a non-negative integer, got -5"),
    ({"maxlags": 2.5}, "maxlags must be a non-negative integer"),
    ({"cov": "pw", "maxlags": 3}, "maxlags applies to cov='nw' only"),
    ({"bootstrap": "maybe"}, "bootstrap must be"),
    ({"replications": 10, "bootstrap": True}, "replications must be at least 99"),
    ({"cov": "hac", "kernel": "gauss"}, "kernel must be"),
    ({"cov": "hac", "bandwidth": "silverman"}, "bandwidth must be"),
    ({"cov": "fixed-b", "b": 1.5}, "bandwidth fraction b"),
])
def test_settings_are_validated(kwargs, message):
    with pytest.raises(ValueError, match=message):
        uptake.ols_trend(np.arange(1.0, 30.0) + np.sin(np.arange(29.0)), **kwargs)


def test_predict_arguments_are_validated():
    res = uptake.ols_trend(np.arange(1.0, 30.0) + np.sin(np.arange(29.0)))
    with pytest.raises(ValueError, match="kind must be"):
        res.predict(5, kind="forecast")
    with pytest.raises(ValueError, match="positive number of periods"):
        res.predict(0)
