"""A Stack Overflow tag's share of all questions per month, on the fixture server."""

import json

import pandas as pd
import pytest

import uptake
from uptake import sources


def _route(server, tagged, total):
    steps = [(f"fromdate={stamp}", {"status": 200, "body": json.dumps({"total": t})}) for stamp, t in total]
    tag_steps = [(f"tagged=pytorch&site=stackoverflow&fromdate={stamp}", {"status": 200, "body": json.dumps({"total": k})})
                 for stamp, k in tagged]
    server.route("/questions", {"by_query": tag_steps + steps, "status": 500, "body": "unexpected"})


def test_share_of_all_questions_with_exact_interval(server, cache_dir):
    jan, feb = 1704067200, 1706745600
    _route(server, [(jan, 1200), (feb, 1300)], [(jan, 100000), (feb, 52000)])
    df = sources.stackexchange_share("pytorch", "2024-01-01", "2024-02-29", base_url=server.url)
    assert df.index[1] == pd.Timestamp("2024-02-01")
    assert df["questions"].tolist() == [1200, 1300] and df["all_questions"].tolist() == [100000, 52000]
    assert df["share"].tolist() == pytest.approx([0.012, 0.025])
    lo, hi = uptake.share_ci(1300, 52000, method="clopper_pearson")
    assert (df["low"].iloc[1], df["high"].iloc[1]) == pytest.approx((lo, hi))
    # the denominator request carries no tag
    assert any("tagged=" not in r["path"] for r in server.requests)


def test_more_tagged_than_all_is_a_parse_error(server, cache_dir):
    jan = 1704067200
    _route(server, [(jan, 500)], [(jan, 100)])
    with pytest.raises(uptake.ParseError, match="only 100"):
        sources.stackexchange_share("pytorch", "2024-01-01", "2024-01-31", base_url=server.url)
    with pytest.raises(ValueError, match="give a tag"):
        sources.stackexchange_share("", "2024-01-01", "2024-01-31", base_url=server.url)
