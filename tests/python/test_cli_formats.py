"""The command line as a neighbour of pypistats: --format table|csv|json|markdown (on data, on an empty result
and on a partial result or failure), --by through ClickHouse, --add for the user's own series, --quiet and
--verbose, one-line errors with exit code 1 (data) or 2 (arguments)."""

import io
import json

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import _formats, cli

DAYS = pd.date_range("2026-01-01", periods=3, name="date")


def _pypistats_body(rows):
    return json.dumps({"data": [{"category": c, "date": d, "downloads": n} for c, d, n in rows]})


@pytest.mark.parametrize("fmt", _formats.FORMATS)
def test_every_format_keeps_values_and_missing_values(fmt):
    frame = pd.DataFrame({"torch": [1234567.0, np.nan, 3.0], "share": [0.25, 0.5, np.nan]}, index=DAYS)
    text = _formats.render(frame, fmt)
    assert "00:00:00" not in text and "nan" not in text.lower().replace("null", "")
    if fmt == "json":
        rows = json.loads(text)
        assert rows[0] == {"date": "2026-01-01", "torch": 1234567, "share": 0.25}
        assert rows[1]["torch"] is None and rows[2]["share"] is None  # missing stays missing, never 0
    elif fmt == "csv":
        back = pd.read_csv(io.StringIO(text))
        assert back["torch"].tolist()[0] == 1234567 and np.isnan(back["torch"][1])
    else:
        lines = text.splitlines()
        assert "1,234,567" in lines[2] and lines[1].replace("|", "").replace(":", "").strip("- ") == ""
        assert len({len(line) for line in lines}) == 1 if fmt == "markdown" else True  # aligned columns
        cells = [c.strip() for c in lines[3].strip("|").split("|")] if fmt == "markdown" else lines[3].split()
        assert "0" not in cells[1:2]  # the missing torch value is blank


@pytest.mark.parametrize("fmt", _formats.FORMATS)
def test_every_format_on_an_empty_result(fmt):
    empty = pd.DataFrame({"date": pd.to_datetime([]), "installer": pd.Series([], dtype=str),
                          "downloads": pd.Series([], dtype=float)})
    text = _formats.render(empty, fmt)
    expected = {"json": "[]\n", "csv": "date,installer,downloads\n"}
    if fmt in expected:
        assert text == expected[fmt]
    else:
        assert "installer" in text.splitlines()[0] and len(text.splitlines()) == (2 if fmt == "markdown" else 3)
    with pytest.raises(ValueError, match="unknown format"):
        _formats.render(empty, "xml")


