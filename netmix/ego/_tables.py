"""Checks and reshaping behind :func:`netmix.ego.read_ego_data`: group levels, weights, areas.

Every function validates one piece of user input and names the argument (and the file and
line, for tables read from files) in its error message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._format import sort_groups
from .._validation import (
    check_choice,
    check_column,
    check_weights,
    first_items,
    shown,
    type_error,
    where,
)
from ..exceptions import InputError

__all__ = ["area_table", "check_levels", "check_numeric_column", "code_dtype", "harmonise",
           "levels_of", "plain"]


def plain(value: Any) -> Any:
    """A numpy scalar as the Python scalar (for readable error messages)."""
    return value.item() if isinstance(value, np.generic) else value


_plain = plain


def code_dtype(k: int) -> type:
    """The smallest signed integer dtype holding group codes ``0 .. k - 1`` (int8 first)."""
    for dtype in (np.int8, np.int16, np.int32):
        if k < np.iinfo(dtype).max:
            return dtype
    return np.int64


def harmonise(values: pd.Series, levels: Mapping[Any, Any] | None, argument: str) -> pd.Series:
    """Recode ``values`` with the explicit mapping ``levels`` (raw value -> label).

    Values absent from the mapping are kept as they are; missing values stay missing.
    """
    if levels is None:
        return values
    if not isinstance(levels, Mapping):
        raise type_error(argument, "a mapping from raw value to group label (a dict)", levels)
    raw = values.astype(object)
    hit = raw.isin(list(levels))
    return raw.where(~hit, raw.map(dict(levels))).rename(values.name)


def levels_of(values: pd.Series) -> list[Any]:
    """The distinct non-missing values, in category order for a categorical, else in
    netmix's natural group order (:func:`netmix._format.sort_groups`)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        return [c for c in values.cat.categories if c in present]
    return sort_groups(pd.unique(values.dropna().to_numpy(dtype=object)))


def check_numeric_column(table: pd.DataFrame, column: Any, argument: str, *,
                         source: str) -> np.ndarray:
    """``table[column]`` as float64, raising for a missing, non-finite or negative value, a
    true/false column, or text that does not spell a number.

    The error names the value as written (``-1``, ``'abc'``, never ``np.int64(-1)``) and where
    it is (file and line for tables read from files, carried as ``path`` and ``line``).
    """
    check_column(table, column, argument, source=source)
    col = table[column]
    what = f"column {shown(column)} of {source}"
    if col.dtype.kind == "b":  # bool and pandas' nullable "boolean"
        raise _row_error(table, 0, f"{argument}: {what} must hold numbers, not true/false "
                         f"values; got {shown(col.iloc[0])}", "Convert it to numbers first "
                         "(e.g. .astype(int)) if true is meant to count 1.")
    if col.dtype.kind not in "iuf":  # text, objects: numbers written as text are read
        check_weights(col.to_numpy(dtype=object), argument=argument, what=what, table=table,
                      nonnegative=False, fix="Fix or remove that row.")
    values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        got = "a missing value" if pd.isna(col.iloc[k]) else shown(col.iloc[k])
        raise _row_error(table, k, f"{argument}: {what} must hold finite numbers >= 0; got "
                         f"{got}", f"({int(bad.sum())} such row(s)). Fix or remove those "
                         "rows.")
    return values


def _row_error(table: pd.DataFrame, k: int, text: str, fix: str) -> InputError:
    """``text at <where row k is>. fix`` with the file and line when the table has them."""
    label = table.index[k]
    path = table.attrs.get("netmix_path")
    line = int(label) if path is not None and table.attrs.get(
        "netmix_unit", "line") == "line" else None
    sep = " " if fix.startswith("(") else ". "
    return InputError(f"{text} at {where(table, label)}{sep}{fix}", path=path, line=line)


def _wide_from_long(table: pd.DataFrame, area_id: Any, area_group: Any, area_count: Any
                    ) -> pd.DataFrame:
    for col, arg in ((area_id, "area_id"), (area_group, "area_group"),
                     (area_count, "area_count")):
        check_column(table, col, arg, source="the area table")
    counts = check_numeric_column(table, area_count, "area_count", source="the area table")
    long = pd.DataFrame({"area": table[area_id].to_numpy(), "group": table[area_group].to_numpy(),
                         "count": counts})
    if long[["area", "group"]].isna().any().any():
        raise InputError("areas: the long area table has rows without an area or a group; "
                         "every row needs both.")
    return long.pivot_table(index="area", columns="group", values="count", aggfunc="sum",
                            fill_value=0.0, sort=False)


