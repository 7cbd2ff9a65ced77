"""The ego-centric data model: egos, their alters, alter-alter ties and area populations.

An :class:`EgoData` holds

* ``egos``: one row a respondent, indexed by ego id (attributes, area, survey weight,
  outcomes such as trust);
* ``alters``: one row a reported contact, with column ``ego`` (the reporting ego's id), the
  alter's attributes and, for instance, the duration or frequency of the contact;
* optionally ``ties`` between alters of the same ego (columns ``ego``, ``source``,
  ``target``, alter ids);
* optionally ``areas``: the population of each area by group (counts, or shares), the
  baseline against which the observed mixing is compared.

The ego and alter group variables may have different names; their values are harmonised
explicitly (``ego_levels``, ``alter_levels``, ``area_levels`` map raw values to labels) and
must then agree with the area table. Egos who report no alter are kept.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import InputError
from ..io.tables import read_table
from ._assemble import ego_fields
from ._tables import check_numeric_column

__all__ = ["EgoData"]


@dataclass(frozen=True, eq=False)
class EgoData:
    """Ego-centric network data: egos, alters, optional alter-alter ties and area table.

    Build it with :func:`netmix.ego.read_ego_data` (tables) or :func:`netmix.ego.from_graph` (any
    sociocentric graph); both validate their input.

    Attributes
    ----------
    egos : pandas.DataFrame
        Indexed by ego id (index name ``ego``); column ``group`` holds the harmonised group.
    alters : pandas.DataFrame
        Column ``ego`` (ego id) and column ``alter_group`` (harmonised); other columns as
        given.
    group, alter_group : str
        The group columns of ``egos`` and ``alters``.
    labels : pandas.Index
        The group labels (the area table's groups when there is one).
    ego_codes, alter_codes : numpy.ndarray
        Group code of each ego and each alter (positions into ``labels``).
    alter_ego : numpy.ndarray
        Position (row of ``egos``) of each alter's ego.
    area : str or None
        The ego column naming the area (the geography level).
    areas : pandas.DataFrame or None
        One row an area, one column a group (``labels``): counts or shares.
    ego_area : numpy.ndarray or None
        Position (row of ``areas``) of each ego's area.
    area_units : {"counts", "shares"}
    survey_weight : str or None
        The ego column holding survey weights.
    ties : pandas.DataFrame or None
        Alter-alter ties, columns ``ego``, ``source``, ``target``.
    alter_id : str or None
        The alter column identifying alters (needed for ties).
    provenance : tuple of dict
        How the data were read: sources, recodings, rows dropped and why.
    """

    egos: pd.DataFrame
    alters: pd.DataFrame
    group: str
    alter_group: str
    labels: pd.Index
    ego_codes: np.ndarray
    alter_codes: np.ndarray
    alter_ego: np.ndarray
    area: str | None = None
    areas: pd.DataFrame | None = None
    ego_area: np.ndarray | None = None
    area_units: str = "counts"
    survey_weight: str | None = None
    ties: pd.DataFrame | None = None
    alter_id: str | None = None
    provenance: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    # ---------------------------------------------------------------- sizes and arrays
    @property
    def n_egos(self) -> int:
        """Number of egos (respondents), those without alters included."""
        return len(self.egos)

    @property
    def n_alters(self) -> int:
        """Number of reported alters."""
        return len(self.alters)

    @property
    def n_groups(self) -> int:
        """Number of group labels."""
        return len(self.labels)

    def alters_per_ego(self) -> np.ndarray:
        """Number of alters of each ego (0 for an ego who reported nobody)."""
        return np.bincount(self.alter_ego, minlength=self.n_egos)

    def weights(self, survey_weights: bool = True) -> np.ndarray:
        """Survey weight of each ego (ones without a weight column or when not asked)."""
        if not survey_weights or self.survey_weight is None:
            return np.ones(self.n_egos)
        return self.egos[self.survey_weight].to_numpy(dtype=float)

    def alter_values(self, weight: str | None) -> np.ndarray:
        """Volume of each alter: ones, or the alter column ``weight`` (checked >= 0)."""
        if weight is None:
            return np.ones(self.n_alters)
        return check_numeric_column(self.alters, weight, "weight", source="the alter table")

    def group_counts(self, weight: str | None = None) -> np.ndarray:
        """``(n_egos, n_groups)`` volume of each ego's alters in each group (bincount)."""
        k = self.n_groups
        flat = self.alter_ego.astype(np.int64) * k + self.alter_codes
        counts = np.bincount(flat, weights=self.alter_values(weight), minlength=self.n_egos * k)
        return counts.reshape(self.n_egos, k)

    def population(self) -> np.ndarray:
        """``(n_egos, n_groups)`` population of each ego's area by group (needs ``areas``)."""
        if self.areas is None or self.ego_area is None:
            raise InputError(
                "ego_data must have an area table for a baseline; got none. Pass areas=... "
                "to read_ego_data, or use ego_data.with_areas(areas, area=<ego column>)."
            )
        return self.areas.to_numpy(dtype=float)[self.ego_area]

    # ---------------------------------------------------------------- derived data
    def with_areas(self, areas: Any, *, area: str | None = None, area_units: str = "counts",
                   area_levels: Mapping[Any, Any] | None = None, **options: Any) -> EgoData:
        """A copy with an area table (see :func:`netmix.ego.read_ego_data` for the arguments)."""
        table = read_table(areas, what="area table") if isinstance(areas, (str, os.PathLike)) \
            else areas
        fields = ego_fields(self.egos, self.alters, group=self.group,
                            alter_group=self.alter_group,
                            area=area if area is not None else self.area, areas=table,
                            area_units=area_units, area_levels=area_levels,
                            survey_weight=self.survey_weight, ties=self.ties,
                            alter_id=self.alter_id, provenance=self.provenance, **options)
        return EgoData(**fields)

    def subset(self, keep: np.ndarray | Sequence[bool]) -> EgoData:
        """The egos where the boolean mask ``keep`` is true, with their alters and ties."""
        mask = np.asarray(keep, dtype=bool)
        if mask.shape != (self.n_egos,):
            raise InputError(f"keep must be a boolean mask with one value per ego "
                             f"({self.n_egos}); got shape {mask.shape}.")
        new_pos = np.cumsum(mask) - 1
        amask = mask[self.alter_ego]
        ties = self.ties
        if ties is not None:
            ties = ties[ties["ego"].isin(self.egos.index[mask])]
        return replace(
            self, egos=self.egos[mask], alters=self.alters[amask],
            ego_codes=self.ego_codes[mask], alter_codes=self.alter_codes[amask],
            alter_ego=new_pos[self.alter_ego[amask]],
            ego_area=None if self.ego_area is None else self.ego_area[mask], ties=ties,
            provenance=(*self.provenance, {"step": "subset", "egos_kept": int(mask.sum())}))

    # ---------------------------------------------------------------- display
    def __repr__(self) -> str:
        n_none = int((self.alters_per_ego() == 0).sum())
        areas = "no area table" if self.areas is None else (
            f"{len(self.areas)} area(s) ({self.area_units})")
        return (f"<EgoData: {self.n_egos} egos ({n_none} without alters), {self.n_alters} "
                f"alters, {self.n_groups} groups of {self.group!r}; {areas}>")

    def summary(self) -> str:
        """A text summary: sizes, groups and the provenance of every step."""
        lines = [repr(self), f"  groups: {', '.join(str(v) for v in self.labels)}"]
        for rec in self.provenance:
            items = ", ".join(f"{k}={v}" for k, v in rec.items() if k != "step")
            lines.append(f"  - {rec.get('step', '?')}: {items}")
        return "\n".join(lines)
