"""Running HTTP requests through the compiled engine: cache location, offline switch, progress bar, errors.

Sources build request dicts (method, url, headers, body, secrets, ttl) and parse the bytes that come back;
this module is the one place that decides where the cache lives and how failures surface in Python.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

from . import _core
from .errors import NetworkError

CACHE_FILE = "responses.sqlite"


def cache_dir() -> Path:
    """Where the response cache lives: $UPTAKE_CACHE_DIR, else the platform's user cache folder."""
    env = os.environ.get("UPTAKE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "uptake"
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "uptake" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "uptake"


def cache_path() -> Path:
    return cache_dir() / CACHE_FILE


def cache_timeout_default() -> float:
    """Seconds to wait for another process's cache lock before raising CacheBusyError ($UPTAKE_CACHE_TIMEOUT, 10)."""
    raw = os.environ.get("UPTAKE_CACHE_TIMEOUT", "").strip()
    if not raw:
        return 10.0
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"UPTAKE_CACHE_TIMEOUT must be a number of seconds, got {raw!r}") from None
    if not 0.0 <= value <= 86400.0:
        raise ValueError(f"UPTAKE_CACHE_TIMEOUT must be between 0 and 86400 s, got {raw!r}")
    return value


def offline_default() -> bool:
    return os.environ.get("UPTAKE_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


# Hosts found unreachable (DNS failure, connection refused) in this process, with when and why: later requests
# to them fail at once for a minute instead of each waiting for its own failure (a run with no network ends in
# seconds, not minutes).
_UNREACHABLE: Dict[str, tuple] = {}
UNREACHABLE_MEMORY = 60.0

# Without a terminal (CI logs, nohup, a pipe) a long fetch prints a plain progress line this often.
PROGRESS_EVERY = 5.0


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].rsplit("@", 1)[-1].lower()


def _known_unreachable(url: str) -> Optional[str]:
    seen = _UNREACHABLE.get(_host(url))
    if seen and time.monotonic() - seen[0] < UNREACHABLE_MEMORY:
        return seen[1]
    return None


class _ProgressLines:
    """Plain progress lines on stderr for long runs without a terminal: requests done, remaining, waiting."""

    def __init__(self, description: str, every: float = PROGRESS_EVERY) -> None:
        self.description = description
        self.every = every
        self.started = time.monotonic()
        self.last = self.started

    def __call__(self, done: int, total: int, nbytes: int, waiting: int = 0) -> bool:
        now = time.monotonic()
        if now - self.last >= self.every and done < total:
            self.last = now
            extra = f", {waiting} waiting for a rate limit or back-off" if waiting else ""
            print(f"uptake: {self.description}: {done}/{total} requests done, {total - done} remaining{extra} "
                  f"({now - self.started:.0f} s)", file=sys.stderr, flush=True)
        return True


def _interactive() -> bool:
    if "ipykernel" in sys.modules:
        return True
    stream = getattr(sys, "stderr", None)
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


@dataclass
class HttpResponse:
    """One answer: status, headers (lower-case names), body bytes, and whether the cache supplied it."""

    url: str
    status: int
    headers: Dict[str, str]
    body: bytes
    from_cache: bool = False
    stale: bool = False
    attempts: int = 0
    request: Dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        from .errors import ParseError

        try:
            return json.loads(self.body)
        except ValueError as exc:
            snippet = self.text[:120].replace("\n", " ")
            raise ParseError(f"{self.url}: the response is not JSON ({exc}); it starts with {snippet!r}") from exc


def fetch(
    requests: Sequence[Mapping[str, Any]],
    *,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
    policy: Optional[Mapping[str, Any]] = None,
    host_policies: Optional[Mapping[str, Mapping[str, Any]]] = None,
    use_cache: bool = True,
    description: str = "fetching",
    accept_status: Sequence[int] = (),
) -> List[HttpResponse]:
    """Run requests concurrently; return one HttpResponse each, or raise NetworkError naming what failed.

    ``offline`` (default: $UPTAKE_OFFLINE) answers from the cache only. ``progress`` (default: on when
    interactive and there is more than one request) shows a tqdm bar; without a terminal a run that lasts
    more than 5 s prints a line to stderr every 5 s (requests done, remaining, waiting for rate limits);
    ``progress=False`` silences both. Ctrl-C cancels promptly. A host that could not be resolved or refused
    the connection is not retried, and other requests to it in the next minute fail at once.
    Answers with a status in ``accept_status`` (e.g. an API's JSON error) are returned for the parser to read.
    """
    offline = offline_default() if offline is None else bool(offline)
    options: Dict[str, Any] = {"offline": offline}
    if use_cache:
        options["cache_path"] = str(cache_path())
        options["cache_timeout"] = cache_timeout_default()
    elif offline:
        raise ValueError("fetch: offline=True needs the cache (use_cache=True)")
    if policy:
        options["policy"] = dict(policy)
    if host_policies:
        options["host_policies"] = {h: dict(p) for h, p in host_policies.items()}
    interactive = _interactive()
    show = (interactive and len(requests) > 1) if progress is None else bool(progress) and interactive
    bar = None
    callback: Any = None if progress is False else _ProgressLines(description, PROGRESS_EVERY)
    if not offline:
        for r in requests:
            why = _known_unreachable(str(r.get("url", "")))
            if why:
                raise NetworkError(f"{description}: {_host(str(r['url']))} not tried: {why} (failed a moment ago)")
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(requests), desc=description, unit="req", leave=False)

        def callback(done: int, total: int, nbytes: int, waiting: int = 0) -> bool:
            bar.n = done
            bar.set_postfix_str(f"{nbytes / 1e6:.1f} MB" + (f", {waiting} waiting (rate limit)" if waiting else ""),
                                refresh=False)
            bar.refresh()
            return True

    try:
        results, cache_report = _core.fetch([dict(r) for r in requests], options, callback)
    finally:
        if bar is not None:
            bar.close()
    if cache_report["rebuilt_from"]:
        warnings.warn("uptake: the response cache was damaged (SQLite integrity check) and was rebuilt; the old "
                      f"file is at {cache_report['rebuilt_from']}", RuntimeWarning, stacklevel=2)
    if cache_report["notes"]:
        warnings.warn("uptake: " + "; ".join(cache_report["notes"]), RuntimeWarning, stacklevel=2)
    for r in results:
        if r.get("unreachable") and not r["error"].count("not tried"):
            _UNREACHABLE[_host(r["url"])] = (time.monotonic(), r["error"].split(" failed: ", 1)[-1].split(";", 1)[0])
    failures = [r for r in results if not r["ok"] and not (r["status"] in accept_status and r["body"])]
    if failures:
        more = f" (and {len(failures) - 1} more of {len(results)} requests)" if len(failures) > 1 else ""
        raise NetworkError(failures[0]["error"] + more)
    return [HttpResponse(r["url"], int(r["status"]), dict(r["headers"]), bytes(r["body"]), bool(r["from_cache"]),
                         bool(r["stale"]), int(r["attempts"]), dict(req)) for r, req in zip(results, requests)]
