"""Pearson correlation over edge ends from moment sums: the machinery of numeric and
degree assortativity (values shifted so that the sums do not cancel; every leave-one-edge-out
coefficient in closed form)."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._kernels import cross_sum, moment_sums
from .._validation import check_choice, first_items, weight_scale
from ..core import EdgeView, edge_view, resolve_directed
from ..core.counting import CHUNK
from ..core.groups import _values
from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph
from ._assort_common import _jackknife_se, _warn

__all__: list[str] = []


# ============================================================================ numeric
class _Ends(NamedTuple):
    """Edge-end values, shifted to near-zero means; entries ``(a1, b1)`` and, for an
    undirected tally, ``(a2, b2)`` (the same edge read from its other end)."""

    a1: np.ndarray
    b1: np.ndarray
    a2: np.ndarray | None
    b2: np.ndarray | None
    w: np.ndarray | None


# einsum, not BLAS: a multithreaded BLAS dot stalls for milliseconds on a busy machine.
def _wsum(u: np.ndarray, w: np.ndarray | None) -> float:
    return float(u.sum() if w is None else np.einsum("i,i->", w, u))


def _wdot(u: np.ndarray, v: np.ndarray, w: np.ndarray | None) -> float:
    return float(np.einsum("i,i->", u, v) if w is None else np.einsum("i,i,i->", w, u, v))


def _sums(e: _Ends) -> np.ndarray:
    """``[W, Sa, Sb, Saa, Sbb, Sab]`` over the tally entries."""
    w = e.w
    W = float(e.a1.size if w is None else w.sum())
    s = [W, _wsum(e.a1, w), _wsum(e.b1, w), _wdot(e.a1, e.a1, w), _wdot(e.b1, e.b1, w),
         _wdot(e.a1, e.b1, w)]
    if e.a2 is not None:
        if e.a2 is e.b1 and e.b2 is e.a1:  # same values at both ends: the mirror entries
            s2 = [W, s[2], s[1], s[4], s[3], s[5]]
        else:
            s2 = [W, _wsum(e.a2, w), _wsum(e.b2, w), _wdot(e.a2, e.a2, w),
                  _wdot(e.b2, e.b2, w), _wdot(e.a2, e.b2, w)]
        s = [x + y for x, y in zip(s, s2, strict=True)]
    return np.array(s)


def _pearson_from_sums(W, Sa, Sb, Saa, Sbb, Sab):
    """Pearson's r from weighted moment sums; nan where a variance is zero up to rounding
    (below 1e-12 of the mean square: the values are shifted near their mean first)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ma, mb = Sa / W, Sb / W
        va, vb = Saa / W - ma * ma, Sbb / W - mb * mb
        r = np.clip((Sab / W - ma * mb) / np.sqrt(va * vb), -1.0, 1.0)
        ok = (W > 0) & (va > 1e-12 * (Saa / W)) & (vb > 1e-12 * (Sbb / W))
    return np.where(ok, r, np.nan)


def _ends(a: np.ndarray, b: np.ndarray | None, e: EdgeView) -> _Ends:
    """Gather the (already shifted) end values of every entry; ``b is None``: the same
    values at both ends."""
    a1 = a[e.src]
    b1 = (a if b is None else b)[e.dst]
    a2 = b2 = None
    if not e.directed:
        a2 = b1 if b is None else a[e.dst]
        b2 = a1 if b is None else b[e.src]
    return _Ends(a1, b1, a2, b2, e.entry_weights)


def _gathered(a: np.ndarray, b: np.ndarray, src: np.ndarray, dst: np.ndarray):
    """``(slice, a[src[slice]], b[dst[slice]])`` for chunks of
    :data:`~netmix.measures.mixing.CHUNK` edges, gathered into two reused buffers.

    Gathering a million end values into fresh arrays costs more in page faults than in
    reads: the cache-sized buffers make it a loop over 16 chunks per million edges, not over
    edges.
    """
    m = src.size
    x_buf, y_buf = np.empty(min(m, CHUNK)), np.empty(min(m, CHUNK))
    for i in range(0, m, CHUNK):
        sl = slice(i, min(i + CHUNK, m))
        x, y = x_buf[: sl.stop - i], y_buf[: sl.stop - i]
        np.take(a, src[sl], out=x, mode="clip")
        np.take(b, dst[sl], out=y, mode="clip")
        yield sl, x, y


