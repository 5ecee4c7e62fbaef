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

from .compare import Comparison, compare
from .crossover import CrossoverResult, CrossoverStatus, crossover, share_crossover
from .errors import (CacheBusyError, ConvergenceWarning, IdentifiabilityWarning, LowHumanShareWarning, NetworkError,
                     ParseError, WeakContrastWarning)
from .shares import compare_shares, holm, rate_ratio, share_ci
from .sources import read_google_trends
from .trend import (
    Estimate,
    changepoints,
    fit_growth,
    mann_kendall,
    ols_trend,
    segmented_trend,
    theil_sen,
)
from . import added, cache, clean, datasets, fallback, figures, holidays, normalize, plot, plot_interactive, report, research_share, simulate, sources, surveys
from .clean import adjust_breaks, find_spikes, known_breaks
from .normalize import calibrate_profiles, human_downloads, human_downloads_flagged, split_flagged
from .adjust import SeasonalAdjustResult, seasonal_adjust
from .seasonal import MstlResult, StlManyResult, StlResult, mstl, stl, stl_many
from .timeseries import align, fill_gaps, resample

from . import _validate

_validate.install()  # every public function checks its parameters first (see uptake._validate)

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
    "holidays",
    "cache",
    "sources",
    "figures",
    "datasets",
    "research_share",
    "surveys",
    "plot",
    "plot_interactive",
    "added",
    "report",
    "simulate",
    "clean",
    "fallback",
    "normalize",
    "find_spikes",
    "adjust_breaks",
    "known_breaks",
    "human_downloads",
    "calibrate_profiles",
    "split_flagged",
    "human_downloads_flagged",
    "compare",
    "Comparison",
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