@pytest.mark.parametrize("fmt", _formats.FORMATS)
def test_cli_fetch_in_every_format(server, cache_dir, capsys, fmt):
    server.route("/packages/torch/overall", {"status": 200, "body": _pypistats_body(
        [("with_mirrors", "2026-01-01", 1200), ("without_mirrors", "2026-01-01", 1000),
         ("with_mirrors", "2026-01-02", 1300), ("without_mirrors", "2026-01-02", 1100)])})
    assert cli.main(["fetch", "pypistats", "torch", "--base-url", server.url, "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        rows = json.loads(out)
        assert rows[0]["date"] == "2026-01-01" and 1200 in rows[0].values()
    elif fmt == "csv":
        assert pd.read_csv(io.StringIO(out)).shape[0] == 2
    elif fmt == "markdown":
        assert out.startswith("| date") and "| 2026-01-02 |" in out and "1,300" in out
    else:
        assert out.splitlines()[0].startswith("date") and "1,300" in out


@pytest.mark.parametrize("fmt", _formats.FORMATS)
def test_cli_fetch_empty_result_in_every_format(server, cache_dir, capsys, fmt):
    server.route("/packages/torch/overall", {"status": 200, "body": _pypistats_body([])})
    assert cli.main(["fetch", "pypistats", "torch", "--base-url", server.url, "--format", fmt]) == 0
    captured = capsys.readouterr()
    assert "no rows" in captured.err
    if fmt == "json":
        assert json.loads(captured.out) == []
    else:
        assert captured.out.strip() and "2026" not in captured.out


@pytest.mark.parametrize("fmt", _formats.FORMATS)
def test_cli_fetch_failure_is_one_line_and_writes_no_half_table(server, cache_dir, capsys, fmt):
    server.route("/packages/torch/overall", {"status": 200, "body": '{"data": [{"category": "with_mirrors", "da'})
    assert cli.main(["fetch", "pypistats", "torch", "--base-url", server.url, "--format", fmt]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and captured.err.startswith("uptake fetch:")


@pytest.mark.parametrize("fmt", _formats.FORMATS)
def test_cli_fetch_partial_result_keeps_missing_days_missing(fmt, monkeypatch, capsys):
    # A source that answered for some days only (npm's not-yet-landed days, ClickPy's unloaded ones): NaN.
    partial = pd.DataFrame({"downloads": [500.0, np.nan]}, index=DAYS[:2])
    monkeypatch.setattr(uptake.sources, "npm", lambda *a, **k: partial)
    assert cli.main(["fetch", "npm", "left-pad", "--start", "2026-01-01", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "500" in out and " 0\n" not in out and ",0\n" not in out
    if fmt == "json":
        assert json.loads(out)[1]["downloads"] is None


def test_cli_fetch_pypi_by_dimension(clickhouse, cache_dir, capsys):
    args = ["fetch", "pypi", "torch", "--start", "2024-01-01", "--end", "2024-01-03", "--base-url", clickhouse.url]
    assert cli.main(args + ["--by", "installer", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"date", "installer", "downloads"} == set(rows[0]) and {r["date"] for r in rows} == {
        "2024-01-01", "2024-01-02", "2024-01-03"}
    assert cli.main(args + ["--by", "ci", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("| date")


def test_cli_argument_errors_exit_2_in_one_line(capsys, cache_dir, tmp_path):
    assert cli.main(["fetch", "pypistats", "torch", "--by", "installer"]) == 2
    assert "--by works with pypi" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["fetch", "pypistats", "torch", "--format", "xml"])
    assert exit_.value.code == 2
    capsys.readouterr()
    assert cli.main(["report", "--sample", "--add", str(tmp_path / "missing.csv")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("date,nobody\n2024-01-01,3\n2024-02-01,4\n")
    assert cli.main(["report", "--sample", "--add", str(bad), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "matches none of the packages" in err and len(err.strip().splitlines()) == 1


def test_report_adds_a_trends_export_and_a_date_value_csv(tmp_path, capsys):
    weeks = pd.date_range("2024-01-07", periods=60, freq="7D")
    trends = tmp_path / "multiTimeline.csv"
    trends.write_text("Category: All categories\n\nWeek,pytorch: (Worldwide),tensorflow: (Worldwide)\n" + "".join(
        f"{d.date()},{40 + i // 3},{60 - i // 4 if i else '<1'}\n" for i, d in enumerate(weeks)), encoding="utf-8")
    jobs = tmp_path / "jobs.csv"
    jobs.write_text("date,PyTorch,TensorFlow\n" + "".join(
        f"{d.date()},{100 + 3 * i},{200 - i}\n" for i, d in enumerate(pd.date_range("2023-01-01", periods=24, freq="MS"))))
    out = tmp_path / "r.html"
    assert cli.main(["report", "--sample", "tensorflow", "pytorch", "--add", str(trends), "--add", f"job posts={jobs}",
                     "--static", "--quiet", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""  # --quiet
    series = pd.read_csv(out.with_suffix(".csv"))
    assert {"search interest", "job posts"} <= set(series["signal"])
    raw = series[(series["signal"] == "job posts") & (series["kind"] == "raw")]
    assert set(raw["package"]) == {"tensorflow", "pytorch"} and len(raw) == 48
    html = out.read_text(encoding="utf-8")
    assert "Search interest: simulated tensorflow" in html or "search interest" in html
    assert "job posts" in html and str(jobs) in html  # provenance names the file


def test_verbose_says_where_series_came_from(tmp_path, capsys):
    assert cli.main(["report", "--sample", "--static", "--verbose", "-o", str(tmp_path / "r.html")]) == 0
    captured = capsys.readouterr()
    assert "uptake.simulate" in captured.err and "Adoption comparison" in captured.out


def test_help_texts_carry_examples(capsys):
    for command in ("report", "fetch", "cache"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert f"examples:\n  uptake {command}" in capsys.readouterr().out


def test_quiet_fetch_to_a_file_prints_nothing(server, cache_dir, tmp_path, capsys):
    server.route("/packages/torch/overall", {"status": 200, "body": _pypistats_body([("with_mirrors", "2026-01-01", 7)])})
    out = tmp_path / "t.json"
    assert cli.main(["fetch", "pypistats", "torch", "--base-url", server.url, "-o", str(out), "-f", "json", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert json.loads(out.read_text())[0]["date"] == "2026-01-01"
