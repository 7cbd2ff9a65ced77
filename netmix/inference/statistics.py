"""Statistics the resampling functions accept: registered names or any function.

A statistic is of one of two kinds:

* ``"matrix"``: a function of the mixing matrix, ``f(MixingMatrix) -> float``. Resampling
  then only needs the replicates' mixing counts, which netmix tallies vectorised; a
  registered *batch* version ``batch(counts, sizes, template) -> array`` evaluates a whole
  batch of count matrices at once.
* ``"graph"``: any function ``f(graph, groups, weight=...) -> float``, called on every
  replicate (a :class:`~netmix.SocialGraph` and one group value per node).

A bare callable is classified by its signature: a single required positional parameter, or a
first parameter annotated with :class:`~netmix.MixingMatrix` (as netmix's own indices are),
makes it a matrix statistic; anything else is a graph statistic. Wrap it in
:class:`Statistic` to say which explicitly.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from numbers import Real
from typing import Any

import numpy as np

from .._validation import describe, weight_scale
from ..exceptions import DegenerateMixingWarning, InputError
from ..measures import assortativity
from ..measures.mixing import MixingMatrix

__all__ = ["STATISTICS", "Statistic", "register_statistic", "resolve_statistic"]


@dataclass(frozen=True)
class Statistic:
    """A statistic and how to evaluate it on resampled networks.

    Parameters
    ----------
    func : callable
        ``f(MixingMatrix) -> float`` (kind ``"matrix"``) or
        ``f(graph, groups, weight=...) -> float`` (kind ``"graph"``).
    kind : {"matrix", "graph"}
    name : str, optional
        Shown in results (default: the function's name).
    batch : callable, optional
        For a matrix statistic: ``batch(counts, sizes, template) -> ndarray`` with ``counts``
        of shape (B, k, k), ``sizes`` (B, k) group sizes and ``template`` the observed
        :class:`MixingMatrix`; returns the B values, nan where undefined, and warns nothing.
    margins : callable, optional
        For a matrix statistic that depends on the matrix only through its trace, row sums,
        column sums and total: ``margins(trace, rows, cols, total) -> ndarray`` (shapes
        (B,), (B, k), (B, k), scalar). Label permutations then skip the full tally.
    """

    func: Callable[..., float]
    kind: str = "matrix"
    name: str = ""
    batch: Callable[..., np.ndarray] | None = None
    margins: Callable[..., np.ndarray] | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("matrix", "graph"):
            raise InputError(f"kind must be 'matrix' or 'graph'; got {self.kind!r}.")
        if not self.name:
            object.__setattr__(self, "name", _func_name(self.func))

    def on_matrices(self, counts: np.ndarray, sizes: np.ndarray, template: MixingMatrix
                    ) -> np.ndarray:
        """Values on a batch of count matrices (matrix kind); nan where undefined."""
        if self.batch is not None:
            return np.asarray(self.batch(counts, sizes, template), dtype=float)
        out = np.empty(counts.shape[0])
        # a replicate's loops are not tracked: drop the observed ones' record
        extra = {f.name: None for f in fields(template) if f.name == "loop_counts"}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateMixingWarning)
            for i in range(counts.shape[0]):
                m = replace(template, counts=counts[i], row_sizes=sizes[i], col_sizes=sizes[i],
                            **extra)
                out[i] = self._number(self.func(m))
        return out

    def on_graph(self, graph: Any, groups: Any, weight: str | None, missing: str) -> float:
        """Value on one graph (graph kind): ``func(graph, groups, weight=..., missing=...)``."""
        kwargs: dict[str, Any] = {}
        if weight is not None or _accepts(self.func, "weight"):
            kwargs["weight"] = weight
        if missing != "raise" and _accepts(self.func, "missing"):
            kwargs["missing"] = missing
        return self._number(self.func(graph, groups, **kwargs))

    def _number(self, value: Any) -> float:
        """``value`` as a float, or an :class:`InputError` naming the statistic."""
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.ndarray)) \
                or (isinstance(value, np.ndarray) and value.size != 1):
            raise InputError(
                f"statistic {self.name!r} must return one number (nan where undefined); got "
                f"{describe(value)}. Return e.g. float(...) of a single value.")
        return float(np.asarray(value, dtype=float).reshape(()))


def _func_name(func: Any) -> str:
    inner = getattr(func, "func", func)  # functools.partial
    return getattr(inner, "__name__", None) or type(inner).__name__


def _accepts(func: Any, name: str) -> bool:
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return True
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def nominal_assortativity_batch(counts: np.ndarray, sizes: np.ndarray | None = None,
                                template: MixingMatrix | None = None) -> np.ndarray:
    r"""Newman's (2003, eq. 2) nominal assortativity of each matrix in a (B, k, k) batch.

    The arithmetic of :func:`netmix.measures.assortativity.assortativity_from_matrix`,
    vectorised over the batch: with :math:`W` the total, :math:`D` the trace and
    :math:`P = \sum_i A_i B_i` the product of the row and column sums of the counts,
    :math:`r = (W D - P) / (W^2 - P)`, which is eq. 2 with :math:`e = M / W`. nan (and no
    warning) where :math:`W = 0` or :math:`W^2 - P \le 10^{-12} W^2`.

    Examples
    --------
    >>> import numpy as np
    >>> counts = np.array([[[2, 1], [1, 2]], [[0, 3], [3, 0]]])
    >>> nominal_assortativity_batch(counts).round(3)
    array([ 0.333, -1.   ])
    """
    m = np.asarray(counts, dtype=np.float64)
    m = m / weight_scale(m)  # a power of two: exact, and nothing under- or overflows
    W = m.sum(axis=(1, 2))
    # P = A . B as a batched matmul, the scalar code's ``A @ B``, so values agree to the bit
    P = (m.sum(axis=2)[:, None, :] @ m.sum(axis=1)[:, :, None])[:, 0, 0]
    D = np.trace(m, axis1=1, axis2=2)
    denom = W * W - P
    ok = (W > 0) & (denom > 1e-12 * W * W)
    return np.where(ok, (W * D - P) / np.where(ok, denom, 1.0), np.nan)


def nominal_assortativity_margins(trace: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                                  total: float) -> np.ndarray:
    r"""Nominal assortativity from the trace :math:`D`, row and column sums and total
    :math:`W` of a batch of mixing matrices: :math:`(W D - P) / (W^2 - P)` with
    :math:`P = \sum_i A_i B_i` (Newman 2003, eq. 2); as :func:`nominal_assortativity_batch`.

    Examples
    --------
    >>> import numpy as np
    >>> nominal_assortativity_margins(np.array([4.0]), np.array([[3.0, 3.0]]),
    ...                               np.array([[3.0, 3.0]]), 6.0).round(3)
    array([0.333])
    """
    rows, cols = np.asarray(rows, dtype=np.float64), np.asarray(cols, dtype=np.float64)
    s = weight_scale(rows)  # a power of two: exact, and nothing under- or overflows
    rows, cols = rows / s, cols / s
    P = (rows[:, None, :] @ cols[:, :, None])[:, 0, 0]
    W, D = float(total) / s, np.asarray(trace, dtype=np.float64) / s
    denom = W * W - P
    ok = (W > 0) & (denom > 1e-12 * W * W)
    return np.where(ok, (W * D - P) / np.where(ok, denom, 1.0), np.nan)


_NOMINAL = Statistic(assortativity.nominal_assortativity, "matrix", "nominal_assortativity",
                     nominal_assortativity_batch, nominal_assortativity_margins)

#: Registered statistics by name.
STATISTICS: dict[str, Statistic] = {"nominal_assortativity": _NOMINAL}


def register_statistic(name: str, func: Callable[..., float], *, kind: str | None = None,
                       batch: Callable[..., np.ndarray] | None = None) -> Statistic:
    """Register ``func`` under ``name`` for :func:`permutation_test` and :func:`bootstrap`.

    ``kind`` is guessed from the signature when omitted (see the module notes); ``batch`` is
    an optional vectorised version for matrix statistics.

    Examples
    --------
    >>> from netmix.inference import register_statistic, STATISTICS
    >>> s = register_statistic("within_ties", lambda m: m.counts.trace() / m.counts.sum())
    >>> s.kind
    'matrix'
    >>> del STATISTICS["within_ties"]
    """
    if not isinstance(name, str) or not callable(func):
        raise InputError(f"register_statistic needs a name and a function; got {describe(name)}"
                         f" and {describe(func)}.")
    stat = Statistic(func, kind or _guess_kind(func), name, batch)
    STATISTICS[name] = stat
    return stat


def _guess_kind(func: Any) -> str:
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return "graph"
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if positional and "MixingMatrix" in str(positional[0].annotation):
        return "matrix"
    required = [p for p in positional if p.default is p.empty]
    return "matrix" if len(required) == 1 else "graph"


def resolve_statistic(statistic: Any) -> Statistic:
    """A :class:`Statistic` for a name, a registered function, or any callable."""
    if isinstance(statistic, Statistic):
        return statistic
    if isinstance(statistic, str):
        if statistic in STATISTICS:
            return STATISTICS[statistic]
        from .. import measures

        func = getattr(measures, statistic, None)
        if callable(func) and not statistic.startswith("_"):
            return Statistic(func, _guess_kind(func), statistic)
        have = ", ".join(repr(k) for k in STATISTICS)
        raise InputError(f"statistic must be a registered name ({have}), a function of netmix."
                         f"measures or a callable; got {statistic!r}. Register yours with "
                         "netmix.inference.register_statistic.")
    if callable(statistic):
        for stat in STATISTICS.values():
            if stat.func is statistic:
                return stat
        return Statistic(statistic, _guess_kind(statistic))
    raise InputError(f"statistic must be a name or a callable; got {describe(statistic)}.")
