r"""Temporal reference models: randomised copies of a :class:`Contacts` that keep some of its
features and shuffle the rest, named as in Gauvin et al. (2022).

A microcanonical randomised reference model :math:`P[x]` draws uniformly among the temporal
networks that share the features :math:`x` of the observed one (Gauvin et al. 2022, sec.
3). A record ``(t, i, j, duration)`` is an *event* on the *link* ``(i, j)``; its duration
moves with it. Here:

=====================================  ====================  ==============================
name                                   notation              keeps (exactly)
=====================================  ====================  ==============================
``timestamp_shuffling``                :math:`P[w, t]`       each link's number of records
                                                             :math:`w`; the multiset of
                                                             (time, duration) :math:`t`
``timestamp_shuffling_within_days``    :math:`P[w_d, t_d]`   the same, in each local day
                                                             :math:`d` separately
``topology_link_shuffling``            :math:`P[L, p_L(Θ)]`  the set of links :math:`L`; the
                                                             timelines :math:`Θ`, permuted
                                                             among them
``link_shuffling``                     :math:`P[p_L(Θ)]`     the timelines :math:`Θ`, each
                                                             moved to a uniformly random
                                                             pair (no two on one pair)
``random_times``                       :math:`P[w]`          each link's number of records;
                                                             times drawn uniformly
=====================================  ====================  ==============================

``timestamp_shuffling_within_days`` is the intersection of :math:`P[w, t]` over the days: it
permutes the times among the records of each local calendar day (the contacts' ``tz``), so
that each link keeps its number of records in every day (:math:`w_d`) and each day keeps
its times (:math:`t_d`), the daily rhythm and the day-to-day changes included. The
subscript :math:`d` for "in each day" follows the paper's practice of naming a model by the
features it conserves.

Every model works on arrays (no Python loop over records or links): timestamp shuffling
draws a uniformly random assignment of the records' link labels to the (time, duration)
slots, which keeps the times sorted (no re-sorting); the link models permute or redraw the
:math:`L` links and gather the records' ends from them. Link shuffling draws the new pairs
among every pair of the node table's people (people without a record included: they were
in the study) without replacement.

Randomness: replicate ``r`` is driven by a 64-bit seed drawn from ``numpy.random``'s
stream for ``seed``. From :data:`NUMBA_MIN_RECORDS` records the timestamp shuffles run in a
compiled kernel (numba; xoshiro256** Fisher-Yates with Lemire's unbiased bounded draws, as
:mod:`netmix.inference._shuffle`, within cache-sized random buckets for long segments: the
Rao-Sandelius method, see :mod:`netmix.temporal._nulls_jit`), below that (or without
numba) in numpy: each path is reproducible for a seed, but the two draw different (equally
distributed) replicates.

References
----------
Gauvin, L., Génois, M., Karsai, M., Kivelä, M., Takaguchi, T., Valdano, E., & Vestergaard,
C. L. (2022). Randomized reference models for temporal networks. SIAM Review 64(4),
763-830. doi:10.1137/19M1242252
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validation import check_choice, describe, type_error
from ..exceptions import InputError
from ..inference._engine import streams
from ._nulls_plan import NUMBA_MIN_RECORDS, Plan
from .contacts import Contacts

__all__ = ["NUMBA_MIN_RECORDS", "TEMPORAL_NULL_MODELS", "TemporalNullModel", "link_shuffling",
           "random_times", "resolve_temporal_null", "timestamp_shuffling",
           "timestamp_shuffling_within_days", "topology_link_shuffling"]

def _timestamps(plan: Plan, seed: np.uint64) -> tuple[Any, ...]:
    return plan.shuffle(np.array([0, plan.codes.size], np.int64), seed)


def _timestamps_daily(plan: Plan, seed: np.uint64) -> tuple[Any, ...]:
    return plan.shuffle(plan.day_bounds, seed)


def _topology(plan: Plan, seed: np.uint64) -> tuple[Any, ...]:
    order = np.random.default_rng(int(seed)).permutation(plan.n_links)
    return plan.gather(plan.li[order], plan.lj[order])


def pair_from_index(k: np.ndarray, n: int, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    """The ``k``-th pair of ``n`` people: ordered pairs ``a != b`` row by row (directed), or
    ``a < b`` in the upper triangle row by row (undirected)."""
    k = np.asarray(k, dtype=np.int64)
    if directed:
        a, b = k // (n - 1), k % (n - 1)
        return a, b + (b >= a)
    start = lambda r: r * (2 * n - r - 1) // 2  # noqa: E731 - first index of row r
    root = np.sqrt(np.maximum((2.0 * n - 1) ** 2 - 8.0 * k, 0.0))
    a = np.floor(((2 * n - 1) - root) / 2).astype(np.int64)
    a = np.clip(a, 0, n - 2)
    a -= start(a) > k  # float rounding: one step either way
    a += start(a + 1) <= k
    return a, k - start(a) + a + 1


def _links(plan: Plan, seed: np.uint64) -> tuple[Any, ...]:
    n, directed = plan.n, plan.contacts.directed
    n_pairs = n * (n - 1) if directed else n * (n - 1) // 2
    chosen = np.random.default_rng(int(seed)).choice(n_pairs, plan.n_links, replace=False)
    a, b = pair_from_index(chosen, n, directed)
    dtype = plan.li.dtype
    return plan.gather(a.astype(dtype), b.astype(dtype))


def _random_times(plan: Plan, seed: np.uint64) -> tuple[Any, ...]:
    c = plan.contacts
    rng = np.random.default_rng(int(seed))
    t0, t1 = (c.t[0], c.t[-1]) if len(c) else (0, 0)
    steps = (c.t - t0) / c.resolution
    if np.all(steps == np.rint(steps)):  # on the resolution's grid: draw grid times
        t = t0 + c.resolution * rng.integers(0, int(np.rint((t1 - t0) / c.resolution)) + 1,
                                             size=len(c))
        t = t.astype(c.t.dtype) if c.t.dtype.kind == "i" and float(c.resolution).is_integer() \
            else t.astype(np.float64)
    else:
        t = rng.uniform(t0, t1, size=len(c))
    order = np.argsort(t, kind="stable")
    return t[order], c.i[order], c.j[order], c.duration[order]


@dataclass(frozen=True)
class TemporalNullModel:
    """A named temporal reference model (see :mod:`netmix.temporal.nulls`).

    ``draw(plan, seed)`` returns the records' new ends ``(i, j)`` (times and durations
    kept in place) or new records ``(t, i, j, duration)``; :meth:`sampler` fits it to one
    :class:`Contacts` and returns ``f(seed64) -> Contacts``.
    """

    name: str
    notation: str
    keeps: str
    randomises: str
    draw: Callable[[Plan, np.uint64], tuple[Any, ...]] = field(repr=False)

    def sampler(self, contacts: Contacts) -> Callable[[np.uint64], Contacts]:
        plan = Plan(contacts)

        def sample(seed: np.uint64) -> Contacts:
            out = self.draw(plan, seed)
            record = {"step": self.name, "notation": self.notation}
            if len(out) == 2:
                return _replica(contacts, *out, record)
            return contacts.with_records(*out, record=record)

        return sample


def _replica(contacts: Contacts, i: np.ndarray, j: np.ndarray, record: dict) -> Contacts:
    """``contacts`` with new ends on the same (sorted) times and durations, without the
    checks of :meth:`Contacts.with_records` (the models keep every invariant)."""
    new = contacts._slice(0, len(contacts), record)
    for name, a in (("_i", i), ("_j", j)):
        a = np.asarray(a, dtype=contacts.i.dtype)
        a.flags.writeable = False
        setattr(new, name, a)
    return new


TEMPORAL_NULL_MODELS: dict[str, TemporalNullModel] = {m.name: m for m in (
    TemporalNullModel("timestamp_shuffling", "P[w, t]",
                      "each link's number of records; the multiset of (time, duration)",
                      "which link each time falls on", _timestamps),
    TemporalNullModel("timestamp_shuffling_within_days", "P[w_d, t_d]",
                      "each link's number of records in each local day; each day's times",
                      "which link each time falls on, within each day", _timestamps_daily),
    TemporalNullModel("topology_link_shuffling", "P[L, p_L(Θ)]",
                      "the set of links; the timelines (permuted among the links)",
                      "which link carries which timeline", _topology),
    TemporalNullModel("link_shuffling", "P[p_L(Θ)]",
                      "the timelines; the number of links; the people",
                      "which pair of people carries each timeline", _links),
    TemporalNullModel("random_times", "P[w]",
                      "each link's number of records; the durations; the time span",
                      "the times (uniform on the span, on the resolution's grid)",
                      _random_times),
)}


def resolve_temporal_null(null: Any) -> TemporalNullModel:
    """A :class:`TemporalNullModel` from its name, or the model itself."""
    if isinstance(null, TemporalNullModel):
        return null
    if not isinstance(null, str):
        raise type_error("null", "a name in TEMPORAL_NULL_MODELS or a TemporalNullModel",
                         null)
    check_choice("null", null, tuple(TEMPORAL_NULL_MODELS))
    return TEMPORAL_NULL_MODELS[null]


def _one(contacts: Any, name: str, seed: Any) -> Contacts:
    if not isinstance(contacts, Contacts):
        raise type_error("contacts", "a netmix.temporal.Contacts", contacts)
    model = TEMPORAL_NULL_MODELS[name]
    if name == "link_shuffling" and contacts.n_nodes < 2 and len(contacts):
        raise InputError(f"contacts must have at least 2 people to shuffle links; got "
                         f"{describe(contacts)}.")
    record, gens = streams(seed, 1)
    out = model.sampler(contacts)(gens[0].integers(0, 2**64, dtype=np.uint64))
    out._provenance = (*out._provenance[:-1], {**out._provenance[-1], "seed": record})
    return out


def timestamp_shuffling(contacts: Contacts, *, seed: Any = None) -> Contacts:
    r"""Timestamp shuffling :math:`P[w, t]`: the records' times permuted among all records.

    Each link keeps its number of records :math:`w_{ij}`, the multiset of times (and each
    time its duration) is kept; which link each time falls on is uniformly random:

    .. math::

        \Pr(G^*) = 1 / \#\{G^* : w(G^*) = w(G),\ t(G^*) = t(G)\}

    (Gauvin et al. 2022, sec. 4.3.2; doi:10.1137/19M1242252). Bursts, the ordering of a
    link's contacts and their durations are destroyed; the activity over time is kept.

    Parameters
    ----------
    contacts : Contacts
    seed : int, SeedSequence or Generator, optional
        Recorded in the provenance (the seed's entropy).

    Returns
    -------
    Contacts
        The same people, times and durations, with new links on the records.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 60, 80], "i": [1, 1, 2, 1], "j": [2, 2, 3, 3]}))
    >>> r = timestamp_shuffling(c, seed=1)
    >>> r.t.tolist() == c.t.tolist(), sorted(zip(r.i, r.j)) == sorted(zip(c.i, c.j))
    (True, True)
    """
    return _one(contacts, "timestamp_shuffling", seed)


def timestamp_shuffling_within_days(contacts: Contacts, *, seed: Any = None) -> Contacts:
    r"""Timestamp shuffling within each local day, :math:`P[w_d, t_d]`.

    :math:`P[w, t]` applied to each calendar day (in the contacts' time zone) separately:
    each link keeps its number of records in each day and each day its times, so the daily
    rhythm and which people meet on which day are kept; the order within a day is not.
    See :func:`timestamp_shuffling` and :mod:`netmix.temporal.nulls` for the notation
    (Gauvin et al. 2022, doi:10.1137/19M1242252).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 86420, 86440], "i": [1, 2, 1, 2], "j": [2, 3, 2, 3]}))
    >>> r = timestamp_shuffling_within_days(c, seed=3)
    >>> [sorted(zip(d.contacts.i, d.contacts.j)) for d in r.days()] == [
    ...     sorted(zip(d.contacts.i, d.contacts.j)) for d in c.days()]
    True
    """
    return _one(contacts, "timestamp_shuffling_within_days", seed)


def topology_link_shuffling(contacts: Contacts, *, seed: Any = None) -> Contacts:
    r"""Topology-constrained link shuffling :math:`P[L, p_L(Θ)]`: the links' timelines
    permuted among the observed links.

    The aggregated graph (which pairs ever met) and the multiset of timelines :math:`Θ`
    (each link's sequence of times and durations) are kept; which link has which timeline
    is uniformly random (Gauvin et al. 2022, sec. 4.3.1; doi:10.1137/19M1242252).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 60], "i": [1, 1, 2], "j": [2, 2, 3]}))
    >>> r = topology_link_shuffling(c, seed=0)
    >>> sorted(set(zip(r.i, r.j))) == sorted(set(zip(c.i, c.j))), r.t.tolist()
    (True, [20, 40, 60])
    """
    return _one(contacts, "topology_link_shuffling", seed)


def link_shuffling(contacts: Contacts, *, seed: Any = None) -> Contacts:
    r"""Link shuffling :math:`P[p_L(Θ)]`: each link's timeline moved to a random pair.

    The :math:`L` timelines are placed on :math:`L` distinct pairs of people drawn
    uniformly among all :math:`\binom{N}{2}` pairs (:math:`N(N-1)` ordered pairs when
    directed) of the node table, so the aggregated graph becomes an Erdős-Rényi graph
    :math:`G(N, L)` and the timelines are kept (Gauvin et al. 2022, sec. 4.3.1;
    doi:10.1137/19M1242252).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 60], "i": [1, 1, 2], "j": [2, 2, 3]}))
    >>> r = link_shuffling(c, seed=0)
    >>> len(set(zip(r.i, r.j))), r.t.tolist()
    (2, [20, 40, 60])
    """
    return _one(contacts, "link_shuffling", seed)


def random_times(contacts: Contacts, *, seed: Any = None) -> Contacts:
    r"""Random times :math:`P[w]`: each record gets a uniformly random time.

    Each link keeps its number of records and each record its duration; the times are drawn
    independently and uniformly on the observed span (on the grid ``t[0] + k *
    resolution`` when the records lie on it), then sorted (Gauvin et al. 2022, sec. 4.3.2;
    doi:10.1137/19M1242252). The daily rhythm is destroyed too.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> c = netmix.Contacts.from_events(pd.DataFrame(
    ...     {"t": [20, 40, 200], "i": [1, 1, 2], "j": [2, 2, 3]}))
    >>> r = random_times(c, seed=0)
    >>> len(r), bool(((r.t - 20) % 20 == 0).all()), bool(r.t.min() >= 20)
    (3, True, True)
    """
    return _one(contacts, "random_times", seed)
