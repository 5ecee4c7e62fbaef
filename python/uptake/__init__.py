"""uptake: measure how fast software is being adopted.

The public API is pure Python over a private compiled core (``uptake._core``).

Examples
--------
>>> import pandas as pd, uptake
>>> daily = pd.Series(range(28), index=pd.date_range("2024-01-01", periods=28), dtype=float)
>>> float(uptake.resample(daily, "W").iloc[0])
21.0
"""

from __future__ import annotations

try:
    from . import _core
except ImportError as exc:  # pragma: no cover - exercised only on a broken install
    raise ImportError(
        "uptake's compiled core (uptake._core) could not be imported. Reinstall with "
        "'pip install --force-reinstall uptake'; building from source needs a C++17 compiler, CMake and "
        "libcurl headers (libcurl4-openssl-dev on Debian/Ubuntu). Original error: " + str(exc)
    ) from exc

import sys
import types
from typing import TYPE_CHECKING, Any, List

from .errors import (CacheBusyError, ConvergenceWarning, IdentifiabilityWarning, LowHumanShareWarning, NetworkError,
                     ParseError, WeakContrastWarning)

# Everything else loads on first use (PEP 562): most of the API needs pandas, and plotting needs matplotlib,
# which together take several times longer to import than the compiled core. Public name -> its module.
_LAZY = {
    **dict.fromkeys(["Comparison", "compare"], "compare"),
    **dict.fromkeys(["rank", "registry_total", "weekly_downloads"], "ecosystem"),
    **dict.fromkeys(["write_rank_report"], "rank_report"),
    **dict.fromkeys(["Project", "resolve", "resolve_all"], "project"),
    **dict.fromkeys(["CrossoverResult", "CrossoverStatus", "crossover", "share_crossover"], "crossover"),
    **dict.fromkeys(["compare_shares", "holm", "rate_ratio", "share_ci"], "shares"),
    **dict.fromkeys(["read_google_trends"], "sources"),
    **dict.fromkeys(["Estimate", "changepoints", "fit_growth", "mann_kendall", "ols_trend", "segmented_trend",
                     "theil_sen"], "trend"),
    **dict.fromkeys(["adjust_breaks", "find_spikes", "known_breaks"], "clean"),
    **dict.fromkeys(["calibrate_profiles", "human_downloads", "human_downloads_flagged", "split_flagged"], "normalize"),
    **dict.fromkeys(["SeasonalAdjustResult", "seasonal_adjust"], "adjust"),
    **dict.fromkeys(["HolidayDipResult", "holiday_dip"], "holiday_dip"),
    **dict.fromkeys(["MstlResult", "StlManyResult", "StlResult", "mstl", "stl", "stl_many"], "seasonal"),
    **dict.fromkeys(["align", "fill_gaps", "resample"], "timeseries"),
}
_SUBMODULES = {"added", "cache", "clean", "datasets", "fallback", "figures", "holidays", "normalize", "pipeline", "plot",
               "plot_interactive", "project", "report", "research_share", "signals", "simulate", "sources", "surveys"}


_validated_modules: set = set()


def _install_validation(module: str) -> None:
    """Wrap the public functions of ``uptake.<module>`` with their parameter checks (uptake._validate), once,
    when a name of that module is first used; other modules stay unloaded."""
    if module in _validated_modules:
        return
    _validated_modules.add(module)
    from . import _validate

    _validate.install([f"{__name__}.{module}"])


def __getattr__(name: str) -> Any:
    import importlib

    if name in _SUBMODULES or name in _LAZY:
        _install_validation(name if name in _SUBMODULES else _LAZY[name])
        if name in globals():  # installing bound it already
            return globals()[name]
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
    elif name in _LAZY:
        module = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'uptake' has no attribute {name!r}")
    globals()[name] = module  # later look-ups skip this function
    return module


# `compare` and `crossover` are functions named like their modules. When such a module loads (on first use,
# or imported by another uptake module), the import system binds the package attribute to the module; the
# public name must stay the function.
_SHADOWED = {name for name, module in _LAZY.items() if name == module}


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        # The import system binds each submodule here once it has run, however it was imported (by a lazy name,
        # by another uptake module, or by the user's `import uptake.trend`): that is where its public functions
        # get their parameter checks, so no import path reaches an unchecked function.
        loaded = isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}"
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)
        if loaded:
            _install_validation(name)


sys.modules[__name__].__class__ = _Package


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # static analysers and IDEs see every name as if imported eagerly
    from . import (added, cache, clean, datasets, fallback, figures, holidays, normalize, plot, plot_interactive,
                   report, research_share, simulate, sources, surveys)
    from .adjust import SeasonalAdjustResult, seasonal_adjust
    from .holiday_dip import HolidayDipResult, holiday_dip
    from .clean import adjust_breaks, find_spikes, known_breaks
    from .compare import Comparison, compare
    from .crossover import CrossoverResult, CrossoverStatus, crossover, share_crossover
    from .ecosystem import rank, registry_total, weekly_downloads
    from .rank_report import write_rank_report
    from .normalize import calibrate_profiles, human_downloads, human_downloads_flagged, split_flagged
    from .seasonal import MstlResult, StlManyResult, StlResult, mstl, stl, stl_many
    from .shares import compare_shares, holm, rate_ratio, share_ci
    from .sources import read_google_trends
    from .timeseries import align, fill_gaps, resample
    from .trend import Estimate, changepoints, fit_growth, mann_kendall, ols_trend, segmented_trend, theil_sen

__version__: str = _core.__version__

__all__ = [
    "__version__",
    "NetworkError",
    "CacheBusyError",
    "ParseError",
    "ConvergenceWarning",
    "WeakContrastWarning",
    "LowHumanShareWarning",
    "resample",
    "fill_gaps",
    "align",
    "stl",
    "mstl",
    "stl_many",
    "StlResult",
    "MstlResult",
    "StlManyResult",
    "seasonal_adjust",
    "SeasonalAdjustResult",
    "holiday_dip",
    "HolidayDipResult",
    "holidays",
    "cache",
    "sources",
    "figures",
    "plot",
    "plot_interactive",
    "added",
    "report",
    "simulate",
    "clean",
    "fallback",
    "datasets",
    "research_share",
    "surveys",
    "normalize",
    "find_spikes",
    "adjust_breaks",
    "known_breaks",
    "human_downloads",
    "calibrate_profiles",
    "split_flagged",
    "human_downloads_flagged",
    "compare",
    "rank",
    "registry_total",
    "weekly_downloads",
    "write_rank_report",
    "Comparison",
    "Project",
    "resolve",
    "resolve_all",
    "read_google_trends",
    "IdentifiabilityWarning",
    "Estimate",
    "ols_trend",
    "theil_sen",
    "mann_kendall",
    "changepoints",
    "segmented_trend",
    "fit_growth",
    "crossover",
    "share_crossover",
    "CrossoverResult",
    "CrossoverStatus",
    "share_ci",
    "compare_shares",
    "rate_ratio",
    "holm",
]
