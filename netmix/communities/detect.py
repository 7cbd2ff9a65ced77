"""Community detection through igraph's C core: one interface, a :class:`Partition` out.

Methods and what they do with a directed graph (``directed=None``: as the graph is):

=====================  =====================================================================
``"leiden"``           Leiden (Traag et al. 2019); modularity (Leicht & Newman's directed
                       modularity on a directed graph) or CPM, with a resolution.
``"louvain"``          Louvain (Blondel et al. 2008), netmix's compiled implementation with
                       at most 32 moving passes per level (:mod:`._louvain`); undirected only.
``"multilevel"``       igraph's Louvain (``community_multilevel``): no cap on the moving
                       passes (21 minutes at 1e7 edges on the benchmark graph); undirected.
``"infomap"``          Infomap (Rosvall & Bergstrom 2008); follows arc directions.
``"walktrap"``         Walktrap (Pons & Latapy 2006); undirected only (directions ignored).
``"label_propagation"``  Label propagation (Raghavan et al. 2007); undirected only.
``"plm"``              NetworKit's parallel Louvain, then node moves, merges and splits
                       (:mod:`netmix.communities._plm`); undirected; the fast one (``bench``).
=====================  =====================================================================

``directed=False`` on a directed graph symmetrises it: every arc becomes an undirected edge
(a reciprocated pair of arcs becomes two parallel edges, i.e. counts twice), the same rule as
:func:`netmix.mixing_matrix` with ``directed=False``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from numbers import Integral
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._format import format_number
from .._results import ResultMixin, Summary
from .._validation import check_choice, check_nonneg, describe, extreme_weights, weight_scale
from ..core import group_codes
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph, edge_weights
from ._codes import canonical_codes
from ._louvain import louvain_membership
from ._plm import plm_membership, plm_params
from ._rng import resolve_seed
from ._run import run_method as _run

__all__ = ["METHODS", "Partition", "detect_communities"]

METHODS = ("leiden", "louvain", "multilevel", "infomap", "walktrap", "label_propagation", "plm")
_NATIVE_DIRECTED = ("leiden", "infomap")
_EXTRA = {
    "leiden": ("beta", "initial_membership"),
    "louvain": (),
    "multilevel": (),
    "infomap": ("trials", "vertex_weights"),
    "walktrap": ("steps",),
    "label_propagation": ("initial", "fixed"),
    "plm": ("n_jobs", "refine", "split", "shuffle"),
}


@dataclass(frozen=True, eq=False)
class Partition(ResultMixin):
    """A partition of a graph's nodes into communities, with how it was found.

    Communities of detected partitions are numbered 0, 1, ... by decreasing size (ties by
    their first node), so equal partitions have equal ``membership``.

    Attributes
    ----------
    membership : pandas.Series
        The community of every node, indexed by node id.
    sizes : pandas.Series
        Number of nodes in each community, indexed by community.
    modularity : float
        Newman's modularity (resolution 1) of the partition, with the edge weights if
        ``weight`` was given, as :meth:`igraph.Graph.modularity` computes it; the directed
        form (Leicht & Newman 2008) when ``directed``.
    method : str
        ``"leiden"``, ``"louvain"``, ..., or ``"given"`` for :meth:`from_labels`.
    n_communities, n_crossing : int
        Number of communities; number of edges between different communities.
    quality : float
        The objective igraph reports (Leiden's quality, Infomap's code length), else nan.
    seed : int or None
        The integer seed of igraph's generator for this run (drawn when ``seed=None``).
    weight : str or None
    directed : bool
        Whether edge directions were used.
    parameters : mapping
        The method's parameters (resolution, objective, ...).
    crossing : numpy.ndarray of bool
        Per edge (in the graph's edge order): whether its ends are in different communities.
    codes : numpy.ndarray of int32
        Community position of every node (``membership`` without the labels).
    """

    membership: pd.Series
    sizes: pd.Series
    modularity: float
    method: str
    n_communities: int
    n_crossing: int
    quality: float
    seed: int | None
    weight: str | None
    directed: bool
    parameters: MappingProxyType
    crossing: np.ndarray
    codes: np.ndarray

    _title = "Community partition"

    @classmethod
    def from_labels(cls, graph: SocialGraph, labels: Any, *, weight: str | None = None,
                    directed: bool | None = None) -> Partition:
        """The partition given by a node attribute or by one label per node.

        Use it to score a known split (the two factions of Zachary's karate club, school
        classes) with the same tools as a detected partition.

        Examples
        --------
        >>> import networkx as nx, netmix
        >>> from netmix.communities import Partition
        >>> g = netmix.from_networkx(nx.karate_club_graph())
        >>> round(Partition.from_labels(g, "club").modularity, 6)
        0.358235
        """
        graph = as_social_graph(graph)
        h, wname, use_directed, _ = _prepare(graph, None, weight, directed)
        gc = group_codes(graph, labels, argument="labels")
        codes = gc.codes.astype(np.int32)
        q = _modularity(h, codes.tolist(), wname, use_directed, graph, weight)
        return _partition(graph, codes, labels=gc.labels, name=gc.name, modularity=q,
                          method="given", params={}, seed=None, weight=weight,
                          directed=use_directed, quality=float("nan"))

    def summary(self) -> Summary:
        rows = [(k, v) for k, v in self.to_dict().items()
                if k not in ("parameters", "crossing", "codes", "membership", "sizes")]
        rows += [(f"parameter {k}", v) for k, v in self.parameters.items()]
        rows.append(("largest community", int(self.sizes.max()) if len(self.sizes) else 0))
        return Summary(self._title, rows)

    def to_frame(self) -> pd.DataFrame:
        row = {k: v for k, v in self.summary()._rows}
        return pd.DataFrame([row])

    def __repr__(self) -> str:
        return (f"<Partition: {self.method}, {self.n_communities:,} communities, modularity "
                f"{format_number(self.modularity, 6)}, seed {self.seed}>")


class _Prepared(NamedTuple):
    h: Any              # igraph.Graph to run on (the graph's cached one, or a symmetrised copy)
    weights: str | None  # edge attribute name on h
    directed: bool
    scale: float = 1.0  # h's weights are the graph's divided by this (see weight_scale)


def _prepare(graph: SocialGraph, method: str | None, weight: str | None,
             directed: bool | None) -> _Prepared:
    w = edge_weights(graph, weight, nonnegative=True)  # the one weight check (no bool, nan)
    if directed is None:
        directed = graph.directed
    if directed and not graph.directed:
        raise InputError("directed=True needs a directed graph; this graph is undirected. "
                         "Pass directed=None or False.")
    h = graph.igraph
    if graph.directed and not directed:
        h = h.as_undirected(mode="each")
    elif directed and method is not None and method not in _NATIVE_DIRECTED:
        raise InputError(
            f"method={method!r} works on undirected graphs only, and this graph is directed. "
            "Pass directed=False to treat every arc as an undirected edge (a reciprocated "
            "pair then counts twice), or use method='leiden' or 'infomap', which follow the "
            "directions.")
    scale = weight_scale(w) if extreme_weights(w) else 1.0
    if scale != 1.0 or (w is not None and graph.edge_attr(weight).dtype.kind not in "iuf"):
        # extreme weights: run on weights / scale, so k_i k_j stays in range (and numbers
        # stored as objects or text: run on the numbers)
        h = h.copy() if h is graph.igraph else h
        h.es[weight] = (w / scale).tolist()
    return _Prepared(h, weight, bool(directed), scale)


def _run_params(prep: _Prepared, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters to run with on ``prep.h``: CPM's resolution is in units of weight,
    so with rescaled weights it is rescaled too (the same optimum)."""
    if prep.scale != 1.0 and params.get("objective") == "cpm":
        return {**params, "resolution": params["resolution"] / prep.scale}
    return params


def _options(method: str, resolution: float, objective: str, n_iterations: int,
             options: dict[str, Any]) -> dict[str, Any]:
    check_choice("method", method, METHODS)
    objective = str(objective).lower()
    check_choice("objective", objective, ("modularity", "cpm"))
    check_nonneg("resolution", resolution)
    if method not in ("leiden", "louvain", "multilevel", "plm") and resolution != 1.0:
        raise InputError(f"resolution applies to method='leiden', 'louvain', 'multilevel' or "
                         f"'plm'; got "
                         f"resolution={resolution!r} with method={method!r}.")
    if method != "leiden" and (objective != "modularity" or n_iterations != -1):
        raise InputError(f"objective and n_iterations apply to method='leiden' only; got "
                         f"method={method!r}.")
    if not isinstance(n_iterations, Integral) or isinstance(n_iterations, bool) \
            or n_iterations == 0:
        raise InputError(f"n_iterations must be a non-zero integer (negative: until stable); "
                         f"got {describe(n_iterations)}.")
    unknown = sorted(set(options) - set(_EXTRA[method]))
    if unknown:
        allowed = ", ".join(_EXTRA[method]) or "none"
        raise InputError(f"unknown option(s) {', '.join(unknown)} for method={method!r}; "
                         f"its igraph options are: {allowed}.")
    params: dict[str, Any] = dict(options)
    if method == "leiden":
        params = {"objective": objective, "resolution": float(resolution),
                  "n_iterations": int(n_iterations), **params}
    elif method in ("louvain", "multilevel"):
        params = {"resolution": float(resolution)}
    elif method == "plm":
        params = plm_params(resolution, params)
    elif method == "infomap":
        params.setdefault("trials", 10)
    elif method == "walktrap":
        params.setdefault("steps", 4)
    return params


def _modularity(h: Any, membership: list[int], weights: str | None, directed: bool,
                graph: SocialGraph, weight: str | None) -> float:
    # summed as float64: integer weights never wrap around (weights are checked by _prepare)
    total = graph.n_edges if weight is None else float(
        np.sum(graph.edge_attr(weight), dtype=np.float64))
    if not total > 0:
        warnings.warn("modularity is undefined (nan): the graph has no edges (or no edge "
                      "weight).", DegenerateMixingWarning, stacklevel=3)
        return float("nan")
    return float(h.modularity(membership, weights=weights, resolution=1, directed=directed))


def _partition(graph: SocialGraph, codes: np.ndarray, *, modularity: float, method: str,
               params: dict[str, Any], seed: int | None, weight: str | None, directed: bool,
               quality: float, labels: pd.Index | None = None,
               name: str | None = None) -> Partition:
    k = int(codes.max()) + 1 if codes.size else 0
    index = pd.RangeIndex(k, name="community") if labels is None else \
        pd.Index(labels, name=name or "community")
    values = codes if labels is None else index.take(codes)
    membership = pd.Series(values, index=graph.node_ids, name=name or "community")
    sizes = pd.Series(np.bincount(codes, minlength=k), index=index, name="size")
    crossing = codes[graph.src] != codes[graph.dst]
    crossing.setflags(write=False)
    codes = np.array(codes, dtype=np.int32)
    codes.setflags(write=False)
    return Partition(membership, sizes, modularity, method, k, int(crossing.sum()),
                     float(quality), seed, weight, bool(directed), MappingProxyType(params),
                     crossing, codes)


def _detected(graph: SocialGraph, prep: _Prepared, method: str, params: dict[str, Any],
              seed: int, weight: str | None) -> Partition:
    # (igraph reports Leiden's quality divided by the total weight: it needs no rescaling)
    w = edge_weights(graph, weight, nonnegative=True) if method in ("plm", "louvain") else None
    membership = None
    if method == "plm":  # straight from the edge arrays, no igraph edge list
        membership, quality = plm_membership(graph.src, graph.dst, None if w is None else
                                             w / prep.scale, graph.n_nodes, seed=seed,
                                             key=graph, **params), float("nan")
    elif method == "louvain":
        membership = louvain_membership(graph.src, graph.dst, None if w is None else
                                        w / prep.scale, graph.n_nodes, seed=seed,
                                        resolution=params["resolution"])
        quality = float("nan")
    if membership is None:
        membership, quality = _run(prep.h, method, prep.weights, _run_params(prep, params), seed)
    q = _modularity(prep.h, membership, prep.weights, prep.directed, graph, weight)
    return _partition(graph, canonical_codes(np.asarray(membership)), modularity=q,
                      method=method, params=params, seed=seed, weight=weight,
                      directed=prep.directed, quality=quality)


def detect_communities(
    graph: SocialGraph,
    method: str = "leiden",
    *,
    weight: str | None = None,
    resolution: float = 1.0,
    objective: str = "modularity",
    n_iterations: int = -1,
    directed: bool | None = None,
    seed: Any = None,
    **options: Any,
) -> Partition:
    r"""Find communities with one of igraph's algorithms (its C core).

    Modularity-based methods maximise (Newman & Girvan 2004, eq. 4; Reichardt & Bornholdt's
    resolution :math:`\gamma`)

    .. math::

        Q = \frac{1}{2m} \sum_{ij} \Big(A_{ij} - \gamma \frac{k_i k_j}{2m}\Big)
            \delta(c_i, c_j),

    and Leiden's CPM objective (Traag et al. 2011, eq. 6) is
    :math:`\sum_c \big(e_c - \gamma \binom{n_c}{2}\big)`.

    Parameters
    ----------
    graph : SocialGraph
    method : {"leiden", "louvain", "multilevel", "infomap", "walktrap", "label_propagation", "plm"}
    weight : str, optional
        Edge attribute to use as weight (non-negative); None treats every edge alike.
    resolution : float, default 1.0
        :math:`\gamma` (Leiden, Louvain, PLM). With ``objective="cpm"`` choose it on the scale
        of edge densities (e.g. the graph's density): at 1 CPM puts every node alone.
    objective : {"modularity", "cpm"}, default "modularity"
        Leiden's objective. (igraph's own default is CPM; netmix's is modularity.)
    n_iterations : int, default -1
        Leiden iterations; negative runs until an iteration changes nothing.
    directed : bool, optional
        Default: as the graph is. See the module notes for what each method does with
        directions; ``False`` symmetrises a directed graph (each arc an undirected edge).
    seed : None, int, SeedSequence or Generator
        Seeds igraph's generator for this call only (see :mod:`netmix.communities._rng`);
        the integer seed used is recorded on the result.
    **options
        Other options: ``beta``, ``initial_membership`` (Leiden); ``trials``,
        ``vertex_weights`` (Infomap); ``steps`` (walktrap); ``initial``, ``fixed`` (label
        propagation); ``n_jobs`` (threads, default 1), ``refine``, ``split``, ``shuffle``
        (PLM; :mod:`netmix.communities._plm` says what a seed fixes, and cannot with threads).

    Returns
    -------
    Partition

    Notes
    -----
    The graph is not changed (the detection runs on its cached igraph view, or on a
    symmetrised copy). Validated against the known modularity optimum of Zachary's karate
    club, 0.4197896 (Brandes et al. 2008), reached by Leiden, and against igraph's modularity
    of the returned membership.

    References
    ----------
    Traag, V. A., Waltman, L., & van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing
    well-connected communities. Scientific Reports 9, 5233. doi:10.1038/s41598-019-41695-z

    Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E. (2008). Fast unfolding of
    communities in large networks. J. Stat. Mech. P10008. doi:10.1088/1742-5468/2008/10/P10008

    Rosvall, M., & Bergstrom, C. T. (2008). Maps of random walks on complex networks reveal
    community structure. PNAS 105, 1118-1123. doi:10.1073/pnas.0706851105

    Pons, P., & Latapy, M. (2006). Computing communities in large networks using random
    walks. J. Graph Algorithms Appl. 10, 191-218. doi:10.7155/jgaa.00124

    Raghavan, U. N., Albert, R., & Kumara, S. (2007). Near linear time algorithm to detect
    community structures in large-scale networks. Phys. Rev. E 76, 036106.
    doi:10.1103/PhysRevE.76.036106

    Newman, M. E. J., & Girvan, M. (2004). Finding and evaluating community structure in
    networks. Phys. Rev. E 69, 026113. doi:10.1103/PhysRevE.69.026113

    Leicht, E. A., & Newman, M. E. J. (2008). Community structure in directed networks.
    Phys. Rev. Lett. 100, 118703. doi:10.1103/PhysRevLett.100.118703

    Traag, V. A., Van Dooren, P., & Nesterov, Y. (2011). Narrow scope for resolution-limit-
    free community detection. Phys. Rev. E 84, 016114. doi:10.1103/PhysRevE.84.016114

    Examples
    --------
    >>> import networkx as nx, netmix
    >>> from netmix.communities import detect_communities
    >>> g = netmix.from_networkx(nx.karate_club_graph())
    >>> p = detect_communities(g, "leiden", seed=1)
    >>> p.n_communities, round(p.modularity, 4)
    (4, 0.4198)
    >>> p.membership.head(3).tolist()
    [1, 1, 1]
    """
    graph = as_social_graph(graph)
    params = _options(method, resolution, objective, n_iterations, options)
    prep = _prepare(graph, method, weight, directed)
    return _detected(graph, prep, method, params, resolve_seed(seed), weight)
