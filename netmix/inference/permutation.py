"""Monte Carlo permutation tests of mixing statistics against named null models."""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._results import ResultMixin
from .._validation import check_choice, check_positive
from ..core import batch_margins, batch_tally, tally_strengths
from ..exceptions import DegenerateMixingWarning
from ..graph import as_social_graph
from ._data import LANES, MAX_ELEMENTS, NetworkData
from ._engine import AUTO_PROGRESS, _bar, check_jobs, run_batches, streams
from ._shuffle import fused_applies, fused_null
from ._summary import moments, warn
from .nulls import NullModel, resolve_null_model
from .statistics import Statistic, resolve_statistic

__all__ = ["PermutationTestResult", "permutation_pvalues", "permutation_test"]

ALTERNATIVES = ("two-sided", "greater", "less")


@dataclass(frozen=True, eq=False)  # arrays inside: compare fields, not results
class PermutationTestResult(ResultMixin):
    """Result of :func:`permutation_test`; unpacks to ``statistic, pvalue``.

    Attributes
    ----------
    statistic : float
        The observed value.
    pvalue : float
        Monte Carlo p-value, :math:`(b + 1)/(m + 1)` (see :func:`permutation_test`).
    null_mean, null_sd : float
        Mean and standard deviation (ddof=1) of the null distribution.
    zscore : float
        ``(statistic - null_mean) / null_sd``.
    alternative, null, n_resamples, statistic_name, weight, seed, n_jobs
        How the test was made; ``seed`` is the entropy of the seed sequence (reuse it with
        the same ``n_jobs`` to repeat the run; the compiled label-permutation engine repeats
        it with any ``n_jobs``), None when a Generator was passed. ``n_jobs``: the threads
        used.
    n_undefined : int
        Null replicates whose statistic was undefined (nan), left out of the p-value.
    null_distribution : numpy.ndarray
        The defined null values, in draw order.
    """

    statistic: float
    pvalue: float
    null_mean: float
    null_sd: float
    zscore: float
    alternative: str
    null: str
    n_resamples: int
    n_undefined: int
    statistic_name: str
    weight: str | None
    seed: Any
    n_jobs: int
    null_distribution: np.ndarray = field(repr=False)

    _title = "Permutation test"


def permutation_pvalues(statistic: float, null: np.ndarray) -> tuple[float, float, float]:
    r"""``(two-sided, greater, less)`` Monte Carlo p-values of ``statistic`` against ``null``.

    .. math::

        p_{\ge} = \frac{\#\{T^*_i \ge T\} + 1}{m + 1}, \quad
        p_{\le} = \frac{\#\{T^*_i \le T\} + 1}{m + 1}, \quad
        p = \min(1, 2 \min(p_{\ge}, p_{\le}))

    (Phipson & Smyth 2010, eq. 2; the two-sided rule doubles the smaller tail, as
    :func:`scipy.stats.permutation_test` does.) Ties are counted within a relative
    tolerance of :math:`100\,\epsilon\,|T|`, as in SciPy.

    Examples
    --------
    >>> permutation_pvalues(2.0, [2, 0, 1, 1, 0, 2])  # b = 2 values >= 2 of m = 6
    (0.8571428571428571, 0.42857142857142855, 1.0)
    """
    null = np.asarray(null, dtype=float)
    m = null.size
    tol = 100 * np.finfo(float).eps * abs(statistic)
    p_ge = (np.count_nonzero(null >= statistic - tol) + 1) / (m + 1)
    p_le = (np.count_nonzero(null <= statistic + tol) + 1) / (m + 1)
    return float(min(1.0, 2 * min(p_ge, p_le))), float(p_ge), float(p_le)


