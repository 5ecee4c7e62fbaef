"""Where credentials come from: an argument, else an environment variable, else the user's credentials file.

The file is ``$UPTAKE_CREDENTIALS`` if set, else ``credentials.toml`` (Python 3.11+) or ``credentials.ini`` in
``$XDG_CONFIG_HOME/uptake`` (default ``~/.config/uptake``; ``%APPDATA%\\uptake`` on Windows). One section per
service, for example::

    [github]
    token = "ghp_..."
    [clickhouse]
    user = "me"
    password = "..."

(the ``.ini`` form is the same without quotes). A file that other users can read triggers a warning, since it
holds secrets; values are never logged, and every secret is handed to the engine to be redacted.
"""

from __future__ import annotations

import configparser
import os
import stat
import sys
import warnings
from pathlib import Path
from typing import Dict, Optional


def config_dir() -> Path:
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "uptake"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "uptake"


def credentials_file() -> Optional[Path]:
    env = os.environ.get("UPTAKE_CREDENTIALS")
    if env:
        return Path(env).expanduser()
    for name in ("credentials.toml", "credentials.ini"):
        candidate = config_dir() / name
        if candidate.is_file():
            return candidate
    return None


def _read(path: Path) -> Dict[str, Dict[str, str]]:
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise ValueError(f"uptake credentials file {path}: cannot read it ({exc.strerror})") from None
    if os.name != "nt" and mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH):
        warnings.warn(f"uptake: the credentials file {path} can be read by other users; run 'chmod 600 {path}'",
                      UserWarning, stacklevel=4)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"uptake credentials file {path}: cannot read it ({exc.strerror})") from None
    if path.suffix == ".toml":
        if sys.version_info < (3, 11):
            raise ValueError(f"uptake credentials file {path}: TOML needs Python 3.11+; use credentials.ini instead")
        import tomllib

        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            # The parser's message can quote the offending line, which may hold a secret: report the position only.
            where = getattr(exc, "lineno", None)
            raise ValueError(f"uptake credentials file {path}: not valid TOML"
                             + (f" (line {where})" if where else "")) from None
        return {str(k): {str(n): str(v) for n, v in sec.items()} for k, sec in data.items() if isinstance(sec, dict)}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(raw.decode("utf-8"), source=str(path))
    except (UnicodeDecodeError, configparser.Error) as exc:
        where = getattr(exc, "lineno", None)
        raise ValueError(f"uptake credentials file {path}: not a valid INI file"
                         + (f" (line {where})" if where else "")) from None
    return {s: dict(parser.items(s)) for s in parser.sections()}


def credential(explicit: Optional[str], env: str, section: str, name: str, what: str) -> str:
    """The first of: ``explicit``, ``$env``, ``[section] name`` in the credentials file; "" when none is set."""
    if explicit is not None:
        if not isinstance(explicit, str):
            raise TypeError(f"{what} must be a string, got {type(explicit).__name__}")
        if explicit:
            return explicit
    value = os.environ.get(env, "")
    if value:
        return value
    path = credentials_file()
    if path is None:
        return ""
    return _read(path).get(section, {}).get(name, "")
