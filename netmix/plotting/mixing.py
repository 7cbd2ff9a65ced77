"""Plots of mixing matrices."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_choice, describe, type_error
from ..exceptions import InputError
from ..measures.mixing import MixingMatrix

__all__ = ["plot_mixing_matrix"]


def _new_axes(ax: Any, figsize: tuple[float, float]) -> Any:
    """``ax`` (checked to be a matplotlib Axes), or the Axes of a new figure."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise type_error("ax", "a matplotlib Axes (e.g. fig.add_subplot()) or None", ax)
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").add_subplot()


def check_cmap(name: str, value: Any) -> Any:
    """A matplotlib colormap name (or Colormap), with a netmix error for an unknown one."""
    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    if isinstance(value, Colormap):
        return value
    if not isinstance(value, str) or value not in colormaps:
        raise InputError(f"{name} must be a matplotlib colormap name (e.g. 'Blues', 'viridis', "
                         f"'tab10') or a Colormap; got {describe(value)}.")
    return value


def plot_mixing_matrix(
    matrix: MixingMatrix,
    *,
    ax: Any = None,
    normalize: str | None = "row",
    annotate: bool | None = None,
    cmap: str = "Blues",
    title: str | None = None,
) -> Any:
    """Heatmap of a mixing matrix.

    Parameters
    ----------
    matrix : MixingMatrix
    ax : matplotlib Axes, optional
        Drawn on a new figure's Axes when omitted (no pyplot state is touched).
    normalize : {"row", "all", None}, default "row"
        Row shares (who a group's ties go to), shares of all ties, or raw counts.
    annotate : bool, optional
        Write the values in the cells (default: when the matrix is at most 12 x 12).
    cmap : str
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import netmix
    >>> ax = netmix.plotting.plot_mixing_matrix(netmix.datasets.load_race_mixing())
    >>> ax.get_xlabel()
    'men'
    """
    check_choice("normalize", normalize, ("row", "all", None))
    check_cmap("cmap", cmap)
    counts = np.asarray(matrix.counts, dtype=float)
    what = f"total {matrix.weight}" if matrix.weight else "ties"
    if normalize == "row":
        sums = counts.sum(axis=1, keepdims=True)
        values = np.divide(counts, sums, out=np.zeros_like(counts), where=sums > 0)
        label = f"share of the row group's {what}"
    elif normalize == "all":
        total = counts.sum()
        values = counts / total if total > 0 else np.zeros_like(counts)
        label = f"share of all {what}"
    else:
        values = counts
        label = what
    k_r, k_c = values.shape
    ax = _new_axes(ax, (1.6 + 0.55 * k_c, 1.2 + 0.5 * k_r))
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.figure.colorbar(image, ax=ax, label=label)
    ax.set_xticks(range(k_c), [str(v) for v in matrix.col_labels], rotation=45, ha="right")
    ax.set_yticks(range(k_r), [str(v) for v in matrix.row_labels])
    ax.set_xlabel(matrix.col_attr or "target group")
    ax.set_ylabel(matrix.row_attr or "source group")
    if annotate or (annotate is None and max(k_r, k_c) <= 12):
        top = values.max() if values.size else 0
        fmt = "{:.0f}" if normalize is None else "{:.2f}"
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8,
                    color="white" if top and v > 0.6 * top else "black")
    if title:
        ax.set_title(title)
    return ax
