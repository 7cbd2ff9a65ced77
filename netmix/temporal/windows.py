"""Time windows over a :class:`~netmix.temporal.Contacts`: calendar and sliding windows.

Times are Unix seconds (UTC-based); windows and days are cut in the contacts' local time
zone (``tz``), so a calendar day is local midnight to local midnight, 23 or 25 hours long on
the days daylight saving time starts or ends. A window ``[start, end)`` holds the records
with ``start <= t < end`` (the convention of :func:`netmix.from_contacts`); finding the
records of every window is one vectorised :func:`numpy.searchsorted` on the sorted times.
"""

from __future__ import annotations

import zoneinfo
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._validation import describe, type_error
from ..exceptions import InputError
from ..graph.contacts import _to_time

__all__ = ["Window", "check_tz", "to_local", "to_unix", "window_bounds"]


class Window(NamedTuple):
    """One window of contacts: its bounds (time-zone-aware) and its records."""

    start: pd.Timestamp
    end: pd.Timestamp
    contacts: Any  # Contacts (not imported here: contacts.py imports this module)


def check_tz(tz: Any) -> str:
    """An IANA time-zone name, checked (``"Europe/Paris"``, ``"UTC"``)."""
    if not isinstance(tz, str):
        raise type_error("tz", "an IANA time-zone name such as 'Europe/Paris'", tz)
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"tz must be an IANA time-zone name such as 'Europe/Paris' or 'UTC'; "
                         f"got {tz!r}. See zoneinfo.available_timezones().") from None
    return tz


def to_unix(name: str, value: Any, tz: str) -> float | None:
    """A time bound as Unix seconds: a number as is, a date-time (naive: read in ``tz``)."""
    return _to_time(name, value, tz)


def to_local(seconds: np.ndarray | float, tz: str) -> pd.DatetimeIndex:
    """Unix seconds as time-zone-aware times in ``tz`` (microsecond precision)."""
    us = np.round(np.asarray(seconds, dtype=np.float64).reshape(-1) * 1e6).astype(np.int64)
    return pd.DatetimeIndex(us.astype("datetime64[us]")).tz_localize("UTC").tz_convert(tz)


def _unix(index: pd.DatetimeIndex) -> np.ndarray:
    return (index.tz_convert("UTC").tz_localize(None) - pd.Timestamp(0)) / pd.Timedelta(
        seconds=1)


def _duration(name: str, value: Any) -> pd.Timedelta:
    """A window length: a pandas duration text (``"1h"``, ``"15min"``) or seconds."""
    try:
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
                value, bool):
            delta = pd.Timedelta(seconds=float(value))
        else:
            delta = pd.Timedelta(value)
    except (TypeError, ValueError):
        delta = None
    if delta is None or delta is pd.NaT or delta <= pd.Timedelta(0):
        raise InputError(f"{name} must be a positive duration such as '1h', '15min' or a "
                         f"number of seconds; got {describe(value)}.")
    return delta


def _offset(freq: Any) -> pd.DateOffset:
    try:
        offset = pd.tseries.frequencies.to_offset(freq)
    except (TypeError, ValueError):
        offset = None
    if offset is None or not isinstance(freq, (str, pd.DateOffset, pd.Timedelta)):
        raise InputError(f"freq must be a calendar frequency such as '1D', '1h', '30min' or "
                         f"'W-MON'; got {describe(freq)}. Pass size= and step= for sliding "
                         "windows.")
    return offset


def _span(t: np.ndarray, tz: str, start: Any, end: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time range to cut: from ``start`` (default local midnight of the first record's
    day) to ``end`` (default just after the last record)."""
    lo, hi = to_unix("start", start, tz), to_unix("end", end, tz)
    if lo is None:
        if t.size == 0:
            raise InputError("start must be given to cut windows of contacts without records; "
                             "got start=None.")
        lo_ts = to_local(float(t[0]), tz)[0].normalize()
    else:
        lo_ts = to_local(lo, tz)[0]
    if hi is None:
        hi = float(t[-1]) + 1e-6 if t.size else lo_ts.timestamp()
    if hi <= lo_ts.timestamp():
        raise InputError(f"end must be after start; got start={start!r} and end={end!r}, an "
                         "empty span. Swap them, or pass None for the default.")
    return lo_ts, to_local(hi, tz)[0]


def window_bounds(t: np.ndarray, tz: str, freq: Any = None, *, size: Any = None,
                  step: Any = None, start: Any = None, end: Any = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Bounds ``(starts, ends)`` in Unix seconds of calendar (``freq``) or sliding windows.

    Calendar windows start at local midnight of the first day (or at ``start``) and are
    consecutive periods of ``freq`` in local time (``"1D"``: calendar days, DST-aware);
    sliding windows have length ``size`` and start every ``step`` (default ``size``).
    """
    sliding = size is not None or step is not None
    if (freq is None) == (not sliding) or (freq is not None and sliding):
        raise InputError("freq, or size (with an optional step), must be given, not both; got "
                         f"freq={freq!r}, size={size!r}, step={step!r}. E.g. freq='1D' for "
                         "days, or size='1h', step='15min' for sliding windows.")
    lo, hi = _span(t, tz, start, end)
    if freq is not None:
        offset = _offset(freq)
        first = lo if offset.is_on_offset(lo) else offset.rollback(lo)
        edges = pd.date_range(first, hi + offset, freq=offset)
        edges = edges[: int(np.searchsorted(edges, hi, side="left")) + 1]
        if len(edges) < 2:
            edges = pd.DatetimeIndex([first, first + offset])
        s = _unix(edges)
        return s[:-1], s[1:]
    if size is None:
        raise InputError(f"size must be given with step (the length of a sliding window); "
                         f"got size=None, step={step!r}.")
    width = _duration("size", size).total_seconds()
    stride = _duration("step", step).total_seconds() if step is not None else width
    lo_s, hi_s = lo.timestamp(), hi.timestamp()
    n = max(int(np.ceil((hi_s - lo_s) / stride)), 1)
    starts = lo_s + stride * np.arange(n, dtype=np.float64)
    return starts, starts + width


def slices(t: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and one-past-last record of each window (``t`` sorted): one searchsorted each."""
    return (np.searchsorted(t, starts, side="left"), np.searchsorted(t, ends, side="left"))
