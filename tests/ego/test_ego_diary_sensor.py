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


def _raw_files(data_dir):
    folder = data_dir / "sociopatterns" / "highschool_2013"
    return (folder / "Contact-diaries-network_data_2013.csv", folder / "metadata_2013.txt",
            folder / "High-School_data_2013.csv")


def test_raw_files_and_loader_agree_table_for_table(data_dir, diary, sensor_day):
    # Issue 14 item 1: read_diary_network(diary_file, metadata_file) used to keep the 209
    # pupils of the metadata who kept no diary as respondents who reported no one (329
    # nodes), and compare_diary_sensor then said 14 of 39 contacts over 1 h were reported.
    # From the raw files, with the sensor records of the diary day, the comparison must be
    # the loader's, table for table.
    diary_file, meta, contacts = _raw_files(data_dir)
    raw_diary = netmix.read_diary_network(diary_file, meta, metadata_columns=["class", "gender"])
    assert (raw_diary.n_nodes, raw_diary.n_edges) == (120, 502)  # Mastrandrea et al. Table 2
    rec = raw_diary.provenance[0]
    assert (rec["respondents"], rec["people"], rec["metadata_rows"]) == (119, 120, 329)
    raw_sensor = netmix.read_sociopatterns(contacts, meta, metadata_columns=["class", "gender"],
                                           start="2013-12-05", end="2013-12-06",
                                           tz="Europe/Paris", isolates="drop")
    a = compare_diary_sensor(raw_diary, raw_sensor)
    b = compare_diary_sensor(diary, sensor_day)
    for name in ("by_duration", "by_reciprocity", "durations", "report_agreement"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    for name in ("n_nodes_diary", "n_links_diary", "n_nodes_sensor", "n_links_sensor",
                 "n_nodes_both", "n_diary_links", "n_sensor_links", "n_links_both",
                 "share_diary_detected", "share_sensor_reported", "n_reported_by_both",
                 "n_reported_by_one", "share_overestimated", "share_exact",
                 "share_underestimated", "share_reports_agree"):
        assert getattr(a, name) == getattr(b, name), name
    pd.testing.assert_frame_equal(raw_diary.nodes, diary.nodes)
    t = a.by_duration
    # 122 of 380 sensor links of at most 5 min reported, all 14 over 1 h (the paper: long
    # contacts are all reported); 109 students in both (Mastrandrea et al. 2015)
    assert (t.loc[1, "reported"], t.loc[1, "sensor_links"]) == (122, 380)
    assert (t.loc[4, "reported"], t.loc[4, "sensor_links"]) == (14, 14)
    assert a.n_nodes_both == 109


def test_people_without_reports_are_not_respondents(data_dir, diary, sensor_day):
    # keeping the metadata's non-respondents as isolated nodes does not make them
    # respondents who reported nobody: the comparison is unchanged
    diary_file, meta, _ = _raw_files(data_dir)
    kept = netmix.read_diary_network(diary_file, meta, metadata_columns=["class", "gender"],
                                     isolates="keep")
    assert kept.n_nodes == 329
    a, b = compare_diary_sensor(kept, sensor_day), compare_diary_sensor(diary, sensor_day)
    pd.testing.assert_frame_equal(a.by_duration, b.by_duration)
    assert (a.n_nodes_diary, a.n_nodes_both) == (120, 109)
