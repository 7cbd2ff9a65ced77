r"""Permutation tests of temporal statistics against temporal reference models.

:func:`netmix.permutation_test` sends a :class:`Contacts` here: the statistic is evaluated
on the observed contacts and on ``n_resamples`` replicates of a reference model of
:data:`~netmix.temporal.TEMPORAL_NULL_MODELS` (or on the observed contacts with the groups
permuted among the people, ``null="label_permutation"``), and the p-value is
:math:`(b + 1)/(m + 1)` as for graphs (:func:`netmix.inference.permutation_pvalues`).

Statistics are a name of :data:`TEMPORAL_STATISTICS`, or any function ``f(contacts) ->
float`` or ``f(contacts, groups) -> float`` (two positional parameters: ``groups`` is then
passed as given, or as a Series of the permuted groups under label permutation).
"""

from __future__ import annotations

import inspect
import os
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_positive, describe, type_error
from ..exceptions import DegenerateMixingWarning, InputError
from ..inference._engine import AUTO_PROGRESS, _bar, check_jobs, streams
from ..inference.permutation import ALTERNATIVES, PermutationTestResult, _result
from ._pairs import contact_groups, pair_within
from .contacts import Contacts
from .durations import event_arrays
from .nulls import TEMPORAL_NULL_MODELS, TemporalNullModel, resolve_temporal_null
from .persistence import _pair_days

__all__ = ["TEMPORAL_STATISTICS", "contacts_permutation_test"]


def within_group_share(contacts: Contacts, codes: np.ndarray) -> float:
    r"""Share of contact time on within-group pairs,
    :math:`\sum_{k: g_{i_k} = g_{j_k}} \delta_k / \sum_k \delta_k` (records whose two people
    have a group)."""
    within, valid = pair_within(codes, contacts.i, contacts.j)
    total = float(contacts.duration[valid].sum())
    return float(contacts.duration[within & valid].sum()) / total if total > 0 else np.nan


def duration_ratio(contacts: Contacts, codes: np.ndarray) -> float:
    """Mean contact-event duration of within-group pairs over that of between-group pairs
    (events of :func:`netmix.temporal.contact_events`)."""
    ev = event_arrays(contacts)
    within, valid = pair_within(codes, ev["i"], ev["j"])
    d = (ev["end"] - ev["start"]).astype(float)
    a, b = d[within & valid], d[~within & valid]
    return float(a.mean() / b.mean()) if a.size and b.size else np.nan


def persistence_difference(contacts: Contacts, codes: np.ndarray) -> float:
    """Day-to-day tie persistence of within-group pairs minus that of between-group pairs
    (:func:`netmix.temporal.tie_persistence`)."""
    i, j, again, *_ = _pair_days(contacts)
    within, valid = pair_within(codes, i, j)
    a, b = again[within & valid], again[~within & valid]
    return float(a.mean() - b.mean()) if a.size and b.size else np.nan


#: Named temporal statistics ``f(contacts, codes) -> float`` (codes: one group code per
#: person, -1 for none).
TEMPORAL_STATISTICS: dict[str, Callable[[Contacts, np.ndarray], float]] = {
    "within_group_share": within_group_share,
    "duration_ratio": duration_ratio,
    "persistence_difference": persistence_difference,
}