def _as_wide(areas: Any, area_id: Any, area_group: Any, area_count: Any,
             area_groups: Any) -> pd.DataFrame:
    if isinstance(areas, pd.Series):
        return areas.to_frame().T.set_axis(pd.Index(["all"], name="area"))
    if isinstance(areas, Mapping):
        return pd.DataFrame([dict(areas)], index=pd.Index(["all"], name="area"))
    if not isinstance(areas, pd.DataFrame):
        raise type_error("areas", "a DataFrame (one row an area, one column a group), a "
                         "Series or mapping from group to count, or a path to a table", areas)
    if area_group is not None or area_count is not None:
        if area_group is None or area_count is None or area_id is None:
            raise InputError("areas: a long area table needs area_id, area_group and "
                             "area_count (the columns naming area, group and count); got "
                             f"area_id={area_id!r}, area_group={area_group!r}, "
                             f"area_count={area_count!r}.")
        return _wide_from_long(areas, area_id, area_group, area_count)
    wide = areas
    if area_id is not None and area_id in areas.columns:
        wide = areas.set_index(area_id)
    if area_groups is not None:
        for col in area_groups:
            check_column(wide, col, "area_groups", source="the area table")
        wide = wide[list(area_groups)]
    bad = [c for c in wide.columns if wide[c].dtype.kind not in "iuf"]
    if bad:
        raise InputError(
            f"areas: every column of a wide area table must be a group count (or share); "
            f"got non-numeric column(s) {first_items(bad)}. Pass area_id=<the area column> "
            "and area_groups=[<the group columns>] to choose them."
        )
    return wide


def area_table(
    areas: Any,
    *,
    area_id: Any = None,
    area_group: Any = None,
    area_count: Any = None,
    area_groups: Any = None,
    area_levels: Mapping[Any, Any] | None = None,
    area_units: str = "counts",
) -> pd.DataFrame:
    """The canonical area table: one row an area (index ``area``), one column a group.

    Accepts a wide table (one column per group), a long one (``area_id``, ``area_group``,
    ``area_count``) or, for a single area, a Series or mapping from group to count. Groups
    that ``area_levels`` maps to the same label are summed.
    """
    check_choice("area_units", area_units, ("counts", "shares"))
    wide = _as_wide(areas, area_id, area_group, area_count, area_groups)
    if wide.shape[0] == 0 or wide.shape[1] == 0:
        raise InputError(f"areas must have at least one area and one group; got shape "
                         f"{wide.shape}.")
    if not wide.index.is_unique:
        dup = wide.index[wide.index.duplicated()].unique()
        raise InputError(f"areas must list each area once; got repeated area(s) "
                         f"{first_items(dup)}.")
    values = wide.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(values).all() or (values < 0).any():
        r, c = np.argwhere(~np.isfinite(values) | (values < 0))[0]
        raise InputError(
            f"areas must hold finite counts >= 0; got {shown(wide.iat[r, c])} for area "
            f"{shown(wide.index[r])}, group {shown(wide.columns[c])}. Fix that count."
        )
    labels = harmonise(pd.Series(list(wide.columns), dtype=object), area_levels, "area_levels")
    table = pd.DataFrame(values, index=wide.index, columns=pd.Index(labels.to_numpy()))
    table = table.T.groupby(level=0, sort=False).sum().T
    totals = table.sum(axis=1).to_numpy()
    if (totals <= 0).any():
        empty = shown(table.index[np.flatnonzero(totals <= 0)[0]])
        raise InputError(f"areas: area {empty} has no "
                         "population (all counts are 0); remove it or fix its counts.")
    if area_units == "shares" and not np.allclose(totals, 1.0, atol=1e-6):
        k = int(np.argmax(np.abs(totals - 1.0)))
        raise InputError(
            f"areas: with area_units='shares' each area's shares must sum to 1; got "
            f"{totals[k]:.6g} for area {shown(table.index[k])}. Pass area_units='counts' for "
            "population counts."
        )
    table.index.name = "area"
    table.columns.name = "group"
    return table


def check_levels(present: list[Any], known: pd.Index, argument: str, levels_arg: str,
                 where_from: str) -> None:
    """Raise if a group in ``present`` is not among ``known`` (the area table's groups)."""
    unknown = [v for v in present if v not in set(known)]
    if unknown:
        raise InputError(
            f"{argument}: {len(unknown)} group(s) in {where_from} are not in the area table: "
            f"{first_items(unknown)}; the area table has {first_items(list(known), 12)}. "
            f"Map them with {levels_arg}={{<value>: <area-table group>}}, or add them to the "
            "area table."
        )
