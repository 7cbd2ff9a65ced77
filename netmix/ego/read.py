"""Reading ego-centric survey data: ego, alter, tie and area tables into :class:`EgoData`."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_column, first_items
from ..build import where
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
from .data import EgoData

__all__ = ["read_ego_data"]

Table = str | os.PathLike | pd.DataFrame


# ------------------------------------------------------------------------ building
def _ego_index(egos: pd.DataFrame, ego_id: Any) -> pd.DataFrame:
    if ego_id is not None and ego_id in egos.columns:
        ids = egos[ego_id]
        if ids.isna().any():
            k = int(np.flatnonzero(ids.isna().to_numpy())[0])
            raise InputError(f"ego_id: the ego id is missing at {where(egos, egos.index[k])}; "
                             "every ego needs an id.")
        table = egos.set_index(ego_id)
        table.attrs = dict(egos.attrs)
    elif ego_id is None or egos.index.name == ego_id:
        table = egos
    else:
        check_column(egos, ego_id, "ego_id", source="the ego table")
    if not table.index.is_unique:
        dup = table.index[table.index.duplicated()].unique()
        raise InputError(f"ego_id: each ego must appear once in the ego table; got repeated "
                         f"id(s) {first_items(dup)}. Keep one row per respondent.")
    table = table.copy()
    table.index.name = "ego"
    return table


def _alter_egos(alters: pd.DataFrame, alter_ego: Any, egos: pd.DataFrame) -> np.ndarray:
    check_column(alters, alter_ego, "alter_ego", source="the alter table")
    refs = alters[alter_ego]
    pos = egos.index.get_indexer(refs.to_numpy())
    bad = pos < 0
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        unknown = pd.unique(refs.to_numpy()[bad])
        hint = ""
        if egos.index.dtype.kind != refs.dtype.kind:
            hint = (f" The ego ids are {egos.index.dtype} in the ego table and {refs.dtype} in "
                    "the alter table: make them the same type.")
        raise InputError(
            f"alters: {int(bad.sum())} alter(s) point to egos that are not in the ego table, "
            f"e.g. ego {_plain(refs.iloc[k])!r} at {where(alters, alters.index[k])} "
            f"({first_items(unknown)}). Add those egos to the ego table (with their "
            f"attributes) or remove their alters.{hint}"
        )
    return pos


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
    try:
        if not isinstance(ego_values.dtype, pd.CategoricalDtype):
            both = sorted(both)
    except TypeError:
        pass
    return pd.Index(both)


def _build(egos: pd.DataFrame, alters: pd.DataFrame, *, group: str, alter_group: str,
           area: str | None, areas: Any, area_units: str, survey_weight: str | None,
           ties: Any, alter_id: str | None, provenance: tuple = (),
           ego_levels: Mapping | None = None, alter_levels: Mapping | None = None,
           area_levels: Mapping | None = None, missing: str = "raise",
           tie_columns: Sequence[Any] = ("ego", "source", "target"),
           area_id: Any = None, **area_options: Any) -> EgoData:
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
    return EgoData(egos, alters, group, alter_group, labels, ego_codes, alter_codes,
                   alter_ego.astype(np.intp), area, table, ego_area, area_units, survey_weight,
                   tie_table, alter_id, (*provenance, record))


def read_ego_data(
    egos: Table,
    alters: Table,
    *,
    group: str,
    alter_group: str | None = None,
    ego_id: Any = "ego",
    alter_ego: Any = None,
    alter_id: str | None = None,
    area: str | None = None,
    areas: Any = None,
    area_id: Any = None,
    area_group: Any = None,
    area_count: Any = None,
    area_groups: Sequence[Any] | None = None,
    area_units: str = "counts",
    survey_weight: str | None = None,
    ties: Table | None = None,
    tie_columns: Sequence[Any] = ("ego", "source", "target"),
    ego_levels: Mapping[Any, Any] | None = None,
    alter_levels: Mapping[Any, Any] | None = None,
    area_levels: Mapping[Any, Any] | None = None,
    missing: str = "raise",
    sep: str | None = None,
) -> EgoData:
    """Read ego-centric survey data (ego, alter and area tables) into an :class:`EgoData`.

    Each table is a CSV or Parquet file or a pandas DataFrame.

    Parameters
    ----------
    egos : path-like or DataFrame
        One row a respondent, with the id in column ``ego_id`` (or as the index).
    alters : path-like or DataFrame
        One row a reported contact, naming its ego in column ``alter_ego``.
    group : str
        The ego column holding the group (ethnicity, class, ...).
    alter_group : str, optional
        The alter column holding the alter's group (default: the same name as ``group``).
    ego_id, alter_ego : column label
        The ego id column of the ego table and of the alter table (default ``"ego"``;
        ``alter_ego`` defaults to ``ego_id``).
    alter_id : str, optional
        An alter column identifying each alter within its ego (needed for ``ties``).
    area : str, optional
        The ego column naming the ego's area: the geography level of the baseline.
    areas : path-like, DataFrame, Series or mapping, optional
        Population by area and group: wide (one row an area, one column a group; the area
        in column ``area_id`` or the index), long (``area_id``, ``area_group``,
        ``area_count``), or for a single area a Series or mapping from group to count.
    area_groups : list, optional
        The group columns of a wide area table, when it has other columns too.
    area_units : {"counts", "shares"}, default "counts"
        Whether the area table holds counts (needed to exclude the ego from the baseline)
        or shares (each row summing to 1).
    survey_weight : str, optional
        The ego column of survey weights (finite, >= 0).
    ties : path-like or DataFrame, optional
        Alter-alter ties, columns ``tie_columns`` = (ego, alter, alter).
    ego_levels, alter_levels, area_levels : mapping, optional
        Explicit recoding of raw values to group labels, per table (values not in the
        mapping are kept). After recoding, every ego and alter group must be a group of
        the area table.
    missing : {"raise", "drop"}, default "raise"
        Egos or alters without a group raise; ``"drop"`` leaves them out (an ego's alters go
        with it) and counts them in the provenance.
    sep : str, optional
        CSV separator.

    Returns
    -------
    EgoData

    Raises
    ------
    InputError
        For alters pointing to unknown egos, groups the area table lacks, missing or
        negative weights, unknown areas, repeated ego ids, ties between unknown alters.

    Examples
    --------
    >>> import pandas as pd
    >>> egos = pd.DataFrame({"ego": [1, 2, 3], "eth": ["A", "B", "A"],
    ...                      "town": ["x", "x", "y"]})
    >>> alters = pd.DataFrame({"ego": [1, 1, 2], "alter_eth": ["a", "b", "b"]})
    >>> areas = pd.DataFrame({"A": [60, 10], "B": [40, 90]}, index=["x", "y"])
    >>> d = read_ego_data(egos, alters, group="eth", alter_group="alter_eth", area="town",
    ...                   areas=areas, alter_levels={"a": "A", "b": "B"})
    >>> d
    <EgoData: 3 egos (1 without alters), 3 alters, 2 groups of 'eth'; 2 area(s) (counts)>
    >>> d.group_counts()
    array([[1., 1.],
           [0., 1.],
           [0., 0.]])
    """
    ego_table = _ego_index(read_table(egos, what="ego table", sep=sep), ego_id)
    alter_table = read_table(alters, what="alter table", sep=sep)
    alter_ego = ego_id if alter_ego is None else alter_ego
    _alter_egos(alter_table, alter_ego, ego_table)
    if alter_ego != "ego":
        if "ego" in alter_table.columns:
            raise InputError(f"alters: the alter table has a column 'ego' besides the ego id "
                             f"column {alter_ego!r}; rename it.")
        alter_table = alter_table.rename(columns={alter_ego: "ego"})
    area_tab = read_table(areas, what="area table", sep=sep) \
        if isinstance(areas, (str, os.PathLike)) else areas
    record = {"step": "read_ego_data"}
    for name, src in (("egos", egos), ("alters", alters), ("areas", areas)):
        if isinstance(src, (str, os.PathLike)):
            record[name] = str(src)
    return _build(ego_table, alter_table, group=group,
                  alter_group=group if alter_group is None else alter_group, area=area,
                  areas=area_tab, area_units=area_units, survey_weight=survey_weight,
                  ties=ties, alter_id=alter_id, provenance=(record,), ego_levels=ego_levels,
                  alter_levels=alter_levels, area_levels=area_levels, missing=missing,
                  tie_columns=tie_columns, area_id=area_id, area_group=area_group,
                  area_count=area_count, area_groups=area_groups)
