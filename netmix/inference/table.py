"""`segregation_table`: every mixing and segregation index in one tidy DataFrame, each with
its uncertainty.

Each row is one index (graph level) or one index for one group. Uncertainty comes from the
same two procedures for every row, so the rows are comparable:

* a label-permutation test (:func:`netmix.permutation_test`, the group labels shuffled
  over the nodes): ``null_mean`` (the value expected under random mixing with the observed
  group sizes and network) and ``pvalue`` ((b + 1) / (m + 1), two-sided);
* a node bootstrap (:func:`netmix.bootstrap`, Snijders & Borgatti 1999): ``standard_error``,
  ``ci_low`` and ``ci_high`` (percentile interval).

The odds ratio keeps its analytic (Woolf) interval on the log scale as well.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    check_choice,
    check_level,
    check_resamples_for_level,
    fresh_seed,
    rng_from_seed,
)
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph
from ..measures.assortativity import group_modularity, nominal_assortativity
from ..measures.ei import ei_index, ei_index_by_group
from ..measures.mixing import MixingMatrix, mixing_matrix
from ..measures.odds import within_group_odds_ratio
from ..measures.segregation import (
    coleman_homophily,
    freeman_segregation,
    gupta_anderson_may,
    inbreeding_homophily,
    segregation_matrix_index,
)
from ..measures.spectral import spectral_segregation
from .bootstrap import bootstrap
from .permutation import permutation_test
from .statistics import Statistic

__all__ = ["INDICES", "segregation_table"]


@dataclass(frozen=True)
class _Index:
    func: Callable[..., Any]
    kind: str  # "matrix" or "graph"
    per_group: bool
    weighted: bool  # accepts a weight
    reference: str


#: The indices of :func:`segregation_table`, by the name its rows carry.
INDICES: dict[str, _Index] = {
    "nominal_assortativity": _Index(nominal_assortativity, "matrix", False, True,
                                    "Newman (2003) eq. 2"),
    "group_modularity": _Index(lambda m: group_modularity(m), "matrix", False, True,
                               "Newman & Girvan (2004)"),
    "ei_index": _Index(ei_index, "matrix", False, True, "Krackhardt & Stern (1988)"),
    "freeman_segregation": _Index(freeman_segregation, "matrix", False, True, "Freeman (1978)"),
    "gupta_anderson_may": _Index(gupta_anderson_may, "matrix", False, True,
                                 "Gupta, Anderson & May (1989)"),
    "log_odds_ratio_within": _Index(
        lambda m: within_group_odds_ratio(m).log_odds_ratio, "matrix", False, False,
        "Moody (2001); Woolf (1955) SE"),
    "spectral_segregation": _Index(spectral_segregation, "graph", False, False,
                                   "Echenique & Fryer (2007)"),
    "coleman_homophily": _Index(coleman_homophily, "matrix", True, True, "Coleman (1958)"),
    "ei_index_by_group": _Index(ei_index_by_group, "matrix", True, True,
                                "Krackhardt & Stern (1988)"),
    "inbreeding_homophily": _Index(inbreeding_homophily, "matrix", True, True,
                                   "Currarini, Jackson & Pin (2009)"),
    "segregation_matrix_index": _Index(segregation_matrix_index, "matrix", True, False,
                                       "Fershtman (1997)"),
}


def _value(spec: _Index, graph: SocialGraph, groups: Any, weight: str | None,
           matrix: MixingMatrix) -> Any:
    if spec.kind == "matrix":
        return spec.func(matrix)
    return spec.func(graph, groups, weight, missing="drop")


def _statistic(spec: _Index, group: Any | None):
    """The scalar statistic for inference: a matrix function, or a graph function."""

    if spec.kind == "matrix":
        def f(m: MixingMatrix) -> float:
            v = spec.func(m)
            return float(v if group is None else v.get(group, np.nan))

        return Statistic(f, kind="matrix")

    def g(graph: Any, groups: Any, weight: Any = None) -> float:
        return float(spec.func(graph, groups, weight, missing="drop"))

    return Statistic(g, kind="graph")


def segregation_table(
    graph: SocialGraph,
    groups: Any,
    weight: str | None = None,
    *,
    indices: Sequence[str] | None = None,
    n_resamples: int = 999,
    n_bootstrap: int | None = None,
    confidence_level: float = 0.95,
    seed: Any = None,
    missing: str = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every index of :data:`INDICES` with its permutation p-value and bootstrap interval.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series or array
    weight : str, optional
        Edge attribute; indices that compare ties with dyads (odds ratio, segregation matrix
        index) and the spectral index always use tie counts (their ``weight`` column says
        so).
    indices : sequence of str, optional
        Names from :data:`INDICES` (default: all).
    n_resamples : int, default 999
        Label permutations per index; ``0`` skips the permutation test.
    n_bootstrap : int, optional
        Node-bootstrap samples per index (default: ``n_resamples``; ``0`` skips).
    confidence_level : float, default 0.95
    seed : optional
        One seed for the whole table: each row gets its own stream from it. None draws a
        fresh one, recorded in ``attrs["seed"]`` so that the table can be made again.
    missing : {"raise", "drop"}
    progress : bool, optional
        A tqdm bar over the indices (``tqdm.auto``: a widget in notebooks): None shows it
        once the table has taken 2 s, True at once, False never.

    Returns
    -------
    pandas.DataFrame
        One row per index (and group, for per-group indices) with columns ``index``,
        ``group``, ``statistic``, ``null_mean``, ``pvalue``, ``standard_error``, ``ci_low``,
        ``ci_high``, ``weight``, ``reference``; ``attrs`` records n_resamples, n_bootstrap,
        seed and null.

    Examples
    --------
    >>> import netmix
    >>> g = netmix.datasets.load_example()
    >>> t = netmix.segregation_table(g, "department", indices=["nominal_assortativity"],
    ...                              n_resamples=99, seed=1)
    >>> float(t.loc[0, "pvalue"])  # two-sided: 2 (0 + 1) / (99 + 1), none as extreme
    0.02
    """

    graph = as_social_graph(graph)
    check_choice("missing", missing, ("raise", "drop"))
    names = list(INDICES) if indices is None else list(indices)
    for name in names:
        check_choice("indices", name, list(INDICES))
    if not isinstance(n_resamples, (int, np.integer)) or n_resamples < 0:
        raise InputError(f"n_resamples must be an integer >= 0; got {n_resamples!r}.")
    n_boot = n_resamples if n_bootstrap is None else n_bootstrap
    confidence_level = check_level(confidence_level)
    if n_boot:
        check_resamples_for_level(
            n_boot, confidence_level, name="n_bootstrap" if n_bootstrap is not None
            else "n_resamples", alternative="n_bootstrap=0 to leave the intervals out")
    seed = fresh_seed(seed)
    streams = np.random.SeedSequence(rng_from_seed(seed).integers(2**63)).spawn(len(names))
    rows: list[dict[str, Any]] = []
    bar = _bar(len(names), progress)
    for name, stream in zip(names, streams, strict=True):
        spec = INDICES[name]
        if bar is not None:
            bar.set_postfix_str(name, refresh=False)
        w = weight if spec.weighted else None
        matrix = mixing_matrix(graph, groups, w, missing=missing)
        value = _value(spec, graph, groups, w, matrix)
        targets = list(value.index) if spec.per_group else [None]
        for group, sub in zip(targets, stream.spawn(len(targets)), strict=True):
            stat = _statistic(spec, group)
            row = {"index": name, "group": group,
                   "statistic": float(value if group is None else value[group]),
                   "null_mean": np.nan, "pvalue": np.nan, "standard_error": np.nan,
                   "ci_low": np.nan,
                   "ci_high": np.nan, "weight": w or "none", "reference": spec.reference}
            s_perm, s_boot = sub.spawn(2)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DegenerateMixingWarning)
                if n_resamples and np.isfinite(row["statistic"]):
                    t = permutation_test(graph, stat, groups, n_resamples=n_resamples,
                                         weight=w, seed=s_perm, missing=missing,
                                         progress=False)
                    row.update(null_mean=t.null_mean, pvalue=t.pvalue)
                if n_boot and np.isfinite(row["statistic"]):
                    b = bootstrap(graph, stat, groups, n_resamples=n_boot, weight=w,
                                  confidence_level=confidence_level, seed=s_boot, missing=missing,
                                  progress=False)
                    row.update(standard_error=b.standard_error, ci_low=b.confidence_interval.low,
                               ci_high=b.confidence_interval.high)
            rows.append(row)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    table = pd.DataFrame(rows)
    table.attrs.update(n_resamples=n_resamples, n_bootstrap=n_boot, seed=seed,
                       null="label_permutation", bootstrap="node (percentile)",
                       confidence_level=confidence_level)
    return table


def _bar(total: int, progress: bool | None) -> Any:
    """A tqdm.auto bar over the indices (None: shown after 2 s), or None."""
    if progress is False:
        return None
    if progress not in (None, True):
        raise InputError(f"progress must be None (a bar when the table takes more than 2 s), "
                         f"True or False; got {progress!r}.")
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="segregation_table", unit="index",
                delay=0 if progress else 2.0, leave=bool(progress))
