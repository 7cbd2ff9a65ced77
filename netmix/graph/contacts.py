"""Build a :class:`~netmix.graph.SocialGraph` from time-stamped contact records.

:func:`from_contacts` aggregates records ``(t, i, j)`` (the SocioPatterns format) into
weighted edges, validating at the boundary; whatever it drops on request is counted in the
graph's provenance.
"""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    check_choice,
    check_column,
    check_nonneg,
    check_positive,
    describe,
    shown,
    type_error,
    where,
)
from ..exceptions import InputError
from .build import _drop_isolates, _index_edges, _plain, prepare_nodes, source_name
from .social import SocialGraph

__all__ = ["from_contacts"]


def _to_time(name: str, value: Any, tz: str) -> float | None:
    """A window bound in the units of ``t``: a number as is, a date-time as Unix seconds."""
    if value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if not np.isfinite(value):
            raise InputError(f"{name} must be a finite time; got {describe(value)}. Pass None "
                             "for no bound.")
        return float(value)
    try:
        ts = pd.Timestamp(value)
        if ts is pd.NaT:
            raise ValueError("not a time")
    except (TypeError, ValueError):
        raise InputError(
            f"{name} must be a time in the file's units (a number) or a date-time such as "
            f"'2013-12-05 00:00'; got {describe(value)}."
        ) from None
    if ts.tzinfo is None:
        try:
            ts = ts.tz_localize(tz)
        except Exception as exc:  # unknown zone, or a local time skipped by DST
            raise InputError(
                f"{name}: the date-time {describe(value)} cannot be read in time zone tz="
                f"{tz!r} ({type(exc).__name__}: {exc}); pass an IANA zone such as "
                "'Europe/Paris', or a time-zone-aware date-time."
            ) from None
    return ts.timestamp()


def _shown_time(value: Any) -> str:
    """A window bound as the user wrote it (date-times as their ISO text)."""
    if isinstance(value, (datetime.datetime, datetime.date, np.datetime64)):
        return repr(str(pd.Timestamp(value)))
    return shown(value)


def from_contacts(
    contacts: pd.DataFrame,
    nodes: pd.DataFrame | None = None,
    *,
    resolution: float = 20,
    directed: bool = False,
    start: Any = None,
    end: Any = None,
    tz: str = "UTC",
    min_duration: float | None = None,
    self_loops: str = "error",
    add_missing_nodes: bool = False,
    isolates: str = "keep",
    class_attr: str = "class",
) -> SocialGraph:
    """Aggregate time-stamped contact records into a weighted graph.

    Each record ``(t, i, j)`` says that ``i`` and ``j`` were in contact during the
    interval ``[t - resolution, t]`` (the SocioPatterns convention). Records of the same pair
    become one edge with attributes

    * ``n_contacts``: the number of records;
    * ``duration``: ``n_contacts * resolution`` (seconds when ``t`` is in seconds);
    * ``first_contact``, ``last_contact``: the smallest and largest ``t``.

    Parameters
    ----------
    contacts : pandas.DataFrame
        Columns ``t``, ``i``, ``j`` and optionally ``Ci``, ``Cj`` (the classes of ``i`` and
        ``j``, which then become node attribute ``class_attr``), as
        :func:`netmix.io.read_contacts` returns them.
    nodes : pandas.DataFrame, optional
        Node attributes indexed by node id (:func:`netmix.io.read_metadata`).
    resolution : float, default 20
        Length of one record's interval, in the units of ``t``.
    directed : bool, default False
        Keep ``i -> j`` as recorded (True) or merge both orders into one edge (False).
    start, end : number or date-time, optional
        Keep records with ``start <= t < end``. Date-times (``"2013-12-05"``) are converted
        to Unix seconds; a naive date-time is read in time zone ``tz``.
    tz : str, default "UTC"
    min_duration : float, optional
        Drop edges whose total duration is below this (counted in the provenance).
    self_loops : {"error", "drop"}, default "error"
        A record of a person with themself is a data error unless dropped on request.
    add_missing_nodes : bool, default False
        Add people absent from ``nodes`` instead of raising.
    isolates : {"keep", "drop"}, default "keep"
        People of ``nodes`` left without any edge (absent, or outside the window).
    class_attr : str, default "class"
        Node attribute that receives ``Ci``/``Cj``.

    Returns
    -------
    SocialGraph

    Examples
    --------
    >>> import pandas as pd
    >>> import netmix
    >>> c = pd.DataFrame({"t": [20, 40, 40, 60], "i": [1, 1, 2, 2], "j": [2, 2, 3, 1]})
    >>> g = netmix.from_contacts(c)
    >>> g.edges
       source  target  n_contacts  duration  first_contact  last_contact
    0       1       2           3        60             20            60
    1       2       3           1        20             40            40
    """
    if not isinstance(contacts, pd.DataFrame):
        raise type_error("contacts", "a pandas DataFrame with columns t, i, j", contacts)
    for col in ("t", "i", "j"):
        check_column(contacts, col, "contacts", source=source_name(contacts, "the contact table"))
    check_positive("resolution", resolution)
    check_choice("self_loops", self_loops, ("error", "drop"))
    check_choice("isolates", isolates, ("keep", "drop"))
    if min_duration is not None:
        check_nonneg("min_duration", min_duration)
    t = _times(contacts)
    record: dict[str, Any] = {"step": "from_contacts", "records_in": len(contacts),
                              "resolution": resolution, "directed": bool(directed)}
    lo, hi = _to_time("start", start, tz), _to_time("end", end, tz)
    if lo is not None and hi is not None and lo >= hi:
        raise InputError(
            f"start must be before end (records kept: start <= t < end); got start="
            f"{_shown_time(start)} and end={_shown_time(end)}"
            + (f" (Unix seconds {lo:.0f} and {hi:.0f})" if (lo, hi) != (start, end) else "")
            + ", an empty window. Swap them, or pass None for an open bound.")
    keep = np.ones(len(t), dtype=bool)
    if lo is not None or hi is not None:
        keep &= (t >= (lo if lo is not None else -np.inf)) & (t < (hi if hi is not None
                                                                     else np.inf))
        record.update(window=(start, end), records_outside_window=int((~keep).sum()))
    loops = contacts["i"].to_numpy() == contacts["j"].to_numpy()
    if loops.any():
        if self_loops == "error":
            k = int(np.flatnonzero(loops)[0])
            raise InputError(
                f"contacts: person {_plain(contacts['i'].iloc[k])!r} is in contact with "
                f"themself at {where(contacts, contacts.index[k])}; pass self_loops='drop' to "
                "drop such records (they are counted)."
            )
        record["self_loops_dropped"] = int((loops & keep).sum())
        keep &= ~loops
    sub = contacts[keep]
    if nodes is not None:
        nodes, n_collapsed = prepare_nodes(nodes)
        if n_collapsed:
            record["duplicate_node_rows_collapsed"] = n_collapsed
    table, a, b, n_added = _index_edges(sub, "i", "j", nodes, add_missing_nodes)
    if n_added:
        record["nodes_added"] = n_added
    if "Ci" in contacts.columns and "Cj" in contacts.columns:
        table = _merge_classes(contacts, table, class_attr)
    src, dst, attrs = _aggregate(a, b, sub["t"].to_numpy(), len(table), directed, resolution)
    if min_duration is not None:
        ok = attrs["duration"] >= min_duration
        record["edges_below_min_duration"] = int((~ok).sum())
        src, dst = src[ok], dst[ok]
        attrs = {k: v[ok] for k, v in attrs.items()}
    graph = SocialGraph(table, src, dst, directed=directed, edge_attrs=attrs,
                        provenance=[record])
    return _drop_isolates(graph, isolates, record)


