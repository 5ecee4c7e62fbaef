"""API fuzzing: every public function of uptake called with one argument replaced by something wrong.

Each function has a valid baseline call; a case replaces one parameter with a hostile value (wrong type, empty,
NaN/inf, huge or negative numbers, odd pandas indexes: reversed, duplicated, shuffled, NaT, tz-aware,
non-datetime). Calls run in a worker process (``python -m support.api_fuzz --worker``) with a timeout, so a
crash (the worker dies) or a hang (the timeout passes; the worker is killed and replaced) is caught and counted.
Outcomes:

- ok: returned; ``silent_nan`` if a scalar result that the baseline gives as a number is NaN without a warning;
- clear: ValueError, TypeError or an uptake error whose message names the function, the parameter or the
  input (the message mentions the function's name or the parameter's name);
- unclear: any other exception, or one of those types with a message that names neither;
- crash / hang.

Used by tests/python/test_api_fuzz.py (a small seeded budget) and tools/api_fuzz.py (a larger one, printing the
table for the README).
"""

from __future__ import annotations

import dataclasses
import math
import os
import pickle
import select
import struct
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent

# ------------------------------------------------------------------------------------------ values


def _series(n: int = 140, start: str = "2024-01-01", seed: int = 1, freq: str = "D"):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    idx = pd.date_range(start, periods=n, freq=freq)
    t = np.arange(n)
    y = 1000 * np.exp(0.003 * t) * (1 + 0.2 * (idx.day_of_week < 5)) * rng.lognormal(0, 0.05, n)
    return pd.Series(np.round(y), index=idx, name="x")


BAD_TAGS = [
    "none", "empty_str", "word", "empty_list", "dict", "nan", "inf", "neg_inf", "neg_one", "zero", "huge_int",
    "neg_huge_int", "huge_float", "tiny_float", "neg_float", "true", "object", "bytes", "list_of_nan", "array_2d",
    "empty_series", "nan_series", "inf_series", "reversed_index", "duplicated_index", "shuffled_index", "nat_index",
    "tz_index", "int_index", "str_index", "string_values", "negative_series", "huge_values", "two_points",
    "empty_frame", "bad_date", "far_date", "complex", "extreme_values", "long_ramp",
]


class Opaque:
    """An object of no type uptake knows."""

    def __repr__(self) -> str:
        return "<Opaque>"


