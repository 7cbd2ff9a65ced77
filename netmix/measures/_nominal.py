"""Nominal assortativity from its sums, and every leave-one-edge-out value in closed form
(Newman's jackknife): the arithmetic behind :mod:`netmix.measures.assortativity`."""

from __future__ import annotations

import numpy as np

from ..core import EdgeView
from ..exceptions import InputError
from .mixing import MixingMatrix

__all__: list[str] = []


def _nominal_from_sums(W, D, P):
    """``r = (W D - P) / (W^2 - P)``: eq. 2 with ``Tr e = D / W`` and ``sum a b = P / W^2``;
    nan where ``sum a b = 1`` up to rounding (every edge end in one group) or ``W = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (W * D - P) / (W * W - P)
        return np.where((W > 0) & (W * W - P > 1e-12 * W * W), r, np.nan)


def _nominal_units(matrix: MixingMatrix, view: EdgeView | None):
    """Leave-one-out units ``(g, h, w, f, mult, scale)``: removing one unit takes ``w`` from
    cell ``(g, h)`` and ``f * w`` from ``(h, g)``; ``mult`` units are alike; the weights are
    divided by ``scale`` (see :func:`netmix._validation.weight_scale`)."""
    sym = not matrix.directed
    if view is None:  # a table: every cell is ``counts`` identical edges of weight 1
        if matrix.weight is not None:
            raise InputError("the jackknife of a MixingMatrix needs its edge counts; this one "
                             "holds weights. Pass the graph (with weight=...).")
        c = np.asarray(matrix.counts, dtype=np.float64)
        if not np.allclose(c, np.round(c)):
            raise InputError("the jackknife of a MixingMatrix needs whole edge counts; got "
                             "fractions. Pass the graph instead.")
        k = c.shape[0]
        g, h = np.triu_indices(k) if sym else (a.ravel() for a in np.indices((k, k)))
        mult = c[g, h] * (np.where(g == h, 0.5, 1.0) if sym else 1.0)
        return g, h, np.ones(g.size), float(sym), mult, 1.0
    codes = view.rows.codes
    g, h = codes[view.src].astype(np.intp), codes[view.dst].astype(np.intp)
    w = np.ones(g.size) if view.entry_weights is None else view.entry_weights
    return g, h, w, float(sym), None, view.scale


def _nominal_jackknife(C: np.ndarray, g, h, w, f, mult) -> tuple[float, np.ndarray]:
    """Every leave-one-unit-out coefficient in closed form.

    With ``W`` the total, ``D`` the trace, ``A``/``B`` the row/column sums and
    ``P = A . B``, removing a unit changes them by ``dW = w (1 + f)``, ``dD = dW [g = h]``,
    ``dA = w (1_g + f 1_h)``, ``dB = w (1_h + f 1_g)`` and so
    ``P' = P - dA.B - A.dB + dA.dB``.
    """
    A, B = C.sum(axis=1), C.sum(axis=0)
    W, D, P = C.sum(), np.trace(C), A @ B
    same = g == h
    dW = w * (1 + f)
    dP = w * (B[g] + f * B[h] + A[h] + f * A[g]) - w * w * ((1 + f * f) * same + 2 * f)
    r_i = _nominal_from_sums(W - dW, D - dW * same, P - dP)
    return float(_nominal_from_sums(W, D, P)), r_i
