"""Named null models: random networks that keep some features of the observed one.

Every null model is fitted to the observed :class:`~netmix.inference.NetworkData` and then
draws replicates from a :class:`numpy.random.Generator`::

    model = NULL_MODELS["degree_preserving"]().fit(data)
    for replicate in model.replicates(rng, 99): ...

======================  ==========================================  ====================
name                    keeps                                       randomises
======================  ==========================================  ====================
``label_permutation``   the graph; group sizes                      who is in which group
``degree_preserving``   every node's degree (in- and out-degree     the edges (swaps)
                        when directed) and group; no new loops or
                        multi-edges
``configuration``       every node's degree and group               the edges (stubs)
======================  ==========================================  ====================

Weights: ``label_permutation`` leaves every weight on its edge. The edge-changing models
make new edges, so each new edge gets a weight drawn without replacement from the observed
ones (the weight distribution is kept; node strengths are not).

Register your own with :func:`register_null_model`: a :class:`NullModel` subclass, or a
function ``f(data, rng) -> NetworkData``.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import numpy as np

from .._validation import check_choice, check_positive, describe
from ..exceptions import InputError
from ..graph.convert import igraph_ends
from ._data import NetworkData

__all__ = [
    "NULL_MODELS",
    "ConfigurationModel",
    "DegreePreserving",
    "LabelPermutation",
    "NullModel",
    "register_null_model",
    "resolve_null_model",
]

#: igraph draws from one process-wide generator: calls that set and use it are serialised.
_IGRAPH_LOCK = threading.Lock()


class NullModel:
    """Base class of null models. Subclasses set ``name`` and ``keeps`` and define
    :meth:`sample`; :meth:`fit` may precompute what sampling needs."""

    name: ClassVar[str] = "null model"
    keeps: ClassVar[str] = ""
    #: Whether replicates only change the group codes (the graph stays as observed).
    relabels_only: ClassVar[bool] = False

    data: NetworkData

    def fit(self, data: NetworkData) -> NullModel:
        """Bind the model to the observed data; returns ``self``."""
        self.data = data
        return self

    def sample(self, rng: np.random.Generator) -> NetworkData:
        """One null replicate."""
        raise NotImplementedError

    def replicates(self, rng: np.random.Generator, size: int) -> Iterator[NetworkData]:
        """``size`` null replicates."""
        for _ in range(size):
            yield self.sample(rng)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class LabelPermutation(NullModel):
    """Shuffle the group labels over the nodes: group sizes and the graph are kept.

    Nodes without a group (``missing="drop"``) keep no group; the others' labels are
    permuted among themselves. This is the null of the classical test of assortative mixing
    (labels exchangeable given the graph), e.g. in netseg's and statnet's permutation tests.
    """

    name = "label_permutation"
    keeps = "graph and group sizes"
    relabels_only = True

    def fit(self, data: NetworkData) -> LabelPermutation:
        self.data = data
        self._valid = np.flatnonzero(data.codes >= 0)
        self._values = data.codes[self._valid]
        return self

    def permuted_codes(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``(size, n_nodes)`` codes, one permutation a row (``rng.permuted``, row by row, so
        ``size`` does not change the stream)."""
        rows = rng.permuted(np.broadcast_to(self._values, (size, self._values.size)), axis=1)
        if self._valid.size == self.data.n_nodes:
            return rows
        out = np.full((size, self.data.n_nodes), -1, dtype=self.data.codes.dtype)
        out[:, self._valid] = rows
        return out

    def sample(self, rng: np.random.Generator) -> NetworkData:
        return self.data.replace(codes=self.permuted_codes(rng, 1)[0])


def _permuted_weights(data: NetworkData, rng: np.random.Generator, m: int) -> np.ndarray | None:
    if data.weights is None:
        return None
    if m != data.weights.size:
        raise InputError(f"the null model made {m} edges from {data.weights.size}; weights "
                         "cannot be carried over.")
    return rng.permutation(data.weights)


def _igraph_call(rng: np.random.Generator, func: Callable[[], Any]) -> Any:
    """Run ``func`` with igraph drawing from a ``random.Random`` seeded from ``rng``."""
    import igraph

    local = random.Random(int(rng.integers(2**63)))
    with _IGRAPH_LOCK:
        igraph.set_random_number_generator(local)
        try:
            return func()
        finally:
            igraph.set_random_number_generator(random)


