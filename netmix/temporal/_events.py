"""The reading behind :meth:`Contacts.from_events` and :meth:`Contacts.from_sociopatterns`
(no import of :mod:`.contacts`, which calls it)."""

from __future__ import annotations

import inspect
import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    check_choice,
    check_column,
    check_positive,
    describe,
    shown,
    type_error,
    where,
)
from ..exceptions import InputError
from ..graph.build import _index_edges, _plain, prepare_nodes, source_name
from ..graph.contacts import _merge_classes
from .windows import check_tz, to_unix

__all__ = ["check_durations", "check_options", "check_times", "event_arguments",
           "sociopatterns_tables"]


def _event_times(events: pd.DataFrame, time: Any, tz: str, origin: Any) -> np.ndarray:
    """The ``time`` column as Unix seconds (int64 when whole seconds, else float64)."""
    col = events[time]
    if isinstance(col.dtype, pd.DatetimeTZDtype) or col.dtype.kind == "M":
        if origin is not None:
            raise InputError(f"origin must be None when column {time!r} holds date-times; got "
                             f"origin={origin!r}. Pass numbers (seconds since origin) instead.")
        stamps = pd.DatetimeIndex(col)
        if stamps.isna().any():
            k = int(np.flatnonzero(stamps.isna())[0])
            raise InputError(f"events: column {time!r} must hold times; got a missing time at "
                             f"{where(events, events.index[k])}. Remove that record.")
        if stamps.tz is None:
            try:
                stamps = stamps.tz_localize(tz)
            except Exception as exc:  # a local time skipped or repeated by DST
                raise InputError(f"events: column {time!r} holds local times that do not "
                                 f"exist or are ambiguous in tz={tz!r} ({exc}); pass "
                                 "time-zone-aware times, or Unix seconds.") from None
        secs = (stamps.tz_convert("UTC").tz_localize(None) - pd.Timestamp(0)) / pd.Timedelta(
            seconds=1)
        secs = np.asarray(secs, dtype=np.float64)
        whole = np.rint(secs)
        return whole.astype(np.int64) if np.all(whole == secs) else secs
    values = col.to_numpy()
    if values.dtype.kind not in "iuf":
        values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=np.float64)
    bad = ~np.isfinite(values.astype(np.float64))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(f"events: column {time!r} must hold finite numbers (seconds) or "
                         f"date-times; got {shown(col.iloc[k])} at "
                         f"{where(events, events.index[k])}. Fix or remove that record.")
    values = values.astype(np.int64) if values.dtype.kind in "iu" else values
    if origin is None:
        return values
    base = to_unix("origin", origin, tz)
    if base is None:
        raise InputError("origin must be a date-time; got None.")
    return values + (int(base) if base == int(base) and values.dtype.kind == "i" else base)


def event_arguments(
    events: pd.DataFrame,
    nodes: pd.DataFrame | None = None,
    *,
    time: Any = "t",
    source: Any = "i",
    target: Any = "j",
    duration: Any = None,
    resolution: float = 20,
    directed: bool = False,
    tz: str = "UTC",
    origin: Any = None,
    self_loops: str = "error",
    add_missing_nodes: bool = False,
    class_attr: str = "class",
) -> dict[str, Any]:
    """The arguments of :class:`Contacts` for an event table (see
    :func:`netmix.temporal.from_events`), validated and indexed."""
    if not isinstance(events, pd.DataFrame):
        raise type_error("events", "a pandas DataFrame with one row per contact record", events)
    name = source_name(events, "the event table")
    for col in (time, source, target) + ((duration,) if duration is not None else ()):
        check_column(events, col, "events", source=name)
    check_positive("resolution", resolution)
    check_choice("self_loops", self_loops, ("error", "drop"))
    tz = check_tz(tz)
    t = _event_times(events, time, tz, origin)
    record: dict[str, Any] = {"step": "from_events", "records_in": len(events), "tz": tz,
                              "resolution": resolution, "directed": bool(directed)}
    if origin is not None:
        record["origin"] = str(origin)
    loops = events[source].to_numpy() == events[target].to_numpy()
    if loops.any():
        if self_loops == "error":
            k = int(np.flatnonzero(loops)[0])
            raise InputError(
                f"events: person {_plain(events[source].iloc[k])!r} is in contact with "
                f"themself at {where(events, events.index[k])}; pass self_loops='drop' to "
                "drop such records (they are counted).")
        record["self_loops_dropped"] = int(loops.sum())
        events, t = events[~loops], t[~loops]
    if nodes is not None:
        nodes, n_collapsed = prepare_nodes(nodes)
        if n_collapsed:
            record["duplicate_node_rows_collapsed"] = n_collapsed
    table, a, b, n_added = _index_edges(events, source, target, nodes, add_missing_nodes)
    if n_added:
        record["nodes_added"] = n_added
    if {"Ci", "Cj"} <= set(events.columns):
        renamed = events.rename(columns={source: "i", target: "j"})
        table = _merge_classes(renamed, table, class_attr)
    dur = None if duration is None else _durations(events, duration)
    return dict(nodes=table, t=t, i=a, j=b, duration=dur, resolution=resolution,
                directed=bool(directed), tz=tz, provenance=[record])


