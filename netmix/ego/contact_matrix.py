"""Contact matrices from contact diaries, as epidemiologists build them from contact surveys.

``C[g, h]`` is the mean number of contacts a participant of group ``g`` reports with people
of group ``h`` (survey-weighted). Reciprocity requires the total contacts between two
groups to agree from both sides, :math:`c_{gh} N_g = c_{hg} N_h`; sampling noise and
reporting bias break it, and the symmetrised matrix restores it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._results import ResultMixin
from .._validation import first_items
from ..exceptions import DegenerateMixingWarning, InputError
from .data import EgoData
from .expected import _group_sum

__all__ = ["ContactMatrix", "contact_matrix"]


@dataclass(frozen=True, eq=False)
class ContactMatrix(ResultMixin):
    """A contact matrix (rows: participant group, columns: contact group) and its making.

    Attributes
    ----------
    matrix : pandas.DataFrame
        Mean contacts per participant of the row group with the column group (per person
        of the column group when ``per_capita``).
    participants : pandas.Series
        Number of participants (egos) of each group.
    population : pandas.Series or None
        Population of each group used for symmetrisation / per-capita rates.
    """

    matrix: pd.DataFrame
    participants: pd.Series
    population: pd.Series | None
    symmetric: bool
    per_capita: bool
    weight: str | None
    survey_weight: str | None
    mean_contacts: float
    n_egos: int
    n_alters: int

    _title = "Contact matrix"
    _record_fields = ("n_egos", "n_alters", "mean_contacts", "symmetric", "per_capita", "weight")

    def reciprocity(self) -> pd.DataFrame:
        """:math:`c_{gh} N_g / (c_{hg} N_h)`: 1 where the two sides agree (needs population)."""
        if self.population is None:
            raise InputError("reciprocity needs the population of each group; build the "
                             "matrix with population=... or from data with an area table.")
        n = self.population.to_numpy(dtype=float)
        c = self.matrix.to_numpy() * (n[None, :] if self.per_capita else 1.0)
        total = c * n[:, None]
        out = np.full(total.shape, np.nan)
        np.divide(total, total.T, out=out, where=total.T > 0)
        return pd.DataFrame(out, index=self.matrix.index, columns=self.matrix.columns)


def _population(data: EgoData, population: Any) -> np.ndarray | None:
    if population is None:
        if data.areas is None or data.area_units != "counts":
            return None
        return data.areas.to_numpy(dtype=float).sum(axis=0)
    series = pd.Series(dict(population)) if isinstance(population, Mapping) \
        else pd.Series(population)
    missing = [g for g in data.labels if g not in series.index]
    if missing:
        raise InputError(f"population must give the size of every group; got none for "
                         f"{first_items(missing)}.")
    values = pd.to_numeric(series.reindex(data.labels), errors="coerce").to_numpy(float)
    if not np.isfinite(values).all() or (values <= 0).any():
        raise InputError(f"population must hold positive finite sizes; got {values.tolist()}.")
    return values


def contact_matrix(data: EgoData, *, weight: str | None = None, survey_weights: bool = True,
                   symmetric: bool = False, per_capita: bool = False,
                   population: Any = None) -> ContactMatrix:
    """Mean contacts per participant by group of participant and contact.

    .. math::

        c_{gh} = \\frac{\\sum_{i: g_i = g} s_i V_{ih}}{\\sum_{i: g_i = g} s_i}, \\qquad
        c^{sym}_{gh} = \\frac{c_{gh} N_g + c_{hg} N_h}{2 N_g}

    with :math:`V_{ih}` the number (or volume) of ego :math:`i`'s contacts in group
    :math:`h`, :math:`s_i` its survey weight and :math:`N_g` the population of group
    :math:`g`; the symmetrised matrix satisfies :math:`c_{gh} N_g = c_{hg} N_h`.
    ``per_capita`` divides column :math:`h` by :math:`N_h`.

    Parameters
    ----------
    data : EgoData
    weight : str, optional
        Alter column to sum instead of counting contacts (e.g. duration).
    survey_weights : bool, default True
    symmetric : bool, default False
        Apply the reciprocity correction (needs the population).
    per_capita : bool, default False
        Contacts per person of the contact group (needs the population).
    population : Series or mapping from group to size, optional
        Default: the area table's counts summed over areas.

    Returns
    -------
    ContactMatrix

    Notes
    -----
    The same formulas as R socialmixr's ``contact_matrix(symmetric = TRUE)`` and
    ``per_capita``: Funk S. et al., socialmixr; Mossong J. et al. (2008). Social contacts
    and mixing patterns relevant to the spread of infectious diseases. PLoS Medicine
    5(3):e74, doi:10.1371/journal.pmed.0050074. Validated against a hand computation (tests).

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix.ego import read_ego_data
    >>> egos = pd.DataFrame({"ego": [1, 2, 3], "g": ["a", "a", "b"]})
    >>> alters = pd.DataFrame({"ego": [1, 1, 2, 3, 3], "g": ["a", "b", "b", "a", "b"]})
    >>> d = read_ego_data(egos, alters, group="g", areas={"a": 100, "b": 50})
    >>> contact_matrix(d).matrix
    contact_group        a    b
    participant_group
    a                  0.5  1.0
    b                  1.0  1.0
    >>> contact_matrix(d, symmetric=True).matrix   # (1.0*100 + 1.0*50) / (2*100) = 0.75
    contact_group        a     b
    participant_group
    a                  0.5  0.75
    b                  1.5  1.00
    """
    n = _population(data, population)
    if (symmetric or per_capita) and n is None:
        raise InputError("symmetric=True and per_capita=True need the population of each "
                         "group; pass population=... or give the data an area table of counts.")
    volumes = data.group_counts(weight)
    s = data.weights(survey_weights)
    codes = data.ego_codes.astype(np.intp)
    k = data.n_groups
    num = _group_sum(codes, s[:, None] * volumes, k)
    den = np.bincount(codes, weights=s, minlength=k)
    c = np.full((k, k), np.nan)
    np.divide(num, den[:, None], out=c, where=den[:, None] > 0)
    empty = den <= 0
    if empty.any():
        warnings.warn(f"contact_matrix: no participants (with positive weight) in group(s) "
                      f"{first_items(data.labels[empty])}; their rows are NaN.",
                      DegenerateMixingWarning, stacklevel=2)
    if symmetric:
        total = c * n[:, None]
        c = (total + total.T) / (2.0 * n[:, None])
    mean = float(np.nansum(np.nansum(c, axis=1) * n) / n.sum()) if n is not None else \
        float(np.sum(s * volumes.sum(axis=1)) / s.sum())
    if per_capita:
        c = c / n[None, :]
    labels = data.labels
    return ContactMatrix(
        matrix=pd.DataFrame(c, index=pd.Index(labels, name="participant_group"),
                            columns=pd.Index(labels, name="contact_group")),
        participants=pd.Series(np.bincount(codes, minlength=k), index=labels,
                               name="participants"),
        population=None if n is None else pd.Series(n, index=labels, name="population"),
        symmetric=symmetric, per_capita=per_capita, weight=weight,
        survey_weight=data.survey_weight if survey_weights else None, mean_contacts=mean,
        n_egos=data.n_egos, n_alters=data.n_alters)