def _edge_arrays(g: Any, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    src, dst = igraph_ends(g)
    return src.astype(dtype), dst.astype(dtype)


class DegreePreserving(NullModel):
    """Degree-preserving rewiring by edge swaps (Maslov & Sneppen 2002), igraph's C routine.

    Each replicate starts from the observed graph and makes ``swaps_per_edge * n_edges``
    swap trials with :meth:`igraph.Graph.rewire`: two edges ``a-b, c-d`` become ``a-d,
    c-b`` when that creates no multi-edge (nor, with ``loops=False``, a self-loop). Every
    node keeps its degree; in a directed graph, its in- and out-degree. Groups stay on
    their nodes. Weights are redrawn over the new edges (see the module notes).

    Parameters
    ----------
    swaps_per_edge : float, default 10
        Swap trials per edge (igraph's default is 10).
    loops : bool, default False
        Allow swaps that create self-loops (igraph's ``allowed_edge_types="loops"``).

    Notes
    -----
    igraph draws from a process-wide generator; netmix seeds it from the test's numpy
    stream for every replicate (so results reproduce), restores Python's ``random`` module
    as igraph's generator afterwards, and serialises the calls across threads.

    References
    ----------
    Maslov, S., & Sneppen, K. (2002). Specificity and stability in topology of protein
    networks. Science 296, 910-913. doi:10.1126/science.1065103
    """

    name = "degree_preserving"
    keeps = "every node's degree (in/out when directed) and group"

    def __init__(self, swaps_per_edge: float = 10, *, loops: bool = False) -> None:
        self.swaps_per_edge = check_positive("swaps_per_edge", swaps_per_edge)
        self.loops = bool(loops)

    def fit(self, data: NetworkData) -> DegreePreserving:
        import igraph

        self.data = data
        edges = np.column_stack([data.src, data.dst]).astype(np.int64)
        self._graph = igraph.Graph(n=data.n_nodes, edges=edges, directed=data.directed)
        return self

    def sample(self, rng: np.random.Generator) -> NetworkData:
        g = self._graph.copy()
        n_trials = round(self.swaps_per_edge * g.ecount())
        kind = "loops" if self.loops else "simple"
        _igraph_call(rng, lambda: g.rewire(n=n_trials, allowed_edge_types=kind))
        src, dst = _edge_arrays(g, self.data.src.dtype)
        return self.data.replace(src=src, dst=dst,
                                 weights=_permuted_weights(self.data, rng, src.size))

    def __repr__(self) -> str:
        return f"DegreePreserving(swaps_per_edge={self.swaps_per_edge}, loops={self.loops})"


class ConfigurationModel(NullModel):
    """A configuration-model graph with the observed degree sequence; groups stay on nodes.

    ``method="configuration"`` (default) is stub matching (Molloy & Reed 1995; Newman 2003,
    sec. IV.B): every node gets as many edge ends ("stubs") as its degree, and the stubs
    are paired uniformly at random, so multi-edges and self-loops occur. netmix pairs the
    stubs itself with one ``Generator.permutation`` (the algorithm of igraph's
    ``Degree_Sequence(method="configuration")``, checked against it in the tests), which is
    vectorised and draws from the test's own stream. A directed graph pairs out-stubs with
    in-stubs, keeping in- and out-degrees. Any other ``method`` is passed to
    :meth:`igraph.Graph.Degree_Sequence`: ``"configuration_simple"`` (uniform over simple
    graphs by rejection; slow for skewed degrees), ``"fast_heur_simple"``,
    ``"edge_switching_simple"`` or ``"vl"`` (simple connected undirected graphs; Viger &
    Latapy 2005). Weights are redrawn over the new edges (see the module notes).

    References
    ----------
    Molloy, M., & Reed, B. (1995). A critical point for random graphs with a given degree
    sequence. Random Structures & Algorithms 6, 161-180. doi:10.1002/rsa.3240060204

    Newman, M. E. J. (2003). The structure and function of complex networks. SIAM Review 45,
    167-256. doi:10.1137/S003614450342480
    """

    name = "configuration"
    keeps = "every node's degree (in/out when directed) and group"
    METHODS = ("configuration", "configuration_simple", "fast_heur_simple",
               "edge_switching_simple", "vl")

    def __init__(self, method: str = "configuration") -> None:
        self.method = check_choice("method", method, self.METHODS)

    def fit(self, data: NetworkData) -> ConfigurationModel:
        self.data = data
        out_deg, in_deg = data.degrees()
        nodes = np.arange(data.n_nodes, dtype=data.src.dtype)
        self._out_stubs = np.repeat(nodes, out_deg)
        self._in_stubs = np.repeat(nodes, in_deg)
        self._degrees = (out_deg.tolist(), in_deg.tolist() if data.directed else None)
        return self

    def sample(self, rng: np.random.Generator) -> NetworkData:
        if self.method != "configuration":
            import igraph

            degrees = [d for d in self._degrees if d is not None]
            g = _igraph_call(rng, lambda: igraph.Graph.Degree_Sequence(
                *degrees, method=self.method))
            src, dst = _edge_arrays(g, self.data.src.dtype)
        elif self.data.directed:
            src, dst = self._out_stubs, rng.permutation(self._in_stubs)
        else:
            stubs = rng.permutation(self._out_stubs)
            src, dst = stubs[0::2], stubs[1::2]
        return self.data.replace(src=src, dst=dst,
                                 weights=_permuted_weights(self.data, rng, src.size))

    def __repr__(self) -> str:
        return f"ConfigurationModel(method={self.method!r})"


class _FunctionNull(NullModel):
    def __init__(self, func: Callable[[NetworkData, np.random.Generator], NetworkData],
                 name: str) -> None:
        self.func, self.name_ = func, name

    def sample(self, rng: np.random.Generator) -> NetworkData:
        rep = self.func(self.data, rng)
        if not isinstance(rep, NetworkData):
            raise InputError(f"null model {self.name_!r} must return a NetworkData (use "
                             f"data.replace(...)); got {describe(rep)}.")
        return rep

    def __repr__(self) -> str:
        return self.name_


#: Null models by name: a NullModel subclass, or a function ``f(data, rng) -> NetworkData``.
NULL_MODELS: dict[str, Any] = {
    "label_permutation": LabelPermutation,
    "degree_preserving": DegreePreserving,
    "configuration": ConfigurationModel,
}


def register_null_model(name: str, model: Any) -> None:
    """Register a null model under ``name``.

    ``model`` is a :class:`NullModel` subclass (instantiated without arguments) or a
    function ``f(data, rng) -> NetworkData`` that draws one replicate.

    Examples
    --------
    >>> from netmix.inference import register_null_model, NULL_MODELS
    >>> def shuffle_weights(data, rng):
    ...     return data.replace(weights=rng.permutation(data.weights))
    >>> register_null_model("weight_shuffle", shuffle_weights)
    >>> del NULL_MODELS["weight_shuffle"]
    """
    if not isinstance(name, str) or not (callable(model)):
        raise InputError(f"register_null_model needs a name and a NullModel subclass or a "
                         f"function; got {describe(name)} and {describe(model)}.")
    NULL_MODELS[name] = model


def resolve_null_model(null: Any) -> tuple[NullModel, str]:
    """A fresh, unfitted null model and its name for ``null`` (name, class, instance or
    function)."""
    if isinstance(null, NullModel):
        return null, getattr(null, "name_", type(null).name)
    name = None
    if isinstance(null, str):
        if null not in NULL_MODELS:
            have = ", ".join(repr(k) for k in NULL_MODELS)
            raise InputError(f"null must be one of {have}, a NullModel or a function; got "
                             f"{null!r}. Register yours with register_null_model.")
        name, null = null, NULL_MODELS[null]
    if isinstance(null, type) and issubclass(null, NullModel):
        return null(), name or null.name
    if callable(null):
        label = name or getattr(null, "__name__", "custom null")
        return _FunctionNull(null, label), label
    raise InputError(f"null must be a name, a NullModel or a function; got {describe(null)}.")
