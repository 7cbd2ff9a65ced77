"""From summed Pearson tallies to the coefficient (moments centred on the node values)."""

from __future__ import annotations

import warnings

import numpy as np

from .._validation import weight_scale
from ..exceptions import DegenerateMixingWarning

__all__ = ["Centred", "pearson_from_moments"]


def _warn(message: str) -> None:
    warnings.warn(message, DegenerateMixingWarning, stacklevel=4)


class Centred:
    """Edge-end means and centred node values from the per-node entry weights.

    With ``pa``/``pb`` the entry weights summed at each node as a source / target end
    (undirected: both ends, ``pa = pb``), :math:`W = \\sum_i pa_i`, the means are
    :math:`\\bar a = \\sum_i pa_i x_i / W` and the centred values :math:`x_i - \\bar a`; the
    variances :math:`\\sum_i pa_i (x_i - \\bar a)^2 / W` need no pass over the edges.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray | None, out_p: np.ndarray,
                 in_p: np.ndarray, directed: bool) -> None:
        if directed:
            pa, pb = out_p, in_p
        else:
            pa = pb = out_p + in_p
        self.directed = directed
        self.W = float(pa.sum())
        # r does not depend on the values' scale: extreme values (strengths of weights near
        # 1e300 or 1e-300) are divided by their largest size, so squares stay in range
        x = x / weight_scale(x)
        y = x if y is None else y / weight_scale(y)
        with np.errstate(invalid="ignore", divide="ignore"):
            ma = float(pa @ x) / self.W if self.W > 0 else 0.0
            mb = float(pb @ y) / self.W if self.W > 0 else 0.0
        self.a = x - ma
        self.b = y - mb
        self.Saa = float(pa @ (self.a * self.a))
        self.Sbb = float(pb @ (self.b * self.b))
        # constant up to rounding: a spread below 64 ulp of the values' magnitude
        self._scale_a = max(float(np.abs(self.a[pa > 0]).max()) if (pa > 0).any() else 0.0,
                            abs(ma))
        self._scale_b = max(float(np.abs(self.b[pb > 0]).max()) if (pb > 0).any() else 0.0,
                            abs(mb))

    def pearson(self, products: np.ndarray, what: str) -> float:
        """Newman's r from the cross moments ``[sum p a_s b_t, sum p a_t b_s]``."""
        if not self.W > 0:
            _warn(f"{what} is undefined (nan): there are no edges (or every edge weight is 0).")
            return float("nan")
        eps = 64 * np.finfo(float).eps
        for name, S, scale in (("source", self.Saa, self._scale_a),
                               ("target", self.Sbb, self._scale_b)):
            if S / self.W <= (eps * scale) ** 2:
                side = f" at the {name} end of the edges" if self.directed else ""
                _warn(f"{what} is undefined (nan): the values{side} are constant over the "
                      "edges (zero variance, up to rounding).")
                return float("nan")
        Sab = float(products[0] + (0.0 if self.directed else products[1]))
        return float((Sab / self.W) / np.sqrt((self.Saa / self.W) * (self.Sbb / self.W)))


def pearson_from_moments(centred: Centred, products: np.ndarray, what: str) -> float:
    return centred.pearson(products, what)
