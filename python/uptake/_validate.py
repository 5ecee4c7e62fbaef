"""One validation layer for the scalar and option parameters of every public function.

Each public function's parameters are declared here once (probability, integer in a range, finite real, bool,
string, date, sequence of strings or numbers, DataFrame); :func:`install` wraps the functions so a bad value
fails before any work with a ``ValueError`` or ``TypeError`` that names the function, the parameter and the
value: never an ``OverflowError`` from ``int(inf)``, a pybind11 cast error, a raw pandas date error or an
``AttributeError`` from deep inside. Data parameters (series, arrays) are checked by the functions themselves,
which know their shape rules.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import math
import numbers
import os
import sys
from typing import Any, Callable, Dict, Optional, Sequence

import numpy as np
import pandas as pd

Check = Callable[[Any, str], None]


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, (pd.Series, pd.DataFrame, np.ndarray)) else f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def boolean(value: Any, where: str) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where} must be True or False, got {_show(value)}")


def real(lo: Optional[float] = None, hi: Optional[float] = None, *, optional: bool = False, open_lo: bool = False,
         open_hi: bool = False) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        if not _is_real(value):
            raise TypeError(f"{where} must be a number, got {_show(value)}")
        v = float(value)
        if not math.isfinite(v):
            raise ValueError(f"{where} must be finite, got {_show(value)}")
        if lo is not None and (v < lo or (open_lo and v == lo)):
            raise ValueError(f"{where} must be {'>' if open_lo else '>='} {lo:g}, got {_show(value)}")
        if hi is not None and (v > hi or (open_hi and v == hi)):
            raise ValueError(f"{where} must be {'<' if open_hi else '<='} {hi:g}, got {_show(value)}")
    return check


def probability(value: Any, where: str) -> None:
    try:
        real(0.0, 1.0, open_lo=True, open_hi=True)(value, where)
    except ValueError:
        raise ValueError(f"{where} must be in (0, 1), got {_show(value)}") from None


def integer(lo: Optional[int] = -(2 ** 31), hi: Optional[int] = 2 ** 31 - 1, *, optional: bool = False) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
            raise TypeError(f"{where} must be an integer, got {_show(value)}")
        v = float(value)
        if not math.isfinite(v) or v != math.floor(v):
            raise ValueError(f"{where} must be a whole number, got {_show(value)}")
        if lo is not None and value < lo:
            raise ValueError(f"{where} must be >= {lo}, got {_show(value)}")
        if hi is not None and value > hi:
            raise ValueError(f"{where} must be <= {hi}, got {_show(value)}")
    return check


def text(*, optional: bool = False, nonempty: bool = False) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise TypeError(f"{where} must be a string, got {_show(value)}")
        if nonempty and not value.strip():
            raise ValueError(f"{where} must not be empty")
    return check


def date(*, optional: bool = True) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        if isinstance(value, (bool, np.bool_, pd.Series, pd.DataFrame, np.ndarray, list, tuple, dict)):
            raise TypeError(f"{where} must be a date, got {_show(value)}")
        try:
            stamp = pd.Timestamp(value)
        except (TypeError, ValueError, OverflowError) as exc:
            raise ValueError(f"{where}: {_show(value)} is not a date ({exc})") from None
        if pd.isna(stamp):
            raise ValueError(f"{where}: {_show(value)} is not a date")
    return check


def strings(*, allow_one: bool = False, optional: bool = False, nonempty: bool = False) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        if isinstance(value, str):
            if allow_one and not (nonempty and not value.strip()):
                return
            if allow_one:
                raise ValueError(f"{where} must not be empty")
            raise TypeError(f"{where} must be a list of strings, not one string ({value!r}); write [{value!r}]")
        if not isinstance(value, (list, tuple, pd.Index, np.ndarray)) or isinstance(value, np.ndarray) and value.ndim != 1:
            raise TypeError(f"{where} must be a list of strings, got {_show(value)}")
        bad = [v for v in value if not isinstance(v, str)]
        if bad:
            raise TypeError(f"{where} must hold strings only, got {_show(bad[0])}")
        if nonempty and (len(value) == 0 or any(v == "" for v in value)):
            raise ValueError(f"{where} must not be empty, nor hold empty strings")
    return check


def project_specs(value: Any, where: str) -> None:
    """One project (a string spec or an uptake.Project) or a non-empty list of them; a string is one project."""
    from .project import Project

    items = [value] if isinstance(value, (str, Project)) else value
    if not isinstance(items, (list, tuple, pd.Index)):
        raise TypeError(f"{where} must be a project name, an uptake.Project or a list of them, got {_show(value)}")
    bad = [v for v in items if not isinstance(v, (str, Project))]
    if bad:
        raise TypeError(f"{where} must hold project names or uptake.Project objects, got {_show(bad[0])}")
    if len(items) == 0 or any(isinstance(v, str) and not v.strip() for v in items):
        raise ValueError(f"{where} must not be empty, nor hold empty names")


def numbers_list(*, optional: bool = False, nonempty: bool = False, finite: bool = True) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__") or \
                (isinstance(value, np.ndarray) and value.ndim != 1):
            raise TypeError(f"{where} must be a list of numbers, got {_show(value)}")
        bad = [v for v in value if not _is_real(v)]
        if bad:
            raise TypeError(f"{where} must hold numbers only, got {_show(bad[0])}")
        if finite and not all(math.isfinite(float(v)) for v in value):
            raise ValueError(f"{where} must hold finite numbers, got {_show(list(value))}")
        if nonempty and len(value) == 0:
            raise ValueError(f"{where} must not be empty")
    return check


def _resolve(t: Any) -> type:
    """A type, or "module.Name" for a type whose module imports this one (resolved at call time)."""
    if isinstance(t, str):
        module, _, name = t.rpartition(".")
        return getattr(importlib.import_module(module), name)
    return t


def frame(value: Any, where: str) -> None:
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{where} must be a pandas DataFrame, got {_show(value)}"
                        + (" (a Series: use .to_frame() or pass the DataFrame it came from)"
                           if isinstance(value, pd.Series) else ""))


def either(*checks: Check) -> Check:
    def check(value: Any, where: str) -> None:
        kinds = []
        for c in checks:
            try:
                c(value, where)
                return
            except ValueError:
                raise  # the right kind of value, out of range: that check's message says it best
            except TypeError as exc:
                kinds.append(str(exc).split(" must be ", 1)[-1].split(", got ", 1)[0])
        raise TypeError(f"{where} must be {' or '.join(kinds)}, got {_show(value)}")
    return check


def one_of_type(*types: Any, what: str, optional: bool = True) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        resolved = tuple(_resolve(t) for t in types)
        if not isinstance(value, resolved):
            raise TypeError(f"{where} must be {what}, got {_show(value)}")
    return check


def dates(*, optional: bool = True) -> Check:
    def check(value: Any, where: str) -> None:
        if value is None and optional:
            return
        if not isinstance(value, (list, tuple, pd.DatetimeIndex)):
            raise TypeError(f"{where} must be a list of dates, got {_show(value)}")
        for item in value:
            date(optional=False)(item, where)
    return check


def series_collection(value: Any, where: str) -> None:
    items = list(value.values()) if isinstance(value, dict) else value
    if isinstance(items, (list, tuple)) and not items:
        raise ValueError(f"{where}: no series given")
    if not isinstance(items, (list, tuple)):
        raise TypeError(f"{where} must be a non-empty list or dict of pandas Series, got {_show(value)}")
    bad = [v for v in items if not isinstance(v, pd.Series)]
    if bad:
        raise TypeError(f"{where} must hold pandas Series only, got {_show(bad[0])}")


def counts(value: Any, where: str) -> None:
    """A count or an array of counts (whole numbers >= 0)."""
    if _is_real(value):
        try:
            integer(0, 2 ** 53)(value, where)
        except ValueError:
            raise ValueError(f"{where} must hold whole numbers >= 0 (up to 2**53), got {_show(value)}") from None
        return
    from ._pandas import numeric

    arr = numeric(value, where)
    if arr.size == 0:
        raise ValueError(f"{where} must not be empty")
    if arr.ndim > 1 or not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.floor(arr)):
        raise ValueError(f"{where} must hold whole numbers >= 0 (a count or a 1-D array of counts)")


def data(value: Any, where: str) -> None:
    """Numbers: a Series, array or list that converts to float (the function checks shape and index)."""
    from ._pandas import numeric

    numeric(value, where)


def moderate(value: Any, where: str) -> None:
    """Numbers whose squares stay finite (least squares on values near the float limits would give NaN or a
    spurious rank deficiency); None passes (an optional x)."""
    if value is None:
        return
    from ._pandas import numeric

    arr = numeric(value, where)
    if arr.size and -1e150 <= arr.min() and arr.max() <= 1e150:  # the usual case; a NaN falls through to the filter
        return
    finite = arr[np.isfinite(arr)]
    if finite.size and np.max(np.abs(finite)) > 1e150:
        raise ValueError(f"{where}: values up to {np.max(np.abs(finite)):.3g} are too large for least squares; "
                         "rescale them (e.g. divide by 1e6)")


def horizon(value: Any, where: str) -> None:
    if value is None or isinstance(value, (str, pd.Timestamp, pd.Timedelta, np.datetime64, np.timedelta64)):
        return
    import datetime as dt

    if isinstance(value, (dt.date, dt.timedelta)):
        return
    real()(value, where)


def _exposure_ratio(args: Dict[str, Any], label: str) -> None:
    """The test conditions on the share exposure1 / (exposure1 + exposure2): it must be a proper fraction."""
    e1, e2 = float(args["exposure1"]), float(args["exposure2"])
    share = e1 / (e1 + e2)
    if not 1e-12 < share < 1 - 1e-12:
        raise ValueError(f"{label}: exposure1 / exposure2 = {e1 / e2:.3g} is too extreme (keep it within 1e-12 .. 1e12)")


def _noise(value: Any, where: str) -> None:
    real(0.0, 10.0)(value, where)
    if 0 < float(value) < 1e-6:
        raise ValueError(f"{where} must be 0 (no noise) or at least 1e-6, got {_show(value)}")


def _pair(value: Any, where: str) -> None:
    if value is not None and not isinstance(value, (list, tuple)):
        raise TypeError(f"{where} must be a (low, high) pair, got {_show(value)}")
    numbers_list(optional=True)(value, where)
    if value is not None and len(value) != 2:
        raise ValueError(f"{where} must be (low, high), got {_show(value)}")


HOLIDAYS = one_of_type(str, list, tuple, dict, "uptake.holidays.Holiday",
                       what="'default', None, a Holiday or a list of them")
COUNT = integer(0, 2 ** 53)  # counts of events: exact in a double
CONF = probability
OPT_INT_POS = integer(1, optional=True)

# module -> function -> parameter -> check
SPECS: Dict[str, Dict[str, Dict[str, Check]]] = {
    "uptake.timeseries": {
        "resample": {"freq": text(), "how": text(), "partial": text(), "label": text(optional=True),
                     "week_start": either(text(), integer(0, 6))},
        "fill_gaps": {"fill": text(), "freq": text(), "start": date(), "end": date()},
        "align": {"series": series_collection, "join": text()},
    },
    "uptake.seasonal": {
        # ranges and odd-window rules are stl's own (its messages explain them)
        "stl": {"period": integer(optional=True), "seasonal": either(integer(), text()),
                "trend": integer(optional=True), "low_pass": integer(optional=True),
                "seasonal_deg": integer(optional=True), "trend_deg": integer(optional=True),
                "low_pass_deg": integer(optional=True), "seasonal_jump": OPT_INT_POS,
                "trend_jump": OPT_INT_POS, "low_pass_jump": OPT_INT_POS, "robust": boolean,
                "inner_iter": integer(optional=True), "outer_iter": integer(optional=True), "defaults": text()},
        "mstl": {"periods": either(integer(2, optional=True), numbers_list(nonempty=True)),
                 "windows": either(integer(3, optional=True), numbers_list(nonempty=True)), "iterate": integer(1),
                 "lmbda": either(real(-10.0, 10.0, optional=True), text()),
                 "stl_kwargs": one_of_type(dict, what="a dict of stl() options"), "defaults": text()},
        "stl_many": {"period": integer(2, optional=True), "threads": integer(0, 1024)},
    },
    "uptake.adjust": {
        "seasonal_adjust": {"holidays": HOLIDAYS,
                            "log": boolean, "weekly": boolean, "yearly": boolean, "yearly_order": integer(0, 26),
                            "weekly_window": integer(3), "trend_smoothness": real(0.0),
                            "iterations": integer(1)},
    },
    "uptake.holiday_dip": {
        "holiday_dip": {"holiday": one_of_type(str, "uptake.holidays.Holiday", what="a holiday name or a Holiday"),
                        "reference_days": integer(7, 182), "label": text(), "conf": CONF},
    },
    "uptake.clean": {
        "find_spikes": {"threshold": real(0.0, open_lo=True), "direction": text(), "replace": boolean},
        "adjust_breaks": {"breaks": dates(), "source": text(optional=True), "window_weeks": integer(1, 520), "conf": CONF},
        "known_breaks": {"source": text(optional=True)},
    },
    "uptake.normalize": {
        "human_downloads": {"human_weekend_ratio": real(0.0, optional=True, open_lo=True),
                            "automated_weekend_ratio": real(0.0, optional=True, open_lo=True),
                            "automated_ratio_range": _pair, "human_ratio_error": real(),
                            "automated_holiday_factor": real(), "profile_window": integer(1, optional=True),
                            "holidays": HOLIDAYS, "spikes": boolean, "breaks": dates(),
                            "bandwidth_weeks": integer(optional=True), "conf": CONF,
                            "draws": integer(1, 100_000), "seed": integer(0, 2 ** 63 - 1)},
        "calibrate_profiles": {"flagged": frame},
        "split_flagged": {"frame": frame, "mirrors": strings()},
    },
    "uptake.compare": {
        "compare": {"packages": project_specs, "signals": strings(), "start": date(), "end": date(),
                    "offline": one_of_type(bool, np.bool_, what="True, False or None"), "sample": boolean,
                    "trend_years": real(0.0, 50.0, open_lo=True), "seed": integer(0, 2 ** 63 - 1)},
    },
    "uptake.sources": {
        "read_google_trends": {"path": one_of_type(str, os.PathLike, what="a path", optional=False),
                               "less_than_one": lambda v, where: None if _is_real(v) and math.isnan(float(v))
                               else real(0.0, 1.0)(v, where)},
    },
    "uptake.trend": {
        # maxlags and b: ranges checked (and explained) by ols_trend itself
        "ols_trend": {"y": moderate, "x": moderate, "log": boolean, "cov": text(optional=True),
                      "correction": boolean, "conf": CONF, "periods_per_year": real(0.0, optional=True, open_lo=True),
                      "use_t": boolean, "kernel": text(), "bandwidth": either(text(), real(0.0, open_lo=True)),
                      "prewhite": boolean, "bootstrap": either(text(), boolean),
                      "replications": integer(0, 1_000_000), "seed": integer(0, 2 ** 63 - 1)},
        "theil_sen": {"y": data, "conf": CONF, "method": text()},
        "mann_kendall": {"y": data, "correction": text(optional=True), "lags": integer(1, optional=True),
                         "seasonal_period": integer(2, optional=True), "floor": boolean, "alpha": CONF},
        "changepoints": {"y": data, "method": text(), "cost": text(), "penalty": either(text(), real(0.0)),
                         "min_size": integer(1, optional=True), "noise": text()},
        "segmented_trend": {"y": moderate, "x": moderate, "n_breaks": integer(0, 10), "conf": CONF, "min_segment": integer(2, optional=True)},
        "fit_growth": {"y": moderate, "x": moderate, "model": text(), "start": numbers_list(optional=True), "conf": CONF,
                       "errors": text()},
    },
    "uptake.crossover": {
        "crossover": {"log": boolean, "conf": CONF, "horizon": horizon, "cov": text(optional=True),
                      "maxlags": integer(0, optional=True), "seed": integer(0, 2 ** 63 - 1)},
        "share_crossover": {"conf": CONF, "horizon": horizon},
    },
    "uptake.shares": {
        "share_ci": {"k": counts, "n": counts, "method": text(), "conf": CONF},
        "compare_shares": {"k1": COUNT, "n1": COUNT, "k2": COUNT, "n2": integer(0, 2 ** 53, optional=True),
                           "same_survey": boolean, "single_select": boolean,
                           "both": integer(0, 2 ** 53, optional=True), "conf": CONF},
        "rate_ratio": {"k1": COUNT, "k2": COUNT, "exposure1": real(0.0, open_lo=True),
                       "exposure2": real(0.0, open_lo=True), "conf": CONF, "*": _exposure_ratio},
        "holm": {"p_values": numbers_list(finite=False)},
    },
    "uptake.simulate": {
        "downloads": {"start": date(optional=False), "days": integer(1, 100_000), "human_level": real(0.0),
                      "automated_level": real(0.0), "human_growth": real(-1.0, 100.0, open_lo=True),
                      "automated_growth": real(-1.0, 100.0, open_lo=True), "human_weekend_ratio": real(0.0, 100.0, optional=True),
                      "human_profile": numbers_list(nonempty=True), "automated_weekend_ratio": real(0.0, 100.0),
                      "yearly_amplitude": real(0.0, 1.0), "holiday_factor": real(0.0), "spikes": integer(0, 10_000),
                      "spike_size": real(0.0, 1e6), "noise": _noise, "reference_level": real(0.0),
                      "name": text(), "seed": integer(0, 2 ** 63 - 1, optional=True),
                      "breaks": lambda v, where: [dates(optional=False)(b[:1], where) for b in v]
                      if isinstance(v, (list, tuple)) and all(isinstance(b, tuple) and len(b) == 2 for b in v)
                      else (_ for _ in ()).throw(TypeError(f"{where} must be a list of (date, factor) pairs, "
                                                           f"got {_show(v)}"))},
    },
    "uptake.holidays": {
        name: {"first_year": integer(1583, 9999), "last_year": integer(1583, 9999)}
        for name in ("christmas_new_year", "thanksgiving_us", "golden_week_japan")
    },
}

# Every source: the same meaning for the same parameter names.
_SOURCE_PARAMS: Dict[str, Check] = {
    "package": text(nonempty=True), "project": text(nonempty=True), "repo": text(nonempty=True), "article": text(nonempty=True), "tag": text(nonempty=True), "query": text(),
    "search": text(nonempty=True), "start": date(), "end": date(), "kind": text(), "outages": text(), "freq": text(),
    "site": text(), "key": text(optional=True), "api_key": text(optional=True), "token": text(optional=True),
    "user": text(optional=True), "password": text(optional=True), "database": text(), "method": text(),
    "billing_project": text(optional=True), "by_ci_and_installer": boolean, "max_polls": integer(1, 10_000),
    "max_pages": integer(1, 100_000), "projects": strings(allow_one=True, nonempty=True),
    "by": strings(optional=True), "agents": strings(nonempty=True), "access": text(),
    "packages": strings(allow_one=True, nonempty=True), "terms": strings(nonempty=True), "conf": CONF,
    "by_data_source": boolean,
}
# Where a function's own message for an empty value says more (what to give instead), only the type is checked.
_SOURCE_OVERRIDES: Dict[str, Dict[str, Check]] = {
    "stackexchange_share": {"tag": text()}, "conda_downloads": {"packages": strings(allow_one=True)},
    "hn_hiring": {"terms": strings()},
}
# Every public source function but read_google_trends (a local file: declared in SPECS).
_SOURCES = ("pypistats", "npm", "clickhouse_pypi", "bigquery_pypi", "github_repo", "github_commit_activity",
            "github_stars", "github_forks", "github_push_commits", "wikipedia_pageviews", "stackexchange",
            "stackexchange_share", "arxiv", "openalex", "conda_downloads", "hn_hiring")


def _source_specs() -> Dict[str, Dict[str, Check]]:
    sources = importlib.import_module("uptake.sources")
    out = {}
    for name in _SOURCES:
        params = inspect.signature(getattr(sources, name)).parameters
        out[name] = {p: c for p, c in {**_SOURCE_PARAMS, **_SOURCE_OVERRIDES.get(name, {})}.items() if p in params}
    return out


def validated(fn: Callable[..., Any], spec: Dict[str, Check], label: str) -> Callable[..., Any]:
    signature = inspect.signature(fn)
    params = list(signature.parameters.values())
    # Fast argument mapping for the usual call (no *args/**kwargs in the signature, known keywords, everything
    # required given): Signature.bind costs as much as a short regression. Anything else takes bind's path, which
    # also words the TypeError.
    simple = all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in params)
    positional = [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD]
    keywords = frozenset(p.name for p in params)
    required = [p.name for p in params if p.default is p.empty]

    def arguments(args: tuple, kwargs: Dict[str, Any]) -> Dict[str, Any]:
        if simple and len(args) <= len(positional) and keywords.issuperset(kwargs):
            given = dict(zip(positional, args))
            if not any(k in given for k in kwargs):
                given.update(kwargs)
                if all(name in given for name in required):
                    return given
        try:
            return signature.bind(*args, **kwargs).arguments
        except TypeError as exc:
            raise TypeError(f"{label}: {exc}") from None

    together = spec.get("*")
    order = {p.name: i for i, p in enumerate(params)}
    checks = sorted(((name, check, f"{label}: {name}") for name, check in spec.items() if name != "*"),
                    key=lambda item: order.get(item[0], len(order)))

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = arguments(args, kwargs)
        for name, check, where in checks:
            if name in given:
                check(given[name], where)
        if together is not None:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            together(bound.arguments, label)
        return fn(*args, **kwargs)

    wrapper.__uptake_validated__ = True  # type: ignore[attr-defined]
    return wrapper


def install(modules: Optional[Sequence[str]] = None) -> None:
    """Wrap every declared public function of ``modules`` (default: all), in its module and wherever the package
    re-exports it. The package installs one module at a time, as its names are first used, so that using one
    function does not import every module."""
    import uptake

    for module_name in SPECS if modules is None else [m for m in modules if m in SPECS]:
        functions = ({**_source_specs(), **SPECS[module_name]} if module_name == "uptake.sources"
                     else SPECS[module_name])
        module = importlib.import_module(module_name)
        for name, spec in functions.items():
            original = getattr(module, name)
            if getattr(original, "__uptake_validated__", False):
                continue
            wrapped = validated(original, spec, name)
            setattr(module, name, wrapped)
            # A subpackage (uptake.sources) re-exports functions defined in its modules: the defining module gets
            # the checked function too, so `from uptake.sources.npm import npm` and calls inside it are checked.
            home = sys.modules.get(getattr(original, "__module__", ""))
            if home is not None and home is not module and getattr(home, name, None) is original:
                setattr(home, name, wrapped)
            if getattr(uptake, name, None) is original:
                setattr(uptake, name, wrapped)
