"""The HTTP response cache: where it is, what it holds, and clearing it.

The cache is one SQLite file (``$UPTAKE_CACHE_DIR``, default the user cache folder). Answers are reused
while fresh (each source sets a time-to-live), revalidated with ETag/Last-Modified when stale, and served
alone in offline mode (``UPTAKE_OFFLINE=1`` or ``offline=True``).
"""

from __future__ import annotations

from typing import Any, Dict

from . import _core, _fetch

__all__ = ["info", "clear", "path"]


def path() -> str:
    """Path of the cache file."""
    return str(_fetch.cache_path())


def info() -> Dict[str, Any]:
    """Entries, stored bytes, the oldest/newest fetch time (epoch seconds) and the path.

    Examples
    --------
    >>> import uptake
    >>> sorted(uptake.cache.info())[:3]
    ['bytes', 'entries', 'newest']
    """
    return dict(_core.cache_info(path()))


def clear() -> None:
    """Remove every cached response."""
    _core.cache_clear(path())
