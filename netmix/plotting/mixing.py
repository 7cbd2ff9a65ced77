"""Plots of mixing matrices."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import check_choice, type_error
from ..measures.mixing import MixingMatrix
from ._common import LITERAL, check_cmap, new_axes, room, short, shorts

__all__ = ["plot_mixing_matrix"]


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
        Labels are drawn as written (``$`` starts no mathtext); labels longer than 30
        characters are shortened with an ellipsis (the full ones are ``matrix.row_labels``
        and ``matrix.col_labels``).

    Examples
    --------
    >>> import netmix
    >>> ax = netmix.plotting.plot_mixing_matrix(netmix.datasets.load_race_mixing())
    >>> ax.get_ylabel(), ax.get_xlabel()  # Newman's Table I: rows men, columns women
    ('men', 'women')
    """
    if not isinstance(matrix, MixingMatrix):
        raise type_error("matrix", "a MixingMatrix (from netmix.mixing_matrix)", matrix)
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
    cols, rows = shorts(matrix.col_labels), shorts(matrix.row_labels)
    ax = new_axes(ax, (1.6 + 0.55 * k_c + room(rows), 1.2 + 0.5 * k_r + room(cols, 0.75)))
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.figure.colorbar(image, ax=ax).set_label(short(label, 60), **LITERAL)
    ax.set_xticks(range(k_c), cols, rotation=45, ha="right", **LITERAL)
    ax.set_yticks(range(k_r), rows, **LITERAL)
    ax.set_xlabel(short(matrix.col_attr or "target group"), **LITERAL)
    ax.set_ylabel(short(matrix.row_attr or "source group"), **LITERAL)
    if annotate or (annotate is None and max(k_r, k_c) <= 12):
        top = values.max() if values.size else 0
        fmt = "{:.0f}" if normalize is None else "{:.2f}"
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8,
                    color="white" if top and v > 0.6 * top else "black")
    if title:
        ax.set_title(title, **LITERAL)
    return ax
