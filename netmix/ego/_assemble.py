"""Checking ego, alter, area and tie tables and assembling them into the fields of an
:class:`~netmix.ego.EgoData`: the one validation shared by :func:`~netmix.ego.read_ego_data`,
:func:`~netmix.ego.from_graph` and :meth:`~netmix.ego.EgoData.with_areas`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._format import sort_groups
from .._validation import check_choice, check_column, first_items, where
from ..exceptions import InputError
from ..io.tables import read_table
from ._tables import (
    _plain,
    area_table,
    check_levels,
    check_numeric_column,
    code_dtype,
    harmonise,
    levels_of,
)

__all__ = ["ego_fields"]


def _drop_missing(values: pd.Series, what: str, argument: str, missing: str,
                  table: pd.DataFrame) -> np.ndarray:
    isna = values.isna().to_numpy()
    if isna.any() and missing == "raise":
        k = int(np.flatnonzero(isna)[0])
        raise InputError(
            f"{argument}: {int(isna.sum())} {what} have no group, e.g. at "
            f"{where(table, table.index[k])}. A missing value is never a group: fill them, "
            "or pass missing='drop' to leave them out (they are counted in the provenance)."
        )
    return ~isna


def _area_positions(egos: pd.DataFrame, area: str | None, areas: pd.DataFrame) -> np.ndarray:
    if area is None:
        if len(areas) != 1:
            raise InputError(
                f"area must name the ego column holding each ego's area when the area table "
                f"has {len(areas)} areas; got area=None. Pass area=<column of the ego table>."
            )
        return np.zeros(len(egos), dtype=np.intp)
    check_column(egos, area, "area", source="the ego table")
    pos = areas.index.get_indexer(egos[area].to_numpy())
    if (pos < 0).any():
        k = int(np.flatnonzero(pos < 0)[0])
        unknown = pd.unique(egos[area].to_numpy()[pos < 0])
        raise InputError(
            f"area: {int((pos < 0).sum())} ego(s) live in areas missing from the area table, "
            f"e.g. ego {_plain(egos.index[k])!r} in {_plain(egos[area].iloc[k])!r} "
            f"({first_items(unknown)}). "
            "Add those areas to the area table or fix the ego's area."
        )
    return pos


def _check_ties(ties: Any, alters: pd.DataFrame, alter_id: str | None,
                columns: Sequence[Any]) -> pd.DataFrame:
    if alter_id is None:
        raise InputError("alter_id must name the alter column identifying alters when ties "
                         "are given; got None.")
    ties = read_table(ties, what="tie table")
    ego_c, src_c, dst_c = columns
    for col in columns:
        check_column(ties, col, "tie_columns", source="the tie table")
    known = pd.MultiIndex.from_arrays([alters["ego"].to_numpy(), alters[alter_id].to_numpy()])
    if not known.is_unique:
        raise InputError(f"alter_id: column {alter_id!r} must identify each alter within its "
                         "ego; some ego names the same alter twice.")
    for col in (src_c, dst_c):
        keys = pd.MultiIndex.from_arrays([ties[ego_c].to_numpy(), ties[col].to_numpy()])
        bad = known.get_indexer(keys) < 0
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"ties: {int(bad.sum())} tie(s) name an alter their ego did not report, e.g. "
                f"ego {_plain(ties[ego_c].iloc[k])!r}, alter {_plain(ties[col].iloc[k])!r} at "
                f"{where(ties, ties.index[k])}. Ties join alters of the same ego."
            )
    return pd.DataFrame({"ego": ties[ego_c].to_numpy(), "source": ties[src_c].to_numpy(),
                         "target": ties[dst_c].to_numpy()})


def _labels(ego_values: pd.Series, alter_values: pd.Series, areas: pd.DataFrame | None
            ) -> pd.Index:
    if areas is not None:
        labels = pd.Index(areas.columns)
        check_levels(levels_of(ego_values), labels, "egos", "ego_levels", "the ego table")
        check_levels(levels_of(alter_values), labels, "alters", "alter_levels",
                     "the alter table")
        return labels
    seen = levels_of(ego_values)
    extra = [v for v in levels_of(alter_values) if v not in set(seen)]
    both = seen + extra
    if not isinstance(ego_values.dtype, pd.CategoricalDtype):
        both = sort_groups(both)
    return pd.Index(both)


def ego_fields(egos: pd.DataFrame, alters: pd.DataFrame, *, group: str, alter_group: str,
           area: str | None, areas: Any, area_units: str, survey_weight: str | None,
           ties: Any, alter_id: str | None, provenance: tuple = (),
           ego_levels: Mapping | None = None, alter_levels: Mapping | None = None,
           area_levels: Mapping | None = None, missing: str = "raise",
           tie_columns: Sequence[Any] = ("ego", "source", "target"),
           area_id: Any = None, **area_options: Any) -> dict[str, Any]:
    """Validate and harmonise ego, alter, area and tie tables into the fields of an
    :class:`~netmix.ego.EgoData` (``EgoData(**ego_fields(...))``)."""
    check_choice("missing", missing, ("raise", "drop"))
    record: dict[str, Any] = {"step": "ego_data", "group": group, "alter_group": alter_group}
    check_column(egos, group, "group", source="the ego table")
    check_column(alters, alter_group, "alter_group", source="the alter table")
    ego_values = harmonise(egos[group], ego_levels, "ego_levels")
    keep = _drop_missing(ego_values, "ego(s)", "group", missing, egos)
    if not keep.all():
        record["egos_without_group_dropped"] = int((~keep).sum())
        dropped = egos.index[~keep]
        egos, ego_values = egos[keep], ego_values[keep]
        gone = alters["ego"].isin(dropped).to_numpy()
        record["alters_of_dropped_egos"] = int(gone.sum())
        alters = alters[~gone]
    alter_values = harmonise(alters[alter_group], alter_levels, "alter_levels")
    akeep = _drop_missing(alter_values, "alter(s)", "alter_group", missing, alters)
    if not akeep.all():
        record["alters_without_group_dropped"] = int((~akeep).sum())
        alters, alter_values = alters[akeep], alter_values[akeep]
    table = None
    if areas is not None:
        table = area_table(areas, area_levels=area_levels, area_units=area_units,
                           area_id=area if area_id is None else area_id, **area_options)
    labels = _labels(ego_values, alter_values, table)
    cat = pd.CategoricalDtype(labels)
    egos, alters = egos.copy(), alters.copy()
    egos[group] = ego_values.astype(object).astype(cat)
    alters[alter_group] = alter_values.astype(object).astype(cat)
    dtype = code_dtype(len(labels))
    ego_codes = egos[group].cat.codes.to_numpy().astype(dtype)
    alter_codes = alters[alter_group].cat.codes.to_numpy().astype(dtype)
    alter_ego = egos.index.get_indexer(alters["ego"].to_numpy())
    if survey_weight is not None:
        w = check_numeric_column(egos, survey_weight, "survey_weight", source="the ego table")
        if w.sum() <= 0:
            raise InputError(f"survey_weight: column {survey_weight!r} sums to 0; at least one "
                             "ego needs a positive weight.")
        egos[survey_weight] = w
    ego_area = None if table is None else _area_positions(egos, area, table)
    if table is None and area is not None:
        check_column(egos, area, "area", source="the ego table")
    tie_table = None if ties is None else _check_ties(ties, alters, alter_id, tie_columns)
    record.update(n_egos=len(egos), n_alters=len(alters),
                  egos_without_alters=int((np.bincount(alter_ego, minlength=len(egos))
                                           == 0).sum()))
    if table is not None:
        record.update(area=area, n_areas=len(table), area_units=area_units)
    return {"egos": egos, "alters": alters, "group": group, "alter_group": alter_group,
            "labels": labels, "ego_codes": ego_codes, "alter_codes": alter_codes,
            "alter_ego": alter_ego.astype(np.intp), "area": area, "areas": table,
            "ego_area": ego_area, "area_units": area_units, "survey_weight": survey_weight,
            "ties": tie_table, "alter_id": alter_id, "provenance": (*provenance, record)}
