"""Mixing over time: a mixing statistic, with its interval, in each time window.

One view per window (DESIGN.md): each window's graph is built from the contacts' arrays
(:meth:`Contacts.to_graph`), and the ordinary netmix functions compute its mixing matrix,
its statistic and its interval, so a window's value is exactly that of its own graph.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._results import ConfidenceInterval
from .._validation import (
    check_choice,
    check_level,
    check_resamples_for_level,
    fresh_seed,
    type_error,
)
from ..exceptions import DegenerateMixingWarning, InputError
from ..inference.bootstrap import bootstrap
from ..inference.statistics import resolve_statistic
from ..measures.assortativity import nominal_assortativity_test
from ..measures.mixing import mixing_matrix
from .contacts import Contacts
from .result import MixingOverTime
from .windows import slices, to_local, window_bounds

__all__ = ["mixing_over_time"]

INTERVALS = ("auto", "jackknife", "bootstrap", "none")
#: Statistics with an analytic (jackknife) standard error in netmix.
ANALYTIC = {"nominal_assortativity": nominal_assortativity_test}


def mixing_over_time(
    contacts: Contacts,
    groups: Any,
    freq: Any = None,
    *,
    size: Any = None,
    step: Any = None,
    start: Any = None,
    end: Any = None,
    profile: str | None = None,
    statistic: Any = "nominal_assortativity",
    weight: str | None = "duration",
    interval: str = "auto",
    n_resamples: int = 999,
    confidence_level: float = 0.95,
    missing: str = "raise",
    seed: Any = None,
) -> MixingOverTime:
    r"""A mixing statistic and its interval in each time window of the contacts.

    Each window ``[start, end)`` gives the graph of its records
    (:meth:`Contacts.to_graph`, every person of the node table kept), and the statistic is
    computed on it by the ordinary netmix function: for a window :math:`w`,

    .. math::

        \hat\theta_w = \theta\big(M(G_w)\big), \qquad
        M(G_w)_{gh} = \sum_{(u, v) \in E_w:\ g_u = g,\ g_v = h} d_{uv}^{(w)}

    with :math:`d^{(w)}_{uv}` the seconds of contact of :math:`u` and :math:`v` in the
    window (``weight="duration"``) or 1 (``weight=None``). The default statistic is
    Newman's (2003, eq. 2) nominal assortativity.

    Parameters
    ----------
    contacts : Contacts
    groups : str, mapping, Series or array
        A node attribute of ``contacts.nodes`` or one group per node.
    freq : str, optional
        Calendar windows in local time: ``"1D"`` (days, the default when neither ``freq``
        nor ``size`` is given), ``"1h"``, ``"30min"``, ``"W-MON"``.
    size, step : str or float, optional
        Sliding windows of length ``size`` every ``step`` (``"1h"``, ``"15min"``, seconds).
    start, end : date-time or Unix seconds, optional
        The span cut into windows (default: local midnight of the first record's day to
        the last record).
    profile : {None, "day"}
        ``"day"``: also the profile over the day (:attr:`MixingOverTime.profile`): for each
        time of day, the mean over days of the windows starting then, with the between-day
        standard error :math:`s / \sqrt{n}` and a t interval (days as replicates). Needs
        windows shorter than a day.
    statistic : str or callable, default "nominal_assortativity"
        A function of :mod:`netmix.measures` by name, a registered statistic, or a callable
        of a :class:`~netmix.MixingMatrix` (or of ``graph, groups, weight=``).
    weight : str or None, default "duration"
        Edge attribute summed in the mixing matrix (seconds of contact), or None to count
        pairs in contact.
    interval : {"auto", "jackknife", "bootstrap", "none"}, default "auto"
        ``"jackknife"``: Newman's analytic standard error and Wald interval
        (:func:`netmix.measures.assortativity.nominal_assortativity_test`; nominal
        assortativity only); ``"bootstrap"``: the node bootstrap of each window's graph
        (:func:`netmix.bootstrap`, Snijders & Borgatti 1999, percentile interval);
        ``"auto"``: the jackknife where netmix has it, else the bootstrap.
    n_resamples : int, default 999
        Bootstrap samples per window.
    confidence_level : float, default 0.95
    missing : {"raise", "drop"}
        People without a group raise, or are left out with their contacts.
    seed : int, SeedSequence or Generator, optional
        For the bootstrap: window :math:`k` uses the :math:`k`-th stream of
        ``SeedSequence(seed).spawn``; the seed drawn for ``None`` is recorded.

    Returns
    -------
    MixingOverTime
        One row per window in :meth:`~MixingOverTime.to_frame`. A window without contacts,
        or whose statistic is undefined, has nan (its reason in ``notes``) and one
        :class:`~netmix.DegenerateMixingWarning` names those windows.

    Notes
    -----
    Every person of the node table is in every window's graph, with or without contacts
    in it: the statistic does not depend on them, the node bootstrap counts them as people
    who brought no contact (draw from ``contacts.window(...)`` restricted to the people
    present to change that). The tests check that each daily value equals the statistic of
    ``contacts.to_graph(day_start, day_end)`` computed by the ordinary netmix function, on
    the primary school 2009 data and on generated event tables.

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E 67, 026126.
    doi:10.1103/PhysRevE.67.026126

    Snijders, T. A. B., Borgatti, S. P. (1999). Non-parametric standard errors and tests
    for network statistics. Connections 22(2), 161-170.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> events = pd.DataFrame({"t": [20, 40, 60, 86420, 86440], "i": [1, 1, 3, 1, 2],
    ...                        "j": [2, 3, 4, 3, 4]})
    >>> nodes = pd.DataFrame({"g": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    >>> c = netmix.Contacts.from_events(events, nodes)
    >>> res = mixing_over_time(c, "g", freq="1D", interval="none")
    >>> res.to_frame()[["window_start", "statistic", "n_contacts"]]
                   window_start  statistic  n_contacts
    0 1970-01-01 00:00:00+00:00   0.333333           3
    1 1970-01-02 00:00:00+00:00  -1.000000           2
    """
    if not isinstance(contacts, Contacts):
        raise type_error("contacts", "a netmix.Contacts (e.g. Contacts.from_events(table))",
                         contacts)
    check_choice("interval", interval, INTERVALS)
    check_choice("profile", profile, (None, "day"))
    check_choice("missing", missing, ("raise", "drop"))
    confidence_level = check_level(confidence_level)
    stat = resolve_statistic(statistic)
    method = _method(interval, stat.name)
    if method == "bootstrap":
        check_resamples_for_level(n_resamples, confidence_level)
    if freq is None and size is None and step is None:
        freq = "1D"
    s, e = window_bounds(contacts.t, contacts.tz, freq, size=size, step=step, start=start,
                         end=end)
    if profile == "day" and np.any(e - s >= 82800):  # a DST day is 23 h
        raise InputError(f"profile='day' needs windows shorter than a day; got freq={freq!r},"
                         f" size={size!r}. Use e.g. freq='1h'.")
    lo, hi = slices(contacts.t, s, e)
    used = fresh_seed(seed) if method == "bootstrap" else None
    streams = np.random.SeedSequence(used).spawn(len(s)) if method == "bootstrap" else None
    rows = [_window(contacts, a, b, float(ws), float(we), groups, stat, weight, method,
                    n_resamples, confidence_level, missing,
                    None if streams is None else streams[k])
            for k, (ws, we, a, b) in enumerate(zip(s, e, lo, hi, strict=True))]
    _warn_undefined(rows, to_local(s, contacts.tz))
    starts, ends = to_local(s, contacts.tz), to_local(e, contacts.tz)
    value, se, low, high = (np.array([r[k] for r in rows], dtype=float) for k in range(4))
    result = MixingOverTime(
        starts, ends, value, se, ConfidenceInterval(low, high), confidence_level,
        (hi - lo).astype(np.int64), tuple(r[4] for r in rows), tuple(r[5] for r in rows),
        stat.name, weight, method, n_resamples if method == "bootstrap" else 0, used,
        None if freq is None else str(freq), None if size is None else str(size),
        None if step is None and size is None else str(step if step is not None else size),
        contacts.tz)
    if profile == "day":
        object.__setattr__(result, "profile", day_profile(result))
    return result


def _method(interval: str, name: str) -> str:
    if interval == "auto":
        return "jackknife" if name in ANALYTIC else "bootstrap"
    if interval == "jackknife" and name not in ANALYTIC:
        raise InputError(f"interval='jackknife' needs a statistic with an analytic standard "
                         f"error ({', '.join(ANALYTIC)}); got statistic {name!r}. Use "
                         "interval='bootstrap'.")
    return interval


def _window(contacts: Contacts, a: int, b: int, ws: float, we: float, groups: Any, stat: Any,
            weight: str | None, method: str, n_resamples: int, level: float, missing: str,
            stream: Any) -> tuple[float, float, float, float, Any, str]:
    """Statistic, standard error, interval, mixing matrix and note of one window."""
    graph = contacts.to_graph(ws, we)
    matrix = mixing_matrix(graph, groups, weight, missing=missing)
    if b <= a:
        return (np.nan, np.nan, np.nan, np.nan, matrix, "the window has no contacts")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateMixingWarning)
        value = (stat.on_graph(graph, groups, weight, missing) if stat.kind == "graph"
                 else stat._number(stat.func(matrix)))
        se = low = high = np.nan
        if method == "jackknife":
            res = ANALYTIC[stat.name](graph, groups, weight, missing=missing,
                                      confidence_level=level)
            se, (low, high) = res.standard_error, res.confidence_interval
        elif method == "bootstrap":
            res = bootstrap(graph, stat, groups, n_resamples=n_resamples, weight=weight,
                            confidence_level=level, seed=stream, missing=missing,
                            progress=False)
            se, (low, high) = res.standard_error, res.confidence_interval
    for w in caught:  # anything but netmix's own "undefined" warning is passed on
        if not issubclass(w.category, DegenerateMixingWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    note = "; ".join(dict.fromkeys(str(w.message) for w in caught
                                   if issubclass(w.category, DegenerateMixingWarning)))
    return (value, se, low, high, matrix, note)


def _warn_undefined(rows: list[tuple], starts: pd.DatetimeIndex) -> None:
    empty = [k for k, r in enumerate(rows) if r[5] == "the window has no contacts"]
    other = [k for k, r in enumerate(rows) if r[5] and k not in set(empty)]
    parts = []
    if empty:
        parts.append(f"{len(empty)} of {len(rows)} windows have no contacts (statistic nan), "
                     f"the first starting {starts[empty[0]]}")
    if other:
        parts.append(f"{len(other)} of {len(rows)} windows have an undefined statistic or "
                     f"interval, the first starting {starts[other[0]]}: "
                     f"{rows[other[0]][5].rstrip('.')}")
    if parts:
        warnings.warn("; ".join(parts) + ". See MixingOverTime.notes.",
                      DegenerateMixingWarning, stacklevel=3)


def day_profile(result: MixingOverTime) -> pd.DataFrame:
    """Mean over days of the windows starting at each local time of day, with the
    between-day standard error and t interval."""
    start = result.window_start
    frame = pd.DataFrame({"time_of_day": start - start.normalize(),
                          "statistic": result.statistic, "n_contacts": result.n_contacts})
    grouped = frame.groupby("time_of_day", sort=True)
    mean = grouped["statistic"].mean()  # nan values left out
    n = grouped["statistic"].count()
    sd = grouped["statistic"].std(ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = (sd / np.sqrt(n)).where(n > 1)
        q = pd.Series(stats.t.ppf((1 + result.confidence_level) / 2,
                                  np.maximum(n.to_numpy() - 1, 1)), index=n.index)
    return pd.DataFrame({"statistic": mean, "standard_error": se, "ci_low": mean - q * se,
                         "ci_high": mean + q * se, "n_days": n,
                         "n_contacts": grouped["n_contacts"].sum()}).reset_index()
