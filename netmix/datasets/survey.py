"""A seeded simulator of ego-centric contact surveys with known integration ratios.

:func:`simulate_diary_survey` draws respondents from areas of different composition, lets
each report up to ``max_alters`` contacts that are homophilous by a known amount, and adds
a trust outcome with a known effect of out-group contact. The data-generating values of
every estimand of :mod:`netmix.ego` are returned in ``truth``, so estimators and their
confidence intervals can be checked against them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_positive, rng_from_seed
from ..ego import read_ego_data
from ..exceptions import InputError

__all__ = ["SimulatedDiarySurvey", "simulate_diary_survey"]

DEFAULT_AREA_SHARES = ((0.90, 0.07, 0.03), (0.60, 0.30, 0.10), (0.40, 0.35, 0.25),
                       (0.75, 0.05, 0.20))
DEFAULT_AREA_SIZES = (20_000, 50_000, 80_000, 30_000)
SETTINGS = ("home", "work", "leisure")


@dataclass(frozen=True)
class SimulatedDiarySurvey:
    """Output of :func:`simulate_diary_survey`.

    Attributes
    ----------
    egos : pandas.DataFrame
        One row a respondent: ``ego``, ``area``, ``group``, ``weight`` (survey weight),
        ``n_alters``, ``outgroup_share`` (share of reported alters from another group, 0
        without alters) and ``trust``.
    alters : pandas.DataFrame
        One row a reported contact: ``ego``, ``alter_group``, ``duration`` (minutes, drawn
        independently of the group) and ``setting``.
    areas : pandas.DataFrame
        Population counts, one row an area, one column a group.
    truth : dict
        The data-generating values (see :func:`simulate_diary_survey`).
    params : dict
        Every argument, the seed included.
    """

    egos: pd.DataFrame
    alters: pd.DataFrame
    areas: pd.DataFrame
    truth: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)

    def ego_data(self, **options: Any):
        """The survey as :class:`netmix.ego.EgoData` (survey weights and areas attached)."""
        options.setdefault("survey_weight", "weight")
        return read_ego_data(self.egos, self.alters, group="group", alter_group="alter_group",
                             area="area", areas=self.areas, **options)


def _homophily(homophily: float | Mapping[Any, float], labels: list[str]) -> np.ndarray:
    if isinstance(homophily, Mapping):
        missing = [g for g in labels if g not in homophily]
        if missing:
            raise InputError(f"homophily must give a value for every group {labels}; got none "
                             f"for {missing}.")
        h = np.array([float(homophily[g]) for g in labels])
    else:
        h = np.full(len(labels), float(homophily))
    if not ((h >= 0) & (h < 1)).all():
        raise InputError(f"homophily must be in [0, 1) (the probability that a contact is "
                         f"drawn from the ego's own group); got {h.tolist()}.")
    return h


def _population(area_shares: Any, area_sizes: Any) -> np.ndarray:
    shares = np.asarray(area_shares, dtype=float)
    sizes = np.asarray(area_sizes, dtype=float)
    if shares.ndim != 2 or shares.shape[0] != sizes.size or (shares < 0).any() \
            or shares.shape[1] < 2:
        raise InputError(f"area_shares must be a table with one row per area ({sizes.size}) "
                         f"and one column per group (at least 2), shares >= 0; got shape "
                         f"{shares.shape}.")
    if (sizes < 2).any():
        raise InputError(f"area_sizes must be at least 2 people per area; got {sizes.tolist()}.")
    counts = np.rint(shares / shares.sum(axis=1, keepdims=True) * sizes[:, None])
    return counts


def _truth(pop: np.ndarray, h: np.ndarray, labels: list[str], areas: list[str]
           ) -> dict[str, Any]:
    n_a = pop.sum(axis=1, keepdims=True)
    p = pop / n_a
    out_share = (n_a - pop) / (n_a - 1)  # e_ag: out-group share without the ego
    in_share = np.clip(pop - 1, 0, None) / (n_a - 1)  # f_ag: own group without the ego
    w = pop  # population weight of (area, group): N_a p_ag
    num, den = w * (1 - h) * out_share, w * out_share
    in_num = w * (h + (1 - h) * in_share)
    return {
        "integration_ratio": float(num.sum() / den.sum()),
        "integration_ratio_by_group": dict(zip(labels, (1 - h).tolist(), strict=True)),
        "integration_ratio_by_area": dict(zip(areas, (num.sum(1) / den.sum(1)).tolist(),
                                              strict=True)),
        "mean_of_ratios": float((w * (1 - h)).sum() / w.sum()),
        "ingroup_by_group": dict(zip(labels, (in_num.sum(0) / (w * in_share).sum(0)).tolist(),
                                     strict=True)),
        "homophily": dict(zip(labels, h.tolist(), strict=True)),
        "population_shares": pd.DataFrame(p, index=areas, columns=labels),
    }


def simulate_diary_survey(
    n_egos: int = 1000,
    *,
    area_shares: Sequence[Sequence[float]] = DEFAULT_AREA_SHARES,
    area_sizes: Sequence[int] = DEFAULT_AREA_SIZES,
    homophily: float | Mapping[Any, float] = 0.5,
    group_labels: Sequence[str] | None = None,
    max_alters: int = 5,
    mean_alters: float = 3.0,
    p_no_alters: float = 0.05,
    oversample: bool = True,
    trust_intercept: float = 2.5,
    trust_effect: float = 1.5,
    noise_sd: float = 0.5,
    seed: Any = None,
) -> SimulatedDiarySurvey:
    """Simulate a contact survey in areas of different composition, with known mixing.

    Areas have populations ``area_sizes`` split by ``area_shares`` into groups; the same
    number of respondents is drawn in each area, their group drawn with probability
    :math:`q_{ag}` (the population share :math:`p_{ag}`, or with ``oversample`` the mean
    of :math:`p_{ag}` and :math:`1/G`, boosting small groups); survey weights
    :math:`\\propto N_a p_{ag} / (n_a q_{ag})` undo both. A respondent reports nobody with
    probability ``p_no_alters``, else :math:`1 + \\text{Binomial}(K - 1, (\\mu - 1)/(K - 1))`
    contacts (:math:`K` = ``max_alters``, :math:`\\mu` = ``mean_alters``). Each contact is
    from the ego's own group with probability :math:`h_g` (``homophily``), else drawn at
    random from the other people of the ego's area. Hence every ego's expected out-group
    share is :math:`(1 - h_g) e_{ag}`, with :math:`e_{ag} = (N_a - N_{ag}) / (N_a - 1)`,
    and

    .. math::

        \\text{trust}_i = \\beta_0 + \\beta_1 \\, \\text{outgroup\\_share}_i + \\varepsilon_i,
        \\quad \\varepsilon_i \\sim N(0, \\sigma^2).

    Returns
    -------
    SimulatedDiarySurvey
        ``truth`` holds (with the ego excluded from the baseline, as
        :func:`netmix.ego.integration_ratio` does by default):
        ``integration_ratio`` :math:`= \\sum_{a,g} N_{ag} (1 - h_g) e_{ag} /
        \\sum_{a,g} N_{ag} e_{ag}` (the survey-weighted ratio of sums), ``mean_of_ratios``
        :math:`= \\sum N_{ag} (1 - h_g) / \\sum N_{ag}`, ``integration_ratio_by_group``
        (:math:`1 - h_g`), ``integration_ratio_by_area``, ``ingroup_by_group``,
        ``trust_intercept``, ``trust_effect``, ``noise_sd``.

    Examples
    --------
    >>> sim = simulate_diary_survey(200, homophily={"A": 0.6, "B": 0.2, "C": 0.2}, seed=3)
    >>> sim.truth["integration_ratio_by_group"]
    {'A': 0.4, 'B': 0.8, 'C': 0.8}
    >>> sorted(sim.alters.columns)
    ['alter_group', 'duration', 'ego', 'setting']
    """
    check_positive("n_egos", n_egos, integer=True)
    check_positive("max_alters", max_alters, integer=True)
    check_positive("noise_sd", noise_sd)
    if not 0 <= p_no_alters < 1:
        raise InputError(f"p_no_alters must be in [0, 1); got {p_no_alters!r}.")
    if not 1 <= mean_alters <= max_alters:
        raise InputError(f"mean_alters must be between 1 and max_alters={max_alters}; got "
                         f"{mean_alters!r}.")
    params = {k: v for k, v in locals().items()}
    rng = rng_from_seed(seed)
    pop = _population(area_shares, area_sizes)
    n_areas, n_groups = pop.shape
    labels = list(group_labels) if group_labels is not None else \
        [chr(ord("A") + k) for k in range(n_groups)]
    if len(labels) != n_groups:
        raise InputError(f"group_labels must name the {n_groups} groups; got {labels}.")
    areas = [f"area{k + 1}" for k in range(n_areas)]
    h = _homophily(homophily, labels)
    p = pop / pop.sum(axis=1, keepdims=True)
    q = (p + (p > 0) / (p > 0).sum(axis=1, keepdims=True)) / 2 if oversample else p
    # respondents: the same number per area, group drawn with probability q
    n_per = np.full(n_areas, n_egos // n_areas) + (np.arange(n_areas) < n_egos % n_areas)
    area = np.repeat(np.arange(n_areas), n_per)
    u = rng.random(n_egos)
    group = (u[:, None] > np.cumsum(q, axis=1)[area]).sum(axis=1).clip(max=n_groups - 1)
    weight = pop[area, group] / (n_per[area] * q[area, group])
    weight = weight / weight.mean()
    # alters: how many, then own group with probability h, else random from the area
    k = 1 + rng.binomial(max_alters - 1, (mean_alters - 1) / max(max_alters - 1, 1), n_egos)
    k = np.where(rng.random(n_egos) < p_no_alters, 0, k)
    ego_of = np.repeat(np.arange(n_egos), k)
    a_i, g_i = area[ego_of], group[ego_of]
    others = pop[a_i].copy()
    others[np.arange(ego_of.size), g_i] -= 1
    cum = np.cumsum(others / others.sum(axis=1, keepdims=True), axis=1)
    drawn = (rng.random(ego_of.size)[:, None] > cum).sum(axis=1).clip(max=n_groups - 1)
    alter_group = np.where(rng.random(ego_of.size) < h[g_i], g_i, drawn)
    out = np.bincount(ego_of, weights=(alter_group != g_i).astype(float), minlength=n_egos)
    share = np.divide(out, k, out=np.zeros(n_egos), where=k > 0)
    trust = trust_intercept + trust_effect * share + rng.normal(0, noise_sd, n_egos)
    ids = np.arange(1, n_egos + 1)
    lab = np.asarray(labels, dtype=object)
    egos = pd.DataFrame({"ego": ids, "area": np.asarray(areas, dtype=object)[area],
                         "group": lab[group], "weight": weight, "n_alters": k,
                         "outgroup_share": share, "trust": trust})
    alters = pd.DataFrame({
        "ego": ids[ego_of], "alter_group": lab[alter_group],
        "duration": np.round(rng.lognormal(np.log(30.0), 0.8, ego_of.size), 1),
        "setting": np.asarray(SETTINGS, dtype=object)[rng.integers(0, 3, ego_of.size)]})
    area_table = pd.DataFrame(pop.astype(np.int64), index=pd.Index(areas, name="area"),
                              columns=labels)
    truth = _truth(pop, h, labels, areas)
    truth.update(trust_intercept=trust_intercept, trust_effect=trust_effect,
                 noise_sd=noise_sd)
    return SimulatedDiarySurvey(egos, alters, area_table, truth, params)
