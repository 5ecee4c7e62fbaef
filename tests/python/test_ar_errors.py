"""AR(p) error model of the default trend interval: order selection, least-squares coefficients against
statsmodels AutoReg, the exact GLS against statsmodels GLS with the implied Toeplitz covariance, forecast
weights, the ARMA(1,1) width it was built for (seeded simulation), settings, and the design effect and bootstrap
critical value of Sen's interval under autocorrelation."""

import numpy as np
import pytest
from scipy.linalg import toeplitz
from statsmodels.regression.linear_model import GLS
from statsmodels.tsa.ar_model import AutoReg
from statsmodels.tsa.arima_process import ArmaProcess

import uptake
from uptake import _core


def arma(rng, n, ar, ma=(), burn=300, sd=1.0):
    """Stationary ARMA draws: u_t = sum ar_j u_(t-j) + e_t + sum ma_j e_(t-j)."""
    e = rng.normal(0, sd, n + burn)
    u = np.zeros(n + burn)
    for t in range(n + burn):
        u[t] = e[t] + sum(a * u[t - j - 1] for j, a in enumerate(ar) if t - j - 1 >= 0) \
            + sum(m * e[t - j - 1] for j, m in enumerate(ma) if t - j - 1 >= 0)
    return u[burn:]


def design(n):
    return np.column_stack([np.ones(n), np.arange(n, dtype=float)])


class TestFitAndSelect:
    def test_least_squares_coefficients_equal_autoreg(self):
        e = arma(np.random.default_rng(1), 300, (0.6, 0.25))
        for p in (1, 2, 3):
            coef, sigma2 = _core.fit_ar(e, p)
            ref = AutoReg(e, lags=p, trend="n").fit()
            np.testing.assert_allclose(coef, ref.params, rtol=1e-10)
            assert sigma2 == pytest.approx(np.mean(ref.resid ** 2), rel=1e-10)

    def test_bic_finds_an_ar2(self):
        hits = [_core.select_ar_order(arma(np.random.default_rng(s), 400, (0.5, 0.35)), 6, "bic") for s in range(20)]
        assert np.mean(np.array(hits) == 2) >= 0.8
        ones = [_core.select_ar_order(arma(np.random.default_rng(s), 400, (0.7,)), 6, "bic") for s in range(20)]
        assert np.mean(np.array(ones) == 1) >= 0.8

    def test_aic_picks_at_least_the_order_bic_picks(self):
        for s in range(10):
            e = arma(np.random.default_rng(100 + s), 150, (0.8,), (0.4,))
            assert _core.select_ar_order(e, 4, "aic") >= _core.select_ar_order(e, 4, "bic")

    def test_half_life(self):
        assert _core.ar_half_life(np.array([0.8])) == pytest.approx(np.log(0.5) / np.log(0.8))
        coef = np.array([1.2, -0.4])
        irf = ArmaProcess(np.r_[1, -coef], [1]).arma2ma(60)
        h = int(np.argmax(irf <= 0.5))
        expected = h - 1 + (irf[h - 1] - 0.5) / (irf[h - 1] - irf[h])
        assert _core.ar_half_life(coef) == pytest.approx(expected, rel=1e-12)


class TestGls:
    def test_exact_gls_equals_statsmodels_gls_with_the_ar_covariance(self):
        n = 120
        rng = np.random.default_rng(7)
        y = 2 + 0.05 * np.arange(n) + arma(rng, n, (1.1, -0.35))
        X = design(n)
        fit = _core.prais_winsten(X, y, list(range(n)), None, True, "never", 999, 12, 0.95, 2)
        assert fit["ar_order"] == 2
        coef = np.asarray(fit["ar_coef"])
        sigma = toeplitz(ArmaProcess(np.r_[1, -coef], [1]).acovf(n))
        ref = GLS(y, X, sigma=sigma).fit()
        np.testing.assert_allclose(fit["params"], ref.params, rtol=1e-9)
        np.testing.assert_allclose(np.sqrt(np.diag(fit["cov"])), ref.bse, rtol=1e-9)

    def test_ar_order_one_is_prais_winsten(self):
        n = 90
        y = 1 + 0.02 * np.arange(n) + arma(np.random.default_rng(3), n, (0.6,))
        res1 = uptake.ols_trend(y, ar_order=1)
        resb = uptake.ols_trend(y)  # BIC chooses AR(1) here
        assert resb.diagnostics["ar_order"] == 1
        assert resb.params["trend"] == res1.params["trend"] and resb.crit["trend"] == res1.crit["trend"]

    def test_bias_correction_moves_the_persistence_up(self):
        n = 104
        y = arma(np.random.default_rng(5), n, (0.8,), (0.4,))
        fit = _core.prais_winsten(design(n), y, list(range(n)), None, True, "never", 999, 12, 0.95, 2)
        raw = _core.prais_winsten(design(n), y, list(range(n)), None, False, "never", 999, 12, 0.95, 2)
        assert np.sum(fit["ar_coef"]) > np.sum(raw["ar_coef"])
        np.testing.assert_allclose(raw["ar_coef"], _core.fit_ar(y - design(n) @ np.linalg.lstsq(
            design(n), y, rcond=None)[0], 2)[0], rtol=1e-10)


