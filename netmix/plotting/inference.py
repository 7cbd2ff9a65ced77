"""Plots of null and bootstrap distributions."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..exceptions import InputError
from ._common import LITERAL, check_color, literal, new_axes, short

__all__ = ["plot_null_distribution"]


def plot_null_distribution(
    result: Any,
    ax: Any = None,
    *,
    bins: int | str = "auto",
    color: str = "0.6",
    line_color: str = "C3",
    title: str | None = None,
) -> Any:
    """Histogram of a permutation test's null distribution (or a bootstrap distribution)
    with a vertical line at the observed statistic.

    Parameters
    ----------
    result : PermutationTestResult or BootstrapResult
        From :func:`netmix.inference.permutation_test` or :func:`netmix.inference.bootstrap`.
        A bootstrap result also gets its confidence interval shaded.
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (no pyplot state is touched).
    bins : int or str, default "auto"
        Passed to :meth:`matplotlib.axes.Axes.hist`.
    color, line_color : str
        Histogram and observed-line colours.
    title : str, optional
        Default: the statistic, null model and p-value.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import netmix
    >>> from netmix.inference import permutation_test
    >>> from netmix.plotting.inference import plot_null_distribution
    >>> res = permutation_test(netmix.datasets.load_example(), "nominal_assortativity",
    ...                        "department", n_resamples=99, seed=1)
    >>> ax = plot_null_distribution(res)
    >>> len(ax.patches) > 0, float(ax.lines[0].get_xdata()[0]) == res.statistic
    (True, True)
    """
    check_color(color)
    check_color(line_color, "line_color")
    values = getattr(result, "null_distribution", None)
    boot = values is None
    if boot:
        values = getattr(result, "bootstrap_distribution", None)
    if values is None or not hasattr(result, "statistic"):
        raise InputError("result must be a PermutationTestResult or a BootstrapResult; got "
                         f"{type(result).__name__}.")
    values = np.asarray(values, dtype=float)
    ax = new_axes(ax, (5.0, 3.2))
    if values.size:
        ax.hist(values, bins=bins, color=color, edgecolor="white", linewidth=0.5,
                label="bootstrap samples" if boot else f"null ({result.null})")
    stat = float(result.statistic)
    ax.axvline(stat, color=line_color, linewidth=2, label=f"observed = {stat:.4g}")
    if boot and np.isfinite(result.confidence_interval).all():
        ax.axvspan(*result.confidence_interval, color=line_color, alpha=0.12,
                   label=f"{result.confidence_level:.0%} CI ({result.method})")
    name = getattr(result, "statistic_name", "statistic")
    ax.set_xlabel(short(str(name).replace("_", " "), 60), **LITERAL)
    ax.set_ylabel("replicates")
    if title is None:
        title = (f"{name}: {result.unit} bootstrap, se = {result.standard_error:.3g}" if boot else
                 f"{name} vs {result.null}: p = {result.pvalue:.3g} "
                 f"({result.n_resamples} replicates)")
    ax.set_title(title, fontsize=10, **LITERAL)
    literal(*ax.legend(fontsize=8, frameon=False).get_texts())
    return ax
