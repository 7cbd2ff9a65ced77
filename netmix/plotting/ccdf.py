"""Complementary cumulative distributions of durations by pair type
(:func:`netmix.temporal.duration_distributions`, :func:`netmix.temporal.intercontact_times`)."""

from __future__ import annotations

from typing import Any

from .._format import format_pvalue
from ..exceptions import InputError
from ._common import LITERAL, check_color, literal, new_axes

__all__ = ["plot_ccdf"]


def plot_ccdf(
    result: Any,
    *,
    ax: Any = None,
    colors: tuple[str, str] = ("C0", "C1"),
    title: str | None = None,
) -> Any:
    r"""Log-log CCDFs :math:`P(X \ge x)` of within- and between-group pairs' values.

    Parameters
    ----------
    result : DurationTestResult
        From :func:`netmix.temporal.duration_distributions` or
        :func:`netmix.temporal.intercontact_times`.
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (no pyplot state is touched).
    colors : (str, str), default ("C0", "C1")
        Within-group and between-group colours.
    title : str, optional
        Default: the quantity and the test's p-value.

    Returns
    -------
    matplotlib.axes.Axes
        One step line per pair type (``result.ccdf()``), labelled with its count and mean.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.temporal import duration_distributions
    >>> nodes = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 60, 200, 100], "i": [1, 1, 1, 1, 2], "j": [2, 2, 2, 2, 3]}), nodes)
    >>> ax = plot_ccdf(duration_distributions(c, "g"))
    >>> ax.lines[0].get_xdata().tolist(), ax.lines[0].get_ydata().tolist()
    ([20.0, 60.0], [1.0, 0.5])
    """
    if not all(hasattr(result, k) for k in ("ccdf", "within", "between", "quantity")):
        raise InputError("result must be a DurationTestResult (netmix.temporal."
                         "duration_distributions or intercontact_times); got "
                         f"{type(result).__name__}.")
    for c in colors:
        check_color(c)
    ax = new_axes(ax, (5.2, 3.8))
    table = result.ccdf()
    for (name, mean, n), color in zip(
            (("within", result.mean_within, result.n_within),
             ("between", result.mean_between, result.n_between)), colors, strict=True):
        part = table[table["pair_type"] == name]
        if part.empty:
            continue
        ax.step(part["value"].to_numpy(float), part["ccdf"].to_numpy(float), where="post",
                color=color, label=f"{name} groups (n = {n:,}, mean {mean:,.0f} s)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"{result.quantity} (seconds)", **LITERAL)
    ax.set_ylabel("P(X ≥ x)", **LITERAL)
    if ax.lines:
        literal(*ax.legend(loc="lower left", fontsize="small", frameon=False).get_texts())
    p = format_pvalue(result.pvalue, result.n_resamples or None)
    p = p if p[:1] in "<≤" else f"= {p}"
    default = f"{result.quantity}s by pair type ({result.method}: p {p})"
    ax.set_title(title if title is not None else default, **LITERAL)
    return ax
