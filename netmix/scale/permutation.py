"""Label-permutation tests of mixing-matrix statistics, out of core."""

from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import Any

import numpy as np

from .._validation import check_choice, check_positive
from ..exceptions import DegenerateMixingWarning, InputError
from . import _kernels as K
from .api import _mixing, _options, _setup

__all__ = ["permutation_test"]

#: Bytes of permuted group codes (replicates x nodes, int8) held per batch by default.
BATCH_BYTES = 1 << 28


def permutation_test(
    edges: Any,
    nodes: Any,
    statistic: Any,
    groups: Any,
    weight: str | None = None,
    *,
    n_resamples: int = 999,
    alternative: str = "two-sided",
    seed: Any = None,
    n_jobs: int = 1,
    progress: bool | None = None,
    batch_size: int | None = None,
    source: Any = "source",
    target: Any = "target",
    node_id: Any = "id",
    directed: bool = False,
    duplicates: str = "sum",
    missing: str = "raise",
    add_missing_nodes: bool = False,
    engine: Any = "duckdb",
) -> Any:
    r"""Label-permutation test of a mixing statistic of an edge list on disk.

    The null of :func:`netmix.inference.permutation_test` with
    ``null="label_permutation"``: the node table's group column is shuffled over the nodes
    (group sizes and the graph kept; nodes without a group, under ``missing="drop"``, keep
    none), and the statistic of each replicate's mixing matrix is compared with the
    observed one, :math:`p = (b + 1)/(m + 1)` (Phipson & Smyth 2010, eq. 2).

    Out of core and exact: a batch of permuted code rows (one int8 per node and
    replicate) is tallied against every chunk of edges and the batch's ``(B, k, k)``
    mixing counts are summed over the chunks, so the edges are read once per batch (from a
    cache the first pass writes: memory, or ``.npz`` files in DuckDB's temporary directory;
    on Dask, the workers' memory). Replicates are drawn exactly as in memory, so with the
    same ``seed`` and ``n_jobs`` the null distribution and the p-value equal
    :func:`netmix.inference.permutation_test`'s on ``netmix.read_edges`` of the same
    files.

    Parameters
    ----------
    edges, nodes
        As for :func:`netmix.scale.mixing_matrix`: the graph, as an edge list and a node
        table.
    statistic : str, callable or Statistic
        A function of the mixing matrix: a registered name (``"nominal_assortativity"``),
        a single-number index of :mod:`netmix.measures` that takes a MixingMatrix (e.g.
        ``"ei_index"``, ``"freeman_segregation"``), or any ``f(MixingMatrix) -> float``.
        Statistics of the whole graph are not available out of core.
    groups, weight
        As for :func:`netmix.scale.mixing_matrix`.
    n_resamples : int, default 999
    alternative : {"two-sided", "greater", "less"}
    seed : int, SeedSequence or Generator, optional
    n_jobs : int, default 1
        Threads drawing replicates (DuckDB engine), as in memory.
    progress : bool, optional
        tqdm bar over replicates (None: on runs longer than 2 s).
    batch_size : int, optional
        Replicates per pass over the edges (default: as many as fit in 256 MB of codes,
        8 to 256). Does not change the result.
    source, target, node_id, directed, duplicates, missing, add_missing_nodes, engine
        As for :func:`netmix.scale.mixing_matrix` (self-loops count, ``loops="count"``, as
        in the in-memory test).

    Returns
    -------
    netmix.inference.PermutationTestResult
        Unpacks to ``statistic, pvalue``.

    Notes
    -----
    Validated in the tests: equal (replicate by replicate) to the in-memory
    :func:`netmix.inference.permutation_test` with the same seed, for both engines.

    References
    ----------
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    Statistical Applications in Genetics and Molecular Biology 9(1), 39.
    doi:10.2202/1544-6115.1585

    Examples
    --------
    >>> import pandas as pd, netmix.scale
    >>> edges = pd.DataFrame({"source": [1, 1, 3, 2, 5], "target": [2, 3, 4, 5, 6]})
    >>> nodes = pd.DataFrame({"id": [1, 2, 3, 4, 5, 6], "dept": list("aabbcc")})
    >>> res = netmix.scale.permutation_test(edges, nodes, "nominal_assortativity", "dept",
    ...                                     n_resamples=99, seed=1)
    >>> round(res.statistic, 3), res.pvalue
    (0.394, 0.22)
    """
    from ..core.batch import LANES
    from ..inference._engine import check_jobs, run_batches, streams
    from ..inference.nulls import LabelPermutation
    from ..inference.permutation import ALTERNATIVES, PermutationTestResult, _result
    from ..inference.statistics import resolve_statistic

    stat = resolve_statistic(statistic)
    if stat.kind != "matrix":
        raise InputError(
            f"statistic must be a function of the mixing matrix out of core; got "
            f"{stat.name!r}, a statistic of the whole graph. Use netmix.inference."
            "permutation_test on netmix.read_edges(...) for it.")
    check_choice("alternative", alternative, ALTERNATIVES)
    n_resamples = int(check_positive("n_resamples", n_resamples, integer=True))
    n_jobs = check_jobs(n_jobs)
    opts = _options(source, target, node_id, directed, duplicates, "count", missing,
                    add_missing_nodes)
    eng, e, side = _setup(edges, nodes, opts, weight, {"groups": groups}, engine)
    template, spec = _mixing(eng, e, side, opts, groups, None, weight)
    rows = spec.rows
    record, gens = streams(seed, n_jobs)
    k = len(rows.labels)
    sizes = np.asarray(template.row_sizes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        observed = float(stat.on_matrices(np.asarray(template.counts)[None], sizes[None],
                                          template)[0])
    info = dict(alternative=alternative, null="label_permutation", n_resamples=n_resamples,
                statistic_name=stat.name, weight=weight, seed=record, n_jobs=n_jobs)
    if np.isnan(observed):
        warnings.warn(f"{stat.name} is undefined (nan) for the observed graph (e.g. one "
                      "group, or no edges between nodes with a group); no test was run.",
                      DegenerateMixingWarning, stacklevel=2)
        nan = float("nan")
        return PermutationTestResult(nan, nan, nan, nan, nan, n_undefined=0,
                                     null_distribution=np.empty(0), **info)
    model = LabelPermutation().fit(SimpleNamespace(codes=rows.codes, n_nodes=side.n))
    if batch_size is None:
        size = max(LANES, min(256, BATCH_BYTES // max(side.n, 1)) // LANES * LANES)
    else:
        size = int(check_positive("batch_size", batch_size, integer=True))
    with eng.edges(e, opts, weight, side.ids, opts.merge(weight is not None), passes=2,
                   desc="edges") as ce:
        ce.reduce(K.problem_tally)  # the first pass fills the cache

        def draw(rng: np.random.Generator, n_draw: int) -> np.ndarray:
            perm = model.permuted_codes(rng, n_draw)
            counts = ce.reduce(K.permutation_tally, spec, perm)[1]
            return stat.on_matrices(counts, np.broadcast_to(sizes, (n_draw, k)), template)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateMixingWarning)
            values = run_batches(draw, n_resamples, gens, size, progress,
                                 "label_permutation null")
    return _result(observed, values, info)
