"""Share intervals and comparisons against R (binom, base) golden files and statsmodels."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import uptake

smp = pytest.importorskip("statsmodels.stats.proportion")


class TestShareCi:
    def test_r_binom_package(self, golden):
        rows = pd.read_csv(golden / "proportions" / "binom_confint_R_binom_pkg.csv")
        methods = {"wilson": "wilson", "exact": "clopper_pearson", "agresti-coull": "agresti_coull"}
        checked = 0
        for _, r in rows[rows.method.isin(methods)].iterrows():
            lo, hi = uptake.share_ci(int(r.x), int(r.n), method=methods[r.method])
            # R's binom keeps Agresti-Coull limits outside [0, 1]; ours are clipped (a share cannot leave it).
            # (the file transcribes R to about six decimals)
            assert lo == pytest.approx(max(0.0, r.lower), abs=1e-6) and hi == pytest.approx(min(1.0, r.upper), abs=1e-6)
            checked += 1
        assert checked >= 20

    def test_r_base_one_sample(self, golden):
        rows = pd.read_csv(golden / "proportions" / "one_sample_R_base.csv")
        for _, r in rows.iterrows():
            cp = uptake.share_ci(int(r.x), int(r.n), method="clopper_pearson", conf=r.conf_level)
            assert cp == pytest.approx((r.clopper_pearson_lower, r.clopper_pearson_upper), abs=1e-10)
            w = uptake.share_ci(int(r.x), int(r.n), method="wilson", conf=r.conf_level)
            assert w == pytest.approx((r.wilson_lower, r.wilson_upper), abs=1e-10)
            assert uptake._core.binom_test(r.x, r.n, 0.5) == pytest.approx(r["binom_test_p_vs_0.5"], rel=1e-9)

    @pytest.mark.parametrize("method, sm_method", [("wilson", "wilson"), ("clopper_pearson", "beta"),
                                                   ("jeffreys", "jeffreys"), ("agresti_coull", "agresti_coull")])
    def test_matches_statsmodels_on_a_grid(self, method, sm_method):
        for n in (1, 5, 20, 240, 1000):
            for k in sorted({0, 1, n // 3, n - 1, n}):
                if k < 0:
                    continue
                ours = uptake.share_ci(k, n, method=method, conf=0.9)
                lo, hi = smp.proportion_confint(k, n, alpha=0.1, method=sm_method)
                if method == "jeffreys":  # Brown-Cai-DasGupta boundary rule, which statsmodels does not apply
                    lo, hi = (0.0 if k == 0 else lo), (1.0 if k == n else hi)
                assert ours == pytest.approx((max(lo, 0.0), min(hi, 1.0)), abs=1e-9), (k, n)

    def test_vectorised_and_contains_the_estimate(self):
        k = np.array([0, 3, 10, 50])
        lo, hi = uptake.share_ci(k, 50)
        assert lo.shape == (4,) and ((lo <= k / 50) & (k / 50 <= hi)).all() and (lo >= 0).all() and (hi <= 1).all()

    @pytest.mark.parametrize("k, n, message", [(5, 3, "k > n"), (-1, 3, ">= 0"), (0, 0, "n must be > 0"),
                                               (1.5, 3, "whole numbers")])
    def test_errors(self, k, n, message):
        with pytest.raises(ValueError, match=message):
            uptake.share_ci(k, n)
        with pytest.raises(ValueError, match="method must be"):
            uptake.share_ci(1, 3, method="wald")


class TestCompare:
    def test_r_two_sample(self, golden):
        rows = pd.read_csv(golden / "proportions" / "two_sample_R_base.csv")
        for _, r in rows.iterrows():
            res = uptake.compare_shares(int(r.x1), int(r.n1), int(r.x2), int(r.n2))
            assert (res.low, res.high) == pytest.approx((r.newcombe_hybrid_lower, r.newcombe_hybrid_upper), abs=1e-10)
            assert res.p_value == pytest.approx(r.pooled_z_p, rel=1e-9)

    def test_same_survey_score_interval(self):
        # Tango's score interval: at each limit the score statistic equals -/+ z (checked from its definition),
        # and the test at 0 is McNemar's.
        z = 1.959963984540054

        def score(b, c, n, d):
            pb, pc = -b - c + (2 * n - b + c) * d, -c * d * (1 - d)
            q21 = (np.sqrt(pb * pb - 8 * n * pc) - pb) / (4 * n)
            return (b - c - n * d) / np.sqrt(n * (2 * q21 + d * (1 - d)))

        res = uptake.compare_shares(103, 1000, 33, same_survey=True)
        assert res.difference == pytest.approx(0.07)
        assert score(103, 33, 1000, res.low) == pytest.approx(z, abs=1e-6)
        assert score(103, 33, 1000, res.high) == pytest.approx(-z, abs=1e-6)
        assert res.p_value == pytest.approx(2 * stats.norm.sf(70 / np.sqrt(136)), rel=1e-9)
        # Not Wald: asymmetric about the estimate.
        assert res.high - res.difference != pytest.approx(res.difference - res.low, rel=1e-3)
        paired = uptake.compare_shares(103, 1000, 33, same_survey=True, single_select=False, both=20)
        assert score(83, 13, 1000, paired.low) == pytest.approx(z, abs=1e-6)
        assert paired.high - paired.low < res.high - res.low  # overlap makes the answers positively correlated
        unknown = uptake.compare_shares(103, 1000, 33, same_survey=True, single_select=False)
        assert unknown.high - unknown.low >= paired.high - paired.low
        assert "widest" in unknown.method
        with pytest.raises(ValueError, match="cannot exceed n"):
            uptake.compare_shares(600, 1000, 500, same_survey=True)
        with pytest.raises(ValueError, match="give n2"):
            uptake.compare_shares(1, 10, 2)

    def test_same_survey_zero_counts_are_not_degenerate(self):
        res = uptake.compare_shares(0, 50, 0, same_survey=True)
        assert res.low < 0 < res.high and res.p_value == 1.0
        one = uptake.compare_shares(0, 50, 3, same_survey=True)
        assert -1 < one.low < one.difference < one.high and one.p_value > 0.05  # McNemar: 3 vs 0 is not significant

    @pytest.mark.parametrize("args,message", [
        ((2.5, 10, 1), "whole number"), ((float("nan"), 10, 1), "finite|nan|NaN"), ((1, float("inf"), 1), "finite|inf"),
    ])
    def test_bad_counts(self, args, message):
        with pytest.raises(ValueError, match=message):
            uptake.compare_shares(*args, same_survey=True)
        with pytest.raises(ValueError, match=message):
            uptake.compare_shares(*args, 10)

    @pytest.mark.parametrize("conf", [float("nan"), float("inf"), 1.0, 0.0])
    def test_bad_conf(self, conf):
        with pytest.raises(ValueError, match="conf"):
            uptake.compare_shares(1, 10, 2, 10, conf=conf)
        with pytest.raises(ValueError, match="conf"):
            uptake.rate_ratio(1, 2, conf=conf)
        with pytest.raises(ValueError, match="conf"):
            uptake.share_ci(1, 10, conf=conf)


class TestRateRatio:
    def test_poisson_test_golden(self, golden):
        g = pd.read_csv(golden / "proportions" / "counts_166_vs_74_poisson_test_R.csv").set_index("quantity")["value"]
        r = uptake.rate_ratio(166, 74)
        assert (r.ratio, r.low, r.high) == pytest.approx(
            (g["rate_ratio_estimate"], g["rate_ratio_lower95"], g["rate_ratio_upper95"]), rel=1e-9)
        p_rows = [q for q in g.index if "p" in q.lower() and "value" in q.lower()]
        for q in p_rows[:1]:
            assert r.p_value == pytest.approx(g[q], rel=1e-6)
        share, lo, hi = r.share
        assert share == pytest.approx(166 / 240) and lo < share < hi

    def test_huge_counts_are_exact_and_immediate(self):
        # R 4.2.2: poisson.test(c(1e9, 1e9 + 50000))$p.value (the sum over outcomes is found by binary search).
        r = uptake.rate_ratio(10**9, 10**9 + 50000)
        assert r.p_value == pytest.approx(0.26356799567030481, rel=1e-9)
        assert r.low < r.ratio < r.high
        with pytest.raises(ValueError, match="whole number"):
            uptake.rate_ratio(1.5, 3)

    def test_binom_test_matches_r(self):
        # R 4.2.2 binom.test(k, n, p)$p.value, including outcomes between the mean and the mode.
        cases = [(3, 30, 0.5, 8.4303319454193217e-06), (7, 20, 0.3, 0.62949796667667735),
                 (12, 20, 0.3, 0.0059360841980975144), (0, 10, 0.2, 0.22824806400000019),
                 (10, 10, 0.2, 1.0240000000000015e-07), (6, 20, 0.3, 1.0)]
        for k, n, p, ref in cases:
            assert uptake._core.binom_test(k, n, p) == pytest.approx(ref, rel=1e-12)

    def test_exposures(self):
        r = uptake.rate_ratio(20, 10, exposure1=2.0, exposure2=1.0)
        assert r.ratio == pytest.approx(1.0) and r.low < 1 < r.high and r.p_value == pytest.approx(1.0)


def test_holm_matches_statsmodels():
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    p = [0.01, 0.04, 0.03, 0.2, 0.001]
    expected = multitest.multipletests(p, method="holm")[1]
    np.testing.assert_allclose(uptake.holm(p), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        uptake.holm([0.5, 1.5])
