"""mixing_over_time (issue 17 item 2): each window's value is that of its own graph.

Expected values come from the ordinary netmix functions run on the window's graph
(``contacts.to_graph(start, end)``) or on the file read again by the aggregating loader
(:func:`netmix.datasets.load_primaryschool_2009` with ``start``/``end``), and from hand
computations on tiny tables.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmix
from netmix import DegenerateMixingWarning, InputError
from netmix.measures.assortativity import nominal_assortativity_test
from netmix.temporal import MixingOverTime, from_events, load_contacts, mixing_over_time


@pytest.fixture(scope="module")
def school(data_dir):
    return load_contacts("primaryschool_2009", download=False)


def test_daily_values_equal_the_days_own_graphs_on_the_primary_school(school):
    res = mixing_over_time(school, "class")  # freq="1D", jackknife intervals
    assert isinstance(res, MixingOverTime) and res.n_windows == 2
    for k, (s, e) in enumerate(zip(res.window_start, res.window_end, strict=True)):
        g = school.to_graph(s, e)
        assert res.statistic[k] == netmix.nominal_assortativity(g, "class", "duration")
        want = nominal_assortativity_test(g, "class", "duration")
        assert res.standard_error[k] == want.standard_error
        assert (res.confidence_interval.low[k], res.confidence_interval.high[k]) == \
            want.confidence_interval
        # the same day read again from the file by the aggregating loader: the file counts
        # seconds from midnight of 1 October 2009, so day k is [86400 k, 86400 (k + 1))
        loaded = netmix.datasets.load_primaryschool_2009(download=False, start=86400 * k,
                                                         end=86400 * (k + 1))
        assert res.statistic[k] == pytest.approx(
            netmix.nominal_assortativity(loaded, "class", "duration"), abs=1e-12)
    assert res.n_contacts.tolist() == [60623, 65150]  # records per day, counted with awk


def test_hourly_profile_is_the_mean_of_the_two_days(school):
    with pytest.warns(DegenerateMixingWarning, match="windows have no contacts"):
        res = mixing_over_time(school, "class", freq="1h", profile="day", interval="none")
    frame = res.to_frame()
    frame["slot"] = frame["window_start"].dt.hour
    noon = res.profile.set_index(res.profile["time_of_day"].dt.total_seconds() / 3600)
    both = frame.loc[frame["slot"] == 12, "statistic"].to_numpy()
    assert len(both) == 2 and noon.loc[12, "n_days"] == 2
    assert noon.loc[12, "statistic"] == pytest.approx(both.mean(), abs=1e-15)
    assert noon.loc[12, "standard_error"] == pytest.approx(both.std(ddof=1) / np.sqrt(2))
    # lunch mixes the classes (Stehle et al. 2011, Fig. 2): lower than 10:00 on both days
    assert (both < frame.loc[frame["slot"] == 10, "statistic"].to_numpy()).all()


def test_sliding_windows_equal_their_own_graphs(school):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        res = mixing_over_time(school, "class", size="2h", step="30min",
                               start="2009-10-01 08:00", end="2009-10-01 18:00",
                               weight=None, statistic="ei_index", interval="none")
    assert res.n_windows == 20
    for k in (0, 7, 15):  # 08:00, 11:30, 15:30; the last windows reach past end
        g = school.to_graph(res.window_start[k], res.window_end[k])
        assert res.statistic[k] == netmix.ei_index(g, "class")


def test_bootstrap_windows_use_spawned_streams_and_repeat(school):
    day = school.window("2009-10-01", "2009-10-02")
    res = mixing_over_time(day, "class", statistic="ei_index", n_resamples=39, seed=5)
    assert res.interval == "bootstrap" and res.seed == 5
    stream = np.random.SeedSequence(5).spawn(1)[0]
    want = netmix.bootstrap(day.to_graph(), "ei_index", "class", n_resamples=39,
                            weight="duration", seed=stream)
    assert res.standard_error[0] == want.standard_error
    again = mixing_over_time(day, "class", statistic="ei_index", n_resamples=39, seed=None)
    assert isinstance(again.seed, int)
    repeat = mixing_over_time(day, "class", statistic="ei_index", n_resamples=39,
                              seed=again.seed)
    np.testing.assert_array_equal(again.confidence_interval.low, repeat.confidence_interval.low)


def dst_contacts():
    local = ["2023-03-25 10:00", "2023-03-25 10:00", "2023-03-26 10:00", "2023-03-26 10:00",
             "2023-03-26 10:00", "2023-03-27 00:00"]
    events = pd.DataFrame({"t": pd.to_datetime(local), "i": [1, 1, 1, 2, 3, 1],
                           "j": [2, 3, 2, 4, 4, 3]})
    nodes = pd.DataFrame({"g": ["a", "a", "b", "b"]}, index=[1, 2, 3, 4])
    return from_events(events, nodes, tz="Europe/Paris")


def test_daily_windows_across_a_dst_change():
    res = mixing_over_time(dst_contacts(), "g", interval="none", weight=None)
    frame = res.to_frame()
    assert (frame["window_end"] - frame["window_start"]).dt.total_seconds().tolist() == [
        86400, 82800, 86400]  # 26 March 2023 has 23 hours in Paris
    assert frame["n_contacts"].tolist() == [2, 3, 1]
    # hand computation, 26 March: edges 1-2 (a-a), 2-4 (a-b), 3-4 (b-b); symmetric counts
    # e = [[2, 1], [1, 2]] / 6, a = b = (1/2, 1/2): r = (4/6 - 1/2) / (1 - 1/2) = 1/3
    assert frame["statistic"].iloc[1] == pytest.approx(1 / 3)


def test_empty_windows_give_nan_and_a_warning_saying_so():
    with pytest.warns(DegenerateMixingWarning, match="1 of 3 windows have no contacts"):
        res = mixing_over_time(dst_contacts(), "g", start="2023-03-24", end="2023-03-27",
                               interval="none")
    assert np.isnan(res.statistic[0]) and res.notes[0] == "the window has no contacts"
    assert res.n_contacts[0] == 0 and np.isnan(res.confidence_interval.low[0])


def test_to_frame_has_one_row_per_window_and_the_plot_its_points():
    with pytest.warns(DegenerateMixingWarning, match="jackknife standard error is undefined"):
        res = mixing_over_time(dst_contacts(), "g", interval="jackknife", weight=None)
    frame = res.to_frame()
    assert frame["note"].iloc[0].startswith("the jackknife")  # 2 edges: one removal is fatal
    for col in ("window_start", "window_end", "statistic", "standard_error", "ci_low",
                "ci_high", "n_contacts"):
        assert col in frame.columns
    assert len(frame) == 3 and "nominal_assortativity" in repr(res)
    assert "n_windows" in res.summary()
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    assert res.plot(ax=ax) is ax
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), res.statistic)


events_strategy = st.lists(
    st.tuples(st.integers(0, 3 * 86400), st.integers(0, 5), st.integers(0, 5)),
    min_size=1, max_size=40).map(
        lambda rows: pd.DataFrame([r for r in rows if r[1] != r[2]] or [(0, 0, 1)],
                                  columns=["t", "i", "j"]))


@settings(max_examples=40, deadline=None)
@given(events=events_strategy, labels=st.lists(st.sampled_from("ab"), min_size=6,
                                               max_size=6),
       statistic=st.sampled_from(["nominal_assortativity", "ei_index", "coleman_homophily"]),
       weight=st.sampled_from(["duration", None]))
def test_every_daily_value_equals_its_days_graph(events, labels, statistic, weight):
    if statistic == "coleman_homophily":
        statistic = "freeman_segregation"  # coleman is per group; this one is one number
    nodes = pd.DataFrame({"g": labels}, index=range(6))
    c = from_events(events, nodes, tz="Europe/Paris")
    func = getattr(netmix, statistic)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateMixingWarning)
        res = mixing_over_time(c, "g", statistic=statistic, weight=weight, interval="none")
        for k in range(res.n_windows):
            g = c.to_graph(res.window_start[k], res.window_end[k])
            want = np.nan if res.n_contacts[k] == 0 else func(g, "g", weight)
            np.testing.assert_equal(res.statistic[k], want)
    assert res.n_contacts.sum() == len(c)


def test_bad_arguments_are_named():
    c = dst_contacts()
    with pytest.raises(InputError, match="interval='jackknife' needs"):
        mixing_over_time(c, "g", statistic="ei_index", interval="jackknife")
    with pytest.raises(InputError, match="profile='day' needs windows shorter"):
        mixing_over_time(c, "g", profile="day")
    with pytest.raises(TypeError, match="contacts must be"):
        mixing_over_time(c.to_graph(), "g")
    with pytest.raises(InputError, match="n_resamples"):
        mixing_over_time(c, "g", interval="bootstrap", n_resamples=10)
