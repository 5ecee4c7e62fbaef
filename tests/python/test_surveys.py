"""Survey microdata readers on small files written in each year's real column layout."""

import io
import zipfile

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import surveys

# Eight respondents: TensorFlow 4, PyTorch 3, both 2, two unanswered (NA / empty) - base 6, not 8.
ANSWERS = ["TensorFlow;Torch/PyTorch;Keras", "TensorFlow", "Node.js;TensorFlow", "NA", "Torch/PyTorch",
           "TensorFlow;Torch/PyTorch", "", "Pandas"]


def _so_file(tmp_path, column, answers, extra=None, sep=";"):
    rows = {"ResponseId": list(range(1, len(answers) + 1)),
            column: [a.replace(";", sep) if a not in ("NA", "") else a for a in answers]}
    rows.update(extra or {})
    path = tmp_path / "survey_results_public.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("year", [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025])
def test_stackoverflow_shares_are_on_the_question_base(tmp_path, year):
    column = surveys.STACKOVERFLOW_LAYOUTS[year][0]
    # AI-tool answers mention TensorFlow too but are not framework usage: they must not count
    extra = {"AISearchHaveWorkedWith": ["TensorFlow"] * len(ANSWERS)} if year >= 2023 else None
    r = surveys.stackoverflow(_so_file(tmp_path, column, ANSWERS, extra), year=year)
    t = r.table.set_index("framework")
    assert r.respondents == 8 and (t["base"] == 6).all()
    assert (t.loc["TensorFlow", "chose"], t.loc["PyTorch", "chose"], t.loc["Keras", "chose"]) == (4, 3, 1)
    beta = pytest.importorskip("scipy.stats").beta
    lo = beta.ppf(0.025, 4, 6 - 4 + 1)
    hi = beta.ppf(0.975, 4 + 1, 6 - 4)
    assert t.loc["TensorFlow", "low"] == pytest.approx(lo, rel=1e-6)
    assert t.loc["TensorFlow", "high"] == pytest.approx(hi, rel=1e-6)
    d = r.compare("TensorFlow", "PyTorch")
    assert d.difference == pytest.approx(4 / 6 - 3 / 6) and "overlap unknown" not in d.method
    # the same numbers as the paired comparison with the overlap given by hand (2 chose both)
    same = uptake.compare_shares(4, 6, 3, same_survey=True, single_select=False, both=2)
    assert (d.low, d.high) == pytest.approx((same.low, same.high))


def test_stackoverflow_infers_the_layout_and_2017_has_no_such_options(tmp_path):
    path = _so_file(tmp_path, "FrameworkWorkedWith", ANSWERS)
    assert surveys.stackoverflow(path).year == 2018
    path = _so_file(tmp_path, "HaveWorkedFramework", ["Node.js; React", "NA", "Spark"], sep="; ")
    r = surveys.stackoverflow(path)
    assert r.year == 2017 and r.table["share"].isna().all() and (r.table["base"] == 2).all()
    assert "not offered" in r.summary()
    # the 2017 option list is unverified: an option that does appear in 2017 answers is counted, the others are NaN
    path = _so_file(tmp_path, "HaveWorkedFramework", ["Spark; TensorFlow", "NA", "Node.js"], sep="; ")
    t = surveys.stackoverflow(path).table.set_index("framework")
    assert (t.loc["TensorFlow", "chose"], t.loc["TensorFlow", "base"]) == (1, 2) and np.isnan(t.loc["PyTorch", "share"])
    path = _so_file(tmp_path, "MiscTechHaveWorkedWith", ANSWERS)
    r = surveys.stackoverflow(path)
    assert r.year is None and r.question == "MiscTechHaveWorkedWith"


def test_stackoverflow_download_goes_through_the_cache(tmp_path, server, cache_dir):
    csv = _so_file(tmp_path, "MiscTechWorkedWith", ANSWERS).read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("README_2019.txt", "readme")
        z.writestr("survey_results_public.csv", csv)
    server.route("/stack-overflow-developer-survey-2019.zip", {"status": 200, "body": buf.getvalue()})
    r = surveys.stackoverflow(2019, base_url=server.url)
    assert r.year == 2019 and int(r.table.set_index("framework").loc["PyTorch", "chose"]) == 3
    again = surveys.stackoverflow(2019, base_url=server.url, offline=True)
    assert again.table.equals(r.table) and server.count("/stack-overflow-developer-survey-2019.zip") == 1
    assert "ODbL" in r.licence
    server.route("/stack-overflow-developer-survey-2020.zip", {"status": 200, "body": b"not a zip"})
    with pytest.raises(uptake.ParseError, match="not a zip"):
        surveys.stackoverflow(2020, base_url=server.url)


