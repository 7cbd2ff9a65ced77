"""Bad-input corpus: the temporal contacts (issue 17).

Malformed event tables and SocioPatterns files for :class:`netmix.temporal.Contacts`,
impossible windows, local times that daylight saving time skips, and bad arguments of
:func:`netmix.temporal.mixing_over_time`; each with its netmix error naming the argument,
or the exact result (hand-computed) where the input is odd but valid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids, write

from netmix import DegenerateMixingWarning, InputTypeError
from netmix.temporal import Contacts, from_events, mixing_over_time, read_contacts_timeline


def ev(**columns):
    base = {"t": [20, 40], "i": [1, 2], "j": [2, 3]}
    base.update(columns)
    return pd.DataFrame(base)


def small():
    nodes = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    return from_events(ev(), nodes)


def equals(expected):
    def _check(value):
        np.testing.assert_equal(value, expected)
    return _check


CASES = [
    Case("events-not-a-table", lambda d: from_events([[20, 1, 2]]), error=InputTypeError,
         match=("events must be", "DataFrame")),
    Case("events-missing-column", lambda d: from_events(ev().drop(columns="j")),
         match=("'j'",)),
    Case("time-not-numeric", lambda d: from_events(ev(t=["20", "soon"])),
         match=("column 't'", "'soon'")),
    Case("time-infinite", lambda d: from_events(ev(t=[20.0, np.inf])),
         match=("finite",)),
    Case("time-missing-date", lambda d: from_events(ev(t=pd.to_datetime(["2013-12-02", None]))),
         match=("missing time",)),
    Case("time-skipped-by-dst", lambda d: from_events(
        ev(t=pd.to_datetime(["2023-03-26 01:00", "2023-03-26 02:30"])), tz="Europe/Paris"),
        match=("do not exist or are ambiguous", "Europe/Paris")),
    Case("unknown-time-zone", lambda d: from_events(ev(), tz="Paris"),
         match=("tz must be an IANA",)),
    Case("time-zone-not-text", lambda d: from_events(ev(), tz=1), error=InputTypeError,
         match=("tz must be",)),
    Case("origin-with-date-times", lambda d: from_events(
        ev(t=pd.to_datetime(["2013-12-02", "2013-12-03"])), origin="2013-12-01"),
        match=("origin must be None",)),
    Case("origin-not-a-date", lambda d: from_events(ev(), origin="someday"),
         match=("origin",)),
    Case("self-contact", lambda d: from_events(ev(j=[2, 2])),
         match=("themself", "self_loops='drop'")),
    Case("self-contact-dropped", lambda d: len(from_events(ev(j=[2, 2]), self_loops="drop")),
         error=None, result=equals(1)),
    Case("duration-negative", lambda d: from_events(ev(d=[20, -5]), duration="d"),
         match=("positive seconds", "-5")),
    Case("duration-text", lambda d: from_events(ev(d=[20, "long"]), duration="d"),
         match=("duration", "'long'")),
    Case("resolution-zero", lambda d: from_events(ev(), resolution=0),
         match=("resolution must be a positive",)),
    Case("person-not-in-nodes", lambda d: from_events(
        ev(), pd.DataFrame({"g": ["a", "b"]}, index=[1, 2])), match=("3",)),
    Case("two-classes-for-one-person", lambda d: from_events(
        ev(Ci=["A", "B"], Cj=["A", "A"])), match=("two classes",)),
    Case("file-short-line", lambda d: read_contacts_timeline(
        write(d, "tij.dat", "20 1 2\n40 1\n")), match=("line 2",), line=2, path=True),
    Case("file-unknown-option", lambda d: read_contacts_timeline(
        write(d, "tij.dat", "20 1 2\n"), start=0), match=("start must be one of the options",
                                                          "contacts.window")),
    Case("file-empty", lambda d: read_contacts_timeline(write(d, "tij.dat", "")),
         path=True, match=("tij.dat",)),
    Case("window-reversed", lambda d: small().window(40, 20),
         match=("start must be before end",)),
    Case("window-bad-date", lambda d: small().window("not a date"),
         match=("start must be a time",)),
    Case("window-open-ended", lambda d: len(small().window(30)), error=None,
         result=equals(1)),
    Case("freq-and-size", lambda d: small().window_table("1D", size="1h"),
         match=("freq, or size",)),
    Case("freq-unknown", lambda d: small().window_table("fortnightly"),
         match=("freq must be a calendar frequency",)),
    Case("size-negative", lambda d: small().window_table(size="-1h"),
         match=("size must be a positive duration",)),
    Case("step-without-size", lambda d: small().window_table(step="1h"),
         match=("size must be given",)),
    Case("span-reversed", lambda d: small().window_table("1h", start=100, end=50),
         match=("end must be after start",)),
    Case("to-graph-isolates-bad", lambda d: small().to_graph(isolates="remove"),
         match=("isolates must be one of",)),
    Case("contacts-not-contacts", lambda d: mixing_over_time(small().to_graph(), "g"),
         error=InputTypeError, match=("contacts must be",)),
    Case("statistic-unknown", lambda d: mixing_over_time(small(), "g", statistic="nope"),
         match=("statistic must be",)),
    Case("interval-unknown", lambda d: mixing_over_time(small(), "g", interval="wald"),
         match=("interval must be one of",)),
    Case("jackknife-without-formula", lambda d: mixing_over_time(
        small(), "g", statistic="ei_index", interval="jackknife"),
        match=("interval='jackknife' needs",)),
    Case("level-percent", lambda d: mixing_over_time(small(), "g", confidence_level=95),
         match=("confidence_level",)),
    Case("too-few-resamples", lambda d: mixing_over_time(
        small(), "g", interval="bootstrap", n_resamples=5), match=("n_resamples",)),
    Case("profile-unknown", lambda d: mixing_over_time(small(), "g", profile="week"),
         match=("profile must be one of",)),
    Case("profile-with-days", lambda d: mixing_over_time(small(), "g", profile="day"),
         match=("shorter than a day",)),
    Case("groups-missing", lambda d: mixing_over_time(small(), "nope"),
         match=("nope",)),
    # one window, one a-a and one a-b contact: e = [[2, 1], [1, 0]] / 4 by records (weight
    # None), a = (3/4, 1/4): r = (1/2 - 5/8) / (1 - 5/8) = -1/3 (hand computation)
    Case("one-day-exact", lambda d: mixing_over_time(
        small(), "g", weight=None, interval="none").statistic.tolist(), error=None,
        result=equals([-1 / 3])),
    Case("empty-window-nan", lambda d: mixing_over_time(
        small(), "g", freq="1h", start=-7200, end=3600, interval="none").n_contacts.tolist(),
        error=None, result=equals([0, 0, 2]), warns=DegenerateMixingWarning,
        warns_match="2 of 3 windows have no contacts"),
    Case("contacts-constructor-bad-position", lambda d: Contacts(
        pd.DataFrame(index=[1, 2]), [20], [0], [5]), match=("j must hold node positions",)),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
