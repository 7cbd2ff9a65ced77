r"""Bridges, local bridges and their span, and the neighbourhood overlap of ties.

Granovetter (1973) argued that a *bridge*, the only path between two parts of a network,
is almost always a weak tie; Easley and Kleinberg (2010, section 3.2) relax it to the
*local bridge*: a tie whose ends have no friend in common. Its *span* is the distance
between the ends once the tie is removed (infinite for a bridge). Onnela et al. (2007)
measured how embedded a tie is by the overlap of the two ends' neighbourhoods and found,
in a national mobile-phone network, that overlap grows with tie strength ("weak ties"
link communities).

All measures here are about the *simple undirected skeleton* of the graph: arcs in either
direction and parallel edges between two people are one tie, self-loops are left out.
A bridge of the skeleton is a bridge of the graph only when a single edge joins the pair.

References
----------
Granovetter, M. S. (1973). The strength of weak ties. American Journal of Sociology 78(6),
1360-1380. doi:10.1086/225469

Easley, D., Kleinberg, J. (2010). Networks, Crowds, and Markets, ch. 3. Cambridge
University Press. doi:10.1017/CBO9780511761942

Onnela, J.-P. et al. (2007). Structure and tie strengths in mobile communication networks.
PNAS 104(18), 7332-7336. doi:10.1073/pnas.0610245104
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._results import ResultMixin
from .._validation import check_choice, check_positive, fresh_seed, rng_from_seed
from ..graph import SocialGraph, as_social_graph, edge_weights
from ._common import warn
from ._core import SimpleView, common_neighbours, in_four_cycle, pair_distances, simple_view

__all__ = [
    "WeakTiesResult",
    "bridges",
    "edge_overlap",
    "local_bridges",
    "weak_ties_test",
]


def pair_spans(sv: SimpleView, pairs: np.ndarray, cn: np.ndarray) -> np.ndarray:
    """Span of the pairs ``pairs`` (local bridges: ``cn == 0``): 3 when the tie lies on a
    4-cycle, else a bidirectional search without the tie (``inf``: a bridge)."""
    span = np.full(pairs.size, np.nan)
    if pairs.size == 0:
        return span
    if np.any(cn[pairs] > 0):
        raise ValueError("pair_spans takes local bridges only")
    on_square = in_four_cycle(sv)[pairs]
    span[on_square] = 3.0
    rest = ~on_square
    span[rest] = pair_distances(sv, sv.a[pairs[rest]], sv.b[pairs[rest]])
    return span


def _ids(graph: SocialGraph, pos: np.ndarray) -> pd.Index:
    return graph.node_ids.take(pos)


def local_bridges(graph: SocialGraph, *, with_span: bool = True) -> pd.DataFrame:
    r"""Ties whose two ends have no common neighbour, with their span.

    A tie :math:`\{u, v\}` is a local bridge when :math:`N(u) \cap N(v) = \emptyset`
    (Easley and Kleinberg 2010, section 3.2); its span is the distance between :math:`u` and
    :math:`v` in the graph without the tie, :math:`\infty` when the tie is a bridge.

    Parameters
    ----------
    graph : SocialGraph
        Directed graphs are taken as undirected; parallel edges are one tie (see the
        module notes).
    with_span : bool, default True
        Compute the span (``False`` leaves the column ``nan``, and is faster).

    Returns
    -------
    pandas.DataFrame
        One row per local bridge, indexed by ``edge`` (the position of the first edge
        joining the pair in ``graph.edges``), with columns ``source``, ``target`` (node
        ids) and ``span`` (hops; ``inf`` for a bridge).

    Notes
    -----
    Common neighbours are counted for every tie at once from the list of triangles
    (degree-ordered enumeration, no loop over edges); a span of 3 is settled by finding the
    tie on a 4-cycle, and the other spans by breadth-first searches run for all remaining
    local bridges together. Validated against ``networkx.local_bridges(G, with_span=True)``
    on random graphs in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import local_bridges
    >>> nodes = pd.DataFrame(index=list("abcdef"))
    >>> # a triangle a-b-c and a square c-d-e-f: each tie of the square is a local bridge
    >>> g = netmix.SocialGraph(nodes, [0, 1, 2, 2, 3, 4, 5], [1, 2, 0, 3, 4, 5, 2])
    >>> local_bridges(g)
         source target  span
    edge
    3         c      d   3.0
    4         d      e   3.0
    5         e      f   3.0
    6         f      c   3.0
    """
    graph = as_social_graph(graph)
    sv = simple_view(graph, None)
    cn = common_neighbours(sv)
    pairs = np.flatnonzero(cn == 0)
    span = pair_spans(sv, pairs, cn) if with_span else np.full(pairs.size, np.nan)
    first = _first_edge(sv, graph.n_edges)[pairs]
    src, dst = graph.src[first], graph.dst[first]
    out = pd.DataFrame({"source": _ids(graph, src), "target": _ids(graph, dst), "span": span},
                       index=pd.Index(first, name="edge"))
    return out.sort_index()


def _first_edge(sv: SimpleView, n_edges: int) -> np.ndarray:
    """Position of the first edge of the graph on each pair."""
    first = np.full(sv.m, n_edges, np.int64)
    ok = sv.edge_pair >= 0
    np.minimum.at(first, sv.edge_pair[ok], np.flatnonzero(ok))
    return first


def bridges(graph: SocialGraph) -> pd.DataFrame:
    """Edges whose removal disconnects their ends (cut edges), found by igraph's C routine.

    Parameters
    ----------
    graph : SocialGraph
        Directed graphs are taken as undirected. Of two parallel edges neither is a bridge;
        a self-loop never is.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``edge`` (position in ``graph.edges``), columns ``source`` and ``target``.

    Notes
    -----
    igraph's ``Graph.bridges()`` (Tarjan's depth-first search, linear time). Validated
    against ``networkx.bridges`` in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import bridges
    >>> g = netmix.SocialGraph(pd.DataFrame(index=list("abcd")), [0, 1, 2, 2], [1, 2, 0, 3])
    >>> bridges(g)
         source target
    edge
    3         c      d
    """
    graph = as_social_graph(graph)
    h = graph.igraph
    if graph.directed:
        h = h.copy()
        h.to_undirected(mode="each")
    ids = np.sort(np.asarray(h.bridges(), dtype=np.int64))
    return pd.DataFrame({"source": _ids(graph, graph.src[ids]),
                         "target": _ids(graph, graph.dst[ids])},
                        index=pd.Index(ids, name="edge"))


def pair_overlap(sv: SimpleView, cn: np.ndarray) -> tuple[np.ndarray, int]:
    """Onnela's overlap of every pair and the number of pairs where it is undefined."""
    k = sv.degree
    denom = (k[sv.a] - 1) + (k[sv.b] - 1) - cn
    undefined = denom == 0
    overlap = np.full(sv.m, np.nan)
    np.divide(cn, denom, out=overlap, where=~undefined)
    return overlap, int(undefined.sum())


