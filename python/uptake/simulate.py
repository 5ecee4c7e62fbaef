"""Simulated daily download series with known human and automated parts.

For tests, documentation and the offline sample report: every component is returned, so estimators can be
checked against the truth.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

__all__ = ["downloads"]

_DEFAULT_HUMAN_PROFILE = (1.00, 1.03, 1.05, 1.02, 0.95, 0.45, 0.40)  # Mon..Sun, as the golden synthetic series


def downloads(
    start: Any = "2022-01-03",
    days: int = 3 * 364,
    *,
    human_level: float = 5000.0,
    automated_level: float = 3000.0,
    human_growth: float = 0.40,
    automated_growth: float = 0.80,
    human_weekend_ratio: Optional[float] = None,
    human_profile: Sequence[float] = _DEFAULT_HUMAN_PROFILE,
    automated_weekend_ratio: float = 1.0,
    yearly_amplitude: float = 0.12,
    holiday_factor: float = 0.55,
    spikes: int = 6,
    spike_size: float = 2.0,
    breaks: Sequence[tuple] = (),
    noise: float = 0.04,
    reference_level: float = 2000.0,
    name: str = "simulated",
    seed: Optional[int] = 0,
) -> pd.DataFrame:
    """Daily downloads = human (weekly cycle, yearly wave, Christmas dip) + automated (flat week, release spikes).

    Parameters
    ----------
    start, days : where the series starts and how many days it has.
    human_level, automated_level : float
        Mean daily downloads at the start.
    human_growth, automated_growth : float
        Growth per year (0.4 = +40% a year).
    human_weekend_ratio : float, optional
        Weekend/weekday ratio of humans; overrides ``human_profile`` (Mon..Sun, any scale).
    automated_weekend_ratio : float
        1.0 = CI and mirrors do not rest at weekends.
    yearly_amplitude : float
        Human yearly wave (peak in spring, trough in summer).
    holiday_factor : float
        Human downloads are multiplied by this from 24 December to 1 January.
    spikes : int
        Number of release days on which automated downloads jump by ``spike_size`` x.
    breaks : sequence of (date, factor)
        Data breaks: from ``date`` on, every count is multiplied by ``factor`` (a logging change).
    noise : float
        Coefficient of variation of day-level noise (gamma-Poisson overdispersion).
    reference_level : float
        Level of a human-only reference series (e.g. documentation page views) with the human weekly profile.

    Returns
    -------
    pandas.DataFrame
        Daily index; columns ``total``, ``human``, ``automated``, ``reference``, ``human_mean``,
        ``automated_mean``, ``spike``; ``.attrs["truth"]`` holds the parameters and the true human share.

    Examples
    --------
    >>> import uptake
    >>> sim = uptake.simulate.downloads(days=28, seed=1)
    >>> bool((sim["total"] == sim["human"] + sim["automated"]).all())
    True
    """
    if days < 1:
        raise ValueError(f"simulate.downloads: days must be >= 1, got {days}")
    if noise < 0:
        raise ValueError("simulate.downloads: noise must be >= 0")
    rng = np.random.default_rng(seed)
    index = pd.date_range(start, periods=days, freq="D", name="date")
    t = np.arange(days) / 365.25
    dow = index.day_of_week.to_numpy()
    if human_weekend_ratio is not None:
        profile = np.array([1, 1, 1, 1, 1, human_weekend_ratio, human_weekend_ratio], dtype=float)
    else:
        profile = np.asarray(human_profile, dtype=float)
        if profile.shape != (7,) or (profile <= 0).any():
            raise ValueError("simulate.downloads: human_profile needs 7 positive values (Monday..Sunday)")
    profile = profile * 7 / profile.sum()
    auto_profile = np.array([1, 1, 1, 1, 1, automated_weekend_ratio, automated_weekend_ratio], dtype=float)
    auto_profile = auto_profile * 7 / auto_profile.sum()
    doy = index.day_of_year.to_numpy()
    yearly = 1 + yearly_amplitude * np.cos(2 * np.pi * (doy - 75) / 365.25)
    holiday = np.where(((index.month == 12) & (index.day >= 24)) | ((index.month == 1) & (index.day == 1)),
                       holiday_factor, 1.0)
    human_mean = human_level * (1 + human_growth) ** t * profile[dow] * yearly * holiday
    automated_mean = automated_level * (1 + automated_growth) ** t * auto_profile[dow]
    spike = np.zeros(days, dtype=bool)
    if spikes:
        spike[rng.choice(days, size=min(spikes, days), replace=False)] = True
    automated_mean = automated_mean * np.where(spike, spike_size, 1.0)
    reference_mean = reference_level * (1 + human_growth) ** t * profile[dow] * yearly * holiday
    factor = np.ones(days)
    for date, f in breaks:
        factor[index >= pd.Timestamp(date)] *= f
    peak = max(float(np.max(m * factor)) for m in (human_mean, automated_mean, reference_mean))
    if not peak <= 1e15:  # also catches inf and nan
        raise ValueError(f"simulate.downloads: these levels, growth rates and days give expected counts up to "
                         f"{peak:.3g} a day; keep them below 1e15 (shorter series or slower growth)")

    def draw(mean: np.ndarray) -> np.ndarray:
        if noise == 0:
            return np.round(mean)
        shape = 1.0 / noise**2
        return rng.poisson(rng.gamma(shape, mean / shape)).astype(float)

    human = draw(human_mean * factor)
    automated = draw(automated_mean * factor)
    frame = pd.DataFrame({"total": human + automated, "human": human, "automated": automated,
                          "reference": draw(reference_mean), "human_mean": human_mean * factor,
                          "automated_mean": automated_mean * factor, "spike": spike}, index=index)
    frame.attrs.update({"source": "simulated", "metric": "downloads", "unit": "downloads/day", "name": name,
                        "simulated": True, "truth": {
                            "human_share": float(human.sum() / (human + automated).sum()),
                            "human_weekend_ratio": float(profile[5:].mean() / profile[:5].mean()),
                            "automated_weekend_ratio": float(automated_weekend_ratio), "seed": seed,
                            "breaks": [(str(d), f) for d, f in breaks]}})
    return frame