def _entry_sums(a: np.ndarray, b: np.ndarray | None, e: EdgeView) -> np.ndarray:
    """``[W, Sa, Sb, Saa, Sbb, Sab]`` over the tally entries: one compiled pass over the
    edges (:func:`netmix._kernels.moment_sums`), or numpy over chunks (:func:`_gathered`).
    """
    if not e.directed and b is not None:  # undirected with different values at the two ends
        return _sums(_ends(a, b, e))
    m, w = e.src.size, e.entry_weights
    W = float(m if w is None else w.sum())
    if not e.directed:  # same values, each edge read both ways: the sums are symmetric
        sym = moment_sums(a, None, e.src, e.dst, w)
        if sym is not None:
            return np.array([2 * W, sym[0], sym[0], sym[1], sym[1], 2 * sym[2]])
    bb = a if b is None else b
    acc = moment_sums(a, bb, e.src, e.dst, w) if e.directed else None
    if acc is None:
        acc = np.zeros(5)
        for sl, x, y in _gathered(a, bb, e.src, e.dst):
            ws = None if w is None else w[sl]
            acc += (_wsum(x, ws), _wsum(y, ws), _wdot(x, x, ws), _wdot(y, y, ws),
                    _wdot(x, y, ws))
    if e.directed:
        return np.array([W, *acc])
    # undirected, same values: the mirrored entry (y, x) of every edge doubles the sums
    sa, saa = acc[0] + acc[1], acc[2] + acc[3]
    return np.array([2 * W, sa, sa, saa, saa, 2 * acc[4]])


def _cross_sum(a: np.ndarray, b: np.ndarray, src: np.ndarray, dst: np.ndarray) -> float:
    """``sum(a[src] * b[dst])``: one compiled pass, or numpy over chunks
    (:func:`_gathered`)."""
    compiled = cross_sum(a, b, src, dst)
    if compiled is not None:
        return compiled
    return sum(float(np.einsum("i,i->", x, y)) for _, x, y in _gathered(a, b, src, dst))


def _shifted(xa: np.ndarray, xb: np.ndarray | None, e: EdgeView
             ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Node values shifted so that the moment sums do not cancel, and their entry sums.

    First by the node means; again by the entry means when those are large against the
    spread (values whose mean over edge ends is far from their mean over nodes). Pearson's
    r is unchanged by the shifts.
    """
    a = xa - float(xa.sum()) / xa.size if xa.size else xa
    b = None if xb is None else (xb - float(xb.sum()) / xb.size if xb.size else xb)
    s = _entry_sums(a, b, e)
    W, Sa, Sb, Saa, Sbb, _ = s
    if W > 0:
        ma, mb = Sa / W, Sb / W
        if ma * ma > 1e4 * abs(Saa / W - ma * ma) or mb * mb > 1e4 * abs(Sbb / W - mb * mb):
            if b is None and e.directed:  # same values, but separate source/target means
                a, b = a - ma, a - mb
            else:
                a, b = a - ma, (None if b is None else b - mb)
            s = _entry_sums(a, b, e)
    return a, b, s


def _scale(xa: np.ndarray, xb: np.ndarray | None) -> tuple[float, float]:
    """Mean squares of the raw node values (source, target): the size a spread is judged by."""
    sa = float(np.einsum("i,i->", xa, xa)) / xa.size if xa.size else 0.0
    sb = sa if xb is None else (float(np.einsum("i,i->", xb, xb)) / xb.size if xb.size
                                else 0.0)
    return sa, sb


def _check_pearson(s: np.ndarray, sym: bool, what: str,
                   scale: tuple[float, float] | None = None) -> bool:
    """Whether the coefficient is defined; warns (and returns False) when it is not.

    A variance is zero when it is below 1e-12 of the shifted values' mean square (after
    :func:`_shifted` that is at most ~1e4 times the variance), or when the spread is below
    1e-12 of the raw values' size (``scale``): values equal up to rounding, such as
    ``0.1 + 0.2`` and ``0.3``, are constant.
    """
    W, Sa, Sb, Saa, Sbb, _ = s
    if not W > 0:
        _warn(f"{what} is undefined (nan): there are no edges (or every edge weight is 0).",
              stacklevel=5)
        return False
    raw = scale or (0.0, 0.0)
    for name, S, SS, ref in (("source", Sa, Saa, raw[0]), ("target", Sb, Sbb, raw[1])):
        m = S / W
        var = SS / W - m * m
        if var <= 1e-12 * (SS / W) or var <= 1e-24 * ref:
            side = "" if sym else f" at the {name} end of the edges"
            _warn(f"{what} is undefined (nan): the values{side} are constant over the edges "
                  "(zero variance, up to rounding).", stacklevel=5)
            return False
    return True


#: Largest values left unscaled: the product of two variances (fourth powers, times the
#: shift's factor) stays far inside float64's range.
UNSCALED = (1e-60, 1e60)


def _unit1(x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return x
    top = max(float(x.max()), -float(x.min()))
    if top == 0 or UNSCALED[0] <= top <= UNSCALED[1]:  # squares and sums stay in range
        return x
    return x / weight_scale(x)


def _unit(xa: np.ndarray, xb: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Values divided by a power of two at their largest size when that is extreme (exact:
    every sum scales by a power of two, and r does not depend on it), so that their
    squares neither overflow nor underflow."""
    return _unit1(xa), (None if xb is None else _unit1(xb))


def _r_from_sums(s: np.ndarray) -> float:
    """:func:`_pearson_from_sums` of one set of sums that :func:`_check_pearson` accepted,
    in Python floats (the same operations, without numpy's per-call overhead)."""
    W, Sa, Sb, Saa, Sbb, Sab = (float(v) for v in s)
    ma, mb = Sa / W, Sb / W
    r = (Sab / W - ma * mb) / math.sqrt((Saa / W - ma * ma) * (Sbb / W - mb * mb))
    return min(1.0, max(-1.0, r))


