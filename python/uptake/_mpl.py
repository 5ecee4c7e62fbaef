"""Lazy matplotlib access: plotting is optional, so matplotlib is imported only when a plot is drawn."""

from __future__ import annotations

from typing import Any

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")  # Okabe-Ito


def pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError("plotting needs matplotlib: pip install 'uptake[plot]' (or pip install matplotlib)") from exc
    try:
        from pandas.plotting import register_matplotlib_converters

        register_matplotlib_converters()
    except ImportError:  # pragma: no cover - pandas always has it
        pass
    return plt


def thousands(ax: Any) -> None:
    """Thousands separators on the y axis."""
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"))


def component_panels(x: Any, panels: list[tuple[str, Any]], title: str, fig: Any = None, **kwargs: Any) -> Any:
    """One row per component sharing the x axis; returns the Figure."""
    plt = pyplot()
    if fig is None:
        fig, axes = plt.subplots(len(panels), 1, sharex=True, figsize=(9, 1.7 * len(panels) + 0.6))
    else:
        axes = fig.subplots(len(panels), 1, sharex=True)
    for ax, (label, values) in zip(axes, panels):
        if label == "resid":
            ax.plot(x, values, ".", ms=2, color=PALETTE[0], **kwargs)
            ax.axhline(0, color="#888888", lw=0.8)
        else:
            ax.plot(x, values, color=PALETTE[0], lw=1.2, **kwargs)
        ax.set_ylabel(label)
        thousands(ax)
    axes[0].set_title(title)
    fig.align_ylabels(axes)
    fig.tight_layout()
    return fig
