"""Reading ego-centric survey data: ego, alter, tie and area tables into :class:`EgoData`."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_column, first_items, where
from ..exceptions import InputError
from ..io._cells import harmonise_ids
from ..io.tables import read_table
from ._assemble import ego_fields
from ._tables import (
    _plain,
    check_numeric_column,
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
        _check_unique_egos(egos, ids.to_numpy(), ego_id)
        table = egos.set_index(ego_id)
        table.attrs = dict(egos.attrs)
        table.attrs["netmix_unit"] = "ego id"  # rows are now named by ego id, not by line
    elif ego_id is None or egos.index.name == ego_id:
        table = egos
        _check_unique_egos(egos, table.index.to_numpy(), ego_id)
    else:
        check_column(egos, ego_id, "ego_id", source="the ego table")
    table = table.copy()
    table.index.name = "ego"
    return table


def _check_weight_lines(egos: pd.DataFrame, column: Any) -> None:
    """Survey weights checked while rows are still named by their line in the file."""
    check_numeric_column(egos, column, "survey_weight", source="the ego table")


def _check_unique_egos(egos: pd.DataFrame, ids: np.ndarray, ego_id: Any) -> None:
    """Each ego once: a repeated id names the file and line (or row) of both rows."""
    dup = pd.Index(ids, tupleize_cols=False).duplicated()
    if not dup.any():
        return
    second = int(np.flatnonzero(dup)[0])
    first = int(np.flatnonzero(pd.Index(ids, tupleize_cols=False) == ids[second])[0])
    path = egos.attrs.get("netmix_path")
    from_rows = ego_id is not None and ego_id in egos.columns
    if from_rows:
        places = f"{where(egos, egos.index[first])} and {where(egos, egos.index[second])}"
    else:
        places = f"rows {first} and {second} of the ego table, counting from 0"
    n = int(pd.Index(ids[dup], tupleize_cols=False).nunique())
    label = egos.index[second]
    line = int(label) if from_rows and path is not None \
        and egos.attrs.get("netmix_unit", "line") == "line" else None
    raise InputError(
        f"ego_id: each ego must appear once in the ego table; got ego id "
        f"{_plain(ids[second])!r} at {places} ({n} repeated id(s) in all). Keep one row per "
        "respondent.", path=path if from_rows else None, line=line)


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
    na_values: Sequence[str] | None = None,
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
    na_values : sequence of str, optional
        Cells of files meaning "unknown" (default :data:`netmix.io.MISSING_TOKENS`: ``""``,
        ``NA``, ``N/A``, ``n/a``, ``NaN``, ``nan``, ``Unknown``, ``Unkn``; ``()``: nothing is
        missing), in every column but the ids; counted per column in the provenance
        (``ego_missing_values``, ``alter_missing_values``, ...). Ids (an ego id ``NA`` is an
        id) and group labels (``01``, ``1.0``) are read as text as written; ids are int64
        only when every ego id of the ego and alter files is a canonical integer literal.
        DataFrames are taken as they are.

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
    alter_ego = ego_id if alter_ego is None else alter_ego
    alter_group = group if alter_group is None else alter_group
    raw_egos = read_table(egos, what="ego table", sep=sep, na_values=na_values,
                          id_columns=[] if ego_id is None else [ego_id], text_columns=[group])
    alter_table = read_table(alters, what="alter table", sep=sep, na_values=na_values,
                             id_columns=[alter_ego, *([alter_id] if alter_id else [])],
                             text_columns=[alter_group])
    tie_table = None if ties is None else read_table(
        ties, what="tie table", sep=sep, na_values=na_values, id_columns=list(tie_columns))
    if tie_table is not None and len(tie_columns) == 3:
        harmonise_ids([(alter_table, alter_id), (tie_table, tie_columns[1]),
                    (tie_table, tie_columns[2])])
    harmonise_ids([(raw_egos, ego_id), (alter_table, alter_ego),
                *([(tie_table, tie_columns[0])] if tie_table is not None and tie_columns
                  else [])])
    if survey_weight is not None and survey_weight in raw_egos.columns:
        _check_weight_lines(raw_egos, survey_weight)
    ego_table = _ego_index(raw_egos, ego_id)
    _alter_egos(alter_table, alter_ego, ego_table)
    if alter_ego != "ego":
        if "ego" in alter_table.columns:
            raise InputError(f"alters: the alter table has a column 'ego' besides the ego id "
                             f"column {alter_ego!r}; rename it.")
        alter_table = alter_table.rename(columns={alter_ego: "ego"})
    area_tab = read_table(areas, what="area table", sep=sep, na_values=na_values,
                          text_columns=[] if area_group is None else [area_group]) \
        if isinstance(areas, (str, os.PathLike)) else areas
    record: dict[str, Any] = {"step": "read_ego_data"}
    for name, src, table in (("egos", egos, raw_egos), ("alters", alters, alter_table),
                             ("areas", areas, area_tab), ("ties", ties, tie_table)):
        if isinstance(src, (str, os.PathLike)):
            record[name] = str(src)
            record[f"{name[:-1]}_missing_values"] = dict(table.attrs.get("missing_values", {}))
    fields = ego_fields(ego_table, alter_table, group=group, alter_group=alter_group,
                        area=area, areas=area_tab, area_units=area_units,
                        survey_weight=survey_weight, ties=tie_table, alter_id=alter_id,
                        provenance=(record,), ego_levels=ego_levels,
                        alter_levels=alter_levels, area_levels=area_levels, missing=missing,
                        tie_columns=tie_columns, area_id=area_id, area_group=area_group,
                        area_count=area_count, area_groups=area_groups)
    return EgoData(**fields)
