"""Stack Exchange questions per period with a tag, and a tag's share of all questions with its exact interval.

Examples
--------
>>> import uptake
>>> questions = uptake.sources.stackexchange("pytorch", "2020-01-01", "2024-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _core, _fetch
from .._credentials import credential
from ..errors import ParseError
from ._common import _attach, _attach_counts, _base, _day, _exact_shares, _run, _today, _unit, _window_counts

__all__ = ["stackexchange", "stackexchange_share"]


def stackexchange(
    tag: str,
    start: Any,
    end: Any = None,
    *,
    freq: str = "M",
    site: str = "stackoverflow",
    key: Optional[str] = None,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.Series:
    """Questions created per day ("D"), week ("W") or month ("M") with a tag, one request per period.

    ``tag=""`` counts every question on the site (the denominator of :func:`stackexchange_share`).

    Counts come from ``/questions?tagged=...&filter=total`` (creation date, inclusive windows; deleted questions
    are not counted, so totals differ slightly from a tag's ``count``). Without a key the quota is 300 requests
    a day per IP; with ``key`` (or $STACKEXCHANGE_KEY) 10,000. ``backoff`` fields are honoured; a throttle
    violation raises :class:`uptake.NetworkError` with the server's message (it says when to try again).
    Each point is labelled by its period's first day. When every window counts 0, the tag is looked up
    (``/tags?inname=``): a tag the site does not have raises ValueError naming it, with tags containing it.
    """
    unit = _unit(freq, "stackexchange", "DWM")
    base = _base("stackexchange", base_url)
    key = credential(key, "STACKEXCHANGE_KEY", "stackexchange", "key", "stackexchange: key")
    first = _day(start, "stackexchange: start")
    last = _day(end, "stackexchange: end", _today() - _dt.timedelta(days=1))
    reqs = _questions_requests(tag, site, first, last, unit, key, base)
    resps = _run("stackexchange", base, reqs, offline=offline, progress=progress, accept_status=(400,),
                 secrets=[key] if key else [], backoff_field="backoff")
    return _questions_finish(tag, site, unit, key, base, resps, reqs, last, offline)


def _questions_requests(tag: str, site: str, first: int, last: int, unit: str, key: str, base: str) -> List[Dict[str, Any]]:
    """The requests of :func:`stackexchange` (400 answers carry the API's error; ``backoff`` is honoured)."""
    return [dict(r) for r in _core.stackexchange_requests(tag, site, first, last, unit, key, base)]


def _questions_finish(tag: str, site: str, unit: str, key: str, base: str, resps: Sequence[_fetch.HttpResponse],
                      reqs: Sequence[Mapping[str, Any]], last: int, offline: Optional[bool]) -> pd.Series:
    """The answers of :func:`_questions_requests` as the Series :func:`stackexchange` returns."""
    series = _window_counts(lambda body, url, window: _core.stackexchange_parse(body, url, window, tag), resps, reqs,
                            tag)
    if tag and not np.any(series.to_numpy() > 0):
        for one in tag.split(";"):  # "a;b" means questions tagged with both
            _check_tag(one.strip(), site, key, base, offline)
    return _attach_counts(series, "stackexchange", "questions", unit, resps, last, tag=tag, site=site)


def stackexchange_share(
    tag: str,
    start: Any,
    end: Any = None,
    *,
    freq: str = "M",
    site: str = "stackoverflow",
    conf: float = 0.95,
    key: Optional[str] = None,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """A tag's share of all questions per period, with its exact interval.

    Absolute counts after 2022-11 mostly measure Stack Overflow's own decline (fewer questions overall since
    chat assistants), not the tag's adoption; the share of all questions asked that period does not. The
    interval is Clopper-Pearson on (tagged, all) questions: it treats the period's questions as draws from the
    process that generates them, so it measures sampling noise, not the site's changing audience.

    Returns
    -------
    pandas.DataFrame
        Indexed by period start: ``questions`` (tagged), ``all_questions``, ``share``, ``low``, ``high``; NaN
        share where the site had no question that period.

    Examples
    --------
    >>> import uptake
    >>> s = uptake.sources.stackexchange_share("pytorch", "2020-01-01", "2024-12-31")  # doctest: +SKIP
    """
    if not tag:
        raise ValueError("stackexchange_share: give a tag (its share of all questions is computed)")
    common = dict(freq=freq, site=site, key=key, base_url=base_url, offline=offline, progress=progress)
    tagged = stackexchange(tag, start, end, **common)
    # the public wrapper rejects an empty tag (a user's mistake); here it deliberately means "all questions"
    total = getattr(stackexchange, "__wrapped__", stackexchange)("", start, end, **common)
    frame = pd.DataFrame({"questions": tagged, "all_questions": total})
    k, n = frame["questions"].to_numpy(float), frame["all_questions"].to_numpy(float)
    bad = k > n
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ParseError(f"stackexchange_share: {tag!r} has {k[i]:.0f} questions but the site only {n[i]:.0f} "
                         f"in the period starting {frame.index[i].date()}")
    frame["share"], frame["low"], frame["high"] = _exact_shares(k, n, conf)
    return _attach(frame, "stackexchange", "share of questions", "share", [], tag=tag, site=site,
                   query=list(tagged.attrs.get("query", [])) + list(total.attrs.get("query", [])),
                   from_cache=bool(tagged.attrs.get("from_cache")) and bool(total.attrs.get("from_cache")),
                   last_complete_day=tagged.attrs.get("last_complete_day"))


def _check_tag(tag: str, site: str, key: str, base: str, offline: Optional[bool]) -> None:
    """Raise ValueError for a tag the site does not have (it would count 0 everywhere), with close matches."""
    (resp,) = _run("stackexchange", base, [dict(_core.stackexchange_tags_request(tag, site, key, base))],
                   offline=offline, progress=False, secrets=[key] if key else [])
    names = _core.stackexchange_tag_names(resp.body, resp.url)
    if tag.lower() in (n.lower() for n in names):
        return
    hint = f"; tags containing it: {', '.join(names[:5])}" if names else ""
    raise ValueError(f"stackexchange: {site} has no tag {tag!r} (every window counted 0 questions){hint}")
