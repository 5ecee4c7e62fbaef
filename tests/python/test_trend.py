"""Trend statistics against statsmodels/scipy, the golden files (R, Stata, pyMannKendall) and hand cases."""

import warnings

import numpy as np
import pandas as pd
import pytest

import uptake
from _helpers import scale_close

sm = pytest.importorskip("statsmodels.api")
stats = pytest.importorskip("scipy.stats")


class TestOlsTrend:
    def test_macrodata_hac_matches_stata_newey(self, golden):
        m = pd.read_csv(golden / "hac" / "macrodata_subset.csv")
        ginv = 400 * np.diff(np.log(m.realinv))
        ggdp = 400 * np.diff(np.log(m.realgdp))
        lint = m.realint.to_numpy()[:-1]
        X = np.column_stack([np.ones(202), ggdp, lint])
        fit = uptake._core.ols(X, ginv, "HAC", 4, True, True, 0.95)
        stata = pd.read_csv(golden / "hac" / "stata_newey_lag4_from_statsmodels_tests.csv").set_index("param")
        order = ["_cons", "g_realgdp", "L.realint"]
        np.testing.assert_allclose(fit["params"], stata.loc[order, "b"], rtol=1e-9)
        np.testing.assert_allclose(fit["bse"], stata.loc[order, "se"], rtol=1e-9)
        np.testing.assert_allclose(fit["conf_low"], stata.loc[order, "ci_lower95"], rtol=1e-9)
        np.testing.assert_allclose(fit["pvalues"], stata.loc[order, "pvalue"], rtol=1e-6)

    def test_r_sandwich_covariances(self, golden):
        m = pd.read_csv(golden / "hac" / "macrodata_subset.csv")
        y = 400 * np.diff(np.log(m.realinv))
        X = np.column_stack([np.ones(202), 400 * np.diff(np.log(m.realgdp)), m.realint.to_numpy()[:-1]])
        r = pd.read_csv(golden / "hac" / "hac_R_sandwich_results.csv")
        r = r[r.case == "macro_ginv_on_ggdp_lint"]
        names = ["(Intercept)", "ggdp", "lint"]
        for estimator, args in {"NW_lag4_bartlett_noprewhite_adjustTRUE": ("HAC", 4, True),
                                "NW_lag4_bartlett_noprewhite_adjustFALSE": ("HAC", 4, False),
                                "OLS_classic": ("classical", 0, True)}.items():
            expected = r[r.estimator == estimator].pivot(index="row", columns="col", values="cov").loc[names, names]
            ours = uptake._core.ols(X, y, args[0], args[1], args[2], True, 0.95)["cov"]
            np.testing.assert_allclose(ours, expected.to_numpy(), rtol=1e-9)

    def test_airpassengers_default_lag_and_growth(self, golden):
        d = pd.read_csv(golden / "hac" / "airpassengers_input.csv")
        idx = pd.date_range("1949-01-01", periods=144, freq="MS")
        y = pd.Series(d["AirPassengers"].to_numpy(dtype=float), index=idx)
        res = uptake.ols_trend(y.to_numpy(), log=True, periods_per_year=12, cov="nw")
        assert res.maxlags == 4  # floor(4 (144/100)^(2/9))
        r = pd.read_csv(golden / "hac" / "hac_R_sandwich_results.csv")
        r = r[(r.case == "log_AirPassengers_on_t") & (r.row == "t") & (r.col == "t")]
        se_r = float(np.sqrt(r[r.estimator.str.contains("adjustTRUE") & r.estimator.str.contains("lag4")]["cov"].iloc[0]))
        assert res.bse["trend"] == pytest.approx(se_r, rel=1e-9)
        g = res.growth_per_year
        assert g.low < g.value < g.high and g.value == pytest.approx(np.expm1(12 * res.params["trend"]))
        dated = uptake.ols_trend(y, log=True, cov="nw")  # time in days since the first month
        assert dated.growth_per_year.value == pytest.approx(g.value, rel=0.01)

    def test_matches_statsmodels_hac_random(self):
        rng = np.random.default_rng(4)
        n = 150
        t = np.arange(n, dtype=float)
        e = np.zeros(n)
        for i in range(1, n):
            e[i] = 0.7 * e[i - 1] + rng.normal()
        y = 3 + 0.05 * t + e
        ours = uptake.ols_trend(y, maxlags=6, correction=False, use_t=False)
        theirs = sm.OLS(y, sm.add_constant(t)).fit(cov_type="HAC", cov_kwds={"maxlags": 6, "use_correction": False})
        np.testing.assert_allclose(ours.params.to_numpy(), theirs.params, rtol=1e-10)
        np.testing.assert_allclose(ours.bse.to_numpy(), theirs.bse, rtol=1e-10)
        np.testing.assert_allclose(ours.pvalues.to_numpy(), theirs.pvalues, rtol=1e-8)

    def test_interventions_recover_a_known_slump(self):
        idx = pd.date_range("2019-01-07", periods=156, freq="W-MON")
        t = np.arange(156.0) * 7
        covid = idx >= "2020-03-16"
        log_y = 8 + 0.002 * t - 0.4 * covid + np.random.default_rng(0).normal(0, 0.02, 156)
        res = uptake.ols_trend(pd.Series(np.exp(log_y), index=idx), log=True,
                               interventions={"covid": ("2020-03-16", "level")})
        assert list(res.params.index) == ["const", "trend", "covid_level"]
        assert res.params["covid_level"] == pytest.approx(-0.4, abs=0.02)
        assert res.params["trend"] == pytest.approx(0.002, rel=0.05)
        assert "covid_level" in res.summary()
        frame = res.to_frame()
        assert (frame["fitted_low"] < frame["fitted"]).all()

    def test_doubling_time_and_missing_values(self):
        y = 100 * 2 ** (np.arange(40) / 10.0) * np.exp(np.random.default_rng(1).normal(0, 0.01, 40))
        y[[5, 17]] = np.nan
        res = uptake.ols_trend(y, log=True)
        assert res.nobs == 38
        d = res.doubling_time
        assert d.low < 10 < d.high and d.value == pytest.approx(10, rel=0.02)

    @pytest.mark.parametrize("kwargs, y, message", [
        ({"log": True}, [1.0, 2.0, 0.0, 4.0], "positive values"),
        ({}, [1.0, 2.0], "at least 3"),
        ({}, [5.0] * 10, None),
        ({"interventions": {"x": 50}}, list(range(10)), "outside the data"),
        ({"interventions": {"x": (3, "kink")}}, list(range(10)), "kind of 'x'"),
        ({"conf": 1.5}, list(range(10)), "conf must be in"),
    ])
    def test_errors(self, kwargs, y, message):
        if message is None:  # a constant series: the slope is 0 with zero variance, not an error
            res = uptake.ols_trend(np.asarray(y, dtype=float), **kwargs)
            assert res.params["trend"] == pytest.approx(0.0, abs=1e-12)
            return
        with pytest.raises(ValueError, match=message):
            uptake.ols_trend(np.asarray(y, dtype=float), **kwargs)

    def test_plot(self):
        import matplotlib.pyplot as plt
        res = uptake.ols_trend(pd.Series(np.arange(1.0, 41.0), index=pd.date_range("2024-01-01", periods=40)), log=True)
        ax = res.plot()
        assert len(ax.lines) == 2
        plt.close(ax.figure)