def edge_overlap(graph: SocialGraph) -> pd.DataFrame:
    r"""Neighbourhood overlap of every tie (Onnela et al. 2007).

    .. math::

        O_{ij} = \frac{n_{ij}}{(k_i - 1) + (k_j - 1) - n_{ij}}

    where :math:`n_{ij}` is the number of common neighbours of :math:`i` and :math:`j` and
    :math:`k` the number of distinct neighbours (Onnela et al. 2007, p. 7333, the overlap
    defined beside Fig. 2). :math:`O_{ij} = 0` for a local bridge and 1 when the two ends
    have the same other neighbours.

    Parameters
    ----------
    graph : SocialGraph
        Directed graphs are taken as undirected; parallel edges share their pair's value.

    Returns
    -------
    pandas.DataFrame
        One row per edge of ``graph`` (same order as ``graph.edges``), columns ``source``,
        ``target``, ``common_neighbors`` and ``overlap``. The overlap is ``nan``, with a
        :class:`~netmix.DegenerateMixingWarning`, for a tie whose two ends have no other
        neighbour (:math:`k_i = k_j = 1`, 0/0), and for a self-loop.

    Notes
    -----
    Common neighbours come from one triangle enumeration (no loop over edges). Validated
    against a brute-force count with networkx's ``common_neighbors`` in the tests.

    Reference: Onnela, J.-P. et al. (2007). PNAS 104(18), 7332-7336.
    doi:10.1073/pnas.0610245104

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.bridging import edge_overlap
    >>> g = netmix.SocialGraph(pd.DataFrame(index=list("abcd")), [0, 1, 2, 2], [1, 2, 0, 3])
    >>> edge_overlap(g)
      source target  common_neighbors  overlap
    0      a      b                 1      1.0
    1      b      c                 1      0.5
    2      c      a                 1      0.5
    3      c      d                 0      0.0
    """
    graph = as_social_graph(graph)
    sv = simple_view(graph, None)
    cn = common_neighbours(sv)
    overlap, n_undefined = pair_overlap(sv, cn)
    pair = sv.edge_pair
    loop = pair < 0
    safe = np.where(loop, 0, pair)
    if n_undefined:
        warn(f"{n_undefined} tie(s) join two nodes with no other neighbour (k_i = k_j = 1); "
             "their overlap is 0/0 and set to nan.")
    common = np.where(loop, 0, cn[safe]) if sv.m else np.zeros(graph.n_edges, np.int64)
    values = np.where(loop, np.nan, overlap[safe]) if sv.m else np.full(graph.n_edges, np.nan)
    return pd.DataFrame({"source": _ids(graph, graph.src), "target": _ids(graph, graph.dst),
                         "common_neighbors": common.astype(np.int64), "overlap": values})


