r"""Tie persistence from day to day, within and between groups.

The persistence of a pair type from day :math:`d` to the next day with records :math:`d'`
is the share of the pairs in contact on :math:`d` that are in contact again on :math:`d'`:

.. math::

    \pi = \frac{\sum_d |E_d \cap E_{d'}|}{\sum_d |E_d|}

summed over the consecutive days with records (an empty day, a weekend, is skipped), for
the pairs :math:`E_d` of one type (both people in one group, or in two groups).
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._results import ResultMixin
from .._validation import check_choice, check_positive
from ..exceptions import DegenerateMixingWarning
from ..inference._engine import streams
from ..inference.permutation import permutation_pvalues
from ._pairs import check_contacts, contact_groups, label_null, pair_within
from .contacts import Contacts

__all__ = ["TiePersistenceResult", "tie_persistence"]


@dataclass(frozen=True, eq=False)
class TiePersistenceResult(ResultMixin):
    """Day-to-day tie persistence of within- and between-group pairs, compared.

    Attributes
    ----------
    statistic : float
        ``persistence_within - persistence_between``.
    pvalue : float
    persistence_within, persistence_between : float
        Pooled over the day transitions (see :mod:`netmix.temporal.persistence`).
    n_within, n_between : int
        Pair-days of each type (the denominators).
    method, alternative
        ``"z"`` (two-proportion z test) or ``"permutation"`` (groups permuted among the
        people); ``"greater"``: within-group ties persist more.
    null, n_resamples, seed, null_distribution
        Of the permutation (None, 0, None and empty for the z test).
    table : pandas.DataFrame
        One row per transition and pair type: ``day``, ``next_day`` (local dates),
        ``pair_type``, ``n_pairs``, ``n_again``, ``persistence``.
    """

    statistic: float
    pvalue: float
    persistence_within: float
    persistence_between: float
    n_within: int
    n_between: int
    method: str
    alternative: str
    null: str | None
    n_resamples: int
    seed: Any
    table: pd.DataFrame = field(repr=False)
    null_distribution: np.ndarray = field(repr=False)

    _title = "Tie persistence within and between groups"
    _statistic_label = "persistence difference"


def _pair_days(contacts: Contacts) -> tuple[np.ndarray, ...]:
    """``(i, j, again, transition)`` for every pair of every day followed by another day
    with records, and the days' local dates ``(day, next_day)``."""
    n = contacts.n_nodes
    key = contacts.i.astype(np.int64) * n + contacts.j
    days = contacts.window_table("1D") if len(contacts) else None
    if days is None:
        empty = np.empty(0, np.int64)
        return empty, empty, np.empty(0, bool), empty, [], []
    days = days[days["n_contacts"] > 0]
    keys = [np.unique(key[a:b]) for a, b in zip(days["first"], days["stop"], strict=True)]
    parts = [(k, np.isin(k, nxt), np.full(k.size, d)) for d, (k, nxt)
             in enumerate(itertools.pairwise(keys))]
    dates = [str(s.date()) for s in days["window_start"]]
    if not parts:
        empty = np.empty(0, np.int64)
        return empty, empty, np.empty(0, bool), empty, dates[:-1], dates[1:]
    k, again, d = (np.concatenate(x) for x in zip(*parts, strict=True))
    return k // n, k % n, again, d, dates[:-1], dates[1:]


