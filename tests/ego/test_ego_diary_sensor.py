"""Diaries against sensors: the published counts of Mastrandrea, Fournet and Barrat (2015)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix.ego import compare_diary_sensor, duration_band, symmetrize_diary


@pytest.fixture(scope="module")
def diary(data_dir):
    return netmix.datasets.load_highschool_2013("diary", download=False)


@pytest.fixture(scope="module")
def sensor_day(data_dir):
    # the diary day, 5 December 2013, in local time
    return netmix.datasets.load_highschool_2013("sensor", start="2013-12-05", end="2013-12-06",
                                                tz="Europe/Paris", download=False)


def test_published_network_sizes(diary, sensor_day):
    # Mastrandrea et al. (2015), Table 2 (network sizes): sensors on the diary day 295
    # nodes, 2,162 links;
    # diaries ("highest reported value" when both report) 120 nodes, 348 links
    assert (sensor_day.n_nodes, sensor_day.n_edges) == (295, 2162)
    sym = symmetrize_diary(diary)
    assert (sym.n_nodes, sym.n_edges) == (120, 348)
    assert not sym.directed


def test_published_comparison_counts(diary, sensor_day):
    r = compare_diary_sensor(diary, sensor_day)
    # Mastrandrea et al. (2015), "Contact diaries" comparison: among the 109 students
    # present in both, 287 diary links and 488 sensor links, 202 of them in both
    assert r.n_nodes_both == 109
    assert (r.n_diary_links, r.n_sensor_links, r.n_links_both) == (287, 488, 202)
    # 70.4 % of diary links detected, 41.4 % of sensor links reported
    assert round(100 * r.share_diary_detected, 1) == 70.4
    assert round(100 * r.share_sensor_reported, 1) == 41.4
    # 129 links reported by both students and 158 by only one
    assert (r.n_reported_by_both, r.n_reported_by_one) == (129, 158)
    assert r.by_reciprocity["diary_links"].tolist() == [129, 158]


def test_reporting_grows_with_duration_and_durations_are_overestimated(diary, sensor_day):
    r = compare_diary_sensor(diary, sensor_day)
    t = r.by_duration
    assert t["sensor_links"].sum() == 488 and t["reported"].sum() == 202
    # the paper: short contacts mostly unreported, long ones reported (all > 1 h here);
    # reported durations tend to be overestimated
    assert t.loc[1, "share_reported"] < t.loc[2, "share_reported"]
    assert t.loc[4, "share_reported"] == 1.0
    assert r.share_overestimated > 0.5 > r.share_underestimated
    assert r.durations.to_numpy().sum() == 202
    assert r.share_overestimated + r.share_exact + r.share_underestimated == pytest.approx(1)
    assert r.report_agreement.to_numpy().sum() == 129
    # lower code <= higher code: nothing below the diagonal
    assert np.tril(r.report_agreement.to_numpy(), -1).sum() == 0


def test_duration_bands_boundaries():
    # code 1 <= 5 min, 2 5-15 min, 3 15 min-1 h, 4 > 1 h (bounds inclusive from below)
    assert duration_band(np.array([0, 300, 301, 900, 901, 3600, 3601])).tolist() == [
        1, 1, 2, 2, 3, 3, 4]


def hand_fixture():
    """Reports: 1->2 (code 2), 2->1 (code 3), 1->3 (code 1), 3->4 (code 4), 5->1 (code 1).

    Sensors among 1..4 and 6: 1-2 700 s (band 2), 1-4 100 s (band 1), 3-4 4000 s (band 4),
    2-6 60 s. Person 5 wore no sensor, 6 kept no diary: the common people are 1, 2, 3, 4.
    Diary links among them: 1-2 (both, max code 3), 1-3 (one), 3-4 (one) -> 3 links;
    sensor links among them: 1-2, 1-4, 3-4 -> 3; in both: 1-2, 3-4.
    """
    reports = pd.DataFrame({"i": [1, 2, 1, 3, 5], "j": [2, 1, 3, 4, 1], "w": [2, 3, 1, 4, 1]})
    diary = netmix.read_diary_network(reports)
    edges = pd.DataFrame({"source": [1, 1, 3, 2], "target": [2, 4, 4, 6],
                          "duration": [700, 100, 4000, 60]})
    sensor = netmix.from_edges(edges)
    return diary, sensor


def test_hand_fixture():
    r = compare_diary_sensor(*hand_fixture())
    assert (r.n_nodes_both, r.n_diary_links, r.n_sensor_links, r.n_links_both) == (4, 3, 3, 2)
    assert r.share_diary_detected == pytest.approx(2 / 3)
    assert r.share_sensor_reported == pytest.approx(2 / 3)
    assert (r.n_reported_by_both, r.n_reported_by_one) == (1, 2)
    # 1-2: diary 3 (highest) vs band 2 -> over; 3-4: diary 4 vs band 4 -> exact
    assert (r.share_overestimated, r.share_exact) == (0.5, 0.5)
    assert r.durations.loc[3, 2] == 1 and r.durations.loc[4, 4] == 1
    assert r.share_reports_agree == 0.0  # the one two-sided pair: codes 2 and 3
    # band 1 (1-4, 100 s) unreported; band 2 (1-2) and band 4 (3-4) reported
    assert r.by_duration["reported"].tolist() == [0, 1, 0, 1]
    low = compare_diary_sensor(*hand_fixture(), combine="min")
    assert low.durations.loc[2, 2] == 1  # min code 2 vs band 2: exact


def test_symmetrize_counts_all_reports(diary):
    sym = symmetrize_diary(diary)
    # 502 reports = 2 x 154 reciprocated pairs + 194 one-sided
    n = sym.edge_attr("n_reports")
    assert int((n == 2).sum()) == 154 and int((n == 1).sum()) == 194
    assert int(n.sum()) == diary.n_edges == 502


def test_diary_must_be_directed():
    _diary, sensor = hand_fixture()
    with pytest.raises(netmix.InputError, match="directed"):
        compare_diary_sensor(sensor, sensor)
