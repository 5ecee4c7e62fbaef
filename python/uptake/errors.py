"""Exceptions and warnings raised by uptake.

``NetworkError`` and ``ParseError`` are defined by the compiled core so that C++ failures arrive as these
exact types; they are re-exported here and from :mod:`uptake`.
"""

from __future__ import annotations

from ._core import CacheBusyError, NetworkError, ParseError

__all__ = ["NetworkError", "CacheBusyError", "ParseError", "ConvergenceWarning", "WeakContrastWarning",
           "IdentifiabilityWarning", "LowHumanShareWarning"]

NetworkError.__doc__ = (
    "A request failed after its retries (an OSError). The message names the URL or query, the last HTTP "
    "status and what was tried; it never contains a token."
)
CacheBusyError.__doc__ = (
    "Another process held the response cache's lock for longer than the busy timeout (a NetworkError). The "
    "cache was left untouched; retry later, or raise the timeout with $UPTAKE_CACHE_TIMEOUT (seconds, default 10)."
)
ParseError.__doc__ = (
    "A response or file could not be understood (a ValueError). The message names the URL, query or path."
)


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped before converging; its result is returned but should be checked."""


class WeakContrastWarning(UserWarning):
    """Two weekly profiles are too alike to separate human from automated downloads reliably."""


class IdentifiabilityWarning(UserWarning):
    """The data cannot pin down a parameter (e.g. a saturation level before the inflection point)."""


class LowHumanShareWarning(UserWarning):
    """Humans are under a tenth of the downloads: the split is outside the validated range and only its order of
    magnitude is reported (the band is widened to say so)."""
