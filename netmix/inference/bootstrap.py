"""Bootstrap standard errors and confidence intervals for mixing statistics."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._results import ConfidenceInterval, ResultMixin
from .._validation import check_choice, check_level, check_positive, check_resamples_for_level
from ..core import fold
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph
from ._data import MAX_ELEMENTS, NetworkData
from ._engine import run_batches, streams
from ._resample import CellSums, node_sample_graph
from ._summary import moments, order_quantiles, warn
from .statistics import Statistic, resolve_statistic

__all__ = ["BootstrapResult", "bootstrap"]

UNITS = ("node", "edge")
METHODS = ("percentile", "basic", "bca")
#: Most leave-one-out evaluations a graph statistic's BCa interval may need.
MAX_GRAPH_JACKKNIFE = 10_000


@dataclass(frozen=True, eq=False)  # arrays inside: compare fields, not results
class BootstrapResult(ResultMixin):
    """Result of :func:`bootstrap`.

    Attributes
    ----------
    statistic : float
        The observed value.
    standard_error : float
        Bootstrap standard error (standard deviation of the distribution, ddof=1).
    confidence_interval : ConfidenceInterval
        ``(low, high)``: the confidence interval (see ``method``).
    confidence_level : float
    method : {"percentile", "basic", "bca"}
    unit : {"node", "edge"}
    bias : float
        ``mean(distribution) - statistic``.
    n_resamples, n_undefined, statistic_name, weight, seed
        How it was made; ``n_undefined`` samples gave nan and are left out.
    bootstrap_distribution : numpy.ndarray
        The defined bootstrap values, in draw order (scipy's name).
    """

    statistic: float
    standard_error: float
    confidence_interval: ConfidenceInterval
    confidence_level: float
    method: str
    unit: str
    bias: float
    n_resamples: int
    n_undefined: int
    statistic_name: str
    weight: str | None
    seed: Any
    bootstrap_distribution: np.ndarray = field(repr=False)

    _title = "Bootstrap"


def bootstrap(
    graph: Any,
    statistic: Any,
    groups: Any,
    *,
    unit: str = "node",
    n_resamples: int = 999,
    confidence_level: float = 0.95,
    method: str = "percentile",
    weight: str | None = None,
    seed: Any = None,
    missing: str = "raise",
    batch_size: int | None = None,
    progress: bool | None = None,
) -> BootstrapResult:
    r"""Bootstrap a mixing statistic over nodes (Snijders & Borgatti 1999) or edges.

    ``unit="node"``: each sample draws :math:`n` nodes with replacement and keeps the ties
    among them. A node drawn :math:`c_u` times appears as :math:`c_u` copies; copies of
    :math:`u` and :math:`v` are tied when :math:`u` and :math:`v` are, so edge
    :math:`(u, v)` appears :math:`c_u c_v` times and the sample's mixing matrix is

    .. math::

        M^*_{gh} = \sum_{(u, v) \in E:\ g_u = g, g_v = h} c_u\, c_v\, w_{uv}

    (Snijders & Borgatti 1999, sec. 2: :math:`Y^*_{kl} = Y_{i(k) i(l)}`). Two copies of the
    same node are not tied (their dyad is the undefined diagonal); an observed self-loop
    stays on each copy. ``unit="edge"`` draws :math:`m` edges with replacement, nodes and
    groups fixed. Nodes without a group (``missing="drop"``) are left out first (all of
    them missing raises an :class:`~netmix.InputError`); people without contacts stay in
    the node bootstrap as units that bring no tie.

    Parameters
    ----------
    graph : SocialGraph
    statistic : str, callable or Statistic
        As for :func:`~netmix.inference.permutation_test`.
    groups : str, mapping, Series or array
    unit : {"node", "edge"}, default "node"
    n_resamples : int, default 999
        At least :math:`2/(1 - \text{level}) - 1` (39 for a 95 % interval): with fewer,
        the interval's ends would be the extreme resamples, narrower than its level; an
        :class:`~netmix.InputError` says how many are needed.
    confidence_level : float, default 0.95
        A proportion strictly between 0 and 1 (``95`` is refused with the
        hint ``0.95``).
    method : {"percentile", "basic", "bca"}, default "percentile"
        Percentile interval, basic (reverse percentile) interval :math:`2T - q`, or the
        bias-corrected and accelerated interval (Efron 1987) with its acceleration from the
        leave-one-unit-out jackknife, all as in :func:`scipy.stats.bootstrap`.
    weight : str, optional
    seed : int, SeedSequence or Generator, optional
        The result records the seed's entropy, so a run with ``seed=None`` can be repeated.
    missing : {"raise", "drop"}
    batch_size : int, optional
        Samples drawn together (default: about :math:`4\times10^6` node or edge cells in
        memory). Does not change the result.
    progress : bool, optional
        A tqdm bar: None shows it on big runs (samples x edges above 5e7) once they have
        lasted 2 s; True always; False never.

    Returns
    -------
    BootstrapResult
        Resamples whose statistic is undefined (nan) are left out with a
        :class:`~netmix.DegenerateMixingWarning`; the interval is nan (with a warning saying
        why) when fewer defined resamples than the level needs are left, or when an end of it
        falls among infinite values (a log odds ratio with an empty cell); the standard error
        and bias are nan when any resample is infinite.

    Notes
    -----
    A matrix statistic is vectorised: a batch of samples is a (batch, n) array of node
    multiplicities, and each sample's matrix a segmented sum of :math:`c_u c_v w_{uv}` over
    the edges sorted by cell, with no loop over nodes or edges. The tests check it against
    building every sample's graph explicitly, and the intervals against
    :func:`scipy.stats.bootstrap` on the same draws.

    References
    ----------
    Snijders, T. A. B., & Borgatti, S. P. (1999). Non-parametric standard errors and tests
    for network statistics. Connections 22(2), 161-170.

    Efron, B. (1987). Better bootstrap confidence intervals. Journal of the American
    Statistical Association 82, 171-185. doi:10.1080/01621459.1987.10478410

    Examples
    --------
    >>> import netmix
    >>> from netmix.inference import bootstrap
    >>> g = netmix.datasets.load_example()
    >>> res = bootstrap(g, "nominal_assortativity", "department", n_resamples=200, seed=1)
    >>> round(res.statistic, 3), round(res.standard_error, 2)
    (0.612, 0.03)
    >>> low, high = res.confidence_interval
    >>> bool(low < res.statistic < high)
    True
    """
    graph = as_social_graph(graph)
    stat = resolve_statistic(statistic)
    check_choice("unit", unit, UNITS)
    check_choice("method", method, METHODS)
    n_resamples = int(check_positive("n_resamples", n_resamples, integer=True))
    level = check_level(confidence_level, "confidence_level")
    check_resamples_for_level(n_resamples, level, alternative="a lower confidence_level")
    data = _bootstrap_data(graph, groups, weight, missing)
    record, gens = streams(seed, 1)
    plan = _Plan(stat, data, unit, missing)
    info = dict(confidence_level=float(level), method=method, unit=unit,
                n_resamples=n_resamples, statistic_name=stat.name, weight=weight, seed=record)
    nan = float("nan")
    if np.isnan(plan.observed):
        warnings.warn(f"{stat.name} is undefined (nan) for the observed graph; no bootstrap "
                      "was run.", DegenerateMixingWarning, stacklevel=2)
        return BootstrapResult(nan, nan, ConfidenceInterval(nan, nan), bias=nan, n_undefined=0,
                               bootstrap_distribution=np.empty(0), **info)
    if np.isinf(plan.observed):
        warnings.warn(f"{stat.name} is infinite ({plan.observed}) for the observed graph (e.g. "
                      "a log odds ratio with an empty cell), so its standard error, bias and "
                      "interval are undefined (nan); no bootstrap was run.",
                      DegenerateMixingWarning, stacklevel=2)
        return BootstrapResult(plan.observed, nan, ConfidenceInterval(nan, nan), bias=nan,
                               n_undefined=0, bootstrap_distribution=np.empty(0), **info)
    size = plan.batch if batch_size is None else int(
        check_positive("batch_size", batch_size, integer=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        values = run_batches(plan.draw, n_resamples, gens, size, progress, f"{unit} bootstrap",
                             work=n_resamples * max(data.n_edges, data.n_nodes))
    dist = values[~np.isnan(values)]
    n_undefined = int(values.size - dist.size)
    if n_undefined:
        warn(f"{n_undefined} of {values.size} bootstrap resamples gave an undefined statistic "
             f"(nan: e.g. one group, or no edges between nodes with a group, in the sample); "
             "they are left out.", 2)
    if dist.size == 1:
        warn("the standard error and bias need at least 2 defined bootstrap resamples; got 1 "
             "(nan).", 2)
    mean, sd = moments(dist, "bootstrap resamples", "the standard error and bias", 2)
    low, high = _checked_interval(method, plan, dist, level, values.size)
    return BootstrapResult(plan.observed, sd, ConfidenceInterval(low, high),
                           bias=mean - plan.observed, n_undefined=n_undefined,
                           bootstrap_distribution=dist, **info)


def _checked_interval(method: str, plan: _Plan, dist: np.ndarray, level: float, n: int
                      ) -> tuple[float, float]:
    """The interval, or nan with a warning (at the caller of :func:`bootstrap`) saying why:
    too few defined resamples for the level, or an endpoint among infinite values."""
    need = int(np.ceil(2 / (1 - level) - 1 - 1e-9))
    nan = float("nan")
    if dist.size < need:
        warn(f"the {level:g} interval needs at least {need} defined bootstrap resamples; "
             f"{n - dist.size} of {n} gave an undefined statistic (nan), leaving "
             f"{dist.size}: the interval is nan.", 3)
        return nan, nan
    low, high = _interval(method, plan, dist, (1 - level) / 2)
    if not (np.isfinite(low) and np.isfinite(high)):
        k = int(np.count_nonzero(np.isinf(dist)))
        if k:
            warn(f"{k} of {n} bootstrap resamples gave an infinite statistic (e.g. a log odds "
                 f"ratio with an empty cell) and an end of the {level:g} interval falls among "
                 "them: the interval is unbounded, reported as nan.", 3)
        return nan, nan
    return low, high


def _bootstrap_data(graph: SocialGraph, groups: Any, weight: str | None, missing: str
                    ) -> NetworkData:
    data = NetworkData.from_graph(graph, groups, weight, missing=missing)
    if data.groups.n_missing == 0:
        return data
    keep = data.codes >= 0
    sub = graph.subgraph(keep)
    series = data.groups_series(data.codes).loc[sub.node_ids]
    return NetworkData.from_graph(sub, series, weight)


class _Plan:
    """The observed value, ``draw(rng, size)`` and the jackknife for one bootstrap."""

    def __init__(self, stat: Statistic, data: NetworkData, unit: str, missing: str) -> None:
        self.stat, self.data, self.unit = stat, data, unit
        n_units = data.n_nodes if unit == "node" else data.n_edges
        self.batch = max(1, MAX_ELEMENTS // max(data.n_nodes, data.n_edges, 1))
        self.n_units = n_units
        if stat.kind == "matrix":
            self.template = data.template()
            self.sizes = np.asarray(self.template.row_sizes)
            self.cells = CellSums(data)
            self.observed = float(self._on_counts(data.counts()[None])[0])
        else:
            self.observed = float(self._on_graph(data.graph, data.codes))

    # ------------------------------------------------------------------ evaluation
    def _on_counts(self, counts: np.ndarray, sizes: np.ndarray | None = None) -> np.ndarray:
        sizes = np.broadcast_to(self.sizes, (counts.shape[0], self.data.k)) \
            if sizes is None else sizes
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateMixingWarning)
            return self.stat.on_matrices(counts, sizes, self.template)

    def _on_graph(self, graph: SocialGraph, codes: np.ndarray) -> float:
        groups = self.data.groups_series(codes, index=graph.node_ids)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateMixingWarning)
            return self.stat.on_graph(graph, groups, self.data.weight, "raise")

    # ------------------------------------------------------------------ resampling
    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        idx = rng.integers(0, self.n_units, (size, self.n_units))
        if self.stat.kind == "graph":
            return np.array([self._graph_sample(row) for row in idx])
        if self.unit == "edge":
            return self._on_counts(self.cells.from_edge_draws(idx))
        offsets = (np.arange(size) * self.n_units)[:, None]
        mult = np.bincount((idx + offsets).ravel(), minlength=size * self.n_units)
        return self._on_counts(*self.cells.from_node_counts(mult.reshape(size, self.n_units)))

    def _graph_sample(self, idx: np.ndarray) -> float:
        d = self.data
        if self.unit == "node":
            return self._on_graph(*node_sample_graph(d, idx))
        g = d.graph
        attrs = {name: g.edge_attr(name)[idx] for name in g.edge_attributes}
        sample = SocialGraph(g.nodes, d.src[idx], d.dst[idx], directed=d.directed,
                             edge_attrs=attrs)
        return self._on_graph(sample, d.codes)

    # ------------------------------------------------------------------ jackknife
    def jackknife(self) -> tuple[np.ndarray, np.ndarray]:
        """Leave-one-unit-out values and their multiplicities (for BCa's acceleration)."""
        if self.stat.kind == "graph":
            return self._graph_jackknife(), np.ones(self.n_units)
        d, k = self.data, self.data.k
        base = d.counts(directed=True).astype(np.float64)
        cell = d.codes[d.src].astype(np.intp) * k + d.codes[d.dst]
        w = np.ones(d.n_edges) if d.weights is None else d.weights
        if self.unit == "edge":
            pairs, mult = np.unique(np.column_stack([cell, w]), axis=0, return_counts=True)
            drop = np.zeros((pairs.shape[0], k * k))
            drop[np.arange(pairs.shape[0]), pairs[:, 0].astype(np.intp)] = pairs[:, 1]
            return self._on_counts(self._sym(base - drop.reshape(-1, k, k))), mult
        from scipy import sparse

        other = d.src != d.dst
        rows = np.concatenate([d.src, d.dst[other]])
        inc = sparse.csr_matrix((np.concatenate([w, w[other]]),
                                 (rows, np.concatenate([cell, cell[other]]))),
                                shape=(d.n_nodes, k * k))
        out = []
        step = max(1, MAX_ELEMENTS // (k * k))
        for a in range(0, d.n_nodes, step):
            drop = inc[a:a + step].toarray().reshape(-1, k, k)
            sizes = self.sizes - np.eye(k)[d.codes[a:a + step]]
            out.append(self._on_counts(self._sym(base - drop), sizes))
        return np.concatenate(out), np.ones(d.n_nodes)

    def _sym(self, counts: np.ndarray) -> np.ndarray:
        return fold(counts, self.data.view)  # the view's direction rule

    def _graph_jackknife(self) -> np.ndarray:
        d = self.data
        if self.n_units > MAX_GRAPH_JACKKNIFE:
            raise InputError(
                f"method='bca' with a graph statistic needs {self.n_units} leave-one-out "
                f"evaluations (more than {MAX_GRAPH_JACKKNIFE}); use method='percentile', or "
                "a statistic of the mixing matrix.")
        out = np.empty(self.n_units)
        for i in range(self.n_units):
            keep = np.ones(self.n_units, dtype=bool)
            keep[i] = False
            if self.unit == "node":
                sub = d.graph.subgraph(keep)
                out[i] = self._on_graph(sub, d.codes[keep])
            else:
                out[i] = self._graph_sample(np.flatnonzero(keep))
        return out


def _interval(method: str, plan: _Plan, dist: np.ndarray, alpha: float
              ) -> tuple[float, float]:
    """Percentile, basic or BCa interval (the formulas of scipy.stats.bootstrap)."""
    t = plan.observed
    if method == "bca":
        jack, mult = plan.jackknife()
        if np.isinf(jack).any():
            warnings.warn(f"the BCa interval is undefined (nan): {np.isinf(jack).sum()} of "
                          f"{jack.size} leave-one-out values of the statistic are infinite, so "
                          "the acceleration is undefined; use method='percentile'.",
                          DegenerateMixingWarning, stacklevel=4)
            return float("nan"), float("nan")
        probs = _bca_levels(t, dist, jack, mult, alpha)
        if np.isnan(probs).any():
            warnings.warn("the BCa interval is undefined (nan): the bootstrap distribution "
                          "lies on one side of the statistic, or the jackknife is constant.",
                          DegenerateMixingWarning, stacklevel=4)
            return float("nan"), float("nan")
    else:
        probs = np.array([alpha, 1 - alpha])
    low, high = order_quantiles(dist, probs)
    if method == "basic":
        low, high = 2 * t - high, 2 * t - low
    return float(low), float(high)


def _bca_levels(t: float, dist: np.ndarray, jack: np.ndarray, mult: np.ndarray,
                alpha: float) -> np.ndarray:
    r"""Efron's (1987) BCa levels :math:`\Phi(z_0 + (z_0 + z_\alpha)/(1 - a(z_0 +
    z_\alpha)))` with :math:`z_0 = \Phi^{-1}(\#\{T^* < T\} + \#\{T^* \le T\}) / 2B` and the
    jackknife acceleration :math:`a = \sum U^3 / 6 (\sum U^2)^{3/2}`,
    :math:`U_i = \bar T_{(\cdot)} - T_{(i)}` (Efron & Tibshirani 1993, eqs. 14.14-14.15)."""
    from scipy.special import ndtr, ndtri

    frac = (np.count_nonzero(dist < t) + np.count_nonzero(dist <= t)) / (2 * dist.size)
    ok = ~np.isnan(jack)
    jack, mult = jack[ok], mult[ok]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        u = np.average(jack, weights=mult) - jack if jack.size else np.zeros(1)
        s2 = float(np.sum(mult * u**2)) if jack.size else 0.0
        a = float(np.sum(mult * u**3)) / (6 * s2**1.5) if s2 > 0 else 0.0
        z0 = ndtri(frac)
        z = np.array([ndtri(alpha), -ndtri(alpha)])
        num = z0 + z
        return ndtr(z0 + num / (1 - a * num))
