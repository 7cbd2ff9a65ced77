"""The temporal contact object: time-stamped records, the people, and their metadata.

A :class:`Contacts` holds every record ``(t, i, j, duration)`` once, sorted by time, with
the node table and the time zone; the graph of any window is built from its arrays
(:meth:`Contacts.to_graph`) without reading the files again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    check_choice,
    check_nonneg,
    check_positive,
    type_error,
)
from ..exceptions import InputError
from ..graph import SocialGraph
from ..graph.build import _drop_isolates
from ..graph.contacts import _aggregate, _shown_time
from ._events import (
    check_durations,
    check_options,
    check_times,
    event_arguments,
    sociopatterns_tables,
)
from .windows import Window, check_tz, slices, to_local, to_unix, window_bounds

__all__ = ["Contacts"]


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


class Contacts:
    """Time-stamped contact records between people, with their node table.

    Record ``k`` says that people ``i[k]`` and ``j[k]`` were in contact during the
    ``duration[k]`` seconds ending at time ``t[k]`` (the SocioPatterns convention: ``t`` is
    the end of a 20 s interval). Times are Unix seconds (UTC-based); windows and days are
    cut in local time, in time zone ``tz``. The object never changes: its arrays are
    read-only, and :meth:`window` returns a new object sharing them.

    Build it with :meth:`from_events` (any event table),
    :meth:`from_sociopatterns` (SocioPatterns files) or
    :func:`netmix.temporal.load_contacts` (the bundled data sets).

    Parameters
    ----------
    nodes : pandas.DataFrame
        Node table indexed by id (the metadata), one row per person.
    t : array_like
        Times in Unix seconds (int64 or float64, finite); sorted here if they are not.
    i, j : array_like of int
        Positions (0 .. n_nodes - 1) of the two people in ``nodes``; for undirected
        contacts stored with ``i < j``.
    duration : array_like, optional
        Seconds of contact of each record (> 0); default ``resolution`` for every record.
    resolution : float, default 20
        The length of one record's interval (SocioPatterns: 20 s).
    directed : bool, default False
    tz : str, default "UTC"
        IANA time zone of the place where the data were collected (``"Europe/Paris"``).
    provenance : sequence of dict, optional

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> events = pd.DataFrame({"t": [20, 40, 40, 86420], "i": [1, 1, 2, 2],
    ...                        "j": [2, 2, 3, 1]})
    >>> c = netmix.Contacts.from_events(events, tz="UTC")
    >>> c
    <Contacts: 4 records, 3 people, 1970-01-01 00:00:20+00:00 to ...; undirected>
    >>> [len(day.contacts) for day in c.days()]
    [3, 1]
    >>> c.to_graph(end="1970-01-02").edges
       source  target  n_contacts  duration  first_contact  last_contact
    0       1       2           2        40             20            40
    1       2       3           1        20             40            40
    """

    __slots__ = ("_directed", "_duration", "_i", "_j", "_nodes", "_provenance",
                 "_resolution", "_t", "_tz", "_uniform")

    def __init__(self, nodes: pd.DataFrame, t: Any, i: Any, j: Any, *, duration: Any = None,
                 resolution: float = 20, directed: bool = False, tz: str = "UTC",
                 provenance: Sequence[Mapping[str, Any]] | None = None) -> None:
        if not isinstance(nodes, pd.DataFrame):
            raise type_error("nodes", "a pandas DataFrame indexed by node id", nodes)
        if not nodes.index.is_unique:
            raise InputError("nodes must have unique ids (its index); got repeated ids. Pass "
                             "one row per person.")
        check_positive("resolution", resolution)
        if not isinstance(directed, (bool, np.bool_)):
            raise type_error("directed", "True or False", directed)
        t_a, i_a, j_a = (np.asarray(x) for x in (t, i, j))
        if t_a.ndim != 1 or i_a.shape != t_a.shape or j_a.shape != t_a.shape:
            raise InputError(f"t, i and j must be 1-d arrays of equal length; got shapes "
                             f"{t_a.shape}, {i_a.shape} and {j_a.shape}.")
        t_a = check_times(t_a)
        n = len(nodes)
        for name, arr in (("i", i_a), ("j", j_a)):
            if arr.size and (arr.dtype.kind not in "iu" or arr.min() < 0 or arr.max() >= n):
                raise InputError(f"{name} must hold node positions 0..{n - 1}; got values of "
                                 f"dtype {arr.dtype} in [{arr.min()}, {arr.max()}].")
        if np.any(i_a == j_a):
            k = int(np.flatnonzero(i_a == j_a)[0])
            raise InputError(f"i and j must differ (a record of a person with themself); got "
                             f"{nodes.index[i_a[k]]!r} twice at record {k}. Drop those records "
                             "(Contacts.from_events(..., self_loops='drop')).")
        dur = check_durations(duration, t_a.size, resolution)
        if not directed:
            i_a, j_a = np.minimum(i_a, j_a), np.maximum(i_a, j_a)
        if t_a.size > 1 and np.any(t_a[1:] < t_a[:-1]):
            order = np.argsort(t_a, kind="stable")
            t_a, i_a, j_a, dur = t_a[order], i_a[order], j_a[order], dur[order]
        self._nodes = nodes
        self._t = _frozen(np.array(t_a, copy=True))
        self._i = _frozen(i_a.astype(np.int32 if n < 2**31 else np.int64))
        self._j = _frozen(j_a.astype(self._i.dtype))
        self._duration = _frozen(np.array(dur, copy=True))
        self._uniform = bool(np.all(self._duration == resolution))
        self._resolution = resolution
        self._directed = bool(directed)
        self._tz = check_tz(tz)
        self._provenance = tuple(dict(p) for p in (provenance or ()))

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_events(cls, events: pd.DataFrame, nodes: pd.DataFrame | None = None,
                    **options: Any) -> Contacts:
        """Contacts from an event table; see :func:`netmix.temporal.from_events`."""
        check_options(options)
        return cls(**event_arguments(events, nodes, **options))

    @classmethod
    def from_sociopatterns(cls, contacts: Any, metadata: Any = None, *,
                           metadata_columns: Sequence[str] | None = None,
                           na_values: Sequence[str] | None = None, **options: Any
                           ) -> Contacts:
        """Contacts from SocioPatterns files; see
        :func:`netmix.temporal.read_contacts_timeline`."""
        table, nodes, record = sociopatterns_tables(contacts, metadata, metadata_columns,
                                                    na_values)
        return cls.from_events(table, nodes, **options)._with_record(record, first=True)

    def _with_record(self, record: dict[str, Any], *, first: bool = False) -> Contacts:
        new = self._slice(0, len(self), record)
        if first:
            new._provenance = (record, *self._provenance)
        return new

    def _slice(self, lo: int, hi: int, record: dict[str, Any]) -> Contacts:
        new = object.__new__(Contacts)
        for name in ("_nodes", "_resolution", "_directed", "_tz", "_uniform"):
            setattr(new, name, getattr(self, name))
        for name in ("_t", "_i", "_j", "_duration"):
            setattr(new, name, getattr(self, name)[lo:hi])
        new._provenance = (*self._provenance, record)
        return new

    # ----------------------------------------------------------------- attributes
    @property
    def t(self) -> np.ndarray:
        """Times of the records, Unix seconds, sorted (read-only)."""
        return self._t

    @property
    def i(self) -> np.ndarray:
        """Positions of the first person of each record in :attr:`nodes` (read-only)."""
        return self._i

    @property
    def j(self) -> np.ndarray:
        """Positions of the second person (``i < j`` when undirected; read-only)."""
        return self._j

    @property
    def duration(self) -> np.ndarray:
        """Seconds of contact of each record (read-only)."""
        return self._duration

    @property
    def nodes(self) -> pd.DataFrame:
        """The node table (a copy)."""
        return self._nodes.copy()

    @property
    def node_ids(self) -> pd.Index:
        return self._nodes.index

    @property
    def n_nodes(self) -> int:
        return len(self._nodes)

    @property
    def resolution(self) -> float:
        return self._resolution

    @property
    def directed(self) -> bool:
        return self._directed

    @property
    def tz(self) -> str:
        return self._tz

    @property
    def provenance(self) -> tuple[dict[str, Any], ...]:
        return tuple(dict(p) for p in self._provenance)

    @property
    def times(self) -> pd.DatetimeIndex:
        """The record times as time-zone-aware local times."""
        return to_local(self._t, self._tz)

    @property
    def start(self) -> pd.Timestamp | None:
        """Local time of the first record (None without records)."""
        return to_local(self._t[0], self._tz)[0] if len(self) else None

    @property
    def end(self) -> pd.Timestamp | None:
        """Local time of the last record (None without records)."""
        return to_local(self._t[-1], self._tz)[0] if len(self) else None

    def __len__(self) -> int:
        return int(self._t.size)

    def __repr__(self) -> str:
        span = f"{self.start} to {self.end}" if len(self) else "no records"
        kind = "directed" if self._directed else "undirected"
        return (f"<Contacts: {len(self):,} records, {self.n_nodes:,} people, {span} "
                f"({self._tz}); {self._resolution:g} s resolution; {kind}>")

    # ----------------------------------------------------------------- windows
    def _bounds(self, start: Any, end: Any) -> tuple[int, int, dict[str, Any]]:
        lo, hi = to_unix("start", start, self._tz), to_unix("end", end, self._tz)
        if lo is not None and hi is not None and lo >= hi:
            raise InputError(
                f"start must be before end (records kept: start <= t < end); got start="
                f"{_shown_time(start)} and end={_shown_time(end)}, an empty window. Swap "
                "them, or pass None for an open bound.")
        a = 0 if lo is None else int(np.searchsorted(self._t, lo, side="left"))
        b = len(self) if hi is None else int(np.searchsorted(self._t, hi, side="left"))
        return a, max(a, b), {"step": "window", "start": start, "end": end, "records": b - a}

    def window(self, start: Any = None, end: Any = None) -> Contacts:
        """The records with ``start <= t < end``, as a new :class:`Contacts`.

        ``start`` and ``end`` are Unix seconds, or date-times (a naive one is local time in
        :attr:`tz`); None leaves that side open. Same node table (people without a record
        in the window stay in it).
        """
        a, b, record = self._bounds(start, end)
        return self._slice(a, b, record)

    def with_records(self, t: Any, i: Any, j: Any, duration: Any = None, *,
                     record: Mapping[str, Any] | None = None) -> Contacts:
        """New records (positions into the same node table), everything else kept: the
        entry point of temporal reference models (shuffled times, rewired pairs).

        ``record`` is added to the provenance (say what changed, e.g. the null model).
        """
        return Contacts(self._nodes, t, i, j, duration=duration, resolution=self._resolution,
                        directed=self._directed, tz=self._tz,
                        provenance=[*self._provenance, dict(record or {"step": "with_records"})])

    def window_table(self, freq: Any = None, *, size: Any = None, step: Any = None,
                     start: Any = None, end: Any = None) -> pd.DataFrame:
        """The windows' bounds and record ranges, one row per window.

        Columns ``window_start``, ``window_end`` (local time), ``first``, ``stop`` (the
        records ``first:stop`` of the window) and ``n_contacts``. Arguments as
        :meth:`windows`.
        """
        s, e = window_bounds(self._t, self._tz, freq, size=size, step=step, start=start,
                             end=end)
        a, b = slices(self._t, s, e)
        return pd.DataFrame({"window_start": to_local(s, self._tz),
                             "window_end": to_local(e, self._tz), "first": a, "stop": b,
                             "n_contacts": b - a})

    def windows(self, freq: Any = None, *, size: Any = None, step: Any = None,
                start: Any = None, end: Any = None) -> Iterator[Window]:
        """Iterate over calendar or sliding windows, empty ones included.

        Parameters
        ----------
        freq : str, optional
            Calendar windows: a pandas frequency (``"1D"`` local days, DST-aware; ``"1h"``;
            ``"W-MON"``), starting at local midnight of the first record's day.
        size, step : str or float, optional
            Sliding windows of length ``size`` starting every ``step`` (default ``size``):
            ``"1h"``, ``"15min"`` or seconds.
        start, end : date-time or Unix seconds, optional
            The span to cut (default: the first record's local midnight to the last record).

        Yields
        ------
        Window
            ``(start, end, contacts)``, bounds as local time-zone-aware timestamps.
        """
        table = self.window_table(freq, size=size, step=step, start=start, end=end)
        for s, e, a, b in zip(table["window_start"], table["window_end"], table["first"],
                              table["stop"], strict=True):
            yield Window(s, e, self._slice(int(a), int(b), {"step": "window", "start": s,
                                                            "end": e, "records": int(b - a)}))

    def days(self) -> Iterator[Window]:
        """Iterate over local calendar days (``windows(freq="1D")``)."""
        return self.windows("1D")

    # ----------------------------------------------------------------- conversion
    def to_graph(self, start: Any = None, end: Any = None, *, min_duration: float | None = None,
                 isolates: str = "keep") -> SocialGraph:
        """The weighted contact graph of the records with ``start <= t < end``.

        Records of the same pair become one edge with attributes ``n_contacts``,
        ``duration`` (seconds: the sum of the records' durations), ``first_contact`` and
        ``last_contact`` (Unix seconds), as :func:`netmix.from_contacts` makes them.

        Parameters
        ----------
        start, end : date-time or Unix seconds, optional
        min_duration : float, optional
            Drop edges with less contact than this (seconds; counted in the provenance).
        isolates : {"keep", "drop"}, default "keep"
            People without an edge in the window.
        """
        check_choice("isolates", isolates, ("keep", "drop"))
        if min_duration is not None:
            check_nonneg("min_duration", min_duration)
        a, b, record = self._bounds(start, end)
        record["step"] = "Contacts.to_graph"
        n = self.n_nodes
        src, dst, attrs = _aggregate(self._i[a:b], self._j[a:b], self._t[a:b], n,
                                     self._directed, self._resolution)
        if not self._uniform:
            # i < j already when undirected: the key is _aggregate's, so is the edge order
            key = self._i[a:b].astype(np.int64) * n + self._j[a:b]
            _, inverse = np.unique(key, return_inverse=True)
            total = np.bincount(inverse, weights=self._duration[a:b], minlength=src.size)
            attrs["duration"] = (np.rint(total).astype(np.int64)
                                 if self._duration.dtype.kind in "iu" else total)
        if min_duration is not None:
            ok = attrs["duration"] >= min_duration
            record["edges_below_min_duration"] = int((~ok).sum())
            src, dst, attrs = src[ok], dst[ok], {k: v[ok] for k, v in attrs.items()}
        graph = SocialGraph(self._nodes, src, dst, directed=self._directed, edge_attrs=attrs,
                            provenance=[*self._provenance, record])
        return _drop_isolates(graph, isolates, record)

    def to_frame(self) -> pd.DataFrame:
        """One row per record: ``t`` (Unix seconds), ``time`` (local), ``i``, ``j`` (ids),
        ``duration``."""
        ids = self._nodes.index
        return pd.DataFrame({"t": self._t, "time": self.times, "i": ids[self._i],
                             "j": ids[self._j], "duration": self._duration})
