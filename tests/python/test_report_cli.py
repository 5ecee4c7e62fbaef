"""The pipeline, the charts, the HTML report and the command line, end to end (offline sample)."""

import subprocess
import sys
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import uptake
from uptake import cli


@pytest.fixture(scope="module")
def sample():
    return uptake.compare(["incumbent", "challenger"], sample=True)


def test_pipeline_recovers_the_simulated_truth(sample):
    g = sample.growth.set_index(["package", "signal"])
    # simulated human growth: incumbent +10%/yr, challenger +85%/yr
    assert g.loc[("incumbent", "downloads"), "low"] < 0.10 < g.loc[("incumbent", "downloads"), "high"] + 0.01
    assert abs(g.loc[("challenger", "downloads"), "growth_per_year"] - 0.85) < 0.05
    c = sample.crossovers[("downloads", "incumbent", "challenger")]
    assert c.overtaker == "challenger" and c.kind == "bounded"
    truth = sample.signal("downloads", "human_truth")
    human = sample.signal("downloads", "human")
    err = ((human - truth).abs() / truth).stack().median()
    assert err < 0.1
    assert set(sample.provenance["simulated"]) == {True}
    assert "SIMULATED" in sample.summary() and "<table" in sample._repr_html_()


def test_compare_rejects_bad_arguments():
    with pytest.raises(ValueError, match="unknown signals"):
        uptake.compare(["a"], signals=["tiktok"], sample=True)
    with pytest.raises(ValueError, match="distinct"):
        uptake.compare(["a", "a"], sample=True)


def test_live_compare_reports_what_it_could_not_fetch(cache_dir):
    c = uptake.compare(["torch"], signals=["downloads"], offline=True)
    assert c.problems and "offline" in c.problems[0]


def test_every_chart_renders(sample):
    for fn in (uptake.plot.adoption, uptake.plot.growth, uptake.plot.scoreboard):
        ax = fn(sample)
        assert ax.figure is not None
        plt.close(ax.figure)
    fig = uptake.plot.shares(sample)
    assert len(fig.axes) == len(sample.shares)
    plt.close(fig)
    ax = uptake.plot.crossover(sample.crossovers[("downloads", "incumbent", "challenger")])
    plt.close(ax.figure)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.external = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and value.startswith(("http", "//")):
                self.external.append(value)


def test_report_is_self_contained_and_complete(sample, tmp_path):
    path = uptake.report.write_report(sample, tmp_path / "out" / "r.html", interactive=False)
    text = path.read_text(encoding="utf-8")
    parser = _Parser()
    parser.feed(text)
    assert parser.tags.count("svg") >= 5  # adoption per signal, growth, crossover, shares
    assert not parser.external
    for heading in ("Adoption", "Growth rates", "Crossovers", "Published figures", "Methods and assumptions",
                    "Data provenance", "Simulated sample"):
        assert heading in text
    csv = pd.read_csv(path.with_suffix(".csv"))
    assert {"date", "package", "signal", "kind", "value"} <= set(csv.columns) and len(csv) > 1000
    with pytest.raises(ValueError, match="ending in .html"):
        uptake.report.write_report(sample, tmp_path / "r.pdf")


def test_cli_report_sample(tmp_path, capsys):
    out = tmp_path / "sample.html"
    assert cli.main(["report", "--sample", "-o", str(out)]) == 0
    assert out.exists() and out.with_suffix(".csv").exists()
    assert "overtook" in capsys.readouterr().out  # the sample challenger crossed inside the window


def test_cli_errors_and_help(capsys, cache_dir):
    assert cli.main([]) == 2
    assert cli.main(["report"]) == 2
    assert "give one or more packages" in capsys.readouterr().err
    assert cli.main(["fetch", "npm", "left-pad"]) == 2
    assert cli.main(["fetch", "pypistats", "torch", "--offline"]) == 1
    assert "offline: no cached response" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0 and "uptake report --sample" in capsys.readouterr().out


def test_cli_fetch_and_cache(server, cache_dir, tmp_path, capsys):
    import json

    body = {"data": [{"category": "with_mirrors", "date": "2026-01-01", "downloads": 3}]}
    server.route("/packages/torch/overall", {"status": 200, "body": json.dumps(body)})
    out = tmp_path / "t.csv"
    assert cli.main(["fetch", "pypistats", "torch", "--base-url", server.url, "-o", str(out)]) == 0
    assert "with_mirrors" in out.read_text()
    assert cli.main(["cache", "info"]) == 0
    assert "entries: 1" in capsys.readouterr().out
    assert cli.main(["cache", "clear"]) == 0
    assert uptake.cache.info()["entries"] == 0


def test_console_script_and_module_entry_points(tmp_path):
    result = subprocess.run([sys.executable, "-m", "uptake", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"uptake {uptake.__version__}"
