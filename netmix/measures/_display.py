"""How a :class:`~netmix.measures.MixingMatrix` reads: its row shares, a short text repr and
an HTML table (numbers by :mod:`netmix._format`)."""

from __future__ import annotations

import html
import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._format import format_frame, frame_text
from .._results import HTML_ROWS, REPR_LINES, REPR_WIDTH
from .._validation import first_items
from ..exceptions import DegenerateMixingWarning

#: A :class:`~netmix.measures.MixingMatrix` (not imported: mixing imports this module).
MixingMatrix = Any

__all__ = ["matrix_html", "matrix_repr", "row_shares"]


def row_shares(matrix: MixingMatrix) -> pd.DataFrame:
    r"""Each row of a mixing matrix divided by its total: the share of a group's contacts
    (edges, or weight) that go to each group.

    .. math:: s_{gh} = \frac{M_{gh}}{\sum_{h'} M_{gh'}}

    Rows sum to 1. A row without contacts is undefined: nan, with a
    :class:`~netmix.DegenerateMixingWarning` naming its groups. On an undirected matrix
    (each edge counted from both ends) :math:`s_{gh}` is the share of the contacts of
    group :math:`g`'s members that are with members of :math:`h`; on a directed one, the
    share of the arcs sent by :math:`g`.

    Examples
    --------
    >>> from netmix import MixingMatrix
    >>> MixingMatrix.from_array([[6, 2], [2, 0]], labels=["a", "b"]).row_shares()
    col     a     b
    row
    a    0.75  0.25
    b    1.00  0.00
    """
    counts = np.asarray(matrix.counts, dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    empty = totals[:, 0] <= 0
    shares = np.full(counts.shape, np.nan)
    np.divide(counts, totals, out=shares, where=~empty[:, None])
    if empty.any():
        warnings.warn(f"row shares are undefined (nan) for groups without contacts: "
                      f"{first_items(matrix.row_labels[empty])}.", DegenerateMixingWarning,
                      stacklevel=3)
    return pd.DataFrame(shares, index=matrix.row_labels.rename(matrix.row_attr or "row"),
                        columns=matrix.col_labels.rename(matrix.col_attr or "col"))


def _head(matrix: MixingMatrix) -> str:
    kind = "directed" if matrix.directed else "undirected"
    what = f"weight {matrix.weight!r}" if matrix.weight else "edge counts"
    k, j = matrix.counts.shape
    return f"MixingMatrix {k}x{j}, {kind}, {what}"


def matrix_repr(matrix: MixingMatrix) -> str:
    """The head line and the matrix, at most :data:`~netmix._results.REPR_LINES` lines of
    at most :data:`~netmix._results.REPR_WIDTH` characters."""
    table = frame_text(matrix.to_frame(), max_rows=REPR_LINES - 3, width=REPR_WIDTH)
    return f"<{_head(matrix)}>\n{table}"


def matrix_html(matrix: MixingMatrix) -> str:
    """The matrix as an HTML table (labels escaped), with its head line as caption."""
    body = format_frame(matrix.to_frame()).to_html(max_rows=2 * HTML_ROWS,
                                                   max_cols=2 * HTML_ROWS, escape=True)
    return f"<p>{html.escape(_head(matrix))}</p>{body}"