def bad_value(tag: str, baseline: Any) -> Any:
    import numpy as np
    import pandas as pd

    base = baseline if isinstance(baseline, pd.Series) and len(baseline) > 3 else _series()
    simple = {
        "none": None, "empty_str": "", "word": "zzz", "empty_list": [], "dict": {"a": 1}, "nan": float("nan"),
        "inf": float("inf"), "neg_inf": float("-inf"), "neg_one": -1, "zero": 0, "huge_int": 10 ** 30,
        "neg_huge_int": -(10 ** 30), "huge_float": 1e308, "tiny_float": 5e-324, "neg_float": -2.5, "true": True,
        "object": Opaque(), "bytes": b"\xff\xfe", "list_of_nan": [float("nan")] * 5, "complex": 1 + 2j,
        "array_2d": np.ones((4, 4)), "bad_date": "2024-13-45", "far_date": "9999-12-31",
    }
    if tag in simple:
        return simple[tag]
    if tag == "empty_series":
        return base.iloc[:0]
    if tag == "nan_series":
        return pd.Series(np.nan, index=base.index)
    if tag == "inf_series":
        return base.where(np.arange(len(base)) % 7 != 3, np.inf)
    if tag == "reversed_index":
        return base.iloc[::-1]
    if tag == "duplicated_index":
        return pd.concat([base, base.iloc[:5]])
    if tag == "shuffled_index":
        return base.sample(frac=1.0, random_state=3)
    if tag == "nat_index":
        idx = base.index.tolist()
        idx[len(idx) // 2] = pd.NaT
        return pd.Series(base.to_numpy(), index=pd.DatetimeIndex(idx))
    if tag == "tz_index":
        return base.tz_localize("Asia/Tokyo") if isinstance(base.index, pd.DatetimeIndex) and base.index.tz is None else base
    if tag == "int_index":
        return base.reset_index(drop=True)
    if tag == "str_index":
        return pd.Series(base.to_numpy(), index=[f"k{i}" for i in range(len(base))])
    if tag == "string_values":
        return base.astype(str)
    if tag == "negative_series":
        return -base
    if tag == "huge_values":
        return base * 1e306
    if tag == "two_points":
        return base.iloc[:2]
    if tag == "extreme_values":  # differences overflow to inf
        return pd.Series(np.where(np.arange(len(base)) % 2 == 0, 1.7e308, -1.7e308), index=base.index)
    if tag == "long_ramp":  # every pairwise slope tied: the worst case of slope selection
        return pd.Series(np.arange(20000.0), index=pd.date_range("1970-01-01", periods=20000, freq="D"))
    if tag == "empty_frame":
        return pd.DataFrame()
    raise KeyError(tag)


# ------------------------------------------------------------------------------------------ baselines


def baselines() -> Dict[str, Tuple[Any, Dict[str, Any]]]:
    """name -> (function, valid keyword arguments). Positional parameters are passed by name too."""
    import numpy as np
    import pandas as pd

    import uptake
    from uptake import holidays, simulate, sources

    y = _series()
    weekly = _series(160, freq="W-MON")
    b = _series(140, seed=2) * 0.5 * np.exp(0.01 * np.arange(140))
    flagged_raw = pd.DataFrame({"date": list(y.index[:56]) * 2, "installer": ["pip"] * 56 + ["bandersnatch"] * 56,
                                "ci": ["false"] * 56 + ["unknown"] * 56, "downloads": list(y.iloc[:56]) * 2})
    flagged = uptake.split_flagged(flagged_raw)
    offline = {"offline": True, "base_url": "http://127.0.0.1:9", "progress": False}
    trends = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
    trends.write("Category: All categories\n\nWeek,pytorch: (Worldwide)\n2024-01-07,50\n2024-01-14,<1\n2024-01-21,100\n")
    trends.close()
    out = {
        "resample": (uptake.resample, {"y": y, "freq": "W"}),
        "fill_gaps": (uptake.fill_gaps, {"y": y.drop(y.index[5:9]), "fill": "zero"}),
        "align": (uptake.align, {"series": {"a": y, "b": b}, "join": "inner"}),
        "stl": (uptake.stl, {"y": y, "period": 7}),
        "mstl": (uptake.mstl, {"y": y, "periods": [7]}),
        "stl_many": (uptake.stl_many, {"frame": pd.DataFrame({"a": y, "b": b}), "period": 7}),
        "seasonal_adjust": (uptake.seasonal_adjust, {"y": _series(800), "yearly_order": 3}),
        "find_spikes": (uptake.find_spikes, {"y": y, "threshold": 5.0}),
        "adjust_breaks": (uptake.adjust_breaks, {"y": y, "breaks": [y.index[70]]}),
        "known_breaks": (uptake.known_breaks, {"source": None}),
        "human_downloads": (uptake.human_downloads, {"total": y, "human_weekend_ratio": 0.4, "draws": 50}),
        "calibrate_profiles": (uptake.calibrate_profiles, {"flagged": flagged}),
        "split_flagged": (uptake.split_flagged, {"frame": flagged_raw}),
        "compare": (uptake.compare, {"packages": ["a", "b"], "sample": True, "start": "2023-01-02",
                                     "end": "2024-06-30"}),
        "read_google_trends": (uptake.read_google_trends, {"path": trends.name, "less_than_one": 0.5}),
        "ols_trend": (uptake.ols_trend, {"y": y, "log": True, "conf": 0.95}),
        "theil_sen": (uptake.theil_sen, {"y": y, "conf": 0.95}),
        "mann_kendall": (uptake.mann_kendall, {"y": y, "alpha": 0.05}),
        "changepoints": (uptake.changepoints, {"y": y, "penalty": "mbic"}),
        "segmented_trend": (uptake.segmented_trend, {"y": y, "n_breaks": 1, "conf": 0.95}),
        "fit_growth": (uptake.fit_growth, {"y": weekly.cumsum() / weekly.sum() * 1000 + 1, "model": "logistic"}),
        "crossover": (uptake.crossover, {"a": weekly, "b": weekly * 0.5 * np.exp(0.02 * np.arange(160)),
                                         "conf": 0.95}),
        "share_crossover": (uptake.share_crossover, {"a_counts": weekly, "b_counts": weekly * 0.5 * np.exp(0.02 * np.arange(160)),
                                                     "conf": 0.95}),
        "share_ci": (uptake.share_ci, {"k": 30, "n": 100, "conf": 0.95}),
        "compare_shares": (uptake.compare_shares, {"k1": 30, "n1": 100, "k2": 45, "n2": 120}),
        "rate_ratio": (uptake.rate_ratio, {"k1": 30, "k2": 45, "exposure1": 1.0, "exposure2": 1.0}),
        "holm": (uptake.holm, {"p_values": [0.01, 0.04, 0.2]}),
        "simulate.downloads": (simulate.downloads, {"days": 120, "seed": 1}),
        "holidays.christmas_new_year": (holidays.christmas_new_year, {"first_year": 2020, "last_year": 2024}),
        "holidays.thanksgiving_us": (holidays.thanksgiving_us, {"first_year": 2020, "last_year": 2024}),
        "holidays.golden_week_japan": (holidays.golden_week_japan, {"first_year": 2020, "last_year": 2024}),
    }
    # Self-checks of the harness: each must be classified as what its name says.
    out["__unclear__"] = (lambda: {}["missing"], {})
    out["__hang__"] = (lambda: __import__("time").sleep(3600), {})
    out["__crash__"] = (lambda: os._exit(3), {})
    out["__nan__"] = (lambda: float("nan"), {})
    for name, kw in {
        "pypistats": {"package": "torch"},
        "npm": {"package": "react", "start": "2024-01-01", "end": "2024-01-31"},
        "clickhouse_pypi": {"projects": "torch", "start": "2024-01-01", "end": "2024-01-31"},
        "github_repo": {"repo": "o/p"},
        "github_commit_activity": {"repo": "o/p"},
        "github_stars": {"repo": "o/p", "start": "2024-01-01", "end": "2024-01-31"},
        "wikipedia_pageviews": {"article": "PyTorch", "start": "2024-01-01", "end": "2024-01-31"},
        "stackexchange": {"tag": "jax", "start": "2024-01-01", "end": "2024-01-31"},
        "arxiv": {"query": "abs:jax", "start": "2024-01-01", "end": "2024-01-31"},
        "openalex": {"search": "jax", "start": "2020-01-01", "end": "2022-12-31"},
    }.items():
        out["sources." + name] = (getattr(sources, name), {**kw, **offline})
    return out


# Parameters not fuzzed: switches that only make a source go online (the harness never touches the network).
FIXED = {"offline", "base_url", "progress", "clickhouse_url"}


def fuzzable_params(fn: Any, kwargs: Dict[str, Any]) -> List[str]:
    import inspect

    names = [p.name for p in inspect.signature(fn).parameters.values()
             if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return [n for n in names if n not in FIXED]


# ------------------------------------------------------------------------------------------ worker


def _scalars(result: Any) -> Dict[str, float]:
    """The float fields of a result object (dataclass or tuple), to compare with the baseline's."""
    out: Dict[str, float] = {}
    if isinstance(result, float):
        out["value"] = result
    elif dataclasses.is_dataclass(result):
        for f in dataclasses.fields(result):
            v = getattr(result, f.name, None)
            if isinstance(v, float):
                out[f.name] = v
            elif dataclasses.is_dataclass(v):
                out.update({f"{f.name}.{k}": x for k, x in _scalars(v).items()})
    elif isinstance(result, tuple):
        for i, v in enumerate(result):
            if isinstance(v, float):
                out[str(i)] = v
    return out


def _mentions(message: str, name: str, param: str) -> bool:
    short = name.split(".")[-1]
    words = {short, param, param.replace("_", " ")}
    low = message.lower()
    return any(w and w.lower() in low for w in words)


def _call(name: str, param: Optional[str], tag: Optional[str], table: Dict[str, Any]) -> Dict[str, Any]:
    import warnings

    import uptake

    fn, kwargs = table[name]
    kwargs = dict(kwargs)
    if param is not None:
        kwargs[param] = bad_value(tag, kwargs.get(param))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(**kwargs)
        except Exception as exc:  # noqa: BLE001 - classifying every exception is the point
            # Network and parse errors name the URL or query they concern: the input, by construction.
            named = isinstance(exc, (uptake.NetworkError, uptake.ParseError)) or _mentions(str(exc), name, param or "")
            clear_type = isinstance(exc, (ValueError, TypeError, uptake.NetworkError)) and not isinstance(exc, UnicodeError)
            clear = clear_type and named
            return {"outcome": "clear" if clear else "unclear", "type": type(exc).__name__, "message": str(exc)[:300]}
    return {"outcome": "ok", "scalars": _scalars(result), "warned": bool(caught)}


def worker() -> None:
    """Serve calls over stdin/stdout (length-prefixed pickles) until stdin closes."""
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # whatever a function prints cannot corrupt the protocol
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ["UPTAKE_CACHE_DIR"] = tempfile.mkdtemp(prefix="uptake-fuzz-cache-")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="uptake-fuzz-config-")
    table = baselines()
    proto_in = sys.stdin.buffer
    while True:
        head = proto_in.read(4)
        if len(head) < 4:
            return
        name, param, tag = pickle.loads(proto_in.read(struct.unpack("<I", head)[0]))
        reply = pickle.dumps(_call(name, param, tag, table))
        proto_out.write(struct.pack("<I", len(reply)) + reply)
        proto_out.flush()


class Pool:
    """One worker process; a call that outlives the timeout is a hang (the worker is killed and replaced)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.proc: Optional[subprocess.Popen] = None

    def _start(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
        self.proc = subprocess.Popen([sys.executable, "-m", "support.api_fuzz", "--worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)

    def _read(self, n: int, deadline: float) -> Optional[bytes]:
        import time

        data = b""
        fd = self.proc.stdout.fileno()
        while len(data) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def call(self, name: str, param: Optional[str], tag: Optional[str], first: bool = False) -> Dict[str, Any]:
        import time

        if self.proc is None:
            self._start()
        payload = pickle.dumps((name, param, tag))
        self.proc.stdin.write(struct.pack("<I", len(payload)) + payload)
        self.proc.stdin.flush()
        # the first call of a worker also pays for its imports and baselines
        deadline = time.monotonic() + self.timeout + (60 if first else 0)
        try:
            head = self._read(4, deadline)
            body = None if head is None else self._read(struct.unpack("<I", head)[0], deadline)
        except EOFError:
            code = self.proc.wait()
            self._drop()
            return {"outcome": "crash", "type": f"exit {code}", "message": ""}
        if body is None:
            self.proc.kill()
            self.proc.wait()
            self._drop()
            return {"outcome": "hang", "type": f"> {self.timeout:g} s", "message": ""}
        return pickle.loads(body)

    def _drop(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.proc = None

    def close(self) -> None:
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
            self.proc.stdout.close()
            self.proc = None


def classify(result: Dict[str, Any], baseline: Dict[str, Any]) -> str:
    if result["outcome"] != "ok":
        return result["outcome"]
    finite_before = {k for k, v in baseline.get("scalars", {}).items() if math.isfinite(v)}
    nan_now = [k for k, v in result["scalars"].items() if k in finite_before and math.isnan(v)]
    return "silent_nan" if nan_now and not result["warned"] else "ok"


def run(budget: int, seed: int, timeout: float = 20.0, names: Optional[List[str]] = None) -> Dict[str, Any]:
    """Check every baseline, then draw `budget` cases with hypothesis (seeded); return counts and findings."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed
    from hypothesis import strategies as st

    os.environ.setdefault("MPLBACKEND", "Agg")
    table = baselines()
    names = sorted(names or [n for n in table if not n.startswith("__")])
    params = {n: fuzzable_params(*table[n]) for n in names}
    pool = Pool(timeout)
    base_results: Dict[str, Dict[str, Any]] = {}
    findings: List[Dict[str, Any]] = []
    counts: Counter = Counter()
    try:
        for i, n in enumerate(names):
            r = pool.call(n, None, None, first=(i == 0 or pool.proc is None))
            base_results[n] = r
            expected_offline = n.startswith("sources.") and r.get("type") == "NetworkError" and "offline" in r["message"]
            if r["outcome"] != "ok" and not expected_offline:
                findings.append({"function": n, "param": None, "tag": None, **r, "kind": "baseline failed"})
        cases = st.sampled_from(names).flatmap(
            lambda n: st.tuples(st.just(n), st.sampled_from(params[n]), st.sampled_from(BAD_TAGS)))
        seen: set = set()

        @fixed_seed(seed)
        @settings(max_examples=max(1, budget), derandomize=False, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(cases)
        def one(case: Tuple[str, str, str]) -> None:
            if case in seen:
                return
            seen.add(case)
            n, p, tag = case
            r = pool.call(n, p, tag, first=pool.proc is None)
            kind = classify(r, base_results[n])
            counts[kind] += 1
            if kind != "ok" and kind != "clear":
                findings.append({"function": n, "param": p, "tag": tag, **r, "kind": kind})

        one()
    finally:
        pool.close()
    counts["calls"] = sum(counts[k] for k in ("ok", "clear", "unclear", "crash", "hang", "silent_nan"))
    return {"counts": counts, "findings": findings, "functions": len(names)}


def format_table(result: Dict[str, Any]) -> str:
    c = result["counts"]
    rows = [("functions fuzzed", result["functions"]), ("calls", c["calls"]), ("returned a value", c["ok"]),
            ("clear errors", c["clear"]), ("unclear errors", c["unclear"]), ("silent NaN results", c["silent_nan"]),
            ("crashes", c["crash"]), ("hangs", c["hang"])]
    width = max(len(r[0]) for r in rows)
    lines = [f"| {'outcome':<{width}} | count |", f"|{'-' * (width + 2)}|------:|"]
    lines += [f"| {k:<{width}} | {v:>5} |" for k, v in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker()
