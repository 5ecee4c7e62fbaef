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


def test_registry_holds_the_final_neurips_counts_from_the_bundled_dataset():
    rows = {c.question: c.statistic() for c in figures.comparisons_for(["torch", "tensorflow"])}
    final = rows["papers at NeurIPS 2019 (final counts)"]
    assert "182 vs 104" in final["comparison"] and final["estimate"] == pytest.approx(182 / 104)
    assert "Chillee/pytorch-vs-tensorflow" in final["source"] and final["low"] < 1.75 < final["high"]
    assert "166 vs 74" in rows["papers at NeurIPS 2019"]["comparison"]
    assert figures.comparisons_for(["torch", "jax"]) == [] and figures.comparisons_for(["polars", "pandas"]) == []


def test_survey_row_uses_the_question_base_when_the_microdata_are_cached(tmp_path, server, cache_dir, monkeypatch):
    import io
    import zipfile

    from uptake import surveys

    monkeypatch.setattr(surveys, "STACKOVERFLOW_URL", server.url + "/stack-overflow-developer-survey-{year}.zip")
    published = figures._so_2019()
    assert "88,883" in published["method"] and "too narrow" in published["method"]
    # six of eight respondents answered the question: TensorFlow 4, PyTorch 3, both 2
    csv = "ResponseId,MiscTechWorkedWith\n" + "".join(
        f"{i},{a}\n" for i, a in enumerate(["TensorFlow;Torch/PyTorch", "TensorFlow", "TensorFlow", "NA",
                                            "Torch/PyTorch", "TensorFlow;Torch/PyTorch", "", "Pandas"], 1))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("survey_results_public.csv", csv)
    server.route("/stack-overflow-developer-survey-2019.zip", {"status": 200, "body": buf.getvalue()})
    surveys.stackoverflow(2019)                      # the user's download fills the cache
    row = figures._so_2019()                         # the registry reads the cache only
    assert server.count("/stack-overflow-developer-survey-2019.zip") == 1
    assert row["estimate"] == pytest.approx(4 / 6 - 3 / 6) and "of 6 who answered" in row["comparison"]
    assert "question's respondents" in row["method"] and "ODbL" in row["source"]