# ============================================================================ weak ties
@dataclass(frozen=True)
class WeakTiesResult(ResultMixin):
    """Onnela et al.'s (2007) weak-ties test: does overlap grow with tie strength?

    ``statistic, pvalue = result`` unpacks.

    Attributes
    ----------
    statistic : float
        Spearman's rank correlation between tie weight and neighbourhood overlap.
    pvalue : float
        Permutation p-value :math:`(b + 1) / (R + 1)` against ``alternative`` (weights
        shuffled over ties, ``n_resamples`` times); ``nan`` when ``n_resamples`` is 0.
    pvalue_asymptotic : float
        The t-approximation of scipy's ``spearmanr`` (ties taken as independent).
    table : pandas.DataFrame
        Mean overlap by weight bin, as in Onnela et al.'s Fig. 3: bins of the cumulative
        weight distribution :math:`P_{cum}(w)` (tied weights share a bin), with the weight
        range, the number of ties, mean overlap and its standard error (``mean_overlap``,
        ``standard_error``).
    n_ties : int
        Ties in the correlation (pairs with a defined overlap).
    n_undefined : int
        Ties left out because their overlap is undefined.
    """

    statistic: float
    pvalue: float
    pvalue_asymptotic: float
    table: pd.DataFrame
    n_ties: int
    n_undefined: int
    weight: str
    alternative: str
    n_resamples: int
    seed: Any
    method: str = "Spearman correlation of weight and overlap, permutation of weights"
    notes: tuple[str, ...] = field(default_factory=tuple)
    _title: ClassVar[str] = "Weak-ties test (Onnela et al. 2007): overlap vs tie weight"


def _weight_table(w: np.ndarray, overlap: np.ndarray, n_bins: int) -> pd.DataFrame:
    from scipy import stats  # imported here: scipy.stats costs ~0.9 s at import

    pcum = stats.rankdata(w, method="max") / w.size  # share of ties with weight <= w
    bins = np.maximum(np.ceil(pcum * n_bins).astype(np.int64), 1)
    frame = pd.DataFrame({"bin": bins, "w": w, "o": overlap})
    g = frame.groupby("bin")
    table = pd.DataFrame({
        "weight_min": g["w"].min(), "weight_max": g["w"].max(), "n_ties": g["o"].size(),
        "mean_overlap": g["o"].mean(),
        "standard_error": g["o"].std(ddof=1) / np.sqrt(g["o"].size())})
    table.insert(0, "pcum_upper", table.index.to_numpy() / n_bins)
    table.index.name = "bin"
    return table