class TestPrediction:
    def test_forecast_uses_the_ar_recursion(self):
        n = 104
        y = 3 + 0.01 * np.arange(n) + arma(np.random.default_rng(8), n, (1.2, -0.45), sd=0.05)
        res = uptake.ols_trend(y, ar_order=2, bootstrap=False)
        a1, a2 = res.diagnostics["ar_coef"]
        u = np.asarray(res.resid)
        p = res.predict(3)
        line = res.params["const"] + res.params["trend"] * np.arange(n, n + 3)
        f1 = a1 * u[-1] + a2 * u[-2]
        f2 = a1 * f1 + a2 * u[-1]
        np.testing.assert_allclose(p["estimate"].to_numpy()[:2], line[:2] + [f1, f2], rtol=1e-12)
        # One step ahead: d = x_(T+1) - a1 x_T - a2 x_(T-1), variance d'Vd + sigma^2.
        X = design(n)
        d = np.array([1.0, float(n)]) - a1 * X[-1] - a2 * X[-2]
        se = np.sqrt(d @ res.cov.to_numpy() @ d + res.diagnostics["sigma"] ** 2)
        q = _core.t_quantile(0.975, n - 2)
        assert p["high"].iloc[0] == pytest.approx(p["estimate"].iloc[0] + q * se, rel=1e-10)


class TestWidthUnderArma:
    def test_narrower_than_ar1_and_still_covering(self):
        # ARMA(1,1) 0.8/0.4: the AR(1) model overstates persistence (README coverage table); the BIC-chosen
        # AR(p) should be clearly narrower on the same draws and still cover.
        n, reps = 104, 120
        rng = np.random.default_rng(2024)
        X = design(n)
        true_sd = np.sqrt(np.linalg.inv(X.T @ X)[1] @ X.T @ toeplitz(
            ArmaProcess([1, -0.8], [1, 0.4]).acovf(n) * 0.05 ** 2) @ X @ np.linalg.inv(X.T @ X)[1])
        width = {1: [], "bic": []}
        hits = []
        for _ in range(reps):
            y = 0.01 * np.arange(n) + arma(rng, n, (0.8,), (0.4,), sd=0.05)
            for order in width:
                s = uptake.ols_trend(y, ar_order=order, replications=199).slope
                width[order].append((s.high - s.low) / (2 * 1.96 * true_sd))
                if order == "bic":
                    hits.append(s.low <= 0.01 <= s.high)
        assert np.median(width["bic"]) < 0.8 * np.median(width[1])
        assert np.median(width["bic"]) < 1.6
        assert np.mean(hits) >= 0.88  # nominal 0.95, MC s.e. 0.02


class TestSettings:
    def test_bad_orders_are_refused(self):
        y = np.arange(60.0) + np.sin(np.arange(60))
        for bad in ("hqic", 0, -1, 1.5, True):
            with pytest.raises(ValueError, match="ar_order"):
                uptake.ols_trend(y, ar_order=bad)
        with pytest.raises(ValueError, match="AR\\(30\\)"):
            uptake.ols_trend(y, ar_order=30)
        gappy = y.copy()
        gappy[10] = np.nan
        with pytest.raises(ValueError, match="consecutive"):
            uptake.ols_trend(gappy, ar_order=2)
        assert uptake.ols_trend(gappy).diagnostics["ar_order"] == 1  # gaps: AR(1), whose transform spans them

    def test_summary_names_the_order(self):
        y = 0.01 * np.arange(104) + arma(np.random.default_rng(5), 104, (0.8,), (0.4,), sd=0.05)
        res = uptake.ols_trend(y, ar_order=2)
        s = res.summary()
        for text in ("Prais-Winsten", "AR(2) errors", "persistence", "half-life", "phi~="):
            assert text in s
        assert "order by BIC" in uptake.ols_trend(y).summary()


