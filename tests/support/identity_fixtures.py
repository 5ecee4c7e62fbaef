"""Our own PyPI JSON, npm registry and Wikidata answers (formats as in the recorded samples) for the
resolution and pipeline tests, served by the fault server."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional
from urllib.parse import quote


def pypi_doc(name: str, project_urls: Optional[Dict[str, str]] = None, home_page: Optional[str] = None,
             download_url: str = "") -> str:
    return json.dumps({"info": {"name": name, "summary": f"{name} package", "home_page": home_page,
                                "download_url": download_url, "project_urls": project_urls},
                       "last_serial": 1, "urls": [], "vulnerabilities": []})


def claim(value: str, rank: str = "normal") -> Dict[str, Any]:
    return {"mainsnak": {"snaktype": "value", "property": "P", "datavalue": {"value": value, "type": "string"},
                         "datatype": "external-id"}, "type": "statement", "rank": rank}


def entity(qid: str, label: str, *, pypi: List[str] = (), npm: List[str] = (), tags: List[str] = (),
           repos: List[str] = (), enwiki: Optional[str] = None) -> Dict[str, Any]:
    claims = {}
    if pypi:
        claims["P5568"] = [claim(v) for v in pypi]
    if npm:
        claims["P8262"] = [claim(v) for v in npm]
    if tags:
        claims["P1482"] = [claim(f"https://stackoverflow.com/tags/{t}") for t in tags]
    if repos:
        claims["P1324"] = [claim(r) for r in repos]
    out = {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}}, "claims": claims,
           "sitelinks": {}}
    if enwiki:
        out["sitelinks"]["enwiki"] = {"site": "enwiki", "title": enwiki, "badges": []}
    return out


class Wikidata:
    """Answers for /w/api.php keyed by what the request asks (statement value, label, ids)."""

    def __init__(self) -> None:
        self.entities: Dict[str, Dict[str, Any]] = {}
        self.statements: Dict[str, List[str]] = {}   # "P5568=torch" -> ids
        self.labels: Dict[str, List[Dict[str, Any]]] = {}  # search text -> hits

    def add(self, ent: Dict[str, Any], *, aliases: List[str] = ()) -> None:
        self.entities[ent["id"]] = ent
        for prop in ("P5568", "P8262"):
            for c in ent["claims"].get(prop, []):
                self.statements.setdefault(f"{prop}={c['mainsnak']['datavalue']['value']}", []).append(ent["id"])
        label = ent["labels"]["en"]["value"]
        for text in [label, *aliases]:
            hit = {"id": ent["id"], "title": ent["id"], "label": label, "description": "software",
                   "match": {"type": "label" if text == label else "alias", "language": "en", "text": text}}
            self.labels.setdefault(text.lower(), []).append(hit)

    def route(self, server: Any, path: str = "/w/api.php") -> str:
        alternatives = []
        for key, ids in self.statements.items():
            needle = "srsearch=" + quote(f'haswbstatement:"{key}"', safe="")
            body = {"batchcomplete": "", "query": {"searchinfo": {"totalhits": len(ids)},
                                                   "search": [{"ns": 0, "title": i, "pageid": 1} for i in ids]}}
            alternatives.append((needle + "&", {"status": 200, "body": json.dumps(body)}))
        for text, hits in self.labels.items():
            alternatives.append(("search=" + quote(text, safe="") + "&language",
                                 {"status": 200, "body": json.dumps({"searchinfo": {"search": text}, "search": hits, "success": 1})}))
        for qid, ent in self.entities.items():
            alternatives.append(("ids=" + qid + "&", {"status": 200, "body": json.dumps({"entities": {qid: ent}, "success": 1})}))
        # Several ids in one request: answer with all known ones (and 'missing' for the rest is not needed here).
        everything = {"status": 200, "body": json.dumps({"entities": self.entities, "success": 1})}
        alternatives.append(("action=wbgetentities", everything))
        empty_search = {"status": 200, "body": json.dumps({"batchcomplete": "", "query": {"searchinfo": {"totalhits": 0}, "search": []}})}
        alternatives.append(("list=search", empty_search))
        alternatives.append(("action=wbsearchentities", {"status": 200, "body": json.dumps({"search": [], "success": 1})}))
        return server.route(path, {"status": 400, "body": "unexpected", "by_query": alternatives})


def standard(server: Any) -> Dict[str, str]:
    """polars (Wikidata item, Repository link), torch (item found via the common name 'pytorch'; a 'pytorch'
    stub on PyPI), scikit-learn (alias 'sklearn'), tinypkg (PyPI only), pandas, @tensorflow/tfjs (npm).
    Returns the keyword arguments that point resolve() at the server."""
    wd = Wikidata()
    wd.add(entity("Q104", "Polars", pypi=["polars"], tags=["python-polars"], enwiki="Polars (software)",
                  repos=["https://github.com/pola-rs/polars"]))
    wd.add(entity("Q47509047", "PyTorch", pypi=["torch"], tags=["pytorch"], enwiki="PyTorch",
                  repos=["https://github.com/pytorch/pytorch"]))
    wd.add(entity("Q1026367", "scikit-learn", pypi=["scikit-learn"], tags=["scikit-learn"], enwiki="Scikit-learn"),
           aliases=["sklearn"])
    wd.add(entity("Q15967387", "pandas", pypi=["pandas"], tags=["pandas"], enwiki="Pandas (software)",
                  repos=["https://github.com/pandas-dev/pandas"]))
    wd.add(entity("Q200", "TensorFlow.js", npm=["@tensorflow/tfjs"], tags=["tensorflow.js"], enwiki="TensorFlow"))
    wd.route(server)
    server.route("/pypi/polars/json", {"status": 200, "body": pypi_doc(
        "polars", {"Documentation": "https://docs.pola.rs", "Repository": "https://github.com/pola-rs/polars"})})
    server.route("/pypi/torch/json", {"status": 200, "body": pypi_doc(
        "torch", None, home_page="https://pytorch.org/", download_url="https://github.com/pytorch/pytorch/tags")})
    server.route("/pypi/pytorch/json", {"status": 200, "body": pypi_doc("pytorch", {"Homepage": "https://github.com/pytorch/pytorch-stub"})})
    server.route("/pypi/sklearn/json", {"status": 200, "body": pypi_doc("sklearn")})
    server.route("/pypi/scikit-learn/json", {"status": 200, "body": pypi_doc(
        "scikit-learn", {"Source": "https://github.com/scikit-learn/scikit-learn"})})
    server.route("/pypi/pandas/json", {"status": 200, "body": pypi_doc(
        "pandas", {"homepage": "https://pandas.pydata.org", "source": "https://github.com/pandas-dev/pandas"})})
    server.route("/pypi/tinypkg/json", {"status": 200, "body": pypi_doc(
        "TinyPkg", {"Homepage": "https://github.com/someone/tinypkg"})})
    server.route("/npm/@tensorflow%2Ftfjs", {"status": 200, "body": json.dumps(
        {"_id": "@tensorflow/tfjs", "name": "@tensorflow/tfjs", "description": "ML in JS",
         "repository": {"type": "git", "url": "git+https://github.com/tensorflow/tfjs.git"}})})
    return {"pypi_url": server.url + "/pypi", "npm_url": server.url + "/npm", "wikidata_url": server.url + "/w/api.php"}
