r"""Contact events, their durations and the times between them, within and between groups.

A *contact event* of two people is a run of their records at consecutive times: the
SocioPatterns definition, where a contact lasts as long as the sensors keep exchanging
packets in every 20-s interval (Stehlé et al. 2011, p. 2; doi:10.1371/journal.pone.0023176).
Record :math:`k` covers :math:`(t_k - \delta_k, t_k]`; taken by start, a record of the same
pair starting no later than the event so far ends continues it (with 20-s records:
:math:`t_{k+1} - t_k = 20` s), so an event is a connected piece of the union of the pair's
record intervals, from its first start to its last end; the *inter-contact time* of a pair is the
time from the end of one of its events to the start of the next.
"""

from __future__ import annotations

import importlib
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
from ._pairs import PAIR_TYPES, check_contacts, contact_groups, label_null, pair_within
from .contacts import Contacts

__all__ = ["DurationTestResult", "contact_events", "duration_distributions",
           "intercontact_times"]

METHODS = ("mannwhitney", "ks", "permutation")
ALTERNATIVES = ("two-sided", "greater", "less")


def event_arrays(contacts: Contacts) -> dict[str, np.ndarray]:
    """The contact events, sorted by pair then time: ``i``, ``j`` (positions), ``start``,
    ``end``, ``n_records`` and ``key`` (``i * n_nodes + j``)."""
    key = contacts.i.astype(np.int64) * contacts.n_nodes + contacts.j
    begin_all = contacts.t - contacts.duration
    order = np.lexsort((begin_all, key))
    k, t, begin = key[order], contacts.t[order], begin_all[order]
    new = np.ones(k.size, bool)
    if k.size > 1:
        new[1:] = k[1:] != k[:-1]
        # the end of the pair's event so far: a running maximum restarted at each pair (the
        # pairs' ends shifted into disjoint ranges, so one accumulate serves them all)
        lo = begin.min()
        span = t.max() - lo + 1
        off = (np.cumsum(new) - 1) * span
        reach = np.maximum.accumulate(t - lo + off) - off + lo
        new[1:] |= begin[1:] > reach[:-1]
    first = np.flatnonzero(new)
    if first.size == 0:
        empty = np.empty(0, np.int64)
        return {"i": empty, "j": empty, "start": empty, "end": empty, "n_records": empty,
                "key": empty}
    return {"i": contacts.i[order][first], "j": contacts.j[order][first],
            "start": begin[first], "end": np.maximum.reduceat(t, first),
            "n_records": np.diff(np.r_[first, k.size]), "key": k[first]}


def contact_events(contacts: Contacts) -> pd.DataFrame:
    """The contact events of ``contacts``: runs of a pair's records at consecutive times.

    See :mod:`netmix.temporal.durations` for the definition (Stehlé et al. 2011, p. 2;
    doi:10.1371/journal.pone.0023176): with 20-s records, an event of :math:`n` records
    lasts :math:`20 n` seconds.

    Parameters
    ----------
    contacts : Contacts

    Returns
    -------
    pandas.DataFrame
        One row per event, by start time: ``i``, ``j`` (node ids; ``i`` first in the node
        table when undirected), ``start`` and ``end`` (Unix seconds: the first record's
        start ``t - duration``, the last record's ``t``), ``duration`` (``end - start``,
        seconds) and ``n_records``.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 60, 100, 40], "i": [1, 1, 1, 1, 2], "j": [2, 2, 2, 2, 3]}))
    >>> contact_events(c)
       i  j  start  end  duration  n_records
    0  1  2      0   60        60          3
    1  2  3     20   40        20          1
    2  1  2     80  100        20          1
    """
    ev = event_arrays(check_contacts(contacts))
    order = np.lexsort((ev["j"], ev["i"], ev["start"]))
    ids = contacts.node_ids
    return pd.DataFrame({"i": ids[ev["i"][order]], "j": ids[ev["j"][order]],
                         "start": ev["start"][order], "end": ev["end"][order],
                         "duration": (ev["end"] - ev["start"])[order],
                         "n_records": ev["n_records"][order]})