class TestSenUnderAutocorrelation:
    def test_long_run_ratio(self):
        assert _core.ar_long_run_ratio(np.array([0.6])) == pytest.approx(1.6 / 0.4, rel=1e-12)
        coef = np.array([1.1, -0.35])
        psi = ArmaProcess(np.r_[1, -coef], [1]).arma2ma(3000)
        assert _core.ar_long_run_ratio(coef) == pytest.approx(psi.sum() ** 2 / np.sum(psi ** 2), rel=1e-9)

    def test_slope_variance_ratio_is_the_exact_toeplitz_one(self):
        for coef, n in (([0.95], 104), ([0.5], 52), ([1.1, -0.35], 80), ([-0.4], 60)):
            x = np.arange(n, dtype=float) * 7.0  # weekly positions in days: the ratio does not see the unit
            gamma = toeplitz(ArmaProcess(np.r_[1, -np.asarray(coef)], [1]).acovf(n))
            c = x - x.mean()
            want = c @ gamma @ c / (gamma[0, 0] * (c @ c))
            assert _core.ar_slope_variance_ratio(np.array(coef), x) == pytest.approx(want, rel=1e-9)

    def test_slope_variance_ratio_reaches_the_long_run_ratio_only_for_long_windows(self):
        coef = np.array([0.95])
        long_run = _core.ar_long_run_ratio(coef)  # 39
        assert _core.ar_slope_variance_ratio(coef, np.arange(20000.0)) == pytest.approx(long_run, rel=0.01)
        assert _core.ar_slope_variance_ratio(coef, np.arange(104.0)) == pytest.approx(19.96, abs=0.01)
        assert _core.ar_slope_variance_ratio(coef, np.arange(52.0)) == pytest.approx(10.48, abs=0.01)

    def test_design_effect_never_falls_as_the_persistence_grows(self):
        x = np.arange(52.0)
        phis = np.linspace(0.0, 0.99, 100)
        ratio = np.array([_core.ar_slope_variance_ratio(np.array([p]), x) for p in phis])
        effect = np.array([_core.ar_slope_design_effect(np.array([p]), x) for p in phis])
        assert ratio[-1] < 0.5 * ratio.max()  # the plain ratio falls again near the unit root (4.4 at 0.99) ...
        assert np.all(np.diff(effect) >= -1e-9 * effect[1:])  # ... the design effect does not
        peak = int(np.argmax(ratio))
        np.testing.assert_allclose(effect[:peak], ratio[:peak], rtol=1e-9)  # the ratio itself while it rises
        assert np.all(effect[peak:] >= ratio[peak]) and np.ptp(effect[peak + 1:]) < 1e-9 * effect[-1]  # then flat
        assert _core.ar_slope_design_effect(np.array([-0.5]), x) == 1.0  # never below independence
        with pytest.raises(ValueError, match="not stationary"):
            _core.ar_slope_design_effect(np.array([1.0]), x)

    def test_bootstrap_critical_value_grows_with_the_persistence(self):
        x = np.arange(104.0)
        crit = [_core.sen_bootstrap_critical(x, np.array([p]), np.zeros(1), 0.95, 499, 12) for p in (0.3, 0.8, 0.95)]
        assert crit[0] == pytest.approx(1.959964, abs=0.03)  # near the normal value with short memory
        assert crit[0] < crit[1] < crit[2] < 3.5
        assert crit == [_core.sen_bootstrap_critical(x, np.array([p]), np.zeros(1), 0.95, 499, 12)
                        for p in (0.3, 0.8, 0.95)]  # seeded
        with pytest.raises(ValueError, match="replications"):
            _core.sen_bootstrap_critical(x, np.array([0.8]), np.zeros(1), 0.95, 10, 12)
        with pytest.raises(ValueError, match="increasing"):
            _core.sen_bootstrap_critical(x[::-1].copy(), np.array([0.8]), np.zeros(1), 0.95, 499, 12)

    def test_ess_interval_widens_by_the_ar_factor_and_covers(self):
        n, reps = 104, 150
        rng = np.random.default_rng(12)
        hits, ratio = [], []
        for _ in range(reps):
            y = 0.3 * np.arange(n) + arma(rng, n, (0.8,))
            plain, ess = uptake.theil_sen(y), uptake.theil_sen(y, correction="ess")
            hits.append(ess.low <= 0.3 <= ess.high)
            ratio.append((ess.high - ess.low) / (plain.high - plain.low))
        assert np.mean(hits) >= 0.88  # nominal 0.95 (plain: about 0.5); MC s.e. 0.02
        assert 2.0 < np.median(ratio) < 4.5  # design effect 7.9 at AR(1) 0.8, n = 104: sqrt = 2.8, times c / z

    def test_ess_width_does_not_overshoot_near_a_unit_root(self):
        # n = 52, AR(1) 0.95: the long-run factor (1 + phi~) / (1 - phi~) of the noisy, bias-corrected phi~ gave
        # 1.76-2.6 times the true-covariance width (0.88-0.93 coverage); the design effect with the bootstrap
        # critical value gives 1.3-1.5 (seeds 20-23, 300 series each) and covers as often.
        n, phi, reps = 52, 0.95, 300
        rng = np.random.default_rng(20)
        t = np.arange(n, dtype=float)
        gamma = toeplitz(phi ** t / (1 - phi * phi))
        c = t - t.mean()
        oracle = 2 * 1.959964 * np.sqrt(c @ gamma @ c) / (c @ c)
        hits, widths = [], []
        for _ in range(reps):
            y = 0.3 * t + arma(rng, n, (phi,), burn=200)
            r = uptake.theil_sen(y, correction="ess")
            hits.append(r.low <= 0.3 <= r.high)
            widths.append(r.high - r.low)
        assert np.median(widths) / oracle < 1.6
        assert np.mean(hits) >= 0.85  # MC s.e. 0.017