def _perm_pvalue(x: np.ndarray, y: np.ndarray, rho: float, n_resamples: int,
                 alternative: str, rng: np.random.Generator) -> float:
    """Permutation p-value of the correlation of ranks ``x`` and ``y``."""
    xc = (x - x.mean()) / np.linalg.norm(x - x.mean())
    yc = (y - y.mean()) / np.linalg.norm(y - y.mean())
    batch = max(1, min(n_resamples, (1 << 23) // max(x.size, 1)))
    hits, done = 0, 0
    while done < n_resamples:
        b = min(batch, n_resamples - done)
        perm = rng.permuted(np.broadcast_to(yc, (b, yc.size)), axis=1)
        r = perm @ xc
        if alternative == "two-sided":
            hits += int(np.sum(np.abs(r) >= abs(rho) - 1e-12))
        elif alternative == "greater":
            hits += int(np.sum(r >= rho - 1e-12))
        else:
            hits += int(np.sum(r <= rho + 1e-12))
        done += b
    return (hits + 1) / (n_resamples + 1)


def weak_ties_test(graph: SocialGraph, weight: str, *, n_bins: int = 20,
                   n_resamples: int = 999, alternative: str = "two-sided",
                   seed: Any = None) -> WeakTiesResult:
    r"""Test Granovetter's weak-ties hypothesis as Onnela et al. (2007) did.

    The overlap :math:`O_{ij}` (see :func:`edge_overlap`) of a tie should grow with its
    weight :math:`w_{ij}`: strong ties sit inside dense groups, weak ties between them.
    The statistic is Spearman's :math:`\rho(w, O)` over ties; the table gives the mean
    overlap by bin of the cumulative weight distribution, :math:`\langle O
    \rangle_{P_{cum}(w)}` (Onnela et al. 2007, Fig. 3).

    Parameters
    ----------
    graph : SocialGraph
        Taken as undirected; the weight of a pair is the sum over its edges (arcs).
    weight : str
        Edge attribute with the tie strength (e.g. ``"duration"``, ``"n_contacts"``).
    n_bins : int, default 20
        Bins of :math:`P_{cum}(w)` for the table.
    n_resamples : int, default 999
        Weight permutations for the p-value (0: skip, p-value ``nan``).
    alternative : {"two-sided", "greater", "less"}
        ``"greater"`` is Onnela et al.'s hypothesis (overlap rises with weight).
    seed : optional
        For ``numpy.random.default_rng``.

    Returns
    -------
    WeakTiesResult

    Notes
    -----
    Ties whose overlap is undefined (:math:`k_i = k_j = 1`) are left out and counted. The
    permutation null treats ties as exchangeable; it ignores that ties sharing a node are
    dependent, so read the p-value as descriptive. Validated against
    ``scipy.stats.spearmanr`` in the tests.

    Examples
    --------
    >>> import netmix
    >>> from netmix.bridging import weak_ties_test
    >>> g = netmix.datasets.load_example()
    >>> res = weak_ties_test(g, "n_contacts", n_resamples=99, seed=1)
    >>> -1 <= res.statistic <= 1 and 0 < res.pvalue <= 1
    True
    """
    from scipy import stats

    graph = as_social_graph(graph)
    check_choice("alternative", alternative, ("two-sided", "greater", "less"))
    check_positive("n_bins", n_bins, integer=True)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, (int, np.integer)) \
            or n_resamples < 0:
        check_positive("n_resamples", n_resamples, integer=True)
    seed = fresh_seed(seed)
    rng = rng_from_seed(seed)
    w = edge_weights(graph, weight)
    sv = simple_view(graph, w)
    overlap, n_undefined = pair_overlap(sv, common_neighbours(sv))
    ok = ~np.isnan(overlap)
    x, y = sv.mw[ok], overlap[ok]
    notes: list[str] = []
    if n_undefined:
        notes.append(f"{n_undefined} tie(s) with undefined overlap (k_i = k_j = 1) left out")
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        warn("the weak-ties correlation needs at least 3 ties with varying weight and "
             "overlap; it is nan.")
        rho = p_perm = p_asym = float("nan")
    else:
        rx, ry = stats.rankdata(x), stats.rankdata(y)
        res = stats.spearmanr(x, y, alternative=alternative)
        rho, p_asym = float(res.statistic), float(res.pvalue)
        p_perm = (_perm_pvalue(rx, ry, rho, n_resamples, alternative, rng)
                  if n_resamples else float("nan"))
    table = _weight_table(x, y, int(n_bins)) if x.size else pd.DataFrame()
    return WeakTiesResult(rho, p_perm, p_asym, table, int(x.size), n_undefined, weight,
                          alternative, int(n_resamples), seed, notes=tuple(notes))
