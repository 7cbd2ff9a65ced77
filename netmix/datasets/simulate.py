"""Seeded simulators of contact data with known ground truth.

:func:`simulate_contacts` draws a workplace of people in departments of unequal size whose
face-to-face contacts are homophilous, in the SocioPatterns record format;
:func:`simulate_survey` turns such contacts into a contact-diary survey (each respondent
names up to five people with a duration band) with a trust outcome that depends on
cross-group contact by a known effect. The bundled example of :func:`netmix.datasets.
load_example` is made by these two functions with ``seed=2013``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_positive, rng_from_seed
from ..exceptions import InputError

__all__ = ["SimulatedContacts", "SimulatedSurvey", "simulate_contacts", "simulate_survey"]

DEFAULT_SHARES = (0.28, 0.22, 0.16, 0.14, 0.12, 0.08)


@dataclass(frozen=True)
class SimulatedContacts:
    """Output of :func:`simulate_contacts`.

    Attributes
    ----------
    contacts : pandas.DataFrame
        Records ``t i j`` (20 s resolution by default), sorted by time.
    nodes : pandas.DataFrame
        One row a person, indexed by id, with column ``department``.
    params : dict
        Every argument, the seed included: how the data were made.
    """

    contacts: pd.DataFrame
    nodes: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SimulatedSurvey:
    """Output of :func:`simulate_survey`.

    Attributes
    ----------
    egos : pandas.DataFrame
        One row a respondent: ``ego``, ``department``, ``outgroup_share`` (true share of
        out-group contacts among the reported), ``trust`` (continuous) and ``trust_5pt``.
    alters : pandas.DataFrame
        One row a reported contact: ``ego``, ``alter``, ``alter_department``,
        ``duration_code`` (1: at most 5 min, 2: 5-15 min, 3: 15 min-1 h, 4: over 1 h).
    truth : dict
        The data-generating values (``trust_effect``, ``trust_intercept``, ``noise_sd``).
    params : dict
    """

    egos: pd.DataFrame
    alters: pd.DataFrame
    truth: dict[str, float]
    params: dict[str, Any] = field(default_factory=dict)


def _group_sizes(n: int, shares: Sequence[float]) -> np.ndarray:
    s = np.asarray(shares, dtype=float)
    if s.ndim != 1 or s.size < 1 or (s <= 0).any() or not np.isfinite(s).all():
        raise InputError(f"group_shares must be positive numbers; got {list(shares)}.")
    s = s / s.sum()
    sizes = np.floor(s * n).astype(int)
    sizes[np.argsort(-(s * n - sizes))[: n - sizes.sum()]] += 1
    if (sizes < 1).any():
        raise InputError(f"n_people={n} is too small for {s.size} groups; raise n_people.")
    return sizes


def simulate_contacts(
    n_people: int = 150,
    group_shares: Sequence[float] = DEFAULT_SHARES,
    *,
    p_within: float = 0.30,
    p_between: float = 0.03,
    mean_records_within: float = 30.0,
    mean_records_between: float = 10.0,
    day_start: int = 8 * 3600,
    day_length: int = 9 * 3600,
    resolution: int = 20,
    first_id: int = 1001,
    seed: Any = None,
) -> SimulatedContacts:
    """Simulate a day of face-to-face contacts in a workplace with homophilous departments.

    Each pair of people is in contact with probability ``p_within`` (same department) or
    ``p_between``; a pair in contact has one run of consecutive records whose length is
    geometric with mean ``mean_records_within`` or ``mean_records_between``, placed uniformly
    in the working day. Department labels are ``D1`` (largest) ... ``Dk``.

    Parameters
    ----------
    n_people : int, default 150
    group_shares : sequence of float
        Relative department sizes (unequal by default).
    p_within, p_between : float
        Contact probabilities of a same-department and of a cross-department pair.
    mean_records_within, mean_records_between : float
        Mean number of 20 s records of a pair in contact.
    day_start, day_length, resolution : int
        Seconds; records are at ``day_start + resolution * k``.
    first_id : int
        Id of the first person.
    seed : int, SeedSequence or Generator, optional

    Returns
    -------
    SimulatedContacts

    Examples
    --------
    >>> sim = simulate_contacts(40, [0.5, 0.5], seed=1)
    >>> sim.nodes["department"].value_counts().to_dict()
    {'D1': 20, 'D2': 20}
    >>> list(sim.contacts.columns)
    ['t', 'i', 'j']
    """
    check_positive("n_people", n_people, integer=True)
    for name, p in (("p_within", p_within), ("p_between", p_between)):
        if not 0 <= p <= 1:
            raise InputError(f"{name} must be a probability in [0, 1]; got {p!r}.")
    check_positive("mean_records_within", mean_records_within)
    check_positive("mean_records_between", mean_records_between)
    check_positive("resolution", resolution, integer=True)
    params = {k: v for k, v in locals().items() if k not in ("name", "p")}
    params["group_shares"] = list(group_shares)
    rng = rng_from_seed(seed)
    sizes = _group_sizes(n_people, group_shares)
    dept = np.repeat(np.arange(sizes.size), sizes)
    ids = np.arange(first_id, first_id + n_people)
    iu, ju = np.triu_indices(n_people, k=1)
    same = dept[iu] == dept[ju]
    tie = rng.random(iu.size) < np.where(same, p_within, p_between)
    iu, ju, same = iu[tie], ju[tie], same[tie]
    mean = np.where(same, mean_records_within, mean_records_between)
    n_slots = day_length // resolution
    runs = np.minimum(rng.geometric(1.0 / np.maximum(mean, 1.0)), n_slots)
    starts = rng.integers(0, n_slots - runs + 1)
    pair = np.repeat(np.arange(runs.size), runs)
    offset = np.arange(pair.size) - np.repeat(np.cumsum(runs) - runs, runs)
    t = day_start + resolution * (starts[pair] + offset + 1)
    swap = rng.random(runs.size) < 0.5
    a = np.where(swap, ju, iu)[pair]
    b = np.where(swap, iu, ju)[pair]
    contacts = pd.DataFrame({"t": t.astype(np.int64), "i": ids[a], "j": ids[b]})
    contacts = contacts.sort_values(["t", "i", "j"], kind="stable").reset_index(drop=True)
    nodes = pd.DataFrame({"department": [f"D{k + 1}" for k in dept]},
                         index=pd.Index(ids, name="id"))
    return SimulatedContacts(contacts, nodes, params)


def _duration_code(seconds: np.ndarray) -> np.ndarray:
    """Mastrandrea et al.'s (2015) diary bands: <= 5 min, 5-15 min, 15 min-1 h, > 1 h."""
    return np.searchsorted(np.array([300, 900, 3600]), seconds, side="left") + 1


