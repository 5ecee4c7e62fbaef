"""The bundled published figures feed the share statistics."""

import pytest

from uptake import figures


def test_neurips_rate_ratio_matches_the_golden_poisson_test():
    r = figures.NEURIPS_2019_PYTORCH.rate_ratio(figures.NEURIPS_2019_TENSORFLOW)
    assert (round(r.ratio, 4), round(r.low, 2), round(r.high, 2)) == (2.2432, 1.70, 2.99)


def test_survey_share_interval_and_missing_base():
    lo, hi = figures.SO_2019_TENSORFLOW.share_ci()
    assert lo < 0.103 < hi and hi - lo < 0.01
    with pytest.raises(ValueError, match="needs both the share and its base"):
        figures.SO_2019_PRO_PYTORCH.share_ci()
    with pytest.raises(ValueError, match="needs counts"):
        figures.SO_2019_TENSORFLOW.rate_ratio(figures.SO_2019_PYTORCH)


def test_table_lists_every_figure_with_source():
    t = figures.table()
    assert len(t) == 9 and t["source"].str.len().min() > 10
    assert set(t.columns) >= {"name", "date", "count", "share", "base", "source", "note"}