def _gaps(ev: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Inter-contact times: from each event's end to the next event of its pair."""
    same = ev["key"][1:] == ev["key"][:-1]
    return {"i": ev["i"][:-1][same], "j": ev["j"][:-1][same],
            "value": (ev["start"][1:] - ev["end"][:-1])[same]}


@dataclass(frozen=True, eq=False)
class DurationTestResult(ResultMixin):
    """Durations (or inter-contact times) of within- and between-group pairs, compared.

    Attributes
    ----------
    statistic, pvalue : float
        The test's statistic (``statistic_name``) and p-value.
    quantity : str
        ``"contact duration"`` or ``"inter-contact time"`` (seconds).
    method, alternative, statistic_name
        ``"mannwhitney"`` (Mann-Whitney U of the within-group values), ``"ks"``
        (two-sample Kolmogorov-Smirnov D) or ``"permutation"`` (the ratio of the mean
        within-group value to the mean between-group value, against group labels permuted
        among the people); ``"greater"``: within-group values are larger.
    n_within, n_between, mean_within, mean_between, median_within, median_between
    null, n_resamples, seed
        The permutation's null model, resamples and seed (None, 0, None otherwise).
    within, between : numpy.ndarray
        The values (seconds).
    null_distribution : numpy.ndarray
        The permutation null (empty otherwise).
    """

    statistic: float
    pvalue: float
    quantity: str
    method: str
    alternative: str
    statistic_name: str
    n_within: int
    n_between: int
    mean_within: float
    mean_between: float
    median_within: float
    median_between: float
    null: str | None
    n_resamples: int
    seed: Any
    within: np.ndarray = field(repr=False)
    between: np.ndarray = field(repr=False)
    null_distribution: np.ndarray = field(repr=False)

    @property
    def _title(self) -> str:  # type: ignore[override]
        return f"{self.quantity.capitalize()}s within and between groups"

    def ccdf(self) -> pd.DataFrame:
        r"""The complementary cumulative distributions :math:`P(X \ge x)`, one row per
        pair type and distinct value: ``pair_type``, ``value``, ``ccdf``, ``count``."""
        rows = []
        for name, values in zip(PAIR_TYPES, (self.within, self.between), strict=True):
            x, count = np.unique(values, return_counts=True)
            tail = np.cumsum(count[::-1])[::-1] / max(values.size, 1)
            rows.append(pd.DataFrame({"pair_type": name, "value": x, "ccdf": tail,
                                      "count": count}))
        return pd.concat(rows, ignore_index=True)

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Log-log CCDFs by pair type: :func:`netmix.plotting.plot_ccdf`."""
        # looked up at call time: the plotting layer is above this one
        return importlib.import_module("netmix.plotting.ccdf").plot_ccdf(self, ax=ax, **kwargs)


def _compare(values: np.ndarray, i: np.ndarray, j: np.ndarray, codes: np.ndarray,
             quantity: str, method: str, alternative: str, n_resamples: int,
             seed: Any) -> DurationTestResult:
    within, valid = pair_within(codes, i, j)
    values, i, j, within = values[valid], i[valid], j[valid], within[valid]
    a, b = values[within].astype(float), values[~within].astype(float)
    nan = float("nan")
    summary = dict(quantity=quantity, method=method, alternative=alternative,
                   n_within=int(a.size), n_between=int(b.size),
                   mean_within=float(a.mean()) if a.size else nan,
                   mean_between=float(b.mean()) if b.size else nan,
                   median_within=float(np.median(a)) if a.size else nan,
                   median_between=float(np.median(b)) if b.size else nan,
                   within=a, between=b)
    name = {"mannwhitney": "mann_whitney_u", "ks": "ks_d", "permutation": "mean_ratio"}[method]
    if a.size == 0 or b.size == 0:
        warnings.warn(f"the {quantity}s cannot be compared: {a.size} within-group and "
                      f"{b.size} between-group values (both are needed); statistic and "
                      "p-value are nan.", DegenerateMixingWarning, stacklevel=3)
        return DurationTestResult(nan, nan, statistic_name=name, null=None, n_resamples=0,
                                  seed=None, null_distribution=np.empty(0), **summary)
    extra: dict[str, Any] = dict(null=None, n_resamples=0, seed=None,
                                 null_distribution=np.empty(0))
    if method == "mannwhitney":
        res = stats.mannwhitneyu(a, b, alternative=alternative, method="asymptotic")
        stat, p = float(res.statistic), float(res.pvalue)
    elif method == "ks":
        flip = {"two-sided": "two-sided", "greater": "less", "less": "greater"}
        res = stats.ks_2samp(a, b, alternative=flip[alternative])
        stat, p = float(res.statistic), float(res.pvalue)
    else:
        stat = float(a.mean() / b.mean())
        record, gens = streams(seed, 1)
        v = values.astype(float)

        def ratio(w: np.ndarray) -> np.ndarray:
            n_w = w.sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                return (w @ v / n_w) / ((v.sum() - w @ v) / (v.size - n_w))

        null = label_null(codes, i, j, ratio, n_resamples, gens[0])
        null = null[np.isfinite(null)]
        two, greater, less = permutation_pvalues(stat, null)
        p = {"two-sided": two, "greater": greater, "less": less}[alternative]
        extra = dict(null="label_permutation", n_resamples=n_resamples, seed=record,
                     null_distribution=null)
    return DurationTestResult(stat, p, statistic_name=name, **extra, **summary)


def _check(method: str, alternative: str, n_resamples: int, missing: str) -> int:
    check_choice("method", method, METHODS)
    check_choice("alternative", alternative, ALTERNATIVES)
    check_choice("missing", missing, ("raise", "drop"))
    return int(check_positive("n_resamples", n_resamples, integer=True))


def duration_distributions(contacts: Contacts, groups: Any, *, method: str = "mannwhitney",
                           alternative: str = "two-sided", n_resamples: int = 999,
                           missing: str = "raise", seed: Any = None) -> DurationTestResult:
    r"""Contact-event durations of within-group and between-group pairs, with a test.

    Events as :func:`contact_events`; a pair is *within* when both people have the same
    group. The test compares the two samples of durations :math:`X` (within) and :math:`Y`
    (between):

    * ``"mannwhitney"``: :math:`U = \sum_{a, b} [X_a > Y_b] + \tfrac12 [X_a = Y_b]`,
      normal approximation with the tie correction (durations are multiples of 20 s);
    * ``"ks"``: :math:`D = \sup_x |F_X(x) - F_Y(x)|` (conservative with ties);
    * ``"permutation"``: :math:`\bar X / \bar Y` against the groups permuted among the
      people (pairs keep their events; :math:`p = (b + 1)/(m + 1)`), which does not treat
      the events of one pair as independent, as the two rank tests do.

    Parameters
    ----------
    contacts : Contacts
    groups : str, mapping, Series or array
        A node attribute of ``contacts.nodes`` or one group per person.
    method : {"mannwhitney", "ks", "permutation"}
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: within-group contacts last longer.
    n_resamples : int, default 999
        Permutations (``method="permutation"``).
    missing : {"raise", "drop"}
        People without a group raise, or their pairs are left out.
    seed : int, SeedSequence or Generator, optional

    Returns
    -------
    DurationTestResult
        With :meth:`~DurationTestResult.ccdf` and :meth:`~DurationTestResult.plot`.

    Notes
    -----
    Validated against :func:`scipy.stats.mannwhitneyu` and :func:`scipy.stats.ks_2samp`
    on the same samples, and the events against the primary school's published count of
    contact events (Stehlé et al. 2011, Table 1: 77,602).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 60, 200, 100], "i": [1, 1, 1, 1, 2], "j": [2, 2, 2, 2, 3]}), nodes)
    >>> res = duration_distributions(c, "g")
    >>> res.within.tolist(), res.between.tolist()
    ([60.0, 20.0], [20.0])
    """
    n_resamples = _check(method, alternative, n_resamples, missing)
    contacts = check_contacts(contacts)
    codes = contact_groups(contacts, groups, missing).codes
    ev = event_arrays(contacts)
    return _compare(ev["end"] - ev["start"], ev["i"], ev["j"], codes, "contact duration",
                    method, alternative, n_resamples, seed)


def intercontact_times(contacts: Contacts, groups: Any, *, method: str = "mannwhitney",
                       alternative: str = "two-sided", n_resamples: int = 999,
                       missing: str = "raise", seed: Any = None) -> DurationTestResult:
    r"""Inter-contact times of within-group and between-group pairs, with a test.

    The inter-contact time of a pair is :math:`s_{k+1} - e_k`, from the end of one of its
    contact events to the start of its next (:func:`contact_events`); pairs with one event
    have none. Arguments, tests and result as :func:`duration_distributions`
    (``"greater"``: within-group pairs wait longer between contacts).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 100, 200, 40, 400], "i": [1, 1, 1, 1, 2, 2],
    ...      "j": [2, 2, 2, 2, 3, 3]}), nodes)
    >>> res = intercontact_times(c, "g")
    >>> res.within.tolist(), res.between.tolist()  # 40 -> 80, 100 -> 180; 40 -> 380
    ([40.0, 80.0], [340.0])
    """
    n_resamples = _check(method, alternative, n_resamples, missing)
    contacts = check_contacts(contacts)
    codes = contact_groups(contacts, groups, missing).codes
    gaps = _gaps(event_arrays(contacts))
    return _compare(gaps["value"], gaps["i"], gaps["j"], codes, "inter-contact time",
                    method, alternative, n_resamples, seed)
