"""The HTTP response cache: where it is, what it holds, and clearing it.

The cache is one SQLite file (``$UPTAKE_CACHE_DIR``, default the user cache folder). Answers are reused
while fresh (each source sets a time-to-live), revalidated with ETag/Last-Modified when stale, and served
alone in offline mode (``UPTAKE_OFFLINE=1`` or ``offline=True``).

Failure handling: another process holding the lock is waited for ``$UPTAKE_CACHE_TIMEOUT`` seconds (default 10),
then :class:`uptake.CacheBusyError` (a NetworkError) is raised and the file is left untouched; only a file
SQLite's integrity check calls damaged (or that is not an uptake cache) is moved aside to
``responses.sqlite.corrupt-<time>`` and rebuilt, with a warning. A read-only or uncreatable location falls back
to an in-memory cache for the run, with one warning (entries already in a readable file are still served). When
a write fails (full disk, lock held too long), the answers are still returned, entries already stored stay,
and one warning says how many were not stored.
"""

from __future__ import annotations

from typing import Any, Dict

from . import _core, _fetch

__all__ = ["info", "clear", "path"]


def path() -> str:
    """Path of the cache file."""
    return str(_fetch.cache_path())


def info() -> Dict[str, Any]:
    """Entries, stored bytes, the oldest/newest fetch time (epoch seconds) and the path; ``fallback`` says why
    the cache is in memory only (a location that cannot be written), empty when all is well.

    Examples
    --------
    >>> import uptake
    >>> sorted(uptake.cache.info())[:3]
    ['bytes', 'entries', 'fallback']
    """
    return dict(_core.cache_info(path()))


def clear() -> None:
    """Remove every cached response."""
    _core.cache_clear(path())