def _times(contacts: pd.DataFrame) -> np.ndarray:
    t = contacts["t"].to_numpy()
    if t.dtype.kind in "iu":
        return t
    values = t if t.dtype.kind == "f" else pd.to_numeric(
        pd.Series(t), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"contacts: column 't' must hold finite numbers (times); got {describe(t[k])} at "
            f"{where(contacts, contacts.index[k])}. Fix or remove that record (files read "
            "with netmix.read_contacts are checked as they are read)."
        )
    return values


def _aggregate(a, b, t, n, directed, resolution):
    a = a.astype(np.int64)
    b = b.astype(np.int64)
    if not directed:
        a, b = np.minimum(a, b), np.maximum(a, b)
    key = a * n + b
    order = np.argsort(key, kind="stable")
    ks, ts = key[order], t[order]
    if ks.size == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, {"n_contacts": z, "duration": z * resolution, "first_contact": ts,
                      "last_contact": ts}
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
    counts = np.diff(np.r_[starts, ks.size]).astype(np.int64)
    duration = counts * resolution  # int64 for an integer resolution, else float64
    attrs = {
        "n_contacts": counts,
        "duration": duration,
        "first_contact": np.minimum.reduceat(ts, starts),
        "last_contact": np.maximum.reduceat(ts, starts),
    }
    return ks[starts] // max(n, 1), ks[starts] % max(n, 1), attrs


def _merge_classes(contacts: pd.DataFrame, table: pd.DataFrame, class_attr: str
                   ) -> pd.DataFrame:
    ids = np.concatenate([contacts["i"].to_numpy(), contacts["j"].to_numpy()])
    cls = np.concatenate([contacts["Ci"].to_numpy(), contacts["Cj"].to_numpy()])
    labels = np.concatenate([contacts.index.to_numpy()] * 2)
    order = np.argsort(np.concatenate([np.arange(len(contacts))] * 2), kind="stable")
    pairs = pd.DataFrame({"id": ids[order], "cls": cls[order], "label": labels[order]}
                         ).drop_duplicates(["id", "cls"])
    clash = pairs["id"].duplicated(keep="first").to_numpy()
    if clash.any():  # the earliest record giving someone a second class, and their first
        nid = pairs["id"].iloc[np.flatnonzero(clash)[0]]
        rows = pairs[(pairs["id"] == nid).to_numpy()].iloc[:2]
        locs = " and ".join(f"{where(contacts, lab)} ({c!r})"
                            for lab, c in zip(rows["label"], rows["cls"], strict=True))
        raise InputError(f"contacts: person {_plain(nid)!r} is in two classes, at {locs}; "
                         "fix the file.")
    per_node = pairs.set_index("id")[["cls", "label"]]
    per_node = per_node[per_node.index.isin(table.index)]
    if class_attr in table.columns:
        known = table.loc[per_node.index, class_attr]
        differ = (known.notna() & (known.astype(object) != per_node["cls"].astype(object))
                  ).to_numpy()
        if differ.any():
            k = int(np.flatnonzero(differ)[0])
            nid = _plain(per_node.index[k])
            raise InputError(
                f"contacts: person {nid!r} is in class {per_node['cls'].iloc[k]!r} in the "
                f"contact records ({where(contacts, per_node['label'].iloc[k])}) but in "
                f"{known.iloc[k]!r} in the node table ({class_attr!r}); fix one of them, or "
                "read the contacts without the Ci, Cj columns."
            )
        return table
    table = table.copy()
    table[class_attr] = per_node["cls"].reindex(table.index).to_numpy(dtype=object)
    return table
