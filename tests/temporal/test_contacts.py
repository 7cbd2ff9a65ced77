"""Contacts (issue 17 item 1): the temporal contact object, its windows and its graphs.

Expected values are hand computations on tiny tables, or the existing aggregating readers
(:func:`netmix.from_contacts`, the dataset loaders) run on the same records.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix import InputError
from netmix.temporal import Contacts, from_events, load_contacts, read_contacts_timeline

EDGE_COLS = ["source", "target", "n_contacts", "duration", "first_contact", "last_contact"]


def tiny():
    events = pd.DataFrame({"t": [40, 20, 40, 86420], "i": [1, 2, 2, 2], "j": [2, 1, 3, 1]})
    return from_events(events)


def test_records_are_sorted_with_i_below_j_and_read_only():
    c = tiny()
    assert c.t.tolist() == [20, 40, 40, 86420]  # stable sort of the hand-made table
    assert (c.i < c.j).all() and c.i.dtype == np.int32
    assert c.node_ids.tolist() == [1, 2, 3]
    with pytest.raises(ValueError):
        c.t[0] = 0
    assert len(c) == 4 and c.duration.tolist() == [20] * 4
    assert "4 records, 3 people" in repr(c) and "(UTC)" in repr(c)


def test_to_graph_equals_from_contacts_on_the_same_records():
    events = pd.DataFrame({"t": [40, 20, 40, 86420], "i": [1, 2, 2, 2], "j": [2, 1, 3, 1]})
    c = from_events(events)
    for start, end in [(None, None), (0, 86400), (30, None), (40, 41)]:
        got = c.to_graph(start, end).edges
        want = netmix.from_contacts(events, start=start, end=end).edges
        pd.testing.assert_frame_equal(got[EDGE_COLS], want[EDGE_COLS])


def test_window_and_days_cut_in_local_time():
    c = tiny()
    days = list(c.days())
    assert [len(w.contacts) for w in days] == [3, 1]  # hand count: 20, 40, 40 | 86420
    assert days[0].start == pd.Timestamp("1970-01-01", tz="UTC")
    assert len(c.window("1970-01-01 00:00:30", "1970-01-02")) == 2
    assert len(c.window(end=40)) == 1  # start <= t < end


def test_days_follow_daylight_saving_time():
    # Paris moved its clocks from 02:00 to 03:00 on 2023-03-26: that day has 23 hours.
    local = ["2023-03-25 23:30", "2023-03-26 00:30", "2023-03-26 01:59", "2023-03-26 03:00",
             "2023-03-26 23:59", "2023-03-27 00:00"]
    events = pd.DataFrame({"t": pd.to_datetime(local), "i": 1, "j": 2})
    c = from_events(events, tz="Europe/Paris")
    table = c.window_table("1D")
    assert table["n_contacts"].tolist() == [1, 4, 1]
    hours = (table["window_end"] - table["window_start"]) / pd.Timedelta(hours=1)
    assert hours.tolist() == [24, 23, 24]
    hourly = c.window_table("1h", start="2023-03-26", end="2023-03-26 04:00")
    assert [str(s.time()) for s in hourly["window_start"]] == ["00:00:00", "01:00:00",
                                                             "03:00:00"]
    assert hourly["n_contacts"].tolist() == [1, 1, 1]
    # the times are UTC-based Unix seconds: 00:30 in Paris (UTC+1 that night) is 23:30 UTC
    assert c.t[1] == pd.Timestamp("2023-03-25 23:30", tz="UTC").timestamp()


def test_a_local_time_skipped_by_dst_is_refused():
    events = pd.DataFrame({"t": pd.to_datetime(["2023-03-26 02:30"]), "i": [1], "j": [2]})
    with pytest.raises(InputError, match="do not exist or are ambiguous"):
        from_events(events, tz="Europe/Paris")


def test_sliding_windows_count_the_records_of_each_window():
    rng = np.random.default_rng(0)
    t = np.sort(rng.integers(0, 7200, 300)) * 1  # seconds
    events = pd.DataFrame({"t": t, "i": rng.integers(0, 5, 300), "j": 5})
    c = from_events(events)
    table = c.window_table(size="30min", step="10min")
    for s, n in zip(table["window_start"], table["n_contacts"], strict=True):
        lo = s.timestamp()
        assert n == int(((t >= lo) & (t < lo + 1800)).sum())  # brute force
    assert table["window_start"].iloc[0] == pd.Timestamp(0, tz="UTC")
    assert len(table) == int(np.ceil((t[-1] + 1e-6) / 600))


def test_given_durations_are_summed_per_pair():
    events = pd.DataFrame({"t": [0, 100, 200], "i": ["a", "b", "a"], "j": ["b", "a", "c"],
                           "d": [30, 60, 5]})
    g = from_events(events, duration="d").to_graph()
    assert g.edges["duration"].tolist() == [90, 5]  # hand sums: a-b 30 + 60, a-c 5
    assert g.edges["n_contacts"].tolist() == [2, 1]


def test_classes_of_a_five_column_table_become_a_node_attribute():
    events = pd.DataFrame({"t": [20, 40], "i": [1, 2], "j": [2, 3], "Ci": ["A", "A"],
                           "Cj": ["A", "B"]})
    c = from_events(events)
    assert c.nodes["class"].tolist() == ["A", "A", "B"]


def test_to_frame_has_one_row_per_record():
    frame = tiny().to_frame()
    assert list(frame.columns) == ["t", "time", "i", "j", "duration"]
    assert frame["i"].tolist() == [1, 1, 2, 1] and frame["j"].tolist() == [2, 2, 3, 2]


def test_the_example_files_give_read_sociopatterns_graph():
    paths = netmix.datasets.example_paths()
    c = read_contacts_timeline(paths["contacts"], paths["metadata"],
                               metadata_columns=["department"])
    want = netmix.read_sociopatterns(paths["contacts"], paths["metadata"],
                                     metadata_columns=["department"], start=36000, end=39600)
    pd.testing.assert_frame_equal(c.to_graph(36000, 39600).edges[EDGE_COLS],
                                  want.edges[EDGE_COLS])
    assert c.provenance[0]["step"] == "read_contacts_timeline"


@pytest.mark.parametrize("dataset, loader", [
    ("primaryschool_2009", lambda: netmix.datasets.load_primaryschool_2009(download=False)),
    ("highschool_2013", lambda: netmix.datasets.load_highschool_2013(download=False)),
    ("workplace_2013", lambda: netmix.datasets.load_workplace_2013(download=False)),
])
def test_load_contacts_gives_the_loaders_graph(data_dir, dataset, loader):
    c = load_contacts(dataset, download=False)
    got, want = c.to_graph(isolates="drop"), loader()
    cols = ["source", "target", "n_contacts", "duration"]  # times: Unix seconds here
    pd.testing.assert_frame_equal(got.edges[cols], want.edges[cols])
    pd.testing.assert_frame_equal(got.nodes, want.nodes)
    assert c.tz == "Europe/Paris"


def test_primary_school_days_are_the_two_school_days(data_dir):
    c = load_contacts("primaryschool_2009", download=False)
    days = list(c.days())
    # Stehlé et al. (2011): Thursday 1 and Friday 2 October 2009, first record 08:40:20
    assert [str(d.start.date()) for d in days] == ["2009-10-01", "2009-10-02"]
    assert str(c.start) == "2009-10-01 08:40:20+02:00"
    assert sum(len(d.contacts) for d in days) == len(c) == 125773


events_strategy = st.lists(
    st.tuples(st.integers(0, 3 * 86400), st.integers(0, 6), st.integers(0, 6)),
    min_size=1, max_size=40).map(
        lambda rows: pd.DataFrame([r for r in rows if r[1] != r[2]] or [(0, 0, 1)],
                                  columns=["t", "i", "j"]))


@settings(max_examples=60, deadline=None)
@given(events=events_strategy, cut=st.integers(0, 3 * 86400))
def test_any_window_graph_equals_from_contacts(events, cut):
    c = from_events(events)
    for start, end in [(None, cut + 1), (cut, None)]:
        got = c.to_graph(start, end).edges[EDGE_COLS]
        want = netmix.from_contacts(events, start=start, end=end).edges[EDGE_COLS]
        pd.testing.assert_frame_equal(got, want)
    per_day = sum(len(w.contacts) for w in c.days())
    assert per_day == len(c)


def test_bad_arguments_are_named():
    c = tiny()
    with pytest.raises(InputError, match="freq, or size"):
        c.window_table("1D", size="1h")
    with pytest.raises(InputError, match="start must be before end"):
        c.window(50, 10)
    with pytest.raises(InputError, match="tz must be an IANA"):
        from_events(pd.DataFrame({"t": [1], "i": [1], "j": [2]}), tz="Paris")
    with pytest.raises(InputError, match="self_loops='drop'"):
        from_events(pd.DataFrame({"t": [1], "i": [1], "j": [1]}))
    assert isinstance(Contacts.from_events(pd.DataFrame({"t": [1], "i": [1], "j": [2]})),
                      Contacts)


def test_with_records_keeps_nodes_tz_and_adds_a_provenance_record():
    c = from_events(pd.DataFrame({"t": [20, 40, 60], "i": [1, 2, 1], "j": [2, 3, 3]}),
                    tz="Europe/Paris")
    shuffled = c.with_records(c.t[::-1], c.i, c.j, record={"step": "null", "model": "times"})
    assert shuffled.t.tolist() == [20, 40, 60] and shuffled.tz == "Europe/Paris"
    assert shuffled.node_ids.equals(c.node_ids) and shuffled.provenance[-1]["model"] == "times"
    # records re-sorted by time: the pair of the last record (1, 3) now comes first
    assert (shuffled.i.tolist(), shuffled.j.tolist()) == ([0, 1, 0], [2, 2, 1])