class TestTheilSen:
    def test_golden_scipy(self, golden):
        rows = pd.read_csv(golden / "mannkendall_sen" / "scipy_theilslopes.csv", comment="#")
        x_sen = np.array([1, 2, 3, 4, 10, 12, 18.0])
        y_sen = np.array([9, 15, 19, 20, 45, 55, 78.0])
        data = pd.read_csv(golden / "mannkendall_sen" / "pymk_arbitrary_1d_input.csv")
        for _, row in rows.iterrows():
            conf = 1 - row.alpha_conf if row.alpha_conf < 0.5 else row.alpha_conf
            if row.case == "sen1968_example":
                res = uptake.theil_sen(y_sen, x_sen, conf=conf, method=row.method)
            else:
                res = uptake.theil_sen(data["value"].to_numpy(), data["idx"].to_numpy(dtype=float), conf=conf,
                                       method=row.method)
            assert (res.slope, res.intercept, res.low, res.high) == pytest.approx(
                (row.slope, row.intercept, row.low_slope, row.high_slope), rel=1e-12)

    @pytest.mark.parametrize("n, ties", [(30, False), (400, True), (3000, False), (3000, True)])
    def test_identical_to_scipy(self, n, ties):
        rng = np.random.default_rng(n)
        x = np.sort(rng.integers(0, n // 3, n)).astype(float) if ties else np.arange(n, dtype=float)
        y = np.cumsum(rng.normal(size=n))
        if ties:
            y = np.round(y)
        expected = stats.theilslopes(y, x, 0.9)
        res = uptake.theil_sen(y, x, conf=0.9)
        assert res.slope == expected.slope and res.low == expected.low_slope and res.high == expected.high_slope
        assert res.intercept == pytest.approx(expected.intercept, rel=1e-12, abs=1e-12)

    def test_equivariance(self):
        rng = np.random.default_rng(2)
        x, y = np.arange(200.0), rng.normal(size=200).cumsum()
        base = uptake.theil_sen(y, x)
        scaled = uptake.theil_sen(3 * y + 7, x)
        assert scaled.slope == pytest.approx(3 * base.slope) and scaled.low == pytest.approx(3 * base.low)

    def test_errors(self):
        with pytest.raises(ValueError, match="distinct x"):
            uptake.theil_sen([1.0, 2.0, 3.0], x=[1.0, 1.0, 1.0])
        with pytest.raises(ValueError, match="x has NaN"):
            uptake.theil_sen([1.0, 2.0, 3.0], x=[1.0, np.nan, 3.0])
        with pytest.raises(ValueError, match="method must be"):
            uptake.theil_sen([1.0, 2.0, 3.0], method="median")


class TestMannKendall:
    @pytest.fixture
    def data(self, golden):
        return pd.read_csv(golden / "mannkendall_sen" / "pymk_arbitrary_1d_input.csv")["value"].to_numpy(dtype=float)

    def expected(self, golden, function, args):
        e = pd.read_csv(golden / "mannkendall_sen" / "pymk_expected_results.csv")
        e = e[(e.function == function) & (e.args == args)].set_index("field")["expected"]
        return {k: float(v) for k, v in e.items() if k in ("p", "z", "Tau", "s", "var_s", "slope", "intercept")}

    def test_original_matches_pymannkendall(self, golden, data):
        e = self.expected(golden, "original_test", "arbitrary_1d_data")
        r = uptake.mann_kendall(data)
        assert (r.s, r.var_s, r.z, r.p, r.tau) == pytest.approx((e["s"], e["var_s"], e["z"], e["p"], e["Tau"]), rel=1e-12)
        sen = self.expected(golden, "sens_slope", "arbitrary_1d_data")
        assert (r.slope, r.intercept) == pytest.approx((sen["slope"], sen["intercept"]), rel=1e-12)
        tau_b = pd.read_csv(golden / "mannkendall_sen" / "scipy_kendalltau.csv", comment="#")
        ok = ~np.isnan(data)
        assert stats.kendalltau(np.flatnonzero(ok), data[ok]).pvalue == pytest.approx(tau_b.pvalue.iloc[0])

    def test_seasonal_matches_pymannkendall(self, golden, data):
        e = self.expected(golden, "seasonal_test", "arbitrary_1d_data; period=12")
        r = uptake.mann_kendall(data, seasonal_period=12)
        assert (r.s, r.var_s, r.z, r.p, r.tau) == pytest.approx((e["s"], e["var_s"], e["z"], e["p"], e["Tau"]), rel=1e-12)
        sen = self.expected(golden, "seasonal_sens_slope", "arbitrary_1d_data")
        assert (r.slope, r.intercept) == pytest.approx((sen["slope"], sen["intercept"]), rel=1e-12)

    @pytest.mark.parametrize("function, args, correction, lags, tol", [
        ("yue_wang_modification_test", "arbitrary_1d_data; lag=1", "yue_wang", 1, 1e-6),
        ("hamed_rao_modification_test", "arbitrary_1d_data; lag=3", "hamed_rao", 3, 1e-3),
        ("hamed_rao_modification_test", "arbitrary_1d_data", "hamed_rao", 359, 1e-2),
        ("yue_wang_modification_test", "arbitrary_1d_data", "yue_wang", 359, 1e-2),
    ])
    def test_corrections_match_pymannkendall_up_to_gap_positions(self, golden, data, function, args, correction,
                                                                  lags, tol):
        """pyMannKendall detrends the NaN-dropped series on positions 1..n; we keep the original positions
        (methods.md G.2). With 7 gaps in 360 points Var(S) differs by < 1%; with no gaps it is identical."""
        e = self.expected(golden, function, args)
        r = uptake.mann_kendall(data, correction=correction, lags=lags, floor=False)
        assert r.var_s == pytest.approx(e["var_s"], rel=tol)
        assert r.p == pytest.approx(e["p"], rel=max(tol * 10, 1e-6), abs=1e-4)
        gapless = data[~np.isnan(data)]
        ours = uptake.mann_kendall(gapless, correction=correction, lags=lags, floor=False)
        # The median slope is one of the pairwise slopes, so the detrended series has exact ties that rounding
        # may or may not keep: ranks, and hence Var(S), agree to ~1e-5, not to the last digit.
        # With every lag, Hamed-Rao's significance filter flips lags whose autocorrelation sits at the bound.
        assert ours.var_s == pytest.approx(pymk_reference_var(gapless, correction, min(lags, len(gapless) - 1)),
                                           rel=1e-4 if lags <= 3 else 1e-2)

    def test_floor_keeps_corrections_from_deflating(self, data):
        free = uptake.mann_kendall(data, correction="yue_wang", lags=359, floor=False)
        floored = uptake.mann_kendall(data, correction="yue_wang", lags=359)
        assert free.variance_factor < 1 and floored.variance_factor == 1.0 and floored.variance_factor_floored
        assert floored.p > 0.3 and free.p < 0.01
        assert "floored at 1" in floored.summary()

    def test_matches_quadratic_definition(self):
        rng = np.random.default_rng(8)
        y = np.round(rng.normal(size=300), 1)
        s = sum(np.sign(y[j] - y[i]) for i in range(300) for j in range(i + 1, 300))
        assert uptake.mann_kendall(y).s == s

    def test_errors(self):
        with pytest.raises(ValueError, match="at least 3"):
            uptake.mann_kendall([1.0, np.nan, 2.0])
        with pytest.raises(ValueError, match="correction must be"):
            uptake.mann_kendall([1.0, 2.0, 3.0, 4.0], correction="bonferroni")
        with pytest.raises(ValueError, match="not both"):
            uptake.mann_kendall([1.0, 2.0, 3.0, 4.0], correction="hamed_rao", seasonal_period=2)


def pymk_reference_var(x, correction, lags):
    """pyMannKendall's variance corrections, written out (oracle for gap-free data)."""
    n = len(x)
    idx = np.arange(n)
    slopes = [(x[j] - x[i]) / (j - i) for i in range(n) for j in range(i + 1, n)]
    slope = np.median(slopes)
    detrended = x - np.arange(1, n + 1) * slope
    uniq, counts = np.unique(x, return_counts=True)
    var_s = (n * (n - 1) * (2 * n + 5) - np.sum(counts * (counts - 1) * (2 * counts + 5))) / 18

    def acf(v, nlags):
        v = v - v.mean()
        full = np.correlate(v, v, "full")[n - 1:] / n
        return full[: nlags + 1] / full[0]

    if correction == "yue_wang":
        rho = acf(detrended, n - 1)
        k = np.arange(1, lags + 1)
        return var_s * (1 + 2 * np.sum((1 - k / n) * rho[k]))
    ranks = stats.rankdata(detrended)
    rho = acf(ranks, n - 1)
    bound = stats.norm.ppf(0.975) / np.sqrt(n)
    sni = sum((n - i) * (n - i - 1) * (n - i - 2) * rho[i] for i in range(1, lags + 1) if abs(rho[i]) > bound)
    del idx
    return var_s * (1 + 2 / (n * (n - 1) * (n - 2)) * sni)


class TestChangepoints:
    def test_nile_optimal_partitions(self, golden):
        y = pd.read_csv(golden / "changepoint" / "nile_input.csv")["flow"].to_numpy(dtype=float)
        table = pd.read_csv(golden / "changepoint" / "nile_mean_shift_optimal_partitions_strucchange.csv")
        for h in (2, 15):
            sub = table[table.h == h].set_index("n_breaks")
            rss = sub["RSS"].to_dict()
            for m in range(1, 5):
                # m breaks are optimal for the penalties beta with RSS(m) + m beta <= RSS(j) + j beta for all j.
                # (with h = 15 five breaks are so constrained that RSS(5) > RSS(4): penalties are >= 0 anyway)
                lower = max(0.0, max((rss[m] - rss[j]) / (j - m) for j in rss if j > m))
                upper = min((rss[j] - rss[m]) / (m - j) for j in rss if j < m)
                if lower >= upper or upper <= 0:
                    continue  # m is never optimal for any penalty (RSS is not convex in m there)
                beta = 0.5 * (upper + lower)
                expected = [int(v) for v in str(sub.loc[m, "breakpoints_last_index_of_segment_1based"]).split()]
                res = uptake.changepoints(y, penalty=beta, min_size=h)
                assert res.breakpoints == expected, (h, m)
                assert res.cost == pytest.approx(rss[m], rel=1e-9)
        bic = uptake.changepoints(pd.Series(y, index=pd.date_range("1871", periods=100, freq="YS")))
        assert bic.breakpoints == [28] and bic.dates[0].year == 1899
        assert uptake.changepoints(y, method="binseg").breakpoints == [28]

    def test_pelt_is_exact_against_brute_force(self):
        rng = np.random.default_rng(12)
        y = np.r_[rng.normal(0, 1, 15), rng.normal(3, 1, 10), rng.normal(-1, 1, 15)]
        beta = 8.0
        best = (np.inf, None)
        n = len(y)

        def cost(a, b):
            return float(np.sum((y[a:b] - y[a:b].mean()) ** 2))

        # optimal partitioning by dynamic programming over all segmentations (O(n^2))
        F = [0.0] + [np.inf] * n
        last = [0] * (n + 1)
        for t in range(2, n + 1):
            for s in range(0, t - 1):
                if s == 1:
                    continue
                v = F[s] + cost(s, t) + (beta if s > 0 else 0)
                if v < F[t]:
                    F[t], last[t] = v, s
        breaks, t = [], n
        while last[t] > 0:
            breaks.append(last[t])
            t = last[t]
        assert uptake.changepoints(y, penalty=beta, min_size=2).breakpoints == sorted(breaks)
        del best

    def test_linear_cost_finds_a_kink(self):
        t = np.arange(200.0)
        y = np.where(t < 120, 0.5 * t, 60 - 0.3 * (t - 120)) + np.random.default_rng(3).normal(0, 1, 200)
        res = uptake.changepoints(y, cost="linear")
        assert len(res.breakpoints) == 1 and abs(res.breakpoints[0] - 120) <= 3
        assert set(res.segments.columns) >= {"intercept", "slope"}

    def test_errors(self):
        with pytest.raises(ValueError, match="missing value at position 1"):
            uptake.changepoints([1.0, np.nan, 3.0, 4.0])
        with pytest.raises(ValueError, match="penalty must be"):
            uptake.changepoints(np.arange(10.0), penalty="aic")
        with pytest.raises(ValueError, match="penalty must be >= 0"):
            uptake.changepoints(np.arange(10.0), penalty=-3)
        with pytest.raises(ValueError, match="at least 2 x min_size"):
            uptake.changepoints(np.arange(10.0), min_size=6)
        with pytest.raises(ValueError, match="method must be"):
            uptake.changepoints(np.arange(10.0), method="wbs")


    def test_bad_noise_names_the_option(self):
        with pytest.raises(ValueError, match="noise must be 'long-run' or 'white', got 'ar1'"):
            uptake.changepoints(np.arange(10.0), noise="ar1")
        with pytest.raises(TypeError, match="noise"):
            uptake.changepoints(np.arange(10.0), noise=0.8)


def _ar1(n, phi, seed):
    """A stationary AR(1) path with innovation sd 1 (long-run sd 1 / (1 - phi))."""
    e = np.random.default_rng(seed).normal(size=n)
    u = np.empty(n)
    u[0] = e[0] / np.sqrt(1 - phi * phi)
    for i in range(1, n):
        u[i] = phi * u[i - 1] + e[i]
    return u


class TestChangepointNoise:
    # noise="white" is the scale every change point came from before the option existed: these are the results
    # of that code (commit 78dc1de) on a fixed AR(1) phi = 0.7 series with a trend and a jump of 6 at 180
    # (cost, method, penalty rule), penalty, total cost, breakpoints.
    WHITE = [
        (('mean', 'pelt', 'mbic'), 10.926815799697204, 252.81722394666926,
         [24, 46, 54, 60, 72, 85, 104, 118, 130, 135, 161, 180, 188, 200, 217, 231, 239, 243, 261, 270, 297]),
        (('mean', 'pelt', 'bic'), 7.284543866464803, 199.53676440811344,
         [24, 45, 49, 52, 60, 72, 85, 104, 111, 115, 130, 135, 139, 145, 150, 161, 174, 180, 188, 200, 217,
          231, 239, 243, 261, 270, 297]),
        (('mean', 'binseg', 'mbic'), 10.926815799697204, 307.13119876588695,
         [25, 45, 54, 60, 72, 85, 104, 161, 180, 188, 200, 217, 231, 244, 261, 271, 279, 297]),
        (('mean', 'binseg', 'bic'), 7.284543866464803, 200.07371738072683,
         [25, 45, 48, 54, 60, 72, 85, 104, 111, 117, 129, 135, 139, 146, 150, 161, 174, 180, 188, 200, 217,
          231, 239, 244, 257, 261, 271, 279, 297]),
        (('linear', 'pelt', 'mbic'), 10.461616233810938, 200.48450958904803,
         [48, 65, 80, 95, 102, 111, 129, 135, 145, 157, 161, 180, 188, 217, 231, 243, 261, 289]),
        (('linear', 'pelt', 'bic'), 7.846212175358202, 146.18607827113576,
         [41, 49, 65, 72, 80, 95, 102, 111, 129, 135, 145, 157, 161, 180, 188, 195, 208, 218, 231, 243, 257,
          263, 270, 291]),
        (('linear', 'binseg', 'mbic'), 10.461616233810938, 196.99367031027796,
         [48, 59, 65, 85, 104, 111, 118, 129, 135, 145, 157, 161, 180, 188, 200, 218, 231, 243, 261, 270, 291]),
        (('linear', 'binseg', 'bic'), 7.846212175358202, 162.45773356410692,
         [48, 59, 65, 72, 85, 95, 104, 111, 118, 129, 135, 145, 157, 161, 180, 188, 195, 200, 218, 231, 243,
          257, 261, 270, 291]),
    ]

    def test_white_reproduces_the_previous_results(self):
        rng = np.random.default_rng(2026)
        e = rng.normal(size=300)
        u = np.zeros(300)
        u[0] = e[0]
        for i in range(1, 300):
            u[i] = 0.7 * u[i - 1] + e[i]
        t = np.arange(300.0)
        y = u + 0.03 * t + np.where(t >= 180, 6.0, 0.0)
        for (cost, method, penalty), beta, total, breaks in self.WHITE:
            r = uptake.changepoints(y, cost=cost, method=method, penalty=penalty, noise="white")
            assert (r.breakpoints, r.penalty, r.cost) == (breaks, beta, total), (cost, method, penalty)
            assert r.noise == "white" and r.scale > 0

    def test_long_run_keeps_persistent_noise_quiet(self):
        # AR(1) phi = 0.8, 730 points, no change. One seed proves little either way (bench/changepoints.py: about
        # 6% of such series still get a change under "long-run", all of them under "white"), so count over 50.
        long_run, white = [], []
        for seed in range(50):
            u = _ar1(730, 0.8, seed)
            long_run.append(len(uptake.changepoints(u).breakpoints))
            white.append(len(uptake.changepoints(u, noise="white").breakpoints))
        assert sum(k > 0 for k in long_run) <= 5     # 3 of 50 here
        assert min(white) >= 20                      # every series, 33-50 changes each

    def test_long_run_still_finds_a_large_shift_in_place(self):
        # 8 long-run sd (40 with phi = 0.8) at position 400 of 730, on a flat level ("mean") and a trend ("linear").
        t = np.arange(730.0)
        exact = 0
        for seed in range(100, 110):
            u = _ar1(730, 0.8, seed) + np.where(t >= 400, 40.0, 0.0)
            for cost, y in (("mean", u), ("linear", u + 0.02 * t)):
                r = uptake.changepoints(y, cost=cost)
                assert min(abs(b - 400) for b in r.breakpoints) <= 2, (seed, cost, r.breakpoints)
                exact += r.breakpoints == [400]
        assert exact >= 16   # of 20; the rest add a spurious change or two beside it (18 here)

    def test_scale_is_the_long_run_sd(self):
        u = _ar1(4000, 0.6, 7)
        r = uptake.changepoints(u)
        assert r.noise == "long-run" and r.scale == pytest.approx(2.5, rel=0.2)
        assert uptake.changepoints(u, penalty=10.0).scale == 0.0


class TestSegmented:
    def test_matches_r_segmented(self, golden):
        d = pd.read_csv(golden / "changepoint" / "hinge_synthetic_input.csv")
        r = pd.read_csv(golden / "changepoint" / "hinge_synthetic_R_results.csv").set_index("quantity")["value"]
        res = uptake.segmented_trend(d["y"].to_numpy(), d["t"].to_numpy(dtype=float))
        bp = res.breakpoints.iloc[0]
        assert bp["estimate"] == pytest.approx(r["segmented_psi"], abs=1e-5)
        assert bp["se"] == pytest.approx(r["segmented_psi_se"], rel=1e-4)
        assert res.slopes["slope"].tolist() == pytest.approx([r["slope1"], r["slope2"]], rel=1e-5)
        assert res.slopes["se"].tolist() == pytest.approx([r["slope1_se"], r["slope2_se"]], rel=1e-4)
        assert res.rss == pytest.approx(r["grid_min_rss"], rel=1e-6)

    def test_two_breaks_and_dates(self):
        t = np.arange(300.0)
        y = 1.0 * t - 1.5 * np.maximum(t - 100, 0) + 1.2 * np.maximum(t - 200, 0)
        y += np.random.default_rng(5).normal(0, 1, 300)
        idx = pd.date_range("2023-01-01", periods=300)
        res = uptake.segmented_trend(pd.Series(y, index=idx), n_breaks=2)
        assert res.breakpoints["estimate"].tolist() == pytest.approx([100, 200], abs=2)
        assert res.breakpoints["date"].iloc[0].month == 4
        assert res.slopes["slope"].tolist() == pytest.approx([1.0, -0.5, 0.7], abs=0.05)
        assert "breakpoints" in res.summary()


class TestGrowth:
    def test_r_nls_fits(self, golden):
        fits = pd.read_csv(golden / "growth_curves" / "growth_fits_R_nls.csv")
        dn = pd.read_csv(golden / "growth_curves" / "dnase1_input.csv")
        logc = np.log(dn["conc"].to_numpy())
        dens = dn["density"].to_numpy()
        logistic = fits[fits.model.str.startswith("dnase1_logistic_nlsLM")].set_index("param")
        res = uptake.fit_growth(dens, logc, model="logistic", errors="iid")
        assert res.params.tolist() == pytest.approx(logistic.loc[["Asym", "xmid", "scal"], "estimate"].tolist(), rel=1e-5)
        assert res.bse.tolist() == pytest.approx(logistic.loc[["Asym", "xmid", "scal"], "se"].tolist(), rel=1e-4)
        gomp = fits[fits.model.str.startswith("dnase1_gompertz")].set_index("param")
        res = uptake.fit_growth(dens, logc, model="gompertz", errors="iid")
        assert res.params.tolist() == pytest.approx(gomp.loc[["Asym", "b2", "b3"], "estimate"].tolist(), rel=1e-5)
        assert res.rss == pytest.approx(gomp["rss"].iloc[0], rel=1e-6)

    def test_r_bass(self, golden):
        fits = pd.read_csv(golden / "growth_curves" / "growth_fits_R_nls.csv")
        sales = pd.read_csv(golden / "growth_curves" / "bass_tutorial_sales_input.csv")
        t = np.arange(1.0, 11.0)
        bass = fits[fits.model.str.contains("bass_noncumulative") & fits.model.str.contains("nlsLM")]
        if bass.empty:
            bass = fits[fits.model.str.contains("ass") & ~fits.model.str.contains("umul")]
        bass = bass.set_index("param")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", uptake.IdentifiabilityWarning)
            res = uptake.fit_growth(sales.iloc[:, 1].to_numpy(dtype=float), t, model="bass", errors="iid")
        names = [p for p in bass.index if p.upper() in ("M", "P", "Q")]
        assert res.params.tolist() == pytest.approx(bass.loc[names, "estimate"].tolist(), rel=1e-5)

    def test_warns_before_the_inflection(self):
        t = np.arange(10.0)
        y = 1000 / (1 + np.exp(-(t - 15) / 3)) * (1 + np.random.default_rng(0).normal(0, 0.01, 10))
        with pytest.warns(uptake.IdentifiabilityWarning, match="inflection"):
            res = uptake.fit_growth(y, t)
        assert not res.saturation_identified

    def test_predict_band_and_dates(self):
        idx = pd.date_range("2020-01-01", periods=40, freq="MS")
        t = np.arange(40.0)
        y = pd.Series(5000 / (1 + np.exp(-(t - 15) / 4)) + np.random.default_rng(1).normal(0, 20, 40), index=idx)
        res = uptake.fit_growth(y)
        assert res.saturation_identified and res.inflection.year == 2021
        pred = res.predict(horizon="2Y")
        assert pred.index[-1] > idx[-1] + pd.Timedelta(days=700)
        assert (pred["low"] <= pred["mean"]).all() and (pred["mean"] <= pred["high"]).all()
        assert "inflection" in res.summary()

    def test_errors(self):
        with pytest.raises(ValueError, match="model must be"):
            uptake.fit_growth(np.arange(10.0), model="richards")
        with pytest.raises(ValueError, match="at least 4"):
            uptake.fit_growth([1.0, 2.0, 3.0])


def test_segmented_trend_refuses_an_exact_line_instead_of_a_nan_test():
    # Found by tools/api_fuzz.py: a noiseless ramp gave a break with a NaN Davies p-value.
    ramp = pd.Series(np.arange(400.0), index=pd.date_range("2020-01-01", periods=400, freq="D"))
    with pytest.raises(ValueError, match="exact straight line"):
        uptake.segmented_trend(ramp)


def test_ols_trend_takes_a_huge_integer_periods_per_year_without_a_numpy_type_error():
    # Found by tools/api_fuzz.py: np.isfinite(10**30) raised an unclear TypeError.
    rng = np.random.default_rng(3)
    weekly = pd.Series(np.exp(np.arange(120) / 50) * (1 + rng.normal(0, 0.05, 120)),
                       index=pd.date_range("2022-01-03", periods=120, freq="W-MON"))
    fit = uptake.ols_trend(weekly, log=True, periods_per_year=10 ** 30)
    assert np.isfinite(fit.params.iloc[1])