def simulate_survey(
    sim: SimulatedContacts,
    *,
    max_alters: int = 5,
    resolution: int = 20,
    trust_intercept: float = 2.5,
    trust_effect: float = 1.5,
    noise_sd: float = 0.5,
    seed: Any = None,
) -> SimulatedSurvey:
    """A contact-diary survey of everyone in ``sim``, with a trust outcome.

    Each person reports their ``max_alters`` longest contacts of the day (ties broken at
    random) with the alter's department and a duration band. Trust is

    .. math:: \\text{trust}_i = \\beta_0 + \\beta_1 s_i + \\varepsilon_i,
              \\quad \\varepsilon_i \\sim N(0, \\sigma^2)

    with :math:`s_i` the share of the reported alters from another department (0 for a
    respondent who reports nobody), :math:`\\beta_1` = ``trust_effect``; ``trust_5pt`` rounds
    it to a 1-5 scale.

    Returns
    -------
    SimulatedSurvey

    Examples
    --------
    >>> sim = simulate_contacts(40, (0.5, 0.5), seed=1)
    >>> survey = simulate_survey(sim, seed=2)
    >>> survey.egos.head(3)
        ego department  outgroup_share     trust  trust_5pt
    0  1001         D1             0.0  2.332402          2
    1  1002         D1             0.2  3.180078          3
    2  1003         D1             0.0  2.425288          2
    >>> survey.truth
    {'trust_intercept': 2.5, 'trust_effect': 1.5, 'noise_sd': 0.5}
    """
    check_positive("max_alters", max_alters, integer=True)
    check_positive("noise_sd", noise_sd)
    rng = rng_from_seed(seed)
    c = sim.contacts
    a, b = np.minimum(c["i"], c["j"]).to_numpy(), np.maximum(c["i"], c["j"]).to_numpy()
    pairs = pd.DataFrame({"a": a, "b": b}).value_counts().rename("n").reset_index()
    both = pd.concat([
        pairs.rename(columns={"a": "ego", "b": "alter"}),
        pairs.rename(columns={"b": "ego", "a": "alter"}),
    ], ignore_index=True)
    both["seconds"] = both["n"] * resolution
    both["u"] = rng.random(len(both))
    both = both.sort_values(["ego", "seconds", "u"], ascending=[True, False, True])
    alters = both.groupby("ego", sort=True).head(max_alters).copy()
    dept = sim.nodes["department"]
    alters["alter_department"] = dept.reindex(alters["alter"]).to_numpy()
    alters["duration_code"] = _duration_code(alters["seconds"].to_numpy())
    alters = alters[["ego", "alter", "alter_department", "duration_code"]].reset_index(
        drop=True)
    out = (alters["alter_department"].to_numpy()
           != dept.reindex(alters["ego"]).to_numpy())
    share = pd.Series(out, index=alters["ego"]).groupby(level=0).mean()
    egos = pd.DataFrame({"ego": sim.nodes.index, "department": dept.to_numpy()})
    egos["outgroup_share"] = share.reindex(egos["ego"]).fillna(0.0).to_numpy()
    eps = rng.normal(0.0, noise_sd, len(egos))
    egos["trust"] = trust_intercept + trust_effect * egos["outgroup_share"] + eps
    egos["trust_5pt"] = np.clip(np.rint(egos["trust"]), 1, 5).astype(np.int64)
    truth = {"trust_intercept": trust_intercept, "trust_effect": trust_effect,
             "noise_sd": noise_sd}
    params = {"max_alters": max_alters, "resolution": resolution, "seed": seed}
    return SimulatedSurvey(egos, alters, truth, params)