def _durations(events: pd.DataFrame, column: Any) -> np.ndarray:
    d = pd.to_numeric(events[column], errors="coerce").to_numpy(dtype=np.float64)
    bad = ~(np.isfinite(d) & (d > 0))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(f"events: column {column!r} (duration) must hold positive seconds; "
                         f"got {shown(events[column].iloc[k])} at "
                         f"{where(events, events.index[k])}. Fix or remove that record.")
    whole = np.rint(d)
    return whole.astype(np.int64) if np.all(whole == d) else d


def sociopatterns_tables(contacts: str | os.PathLike, metadata: str | os.PathLike | None,
                         metadata_columns: Sequence[str] | None, na_values: Sequence[str] | None
                         ) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, Any]]:
    """The contact table and node table of SocioPatterns files, read by netmix.io."""
    from ..io.sociopatterns import _one_id_type, read_contacts, read_metadata

    table = read_contacts(contacts)
    nodes = None
    record: dict[str, Any] = {"step": "read_contacts_timeline", "contacts": str(contacts),
                              "records": len(table)}
    if metadata is not None:
        nodes = read_metadata(metadata, metadata_columns, na_values=na_values)
        record.update(metadata=str(metadata), metadata_rows=len(nodes),
                      missing_values=dict(nodes.attrs.get("missing_values", {})))
    table, nodes = _one_id_type(table, ["i", "j"], nodes)
    return table, nodes, record


def check_times(t: np.ndarray) -> np.ndarray:
    if t.dtype.kind in "iu":
        return t.astype(np.int64)
    if t.dtype.kind != "f":
        raise InputError(f"t must hold numbers (Unix seconds); got dtype {t.dtype}. Convert "
                         "date-times with Contacts.from_events, which reads them.")
    bad = ~np.isfinite(t)
    if bad.any():
        raise InputError(f"t must be finite; got {shown(t[np.flatnonzero(bad)[0]])} at "
                         f"record {int(np.flatnonzero(bad)[0])}. Remove that record.")
    return t.astype(np.float64)


def check_durations(duration: Any, n: int, resolution: float) -> np.ndarray:
    if duration is None:
        return np.full(n, resolution)
    d = np.asarray(duration)
    if d.shape != (n,) or d.dtype.kind not in "iuf":
        raise InputError(f"duration must be one number of seconds per record ({n}); got "
                         f"{describe(duration)}.")
    bad = ~(np.isfinite(d) & (d > 0))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(f"duration must be positive and finite (seconds); got {shown(d[k])} at "
                         f"record {k}. Remove that record or fix its duration.")
    return d


def check_options(options: dict[str, Any]) -> None:
    """Keyword options of :func:`event_arguments` only, with a netmix error naming others."""
    known = [p for p in inspect.signature(event_arguments).parameters if p not in
             ("events", "nodes")]
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise InputError(f"{unknown[0]} must be one of the options of Contacts.from_events "
                         f"({', '.join(known)}); got {unknown[0]}={options[unknown[0]]!r}. "
                         "Windows are cut later: contacts.window(start, end).")
