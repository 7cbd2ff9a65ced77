"""Plots of mixing over time (:func:`netmix.temporal.mixing_over_time`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import InputError
from ._common import LITERAL, check_color, literal, new_axes, short

__all__ = ["plot_mixing_over_time"]


def plot_mixing_over_time(
    result: Any,
    ax: Any = None,
    *,
    profile: bool | None = None,
    color: str = "C0",
    title: str | None = None,
) -> Any:
    """The statistic of each window with its confidence band, or its profile over the day.

    Parameters
    ----------
    result : MixingOverTime
        From :func:`netmix.temporal.mixing_over_time`.
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (no pyplot state is touched).
    profile : bool, optional
        Plot the profile over the day (mean over days at each time of day, with its
        between-day interval) instead of the windows; default: when the result has one.
    color : str, default "C0"
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Times are local (the result's time zone); empty windows leave gaps.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.temporal import Contacts, mixing_over_time
    >>> events = pd.DataFrame({"t": [20, 40, 60, 86420, 86440], "i": [1, 1, 3, 1, 2],
    ...                        "j": [2, 3, 4, 3, 4]})
    >>> nodes = pd.DataFrame({"g": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    >>> res = mixing_over_time(Contacts.from_events(events, nodes), "g", interval="none")
    >>> ax = plot_mixing_over_time(res)
    >>> ax.lines[0].get_ydata().round(3).tolist()
    [0.333, -1.0]
    """
    if not all(hasattr(result, k) for k in ("window_start", "statistic", "profile")):
        raise InputError("result must be a MixingOverTime (netmix.temporal.mixing_over_time); "
                         f"got {type(result).__name__}.")
    check_color(color)
    use_profile = result.profile is not None if profile is None else bool(profile)
    if use_profile and result.profile is None:
        raise InputError("profile=True needs a result made with profile='day'; got a result "
                         "without a profile. Call mixing_over_time(..., profile='day').")
    ax = new_axes(ax, (6.4, 3.2))
    name = short(str(result.statistic_name).replace("_", " "), 60)
    if use_profile:
        table = result.profile
        x = table["time_of_day"].dt.total_seconds().to_numpy() / 3600
        y, lo, hi = (table[k].to_numpy(dtype=float) for k in ("statistic", "ci_low", "ci_high"))
        ax.set_xlabel(f"time of day (hours, {result.tz})", **LITERAL)
        ax.set_xlim(0, 24)
        band = f"{result.confidence_level:.0%} CI over days"
    else:
        start = result.window_start.tz_localize(None)
        x = start + (result.window_end.tz_localize(None) - start) / 2
        y = np.asarray(result.statistic, dtype=float)
        lo, hi = (np.asarray(v, dtype=float) for v in result.confidence_interval)
        ax.set_xlabel(f"local time ({result.tz})", **LITERAL)
        band = f"{result.confidence_level:.0%} CI ({result.interval})"
    ax.plot(x, y, marker="o", markersize=3, color=color, label=name)
    if np.isfinite(lo).any():
        ax.fill_between(x, lo, hi, color=color, alpha=0.2, linewidth=0, label=band)
    ax.set_ylabel(name, **LITERAL)
    if not use_profile:
        ax.figure.autofmt_xdate()
    literal(*ax.legend(loc="best", fontsize="small", frameon=False).get_texts())
    ax.set_title(title if title is not None else f"{name} over time", **LITERAL)
    return ax