def _pearson(xa: np.ndarray, xb: np.ndarray | None, e: EdgeView, what: str) -> float:
    xa, xb = _unit(xa, xb)
    _, _, s = _shifted(xa, xb, e)
    if not _check_pearson(s, not e.directed, what, _scale(xa, xb)):
        return float("nan")
    return _r_from_sums(s)


def _pearson_test(xa: np.ndarray, xb: np.ndarray | None, e: EdgeView, what: str
                  ) -> tuple[float, float]:
    """The coefficient and its jackknife standard error."""
    xa, xb = _unit(xa, xb)
    a, b, s = _shifted(xa, xb, e)
    if not _check_pearson(s, not e.directed, what, _scale(xa, xb)):
        return float("nan"), float("nan")
    ends = _ends(a, b, e)
    s = _sums(ends)  # the same sums, over the very arrays the jackknife takes terms from
    r = float(_pearson_from_sums(*s))
    return r, _jackknife_se(r, _pearson_jackknife(ends, s), None, what)


def _pearson_jackknife(ends: _Ends, s: np.ndarray) -> np.ndarray:
    """Every leave-one-edge-out Pearson coefficient from the moment sums (closed form)."""
    w = 1.0 if ends.w is None else ends.w
    a1, b1 = ends.a1, ends.b1
    d = [np.broadcast_to(np.asarray(w, dtype=float), a1.shape), w * a1, w * b1,
         w * a1 * a1, w * b1 * b1, w * a1 * b1]
    if ends.a2 is not None:
        a2, b2 = ends.a2, ends.b2
        d = [d[0] * 2, d[1] + w * a2, d[2] + w * b2, d[3] + w * a2 * a2,
             d[4] + w * b2 * b2, d[5] + w * a2 * b2]
    return _pearson_from_sums(*(s[j] - d[j] for j in range(6)))


def _float_values(graph: SocialGraph, values: Any, argument: str
                  ) -> tuple[np.ndarray, np.ndarray | None, str | None]:
    """Float values per node (nan where missing), the missing mask (None: none) and the
    attribute's name."""
    series, name = _values(graph, values, argument)
    if not (pd.api.types.is_numeric_dtype(series.dtype) or series.dtype == object):
        raise InputError(f"{argument} must be numeric; got dtype {series.dtype}. For "
                         "categories use nominal_assortativity.")
    try:
        if isinstance(series.dtype, np.dtype) and series.dtype.kind in "fiub":
            x = series.to_numpy(dtype=np.float64)  # numpy numbers: nan is their missing value
        elif pd.api.types.is_numeric_dtype(series.dtype):  # no parsing: read the numbers
            x = series.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            x = pd.to_numeric(series, errors="raise").to_numpy(dtype=np.float64,
                                                               na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{argument} must hold numbers (one per node); got dtype "
                         f"{series.dtype}, e.g. {first_items(series.dropna().unique())}. "
                         "For categories use nominal_assortativity.") from exc
    if math.isfinite(float(np.add.reduce(x))):  # (one pass: no inf, no nan, nothing missing)
        return x, None, name
    if np.isinf(x).any():
        raise InputError(f"{argument} must be finite; node(s) "
                         f"{first_items(graph.node_ids[np.isinf(x)])} have infinite values.")
    isna = np.isnan(x)
    return x, (isna if isna.any() else None), name


def _node_values(graph: SocialGraph, values: Any, argument: str, missing: str
                 ) -> tuple[np.ndarray, np.ndarray | None, str | None]:
    """Float values per node (nan -> 0 when dropped) and the mask of nodes kept.

    A node attribute named by ``values`` is read and checked once per graph (the graph is
    immutable; the values are kept on it, read-only).
    """
    if isinstance(values, str) and graph.has_node_attr(values):
        x, isna, name = graph.memoize(("float_values", values),
                                      lambda: _float_values(graph, values, argument))
    else:
        x, isna, name = _float_values(graph, values, argument)
    if isna is None:
        return x, None, name
    if missing == "raise":
        raise InputError(
            f"{argument}: {int(isna.sum())} node(s) have no value, e.g. node(s) "
            f"{first_items(graph.node_ids[isna])}. A missing value is never a number: fill "
            "them, or pass missing='drop' to leave those nodes (and their edges) out.")
    return np.where(isna, 0.0, x), ~isna, name


def _numeric_setup(graph: Any, values: Any, target_values: Any, weight: str | None,
                   directed: bool | None, missing: str, loops: str):
    graph = as_social_graph(graph)
    check_choice("missing", missing, ("raise", "drop"))
    resolve_directed(graph, directed)
    xa, keep, name = _node_values(graph, values, "values", missing)
    xb = None
    if target_values is not None:
        xb, keep_b, _ = _node_values(graph, target_values, "target_values", missing)
        if keep_b is not None:
            keep = keep_b if keep is None else keep & keep_b
    e = edge_view(graph, None, weight, directed=directed, loops=loops, keep=keep)
    return e, xa, xb, name, e.directed
