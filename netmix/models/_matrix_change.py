"""Two mixing matrices compared group by group: the share of each group's contacts that
cross to other groups, before and after (:func:`matrix_change`, used by
:func:`netmix.models.mixing_change` when it is given matrices)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._validation import describe, first_items
from ..exceptions import DegenerateMixingWarning, InputError, InputTypeError
from ..measures.mixing import MixingMatrix

__all__ = ["matrix_change"]


def _as_matrix(value: Any, name: str) -> MixingMatrix:
    if isinstance(value, MixingMatrix):
        return value
    if isinstance(value, pd.DataFrame):
        return MixingMatrix.from_array(value)
    raise InputTypeError(f"{name} must be a MixingMatrix or a DataFrame of group-by-group "
                         f"counts when the other wave is one; got {describe(value)}. Pass two "
                         "matrices, or two graphs (or EgoData).")


def _aligned(m: MixingMatrix, name: str, labels: pd.Index) -> np.ndarray:
    rows, cols = pd.Index(m.row_labels), pd.Index(m.col_labels)
    if set(rows) != set(cols):
        raise InputError(f"{name} must have the same groups in its rows and columns (each "
                         f"group's own column is its within-group contact); got rows "
                         f"{list(rows)[:5]} and columns {list(cols)[:5]}.")
    if set(rows) != set(labels):
        raise InputError(f"before and after must have the same groups; got {list(labels)[:5]}"
                         f" and {list(rows)[:5]}. Build both matrices with the same groups.")
    order_r, order_c = rows.get_indexer(labels), cols.get_indexer(labels)
    return np.asarray(m.counts, dtype=float)[np.ix_(order_r, order_c)]


def matrix_change(before: Any, after: Any) -> pd.DataFrame:
    r"""Each group's cross-group share in two mixing matrices, and its change.

    .. math:: x_g = 1 - \frac{M_{gg}}{\sum_h M_{gh}}

    the share of the contacts (or contact time) of group :math:`g`'s members that are with
    other groups (on a directed matrix: of the arcs :math:`g` sends), before and after.

    Parameters
    ----------
    before, after : MixingMatrix or DataFrame
        The same groups in rows and columns (in any order; ``after`` is aligned on
        ``before``), counted the same way (same ``weight`` and direction).

    Returns
    -------
    pandas.DataFrame
        Indexed by group (``before``'s order): ``contacts_before``, ``contacts_after``
        (row totals), ``share_before``, ``share_after`` and ``change`` (nan for a group
        without contacts in a wave, with a :class:`~netmix.DegenerateMixingWarning`).
        ``attrs["netmix_change"]`` holds the overall shares
        (all groups pooled), the number of groups without contacts and the weight.

    Examples
    --------
    >>> from netmix import MixingMatrix
    >>> from netmix.models import mixing_change
    >>> b = MixingMatrix.from_array([[8, 2], [2, 8]], labels=["a", "b"])
    >>> a = MixingMatrix.from_array([[6, 4], [4, 6]], labels=["a", "b"])
    >>> mixing_change(b, a)[["share_before", "share_after", "change"]]
         share_before  share_after  change
    row
    a             0.2          0.4     0.2
    b             0.2          0.4     0.2
    """
    m0, m1 = _as_matrix(before, "before"), _as_matrix(after, "after")
    if m0.weight != m1.weight or m0.directed != m1.directed:
        raise InputError(f"before and after must be counted the same way; got weight "
                         f"{m0.weight!r}, directed={m0.directed} and weight {m1.weight!r}, "
                         f"directed={m1.directed}.")
    labels = pd.Index(m0.row_labels, name=m0.row_attr or "row")
    c0, c1 = _aligned(m0, "before", labels), _aligned(m1, "after", labels)
    out = pd.DataFrame(index=labels)
    overall = {}
    for name, c in (("before", c0), ("after", c1)):
        total = c.sum(axis=1)
        own = np.diag(c)
        share = np.full(total.shape, np.nan)
        np.divide(total - own, total, out=share, where=total > 0)
        out[f"contacts_{name}"] = total
        out[f"share_{name}"] = share
        grand = c.sum()
        overall[f"overall_{name}"] = float((grand - np.trace(c)) / grand) if grand > 0 \
            else float("nan")
    out = out[["contacts_before", "contacts_after", "share_before", "share_after"]]
    out["change"] = out["share_after"] - out["share_before"]
    empty = out.index[out["change"].isna()]
    if len(empty):
        warnings.warn(f"the change is undefined (nan) for groups without contacts in a wave: "
                      f"{first_items(empty)}.", DegenerateMixingWarning, stacklevel=3)
    out.attrs["netmix_change"] = {**overall, "level": "group", "weight": m0.weight,
                                  "n_without_contacts": len(empty)}
    return out