def test_stackoverflow_bad_input_is_named(tmp_path):
    with pytest.raises(ValueError, match="year 2016 is not supported"):
        surveys.stackoverflow(2016)
    with pytest.raises(ValueError, match="no file at"):
        surveys.stackoverflow(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="unknown framework"):
        surveys.stackoverflow(tmp_path / "x.csv", frameworks=["Theano"])
    path = _so_file(tmp_path, "LanguageWorkedWith", ANSWERS)
    with pytest.raises(uptake.ParseError, match="none of the known framework columns"):
        surveys.stackoverflow(path)
    with pytest.raises(uptake.ParseError, match="'MiscTechWorkedWith' is not in the header"):
        surveys.stackoverflow(path, year=2019)


def _kaggle_file(tmp_path, year, question, options, rows, other=True):
    """One column per option; second header row = question text; cells are padded labels or empty."""
    cols = ["Time from Start to Finish (seconds)", "Q1"] + [f"{question}_Part_{i + 1}" for i in range(len(options))]
    cols += [f"{question}_OTHER"] if other else []
    text = ["Duration", "What is your age?"] + [f"Which ML frameworks do you use? - Selected Choice - {o}"
                                                for o in options] + (["Other"] if other else [])
    data = []
    for chosen in rows:
        cells = ["100", "25-29"] + [f"  {o} " if o in chosen else "" for o in options]
        cells += ["Other"] if other and "Other" in chosen else ([""] if other else [])
        data.append(cells)
    name = surveys.KAGGLE_LAYOUTS[year][0]
    path = tmp_path / name
    pd.DataFrame([text] + data, columns=cols).to_csv(path, index=False)
    return path


KAGGLE_ROWS = [{"TensorFlow", "Keras"}, {"PyTorch"}, set(), {"TensorFlow", "PyTorch"}, {"None"}, set(), {"Other"}]


@pytest.mark.parametrize("year,question", [(2018, "Q19"), (2019, "Q28"), (2020, "Q16"), (2021, "Q16"), (2022, "Q17")])
def test_kaggle_base_is_who_answered(tmp_path, year, question):
    options = ["Scikit-learn", "TensorFlow", "Keras", "PyTorch", "JAX", "None"]
    r = surveys.kaggle(_kaggle_file(tmp_path, year, question, options, KAGGLE_ROWS))
    t = r.table.set_index("framework")
    # 7 respondents, 2 skipped the question; "None" and "Other" answers are in the base
    assert r.year == year and r.respondents == 7 and (t["base"] == 5).all()
    assert (t.loc["TensorFlow", "chose"], t.loc["PyTorch", "chose"], t.loc["Keras", "chose"]) == (2, 2, 1)
    d = r.compare("PyTorch", "TensorFlow")
    assert d.difference == 0 and d.low < 0 < d.high


def test_kaggle_2017_single_column_and_errors(tmp_path):
    path = tmp_path / "multipleChoiceResponses.csv"
    pd.DataFrame({"GenderSelect": ["Male", "Female", "Male", "Female"],
                  "WorkToolsSelect": ["Python,TensorFlow,Jupyter notebooks", "R", "", "Python,PyTorch,TensorFlow"]}
                 ).to_csv(path, index=False)
    r = surveys.kaggle(path)
    t = r.table.set_index("framework")
    assert r.year == 2017 and (t["base"] == 3).all()
    assert (t.loc["TensorFlow", "chose"], t.loc["PyTorch", "chose"]) == (2, 1)
    with pytest.raises(ValueError, match="need a Kaggle account"):
        surveys.kaggle(2022)
    odd = tmp_path / "responses.csv"
    pd.DataFrame({"Q1": ["a"]}).to_csv(odd, index=False)
    with pytest.raises(ValueError, match="cannot tell the survey year"):
        surveys.kaggle(odd)
    with pytest.raises(uptake.ParseError, match="no Q16_Part_n columns"):
        surveys.kaggle(odd, year=2020)


def test_no_answers_gives_nan_not_zero(tmp_path):
    path = _so_file(tmp_path, "MiscTechWorkedWith", ["NA", "NA"])
    r = surveys.stackoverflow(path, year=2019)
    assert (r.table["base"] == 0).all() and r.table["share"].isna().all()
