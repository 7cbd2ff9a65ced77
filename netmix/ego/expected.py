"""Actual versus expected mixing: each ego's contacts against its area's population.

The baseline of ego :math:`i` (group :math:`g_i`, area :math:`a_i`) is the share of each
group among the people it could have met: :math:`P_{ik} = N_{a_i k} / N_{a_i}`, or, when
the ego is excluded from its own area's population (``exclude_ego=True``),

.. math:: P_{ik} = \\frac{N_{a_i k} - [k = g_i]}{N_{a_i} - 1}.

With :math:`V_{ik}` the volume (count, or summed duration / frequency) of the ego's alters
in group :math:`k` and :math:`v_i = \\sum_k V_{ik}`, the observed and expected out-group
volumes are :math:`O_i = v_i - V_{i g_i}` and :math:`E_i = v_i (1 - P_{i g_i})`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import first_items
from ..exceptions import DegenerateMixingWarning, InputError
from ._tables import _plain
from .data import EgoData

__all__ = ["baseline_shares", "expected_contacts", "ratio_matrix"]


def baseline_shares(data: EgoData, *, exclude_ego: bool = True) -> np.ndarray:
    """``(n_egos, n_groups)`` expected share of each group among an ego's possible contacts.

    An ego alone in its area (nobody else to meet) gets a row of zeros.

    Examples
    --------
    An area of 3 people of group a and 2 of group b: without the ego, an a-ego can meet 2 a
    and 2 b, a b-ego 3 a and 1 b.

    >>> import pandas as pd
    >>> from netmix.ego import read_ego_data
    >>> egos = pd.DataFrame({"ego": [1, 2], "g": ["a", "b"]})
    >>> alters = pd.DataFrame({"ego": [1, 1], "g": ["a", "b"]})
    >>> d = read_ego_data(egos, alters, group="g", areas={"a": 3, "b": 2})
    >>> baseline_shares(d)
    array([[0.5 , 0.5 ],
           [0.75, 0.25]])
    >>> baseline_shares(d, exclude_ego=False)
    array([[0.6, 0.4],
           [0.6, 0.4]])
    """
    pop = data.population().copy()
    if data.area_units == "shares":
        if exclude_ego:
            raise InputError(
                "exclude_ego=True needs population counts (the ego is removed from its own "
                "group's count); got an area table of shares. Pass exclude_ego=False, or give "
                "the area table as counts (area_units='counts')."
            )
        return pop
    if exclude_ego:
        rows = np.arange(data.n_egos)
        own = data.ego_codes.astype(np.intp)
        pop[rows, own] -= 1.0
        bad = pop[rows, own] < 0
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"areas: ego {_plain(data.egos.index[k])!r} of group "
                f"{_plain(data.labels[own[k]])!r} lives in "
                f"an area whose count of that group is 0 ({int(bad.sum())} such ego(s)); the "
                "ego must be part of its area's population. Fix the area table, or pass "
                "exclude_ego=False."
            )
    total = pop.sum(axis=1, keepdims=True)
    out = np.zeros_like(pop)
    np.divide(pop, total, out=out, where=total > 0)
    return out


def _observed_expected(data: EgoData, weight: str | None, exclude_ego: bool
                       ) -> tuple[np.ndarray, np.ndarray]:
    volumes = data.group_counts(weight)
    shares = baseline_shares(data, exclude_ego=exclude_ego)
    return volumes, volumes.sum(axis=1, keepdims=True) * shares


def own_and_out(data: EgoData, weight: str | None, exclude_ego: bool) -> dict[str, np.ndarray]:
    """Observed and expected in-group and out-group volumes of every ego (arrays)."""
    obs, exp = _observed_expected(data, weight, exclude_ego)
    rows, own = np.arange(data.n_egos), data.ego_codes.astype(np.intp)
    v, ev = obs.sum(axis=1), exp.sum(axis=1)
    return {"volume": v, "observed_same": obs[rows, own], "expected_same": exp[rows, own],
            "observed_out": v - obs[rows, own], "expected_out": ev - exp[rows, own]}


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def expected_contacts(data: EgoData, *, weight: str | None = None,
                      exclude_ego: bool = True) -> pd.DataFrame:
    """Observed and expected in-group and out-group contact of every ego.

    .. math::

        O_i = v_i - V_{i g_i}, \\quad E_i = v_i (1 - P_{i g_i}), \\quad
        r_i = O_i / E_i

    (see the module notes for :math:`P`); ``ingroup_ratio`` is
    :math:`V_{i g_i} / (v_i P_{i g_i})`.

    Parameters
    ----------
    data : EgoData
        With an area table.
    weight : str, optional
        Alter column giving each contact's volume (duration, frequency).
    exclude_ego : bool, default True
        Take the ego out of its own group's count in its area (needs counts).

    Returns
    -------
    pandas.DataFrame
        One row per ego: ``group``, ``volume``, ``observed_same``, ``expected_same``,
        ``observed_out``, ``expected_out``, ``expected_share_out``, ``outgroup_ratio`` and
        ``ingroup_ratio`` (NaN where the expected volume is 0, e.g. an ego without
        alters), plus the area column when there is one.

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix.ego import read_ego_data
    >>> egos = pd.DataFrame({"ego": [1, 2], "g": ["a", "b"]})
    >>> alters = pd.DataFrame({"ego": [1, 1, 1, 1], "g": ["a", "a", "a", "b"]})
    >>> d = read_ego_data(egos, alters, group="g", areas={"a": 51, "b": 50})
    >>> expected_contacts(d)[["observed_out", "expected_out", "outgroup_ratio"]]
         observed_out  expected_out  outgroup_ratio
    ego
    1             1.0           2.0             0.5
    2             0.0           0.0             NaN
    """
    parts = own_and_out(data, weight, exclude_ego)
    table = pd.DataFrame({"group": data.egos[data.group].to_numpy()}, index=data.egos.index)
    if data.area is not None:
        table[data.area] = data.egos[data.area].to_numpy()
    for key, values in parts.items():
        table[key] = values
    table["expected_share_out"] = _safe_ratio(parts["expected_out"], parts["volume"])
    table["outgroup_ratio"] = _safe_ratio(parts["observed_out"], parts["expected_out"])
    table["ingroup_ratio"] = _safe_ratio(parts["observed_same"], parts["expected_same"])
    return table


def _group_sum(codes: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    onehot = sp.csr_matrix((np.ones(codes.size), (codes, np.arange(codes.size))),
                           shape=(k, codes.size))
    return np.asarray(onehot @ values)


def ratio_matrix(data: EgoData, *, weight: str | None = None, exclude_ego: bool = True,
                 survey_weights: bool = True) -> pd.DataFrame:
    """Contacts between groups relative to what random mixing in each area would give.

    .. math::

        A_{gh} = \\frac{\\sum_{i: g_i = g} s_i V_{ih}}
                       {\\sum_{i: g_i = g} s_i v_i P_{ih}}

    with survey weights :math:`s_i`. :math:`A_{gh} = 1`: group :math:`g`'s contacts with
    group :math:`h` are as frequent as random draws from the egos' areas would make them;
    the diagonal is the in-group over-representation. With a single area, :math:`P` is the
    population share of :math:`h` and :math:`A` is socialmixr's assortativity matrix
    (``split_matrix``: each row's contacts over the row total, divided by the population
    proportions).

    Returns
    -------
    pandas.DataFrame
        Rows: ego group; columns: alter group. NaN (with a
        :class:`~netmix.DegenerateMixingWarning`) where nothing was expected.

    Notes
    -----
    Funk S. et al., socialmixr (R package), ``split_matrix``; Mossong J. et al. (2008).
    Social contacts and mixing patterns relevant to the spread of infectious diseases.
    PLoS Medicine 5(3):e74, doi:10.1371/journal.pmed.0050074. Validated against a hand
    computation (tests).

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix.ego import read_ego_data
    >>> egos = pd.DataFrame({"ego": [1, 2], "g": ["a", "b"]})
    >>> alters = pd.DataFrame({"ego": [1, 1, 2, 2], "g": ["a", "b", "b", "b"]})
    >>> d = read_ego_data(egos, alters, group="g", areas={"a": 50, "b": 50},
    ...                   area_units="counts")
    >>> ratio_matrix(d, exclude_ego=False)
    alter_group    a    b
    ego_group
    a            1.0  1.0
    b            0.0  2.0
    """
    obs, exp = _observed_expected(data, weight, exclude_ego)
    s = data.weights(survey_weights)[:, None]
    codes = data.ego_codes.astype(np.intp)
    num = _group_sum(codes, s * obs, data.n_groups)
    den = _group_sum(codes, s * exp, data.n_groups)
    present = np.bincount(codes, minlength=data.n_groups) > 0
    values = _safe_ratio(num, den)
    empty = (den <= 0) & present[:, None]
    if empty.any():
        cells = [(data.labels[r], data.labels[c]) for r, c in np.argwhere(empty)]
        warnings.warn(f"ratio_matrix: nothing was expected for {len(cells)} cell(s) "
                      f"(ego group, alter group) {first_items(cells)}: no such people in the "
                      "egos' areas, or no alters; those cells are NaN.",
                      DegenerateMixingWarning, stacklevel=2)
    return pd.DataFrame(values, index=pd.Index(data.labels, name="ego_group"),
                        columns=pd.Index(data.labels, name="alter_group"))

