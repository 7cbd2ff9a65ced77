r"""A seeded simulator of a mixing programme evaluated with contact diaries before and after.

:func:`simulate_programme` draws people in areas, offers a programme that brings groups
together in half of the areas, lets people in those areas take it up (more often when
they mixed little to begin with), and records each person's contacts in two diary waves.
Each contact is with the other group with probability

.. math::

    q_{it} = b_i + s_{a_i t} + \tau t + \delta D_i t, \qquad t \in \{0, 1\},

where :math:`b_i` is the person's own propensity, :math:`s_{at}` an area shock shared by
everyone in the area in that wave, :math:`\tau` the common trend and :math:`\delta` the
programme's effect on participants (:math:`D_i = 1`). Every person's expected out-group
share is :math:`q_{it}`, so the difference in differences of mean shares estimates
:math:`\delta` exactly, and the area shocks make the errors correlated within areas
(cluster by area). Participation depends on :math:`b_i` (selection on levels), which a
difference in differences removes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_positive, rng_from_seed
from ..ego import read_ego_data
from ..exceptions import InputError

__all__ = ["SimulatedProgramme", "simulate_programme"]


@dataclass(frozen=True)
class SimulatedProgramme:
    """Output of :func:`simulate_programme`.

    Attributes
    ----------
    people : pandas.DataFrame
        One row a person: ``ego`` (id), ``area``, ``group``, ``programme_area`` (the
        programme was offered there), ``participant`` and ``propensity`` (:math:`b_i`).
    before, after : pandas.DataFrame
        The diary waves, one row a reported contact: ``ego`` and ``alter_group``.
    truth : dict
        ``effect`` (:math:`\\delta`, on the out-group share), ``trend`` (:math:`\\tau`),
        ``area_shock`` (half-width of the uniform area shocks), the number of participants
        and the expected shares ``q_before`` / ``q_after`` per person (arrays).
    params : dict
        Every argument, the seed included.
    """

    people: pd.DataFrame
    before: pd.DataFrame
    after: pd.DataFrame
    truth: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)

    def ego_data(self, wave: str):
        """One wave (``"before"`` or ``"after"``) as :class:`netmix.ego.EgoData`."""
        if wave not in ("before", "after"):
            raise InputError(f"wave must be 'before' or 'after'; got {wave!r}.")
        alters = self.before if wave == "before" else self.after
        egos = self.people.drop(columns=["propensity"])
        return read_ego_data(egos, alters, group="group", alter_group="alter_group")


def simulate_programme(
    n_people: int = 800,
    *,
    n_areas: int = 40,
    uptake: float = 0.6,
    effect: float = 0.10,
    trend: float = 0.03,
    propensity: tuple[float, float] = (0.15, 0.45),
    selection: float = 0.05,
    area_shock: float = 0.04,
    mean_contacts: float = 6.0,
    max_contacts: int = 12,
    seed: Any = None,
) -> SimulatedProgramme:
    r"""Simulate diaries before and after a programme with a known effect on mixing.

    Half of the ``n_areas`` areas (at random) get the programme; there a person takes it
    up with probability ``uptake``, raised or lowered by ``selection`` per unit of
    below-average propensity. People belong to groups ``A`` or ``B`` (an area's share of
    ``A`` uniform on 0.3-0.7). Each wave, a person reports :math:`1 +
    \text{Binomial}(K - 1, (\mu - 1)/(K - 1))` contacts (:math:`K` = ``max_contacts``,
    :math:`\mu` = ``mean_contacts``), each with the other group with probability
    :math:`q_{it}` (see the module notes): :math:`b_i` uniform on ``propensity`` (minus
    ``selection`` for participants), area shocks uniform on
    :math:`\pm` ``area_shock``.

    Returns
    -------
    SimulatedProgramme

    Examples
    --------
    >>> from netmix.datasets.programme import simulate_programme
    >>> sim = simulate_programme(200, seed=1)
    >>> sim.truth["effect"], int(sim.people["participant"].sum()) > 0
    (0.1, True)
    >>> sorted(sim.before.columns)
    ['alter_group', 'ego']
    """
    params = dict(locals())
    check_positive("n_people", n_people, integer=True)
    check_positive("n_areas", n_areas, integer=True)
    check_positive("max_contacts", max_contacts, integer=True)
    if not 0 < uptake <= 1:
        raise InputError(f"uptake must be in (0, 1]; got {uptake!r}.")
    if not 1 <= mean_contacts <= max_contacts:
        raise InputError(f"mean_contacts must be between 1 and max_contacts; got "
                         f"{mean_contacts!r}.")
    lo, hi = propensity
    low = lo - selection - area_shock + min(trend, 0) + min(effect, 0)
    high = hi + area_shock + max(trend, 0) + max(effect, 0) + max(-selection, 0)
    if not (0 <= lo <= hi <= 1) or low < 0 or high > 1:
        raise InputError(f"propensity, selection, area_shock, trend and effect must keep every "
                         f"contact probability in [0, 1]; they span [{low:.3g}, {high:.3g}].")
    rng = rng_from_seed(seed)
    area = rng.integers(0, n_areas, n_people)
    share_a = rng.uniform(0.3, 0.7, n_areas)
    group = np.where(rng.random(n_people) < share_a[area], "A", "B")
    offered = rng.permutation(n_areas) < n_areas // 2
    b = rng.uniform(lo, hi, n_people)
    below = (0.5 * (lo + hi) - b) / max(hi - lo, 1e-12)  # in [-0.5, 0.5]
    p_take = np.clip(uptake + selection * below, 0, 1)
    participant = offered[area] & (rng.random(n_people) < p_take)
    b = b - selection * participant
    shocks = rng.uniform(-area_shock, area_shock, (2, n_areas))
    q = np.stack([b + shocks[0, area], b + shocks[1, area] + trend + effect * participant])
    waves = []
    for t in range(2):
        k = 1 + rng.binomial(max_contacts - 1, (mean_contacts - 1) / max(max_contacts - 1, 1),
                             n_people)
        ego = np.repeat(np.arange(n_people), k)
        out = rng.random(ego.size) < q[t, ego]
        own = group[ego]
        alter = np.where(out, np.where(own == "A", "B", "A"), own)
        waves.append(pd.DataFrame({"ego": ego + 1, "alter_group": alter}))
    people = pd.DataFrame({"ego": np.arange(1, n_people + 1),
                           "area": np.char.add("area", (area + 1).astype(str)).astype(object),
                           "group": group.astype(object), "programme_area": offered[area],
                           "participant": participant, "propensity": b})
    truth = {"effect": effect, "trend": trend, "area_shock": area_shock,
             "n_participants": int(participant.sum()), "q_before": q[0], "q_after": q[1]}
    return SimulatedProgramme(people, waves[0], waves[1], truth, params)