def _statistic(statistic: Any, groups: Any, codes: np.ndarray | None, labels: Any
               ) -> tuple[str, Callable[[Contacts, np.ndarray | None], float]]:
    """``(name, f(contacts, codes))`` for a name or a callable of one or two arguments."""
    if isinstance(statistic, str):
        check_choice("statistic", statistic, tuple(TEMPORAL_STATISTICS))
        if codes is None:
            raise InputError(f"groups must be given for the statistic {statistic!r} (a node "
                             "attribute of contacts.nodes, or one group per person); got "
                             "None.")
        return statistic, TEMPORAL_STATISTICS[statistic]
    if not callable(statistic):
        raise type_error("statistic", f"a name in {sorted(TEMPORAL_STATISTICS)} or a function "
                         "f(contacts) or f(contacts, groups) returning a float", statistic)
    name = getattr(statistic, "__name__", type(statistic).__name__)
    try:
        params = [p for p in inspect.signature(statistic).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    except (TypeError, ValueError):
        params = []
    if len(params) < 2:
        return name, lambda c, _codes: statistic(c)

    def with_groups(c: Contacts, cds: np.ndarray | None) -> float:
        if cds is codes or cds is None:
            return statistic(c, groups)
        values = np.where(cds >= 0, np.asarray(labels, dtype=object)[np.maximum(cds, 0)],
                          None)
        return statistic(c, pd.Series(values, index=c.node_ids, name=getattr(
            groups, "name", groups if isinstance(groups, str) else None)))

    return name, with_groups


def _null(null: Any, contacts: Contacts, codes: np.ndarray | None
          ) -> tuple[str, Callable[[np.uint64], tuple[Contacts, np.ndarray | None]]]:
    """``(name, draw(seed64) -> (contacts, codes))``."""
    if isinstance(null, str) and null == "label_permutation":
        if codes is None:
            raise InputError("groups must be given for null='label_permutation' (it permutes "
                             "the groups among the people); got None. Pass groups, or a "
                             "temporal reference model such as null='timestamp_shuffling' "
                             "(netmix.temporal.TEMPORAL_NULL_MODELS).")
        have = np.flatnonzero(codes >= 0)

        def relabel(seed: np.uint64) -> tuple[Contacts, np.ndarray]:
            out = codes.copy()
            out[have] = np.random.default_rng(int(seed)).permutation(codes[have])
            return contacts, out

        return "label_permutation", relabel
    if callable(null) and not isinstance(null, TemporalNullModel):
        name = getattr(null, "__name__", "custom")

        def custom(seed: np.uint64) -> tuple[Contacts, np.ndarray | None]:
            rep = null(contacts, np.random.default_rng(int(seed)))
            if not isinstance(rep, Contacts):
                raise InputError(f"null must return a Contacts; {name} returned "
                                 f"{describe(rep)}.")
            return rep, codes

        return name, custom
    if isinstance(null, str) and null not in TEMPORAL_NULL_MODELS:
        check_choice("null", null, (*TEMPORAL_NULL_MODELS, "label_permutation"))
    model = resolve_temporal_null(null)
    sample = model.sampler(contacts)
    return model.name, lambda seed: (sample(seed), codes)


def contacts_permutation_test(
    contacts: Contacts,
    statistic: Any,
    groups: Any = None,
    *,
    null: Any = "timestamp_shuffling",
    n_resamples: int = 999,
    weight: str | None = None,
    alternative: str = "two-sided",
    seed: Any = None,
    n_jobs: int | None = None,
    progress: bool | None = None,
    batch_size: int | None = None,
    missing: str = "raise",
) -> PermutationTestResult:
    r"""Test a temporal statistic against a temporal reference model.

    Called by :func:`netmix.permutation_test` when its first argument is a
    :class:`Contacts`; the arguments are that function's.

    .. math::

        p = \frac{b + 1}{m + 1}

    (Phipson & Smyth 2010, eq. 2; doi:10.2202/1544-6115.1585), with the replicates drawn
    from the reference model ``null`` (Gauvin et al. 2022; doi:10.1137/19M1242252).

    Parameters
    ----------
    contacts : Contacts
    statistic : str or callable
        A name in :data:`TEMPORAL_STATISTICS`, or ``f(contacts)`` / ``f(contacts, groups)``.
    groups : str, mapping, Series or array, optional
        Needed by the named statistics and by label permutation.
    null : str, TemporalNullModel or callable, default "timestamp_shuffling"
        A name in :data:`~netmix.temporal.TEMPORAL_NULL_MODELS`, ``"label_permutation"``
        (the groups permuted among the people, the contacts kept) or ``f(contacts, rng) ->
        Contacts``.
    n_resamples : int, default 999
    weight : None
        Graph tests only (a statistic of contacts reads the durations itself).
    alternative : {"two-sided", "greater", "less"}
    seed : int, SeedSequence or Generator, optional
        Replicate ``r`` is driven by the ``r``-th 64-bit integer drawn from the seed's
        stream, so the result depends on the seed, not on ``n_jobs``.
    n_jobs : int, optional
        Threads (default: every CPU; -1 too). The compiled shuffles release the GIL.
    progress : bool, optional
    batch_size : int, optional
        Accepted for the graph tests' signature; replicates are drawn one at a time.
    missing : {"raise", "drop"}

    Returns
    -------
    PermutationTestResult
        ``null`` records the model's name; ``weight`` is None.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"g": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 60, 80, 100], "i": [1, 1, 3, 1, 2], "j": [2, 2, 4, 3, 4]}), nodes)
    >>> res = netmix.permutation_test(c, "within_group_share", "g", null="link_shuffling",
    ...                               n_resamples=99, seed=1)
    >>> res.statistic, res.null, res.n_resamples
    (0.6, 'link_shuffling', 99)
    """
    check_choice("alternative", alternative, ALTERNATIVES)
    check_choice("missing", missing, ("raise", "drop"))
    n_resamples = int(check_positive("n_resamples", n_resamples, integer=True))
    if weight is not None:
        raise InputError(f"weight must be None when testing contacts (the statistic reads "
                         f"the records' durations itself); got weight={weight!r}.")
    if batch_size is not None:
        check_positive("batch_size", batch_size, integer=True)
    gc = None if groups is None else contact_groups(contacts, groups, missing)
    codes = None if gc is None else gc.codes
    name, stat = _statistic(statistic, groups, codes, None if gc is None else gc.labels)
    null_name, draw = _null(null, contacts, codes)
    n_jobs = (os.cpu_count() or 1) if n_jobs is None else check_jobs(n_jobs)
    record, gens = streams(seed, 1)
    seeds = gens[0].integers(0, 2**64, size=n_resamples, dtype=np.uint64)
    info = dict(alternative=alternative, null=null_name, n_resamples=n_resamples,
                statistic_name=name, weight=None, seed=record, n_jobs=n_jobs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        observed = float(stat(contacts, codes))
    if np.isnan(observed):
        warnings.warn(f"{name} is undefined (nan) for the observed contacts (e.g. no "
                      "within- or no between-group contact); no test was run.",
                      DegenerateMixingWarning, stacklevel=3)
        nan = float("nan")
        return PermutationTestResult(nan, nan, nan, nan, nan, n_undefined=0,
                                     null_distribution=np.empty(0), **info)
    work = n_resamples * max(len(contacts), 1)
    bar = (_bar(n_resamples, None if work >= AUTO_PROGRESS else False, f"{null_name} null")
           if progress is None else _bar(n_resamples, progress, f"{null_name} null"))

    def one(r: int) -> float:
        value = float(stat(*draw(seeds[r])))
        if bar is not None:
            bar.update(1)
        return value

    # the filter is set once, here: catch_warnings in the worker threads would race on the
    # process-wide filter list (a thread restoring another's state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        try:
            if n_jobs == 1 or n_resamples == 1:
                values = np.array([one(r) for r in range(n_resamples)])
            else:
                with ThreadPoolExecutor(min(n_jobs, n_resamples)) as pool:
                    values = np.array(list(pool.map(one, range(n_resamples))))
        finally:
            if bar is not None:
                bar.close()
    return _result(observed, values, info)