def permutation_test(
    graph: Any,
    statistic: Any,
    groups: Any,
    *,
    null: Any = "label_permutation",
    n_resamples: int = 999,
    weight: str | None = None,
    alternative: str = "two-sided",
    seed: Any = None,
    n_jobs: int | None = None,
    progress: bool | None = None,
    batch_size: int | None = None,
    missing: str = "raise",
) -> PermutationTestResult:
    r"""Test a mixing statistic against a null model by Monte Carlo resampling.

    Draws ``n_resamples`` replicates from the null model, evaluates the statistic on each,
    and compares the observed value with them:

    .. math::

        p = \frac{b + 1}{m + 1}

    with :math:`m` the number of (defined) replicates and :math:`b` the number as or more
    extreme than the observed value (Phipson & Smyth 2010, eq. 2): for ``"greater"``
    :math:`b = \#\{T^* \ge T\}`, for ``"less"`` :math:`b = \#\{T^* \le T\}`, and
    ``"two-sided"`` doubles the smaller one-sided p-value (capped at 1), as SciPy does; see
    :func:`permutation_pvalues`.

    Parameters
    ----------
    graph : SocialGraph or Contacts
        With a :class:`netmix.temporal.Contacts`, ``statistic`` is a temporal statistic and
        ``null`` a temporal reference model: see
        :func:`netmix.temporal.permutation.contacts_permutation_test`.
    statistic : str, callable or Statistic
        A registered name (``"nominal_assortativity"``, see
        :data:`~netmix.inference.STATISTICS`), any function of netmix.measures by name, a
        function of the mixing matrix ``f(MixingMatrix) -> float``, or a function
        ``f(graph, groups, weight=...) -> float`` (see :mod:`netmix.inference.statistics`).
    groups : str, mapping, Series or array
        Node attribute name or one group per node.
    null : str, NullModel or callable, default "label_permutation"
        A name in :data:`~netmix.inference.NULL_MODELS` (``"label_permutation"``,
        ``"degree_preserving"``, ``"configuration"``), a configured instance such as
        ``DegreePreserving(swaps_per_edge=5)``, or a function ``f(data, rng)``.
    n_resamples : int, default 999
    weight : str, optional
        Edge attribute to weight by.
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: more assortative than the null.
    seed : int, SeedSequence or Generator, optional
        The result records the seed's entropy, so a run with ``seed=None`` can be repeated.
    n_jobs : int, optional
        Threads (-1: every CPU). By default every CPU for the compiled label-permutation
        engine (see Notes), whose replicates depend on the seed only, and one thread
        elsewhere. Elsewhere, worker ``j`` draws a contiguous share of the replicates from
        stream ``j`` of ``SeedSequence(seed).spawn(n_jobs)``: results are reproducible for a
        given ``(seed, n_jobs)``, but a different ``n_jobs`` draws different replicates.
        numpy's tallies release the GIL; igraph's rewiring does not, so
        ``degree_preserving`` gains nothing from threads.
    progress : bool, optional
        A tqdm bar: None shows it on big runs (replicates x edges above 5e7) once they have
        lasted 2 s; True always; False never.
    batch_size : int, optional
        Replicates drawn and tallied together (default: as many as keep about
        :math:`4\times10^6` edge-replicate cells in memory, at least 8). Does not change the
        result.
    missing : {"raise", "drop"}
        Nodes without a group raise, or are left out (they keep no group in every replicate).
        When every value is missing, ``"drop"`` raises an :class:`~netmix.InputError` naming
        the column (nothing would be left to test).

    Returns
    -------
    PermutationTestResult
        Unpacks to ``statistic, pvalue``. An undefined observed statistic (one group, no
        edges) gives nan everywhere with a :class:`~netmix.DegenerateMixingWarning`. Null
        replicates that are infinite (a log odds ratio with an empty cell) count in the
        p-value, but make the null mean, sd and z-score nan; a constant null (sd 0) or a
        single defined replicate makes the z-score nan; each with a warning saying so.

    Notes
    -----
    People without contacts (:attr:`netmix.SocialGraph.isolates`) keep their place in the
    label permutation: they were in the study, so under the null a group label is as likely
    to fall on them as on anyone else. They add no tie to any replicate.

    Label permutations of a matrix statistic are vectorised: a batch of permuted code rows
    is tallied at the edge endpoints with one ``numpy.bincount`` per chunk of edges (see
    :func:`netmix.core.batch_tally`), and the statistic evaluated on the whole
    batch of matrices at once. Nominal assortativity needs only each matrix's trace and
    margins, which :func:`netmix.core.batch_margins` gets without the full tally.
    The null distribution was checked in the tests to equal, replicate by replicate, a
    plain loop of :func:`netmix.nominal_assortativity` on the same permutations.

    From :data:`netmix._kernels.NUMBA_MIN_EDGES` unweighted edges, label permutations of a
    statistic of the trace and margins (nominal assortativity) run in a compiled engine
    that shuffles and tallies in one pass, in parallel over replicates
    (:mod:`netmix.inference._shuffle`): replicate ``r`` is a Fisher-Yates shuffle driven
    by xoshiro256** seeded with the ``r``-th 64-bit integer drawn from the seed's stream,
    so the null distribution and p-value depend on the seed alone, not on ``n_jobs``. Its
    draws differ from the batched path's (``Generator.permuted``); the tests check that
    the null distribution is the same (two-sample tests, and exact enumeration on a tiny
    graph).

    References
    ----------
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    Statistical Applications in Genetics and Molecular Biology 9(1), 39.
    doi:10.2202/1544-6115.1585

    Examples
    --------
    >>> import netmix
    >>> from netmix.inference import permutation_test
    >>> g = netmix.datasets.load_example()
    >>> res = permutation_test(g, "nominal_assortativity", "department", n_resamples=99,
    ...                        seed=1)
    >>> r, p = res
    >>> round(r, 3), p  # no replicate reaches r: p = 2 * (0 + 1) / (99 + 1)
    (0.612, 0.02)
    """
    temporal = sys.modules.get("netmix.temporal.contacts")
    if temporal is not None and isinstance(graph, temporal.Contacts):
        # time-stamped contacts and temporal reference models; looked up at call time
        # (netmix.temporal imports this package)
        return importlib.import_module("netmix.temporal.permutation").contacts_permutation_test(
            graph, statistic, groups, null=null, n_resamples=n_resamples, weight=weight,
            alternative=alternative, seed=seed, n_jobs=n_jobs, progress=progress,
            batch_size=batch_size, missing=missing)
    graph = as_social_graph(graph)
    stat = resolve_statistic(statistic)
    check_choice("alternative", alternative, ALTERNATIVES)
    n_resamples = int(check_positive("n_resamples", n_resamples, integer=True))
    data = NetworkData.from_graph(graph, groups, weight, missing=missing)
    model, null_name = resolve_null_model(null)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        observed, draw, default_batch = _plan(stat, data, model, missing)
    fused = fused_applies(stat, data, model)
    # the fused engine's draws depend on the seed only: every core unless told otherwise
    n_jobs = ((os.cpu_count() or 1) if fused else 1) if n_jobs is None else check_jobs(n_jobs)
    record, gens = streams(seed, 1 if fused else n_jobs)
    info = dict(alternative=alternative, null=null_name, n_resamples=n_resamples,
                statistic_name=stat.name, weight=weight, seed=record, n_jobs=n_jobs)
    if np.isnan(observed):
        warnings.warn(f"{stat.name} is undefined (nan) for the observed graph (e.g. one "
                      "group, or no edges between nodes with a group); no test was run.",
                      DegenerateMixingWarning, stacklevel=2)
        nan = float("nan")
        return PermutationTestResult(nan, nan, nan, nan, nan, n_undefined=0,
                                     null_distribution=np.empty(0), **info)
    size = default_batch if batch_size is None else int(
        check_positive("batch_size", batch_size, integer=True))
    work = n_resamples * max(data.n_edges, data.n_nodes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        if fused:
            bar = _bar(n_resamples, None if work >= AUTO_PROGRESS else False, "label "
                       "permutation null") if progress is None else _bar(
                n_resamples, progress, "label permutation null")
            try:
                values = fused_null(stat, data, _replicate_seeds(gens[0], n_resamples),
                                    n_jobs, bar)
            finally:
                if bar is not None:
                    bar.close()
        else:
            values = run_batches(draw, n_resamples, gens, size, progress, f"{null_name} null",
                                 work=work)
    return _result(observed, values, info)


def _replicate_seeds(rng: np.random.Generator, n: int) -> np.ndarray:
    """One 64-bit seed per replicate of the fused engine, drawn from the test's stream."""
    return rng.integers(0, 2**64, size=n, dtype=np.uint64)


def _result(observed: float, values: np.ndarray, info: dict[str, Any]
            ) -> PermutationTestResult:
    observed = float(observed)
    defined = values[~np.isnan(values)]
    n_undefined = int(values.size - defined.size)
    if n_undefined:
        warnings.warn(f"the statistic is undefined (nan) in {n_undefined} of {values.size} "
                      "null replicates; they are left out of the p-value and moments.",
                      DegenerateMixingWarning, stacklevel=3)
    nan = float("nan")
    if defined.size == 0:
        return PermutationTestResult(observed, nan, nan, nan, nan, n_undefined=n_undefined,
                                     null_distribution=defined, **info)
    two, greater, less = permutation_pvalues(observed, defined)
    p = {"two-sided": two, "greater": greater, "less": less}[info["alternative"]]
    if defined.size == 1:
        warn("the null sd and z-score need at least 2 defined null replicates; got 1 (nan).",
             3)
    mean, sd = moments(defined, "null replicates", "the null mean, sd and z-score", 3)
    if sd == 0:
        warn(f"the null distribution is constant ({mean:.6g} in all {defined.size} defined "
             "replicates: sd 0); the z-score is undefined (nan).", 3)
    z = (observed - mean) / sd if sd > 0 else nan
    return PermutationTestResult(observed, p, mean, sd, z, n_undefined=n_undefined,
                                 null_distribution=defined, **info)


def _plan(stat: Statistic, data: NetworkData, model: NullModel, missing: str):
    """``(observed value, draw(rng, size) -> values, default batch size)``."""
    model.fit(data)
    if stat.kind == "graph":
        def on(rep: NetworkData) -> float:
            return stat.on_graph(rep.to_graph(), rep.groups_series(rep.codes), data.weight,
                                 missing)

        def draw_graph(rng: np.random.Generator, size: int) -> np.ndarray:
            return np.array([on(rep) for rep in model.replicates(rng, size)])

        return on(data), draw_graph, LANES
    template = data.template()
    k = data.k
    sizes = np.asarray(template.row_sizes)
    observed = stat.on_matrices(data.counts()[None], sizes[None], template)[0]
    if getattr(model, "relabels_only", False) and hasattr(model, "permuted_codes"):
        view = data.view  # the edges between nodes with a group; relabelling moves none
        strengths = tally_strengths(view)

        def draw_labels(rng: np.random.Generator, size: int) -> np.ndarray:
            codes = model.permuted_codes(rng, size)
            if stat.margins is not None:
                return stat.margins(*batch_margins(view, codes, strengths))
            counts = batch_tally(view, codes)
            return stat.on_matrices(counts, np.broadcast_to(sizes, (size, k)), template)

        per_rep = max(data.n_edges, data.n_nodes, 1)
        batch = max(LANES, (MAX_ELEMENTS * 5 // per_rep) // LANES * LANES)
        return observed, draw_labels, batch

    def draw_edges(rng: np.random.Generator, size: int) -> np.ndarray:
        reps = list(model.replicates(rng, size))
        counts = np.stack([rep.counts() for rep in reps])
        rep_sizes = np.stack([np.bincount(rep.codes[rep.codes >= 0], minlength=k)
                              for rep in reps])
        return stat.on_matrices(counts, rep_sizes, template)

    return observed, draw_edges, LANES
