"""Live data when the network is there, cached data when it is not, the labelled sample as a last resort.

Notebooks and scripts that must run anywhere (a laptop on a train, CI without network, Colab) call these
instead of the sources directly. Each says in one printed line what it fell back to; none raises for a
missing network. Switches (both optional):

* ``UPTAKE_OFFLINE=1`` - answer from the response cache only (the same meaning everywhere in uptake);
* ``UPTAKE_SAMPLE=1`` - skip the network and use the simulated sample (labelled as simulated) at once.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Optional, Sequence, TypeVar

from .errors import NetworkError, ParseError

__all__ = ["sample_requested", "fetch_or_cached", "compare_or_sample"]

T = TypeVar("T")


def sample_requested() -> bool:
    """True when ``UPTAKE_SAMPLE`` asks for the simulated sample (1, true, yes, on)."""
    return os.environ.get("UPTAKE_SAMPLE", "").strip().lower() in ("1", "true", "yes", "on")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 140 else text[:137] + "..."


def fetch_or_cached(fetch: Callable[..., T], *args: Any, what: str = "", **kwargs: Any) -> Optional[T]:
    """``fetch(*args, **kwargs)`` live; if that fails, from the cache only; else None. Prints one line on fallback
    (with nothing cached: "... and nothing cached: <what> skipped"; the caller says what it uses instead).

    Examples
    --------
    >>> import uptake
    >>> papers = uptake.fallback.fetch_or_cached(uptake.sources.arxiv, 'abs:"jax"', "2020-01-01",
    ...                                          "2020-12-31", freq="Y")  # doctest: +SKIP
    """
    name = what or getattr(fetch, "__name__", "fetch")
    if sample_requested():
        print(f"UPTAKE_SAMPLE is set: {name} not fetched, using the simulated sample (labelled)")
        return None
    try:
        return fetch(*args, **kwargs)
    except (NetworkError, ParseError) as live:
        try:
            result = fetch(*args, **{**kwargs, "offline": True})
        except (NetworkError, ParseError):
            # The caller decides what comes instead (a simulated series, another source, nothing) and says so.
            print(f"No network ({name}: {_first_line(live)}) and nothing cached: {name} skipped")
            return None
        print(f"No network ({name}: {_first_line(live)}): continuing on cached data")
        return result


def compare_or_sample(packages: Sequence[str], **kwargs: Any) -> Any:
    """:func:`uptake.compare` on live data, else on cached data, else on the labelled simulated sample.

    A comparison with some signals missing is kept (it says which in ``.problems``); one line is printed
    whenever something was not fetched.

    Examples
    --------
    >>> import uptake, os
    >>> os.environ["UPTAKE_SAMPLE"] = "1"
    >>> c = uptake.fallback.compare_or_sample(["a", "b"])
    UPTAKE_SAMPLE is set: using the simulated sample (labelled)
    >>> c.simulated
    True
    >>> del os.environ["UPTAKE_SAMPLE"]
    """
    from .compare import compare

    sample_kwargs = {k: v for k, v in kwargs.items() if k in ("start", "end", "trend_years", "seed")}
    if sample_requested():
        print("UPTAKE_SAMPLE is set: using the simulated sample (labelled)")
        return compare(packages, sample=True, **sample_kwargs)
    live = compare(packages, **kwargs)
    if not live.problems:
        return live
    offline = kwargs.get("offline")
    if offline is None:
        from ._fetch import offline_default

        offline = offline_default()
    why = "Offline mode (cache only)" if offline else "No network"
    if len(live.series):
        print(f"Partial data: {len(live.problems)} signal(s) could not be fetched ({live.problems[0]}); "
              "continuing with the rest")
        return live
    cached = compare(packages, **{**kwargs, "offline": True})
    if len(cached.series):
        print(f"{why} ({live.problems[0]}): continuing on cached data")
        return cached
    print(f"{why} ({live.problems[0]}) and nothing cached: continuing on the labelled simulated sample")
    return compare(packages, sample=True, **sample_kwargs)
