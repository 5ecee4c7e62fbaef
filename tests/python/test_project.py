"""Identity resolution on the fixture server with our own PyPI JSON, npm registry and Wikidata answers."""

import json

import pytest

import uptake
from support.identity_fixtures import Wikidata, entity, pypi_doc, standard


@pytest.fixture
def ids(server, cache_dir):
    return standard(server)


def test_polars_gets_repository_article_and_tag(ids, server):
    p = uptake.resolve("polars", **ids)
    assert (p.name, p.pypi, p.github, p.wikipedia, p.stackoverflow) == (
        "polars", "polars", "pola-rs/polars", "Polars_(software)", "python-polars")
    assert p.label == "Polars" and p.wikidata == "Q104" and p.arxiv == 'abs:"polars"'
    assert p.found_by["github"] == "pypi project_urls[Repository]"
    assert p.found_by["stackoverflow"] == "wikidata Q104 P1482"
    assert p.unresolved == ()
    assert p.conda == "polars" and p.found_by["conda"].startswith("assumed: the PyPI name")
    # Three rounds, each one engine batch: documents and searches, then entities; nothing more was needed.
    assert server.count("/pypi/polars/json") == 1 and server.count("/w/api.php") == 3


def test_common_name_resolves_to_the_items_pypi_name_not_the_stub(ids):
    p = uptake.resolve("pytorch", **ids)
    assert p.name == "torch" and p.pypi == "torch" and p.label == "PyTorch"
    assert p.github == "pytorch/pytorch"  # from torch's download_url, not the stub's homepage
    assert p.found_by["github"] == "pypi download_url"
    assert "Q47509047 P5568" in p.found_by["pypi"]
    assert p.conda == "pytorch" and p.found_by["conda"] == "conda-forge rename of the PyPI name"
    sk = uptake.resolve("sklearn", **ids)
    assert sk.pypi == "scikit-learn" and sk.github == "scikit-learn/scikit-learn" and sk.wikipedia == "Scikit-learn"


def test_spec_prefixes(ids):
    assert uptake.resolve("pypi:torch", **ids).wikipedia == "PyTorch"
    tfjs = uptake.resolve("npm:@tensorflow/tfjs", **ids)
    assert (tfjs.name, tfjs.npm, tfjs.github, tfjs.stackoverflow) == ("@tensorflow/tfjs", "@tensorflow/tfjs", "tensorflow/tfjs", "tensorflow.js")
    assert tfjs.pypi is None and "pypi" not in tfjs.unresolved
    conda = uptake.resolve("conda:pytorch", **ids)
    assert (conda.name, conda.conda, conda.pypi) == ("pytorch", "pytorch", "torch")


def test_name_without_wikidata_item_keeps_pypi_and_github(ids):
    p = uptake.resolve("tinypkg", **ids)
    assert p.pypi == "tinypkg" and p.github == "someone/tinypkg" and p.label == "TinyPkg"
    assert p.wikipedia is None and p.stackoverflow is None and p.wikidata is None
    assert set(p.unresolved) == {"wikipedia", "stackoverflow"}


def test_unknown_name_raises_with_close_matches(ids, server):
    wd = Wikidata()
    wd.add(entity("Q104", "Polars", pypi=["polars"]), aliases=["polrs-typo"])
    wd.labels["polrs"] = wd.labels.pop("polrs-typo")
    wd.route(server, "/w2/api.php")
    with pytest.raises(ValueError, match=r"'polrs' is neither a PyPI project.*close matches: 'Polars'"):
        uptake.resolve("polrs", **{**ids, "wikidata_url": server.url + "/w2/api.php"})
    with pytest.raises(ValueError, match="no close matches"):
        uptake.resolve("nothing-like-it", **ids)
    with pytest.raises(ValueError, match="cannot read the project spec"):
        uptake.resolve("two words", **ids)
    with pytest.raises(ValueError, match="give one name"):
        uptake.resolve(["polars"], **ids)


def test_overrides_win_and_complete_projects_need_no_request(ids, server):
    p = uptake.resolve(uptake.Project("polars", github="me/fork", stackoverflow=""), **ids)
    assert p.github == "me/fork" and p.found_by["github"] == "override"
    assert p.stackoverflow == "" and "stackoverflow" not in p.unresolved
    assert p.wikipedia == "Polars_(software)"
    before = len(server.requests)
    full = uptake.Project("x", label="X", pypi="x", npm="", conda="", github="o/x", wikipedia="", stackoverflow="",
                          arxiv="", openalex="", wikidata="")
    assert uptake.resolve(full, **ids) == full and len(server.requests) == before
    with pytest.raises(ValueError, match="owner/repo"):
        uptake.Project("x", github="nope")


def test_offline_resolution_uses_the_cache(ids, server):
    online = uptake.resolve_all(["polars", "pytorch"], **ids)
    served = len(server.requests)
    offline = uptake.resolve_all(["polars", "pytorch"], offline=True, **ids)
    assert offline == online and len(server.requests) == served
    with pytest.raises(uptake.NetworkError):
        uptake.resolve("pandas", offline=True, **ids)


def test_base_urls_from_environment(ids, server, monkeypatch):
    monkeypatch.setenv("UPTAKE_PYPI_URL", ids["pypi_url"])
    monkeypatch.setenv("UPTAKE_NPM_REGISTRY_URL", ids["npm_url"])
    monkeypatch.setenv("UPTAKE_WIKIDATA_URL", ids["wikidata_url"])
    assert uptake.resolve("pandas").github == "pandas-dev/pandas"


def test_malformed_answers_are_parse_errors(server, cache_dir):
    server.route("/pypi/bad/json", {"status": 200, "body": "<html>"})
    Wikidata().route(server)
    with pytest.raises(uptake.ParseError, match="pypi: cannot read the response of"):
        uptake.resolve("bad", pypi_url=server.url + "/pypi", wikidata_url=server.url + "/w/api.php")
