"""Hacker News "Who is hiring?" postings on the fixture server, with our own Algolia-format answers."""

import json

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import sources


def _thread(n_postings, pytorch, tensorflow, seed):
    """A thread tree: n top-level postings, the first `pytorch` mention PyTorch, the next `tensorflow` TF."""
    rng = np.random.default_rng(seed)
    children = []
    for i in range(n_postings):
        words = ["Acme | Engineer | REMOTE"]
        if i < pytorch:
            words.append("We train models in <i>PyTorch</i>")
        if pytorch <= i < pytorch + tensorflow:
            words.append("Stack: TensorFlow&#x2F;Keras")
        if rng.random() < 0.3:
            words.append("pytorchic tensorflowjs")  # not word matches
        children.append({"id": 1000 + i, "text": "<p>" + " ".join(words), "author": f"a{i}",
                         "children": [{"id": 5000 + i, "text": "PyTorch TensorFlow question?", "children": []}]})
    children.append({"id": 9999, "text": None, "author": None, "children": []})  # deleted
    return {"id": 1, "title": "Ask HN: Who is hiring?", "children": children}


MONTHS = [("45800465", "November 2025", 200, 30, 40), ("45500000", "October 2025", 180, 24, 42),
          ("45200000", "September 2025", 190, 22, 48), ("44900000", "August 2025", 150, 15, 40)]


@pytest.fixture
def hn(server, cache_dir):
    hits = [{"objectID": oid, "title": f"Ask HN: Who is hiring? ({month})", "created_at": "2025-11-03T16:00:00Z"}
            for oid, month, *_ in MONTHS]
    hits.insert(1, {"objectID": "45800466", "title": "Ask HN: Who wants to be hired? (November 2025)"})
    page0 = {"hits": hits[:3], "nbHits": len(hits), "page": 0, "nbPages": 2, "hitsPerPage": 3}
    page1 = {"hits": hits[3:], "nbHits": len(hits), "page": 1, "nbPages": 2, "hitsPerPage": 3}
    server.route("/search_by_date", {"by_query": [("page=1", {"status": 200, "body": json.dumps(page1)})],
                                     "status": 200, "body": json.dumps(page0)})
    for i, (oid, _, n, pt, tf) in enumerate(MONTHS):
        server.route(f"/items/{oid}", {"status": 200, "body": json.dumps(_thread(n, pt, tf, i))})
    return server


def test_monthly_counts_shares_and_trend(hn):
    df = sources.hn_hiring(["pytorch|torch", "tensorflow"], "2025-08-15", "2025-11-30", base_url=hn.url)
    assert list(df.index) == list(pd.to_datetime(["2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01"]))
    assert df["postings"].tolist() == [150, 190, 180, 200]  # deleted comments and replies are not postings
    assert df["pytorch|torch"].tolist() == [15, 22, 24, 30]
    assert df["tensorflow"].tolist() == [40, 48, 42, 40]
    share = df["pytorch|torch share"]
    assert share.iloc[-1] == pytest.approx(30 / 200)
    lo, hi = uptake.share_ci(30, 200, method="clopper_pearson")
    assert (df["pytorch|torch low"].iloc[-1], df["pytorch|torch high"].iloc[-1]) == pytest.approx((lo, hi))
    slope, low, high, dispersion = df.attrs["trend"]["pytorch|torch"]
    assert slope > 0 and low < slope < high and dispersion >= 0
    assert df.attrs["threads"]["2025-11-01"] == "45800465" and df.attrs["source"] == "hn_hiring"


def test_offline_answers_from_the_cache(hn):
    sources.hn_hiring(["tensorflow"], "2025-10-01", "2025-11-30", base_url=hn.url)
    before = len(hn.requests)
    again = sources.hn_hiring(["tensorflow"], "2025-10-01", "2025-11-30", base_url=hn.url, offline=True)
    assert len(hn.requests) == before and again["tensorflow"].tolist() == [42, 40]


def test_no_thread_in_range_and_bad_terms(hn):
    with pytest.raises(uptake.NetworkError, match="no 'Ask HN: Who is hiring\\?' thread"):
        sources.hn_hiring(["tensorflow"], "2020-01-01", "2020-12-31", base_url=hn.url)
    with pytest.raises(ValueError, match="at least one term"):
        sources.hn_hiring([], base_url=hn.url)
    with pytest.raises(ValueError, match="empty word"):
        sources.hn_hiring(["a||b"], "2025-11-01", base_url=hn.url)


def test_malformed_answer_is_a_parse_error(server, cache_dir):
    server.route("/search_by_date", {"status": 200, "body": "[1, 2]"})
    with pytest.raises(uptake.ParseError, match="hn_hiring"):
        sources.hn_hiring(["x"], "2025-01-01", base_url=server.url)