def tie_persistence(contacts: Contacts, groups: Any, *, method: str = "z",
                    alternative: str = "two-sided", n_resamples: int = 999,
                    missing: str = "raise", seed: Any = None) -> TiePersistenceResult:
    r"""Share of the pairs in contact on a day who meet again the next day, by pair type.

    Persistence :math:`\pi_w` of within-group pairs and :math:`\pi_b` of between-group
    pairs as in :mod:`netmix.temporal.persistence` (days are local calendar days in the
    contacts' time zone), and a test of :math:`\pi_w - \pi_b`:

    * ``"z"``: the pooled two-proportion test,
      :math:`z = (\hat\pi_w - \hat\pi_b) / \sqrt{\hat\pi (1 - \hat\pi)(1/n_w + 1/n_b)}`,
      which treats the pair-days as independent;
    * ``"permutation"``: the groups permuted among the people (each pair keeps its days),
      :math:`p = (b + 1)/(m + 1)`.

    Parameters
    ----------
    contacts : Contacts
    groups : str, mapping, Series or array
    method : {"z", "permutation"}
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: within-group ties persist more.
    n_resamples : int, default 999
    missing : {"raise", "drop"}
    seed : int, SeedSequence or Generator, optional

    Returns
    -------
    TiePersistenceResult
        nan with a :class:`~netmix.DegenerateMixingWarning` when there is no day
        transition, or no pair of one of the types.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 86420], "i": [1, 2, 1], "j": [2, 3, 2]}), nodes)
    >>> res = tie_persistence(c, "g")
    >>> res.persistence_within, res.persistence_between  # 1-2 meets again; 2-3 does not
    (1.0, 0.0)
    """
    check_choice("method", method, ("z", "permutation"))
    check_choice("alternative", alternative, ("two-sided", "greater", "less"))
    check_choice("missing", missing, ("raise", "drop"))
    n_resamples = int(check_positive("n_resamples", n_resamples, integer=True))
    contacts = check_contacts(contacts)
    codes = contact_groups(contacts, groups, missing).codes
    i, j, again, d, day, next_day = _pair_days(contacts)
    within, valid = pair_within(codes, i, j)
    i, j, again, d, within = i[valid], j[valid], again[valid], d[valid], within[valid]
    table = _table(within, again, d, day, next_day)
    n_w, n_b = int(within.sum()), int((~within).sum())
    x_w, x_b = int(again[within].sum()), int(again[~within].sum())
    nan = float("nan")
    p_w, p_b = (x_w / n_w if n_w else nan), (x_b / n_b if n_b else nan)
    base = dict(persistence_within=p_w, persistence_between=p_b, n_within=n_w, n_between=n_b,
                method=method, alternative=alternative, table=table)
    none = dict(null=None, n_resamples=0, seed=None, null_distribution=np.empty(0))
    if n_w == 0 or n_b == 0:
        warnings.warn(f"tie persistence cannot be compared: {n_w} within-group and {n_b} "
                      f"between-group pair-days followed by a day with records (both are "
                      "needed; one day of records has none); statistic and p-value are nan.",
                      DegenerateMixingWarning, stacklevel=2)
        return TiePersistenceResult(nan, nan, **base, **none)
    stat = p_w - p_b
    if method == "z":
        pooled = (x_w + x_b) / (n_w + n_b)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n_w + 1 / n_b))
        z = stat / se if se > 0 else 0.0
        p = {"two-sided": 2 * stats.norm.sf(abs(z)), "greater": stats.norm.sf(z),
             "less": stats.norm.cdf(z)}[alternative]
        return TiePersistenceResult(stat, float(p), **base, **none)
    record, gens = streams(seed, 1)
    a = again.astype(float)

    def difference(w: np.ndarray) -> np.ndarray:
        n1 = w.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (w @ a) / n1 - (a.sum() - w @ a) / (a.size - n1)

    null = label_null(codes, i, j, difference, n_resamples, gens[0])
    null = null[np.isfinite(null)]
    two, greater, less = permutation_pvalues(stat, null)
    p = {"two-sided": two, "greater": greater, "less": less}[alternative]
    return TiePersistenceResult(stat, p, **base, null="label_permutation",
                                n_resamples=n_resamples, seed=record, null_distribution=null)


def _table(within: np.ndarray, again: np.ndarray, d: np.ndarray, day: list, next_day: list
           ) -> pd.DataFrame:
    rows = []
    for k in range(len(day)):
        for name, mask in (("within", within), ("between", ~within)):
            sel = mask & (d == k)
            n, x = int(sel.sum()), int(again[sel].sum())
            rows.append({"day": day[k], "next_day": next_day[k], "pair_type": name,
                         "n_pairs": n, "n_again": x,
                         "persistence": x / n if n else float("nan")})
    return pd.DataFrame(rows, columns=["day", "next_day", "pair_type", "n_pairs", "n_again",
                                       "persistence"])
