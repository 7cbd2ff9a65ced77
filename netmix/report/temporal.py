"""The report's "Mixing over time" section, for input that has times (contact records).

Built from the public temporal API only: :func:`netmix.mixing_over_time` per calendar window
(the CLI's ``--window``, a day by default) with its intervals, the profile over the day, and
the within- versus between-group contact durations when the records allow it.
"""

from __future__ import annotations

import html
import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DegenerateMixingWarning
from ._page import Section, figure_html, fmt_pct, literal_text, note, table_html

__all__ = ["default_window", "has_times", "time_section"]

#: Sub-day windows of the profile over the day.
PROFILE_FREQ = "1h"


def _daily_or_longer(freq: str) -> bool:
    """Whether windows of ``freq`` last a day or more (calendar frequencies such as weeks
    and months, which have no fixed length, do)."""
    try:
        return pd.Timedelta(pd.tseries.frequencies.to_offset(freq)) >= pd.Timedelta("1D")
    except (TypeError, ValueError):
        return True


def _when(ts: pd.Timestamp, freq: str) -> str:
    """A window's start as people say it: "Thu 1 Oct" for days, "Thu 1 Oct 10:00" else."""
    day = f"{ts:%a} {ts.day} {ts:%b}"
    return day if _daily_or_longer(freq) else f"{day} {ts:%H:%M}"


def _quiet(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``fn``; empty windows are expected here (nights), and stated in the text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        return fn(*args, **kwargs)


def _lead(frame: pd.DataFrame, freq: str, attr: str, what: str) -> str:
    shown = frame.dropna(subset=["within"])
    if shown.empty:
        return "<p>No window has contacts between people with a known group.</p>"
    span = (f"{len(shown)} windows of {html.escape(freq)} with contacts"
            if len(shown) != 1 else f"one window of {html.escape(freq)} with contacts")
    lo, hi = shown.loc[shown["within"].idxmin()], shown.loc[shown["within"].idxmax()]
    if len(shown) == 1:
        return (f"<p>The records cover {span}: {fmt_pct(lo['within'])} of {what} was "
                f"between people of the same {html.escape(attr)}.</p>")
    return (f"<p>The records cover {span}. The share of {what} between people of the same "
            f"{html.escape(attr)} ranged from {fmt_pct(lo['within'])} "
            f"({_when(lo['window_start'], freq)}) to {fmt_pct(hi['within'])} "
            f"({_when(hi['window_start'], freq)}).</p>")


def _profile_text(result: Any, attr: str) -> str:
    prof = result.profile
    if prof is None or "within" not in prof or prof["within"].notna().sum() < 2:
        return ""
    p = prof.dropna(subset=["within"])
    lo, hi = p.loc[p["within"].idxmin()], p.loc[p["within"].idxmax()]

    def clock(offset: pd.Timedelta) -> str:
        minutes = int(offset.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    return (f"<p>Over the day (averaged over {int(p['n_days'].max())} days), people mix most "
            f"across {html.escape(attr)} lines at {clock(lo['time_of_day'])} "
            f"({fmt_pct(lo['within'])} of contact within the same {html.escape(attr)}) and "
            f"least at {clock(hi['time_of_day'])} ({fmt_pct(hi['within'])}).</p>")


def _with_within(result: Any) -> Any:
    """Add the within-group share to the day profile (mean over days, as the statistic)."""
    prof = result.profile
    if prof is None:
        return result
    frame = result.to_frame()
    offset = frame["window_start"] - frame["window_start"].dt.normalize()
    means = frame.assign(time_of_day=offset).groupby("time_of_day")["within"].mean()
    prof["within"] = prof["time_of_day"].map(means)
    return result


def time_section(contacts: Any, groups: str, weight: str | None = "duration", *,
                 freq: str = "1D", seed: Any = None, n_resamples: int = 999,
                 **options: Any) -> Section:
    """Mixing over time: each window's mixing with its interval, the day profile, durations.

    Parameters
    ----------
    contacts : netmix.Contacts
        The time-stamped records behind the report's network.
    groups : str
        Node attribute.
    weight : {"duration", None}
        Weigh contacts by their duration (default) or count records.
    freq : str, default "1D"
        Calendar windows (pandas frequency: ``"1D"``, ``"1h"``, ``"30min"``).
    seed, n_resamples
        For the intervals (bootstrap over people where netmix has no analytic error).
    """
    from ..plotting import plot_mixing_over_time
    from ..temporal import mixing_over_time

    weight = "duration" if weight is not None else None
    what = "contact time" if weight else "contact records"
    attr = groups if isinstance(groups, str) else "group"
    result = _quiet(mixing_over_time, contacts, groups, freq, weight=weight, seed=seed,
                    n_resamples=n_resamples, missing="drop")
    frame = result.to_frame()
    body = [_lead(frame, freq, attr, what)]
    with literal_text():
        ax = plot_mixing_over_time(result, title=f"Nominal assortativity by {freq} window")
        body.append(figure_html(ax, f"Nominal assortativity of each {freq} window with its "
                                    f"{result.confidence_level:.0%} interval (0: random "
                                    "mixing; 1: contact only within groups).",
                                alt=_alt(frame, freq)))
    tables = {"mixing_over_time": frame}
    if _daily_or_longer(freq) and len(contacts) > 0:
        prof = _with_within(_quiet(mixing_over_time, contacts, groups, PROFILE_FREQ,
                                   weight=weight, interval="none", profile="day",
                                   missing="drop"))
        body.append(_profile_text(prof, attr))
        with literal_text():
            ax = plot_mixing_over_time(prof, profile=True,
                                       title="Over the day: mean of the days")
            body.append(figure_html(ax, "Nominal assortativity by hour of the day, the mean "
                                        "over days with its between-day interval.",
                                    alt="Line chart of nominal assortativity by hour of "
                                        "the day, averaged over the days of the data."))
        tables["mixing_by_time_of_day"] = prof.profile
    empty = int(frame["n_contacts"].eq(0).sum())
    if empty:
        body.append(note(f"{empty} of {len(frame)} windows have no contacts (nights, "
                         "weekends): their statistic is left out (–)."))
    shown = frame[["window_start", "statistic", "ci_low", "ci_high", "n_contacts", "within"]]
    shown = shown.assign(window_start=shown["window_start"].map(lambda t: _when(t, freq)))
    body.append("<details><summary>Every window</summary>" + table_html(
        shown.rename(columns={"within": "within-group share"}), index=False,
        caption=f"Mixing in each {freq} window") + "</details>")
    return Section("Mixing over time", "".join(body), tables)


def _alt(frame: pd.DataFrame, freq: str) -> str:
    shown = frame.dropna(subset=["statistic"])
    if shown.empty:
        return "Chart of mixing over time: no window has a defined value."
    values = ", ".join(f"{_when(r.window_start, freq)}: {r.statistic:.2f}"
                       for r in shown.head(12).itertuples())
    more = "" if len(shown) <= 12 else f", and {len(shown) - 12} more windows"
    return f"Nominal assortativity by window: {values}{more}."


def default_window(contacts: Any) -> str:
    """Days when the records span more than one day, else hours."""
    span = float(contacts.t[-1] - contacts.t[0]) if len(contacts) else 0.0
    return "1D" if span > 86400 else "1h"


def has_times(source: Any) -> bool:
    """True when ``source`` is a :class:`netmix.Contacts` with at least one record."""
    return hasattr(source, "window_table") and len(source) > 0 and bool(np.isfinite(
        source.t[:1]).all())
