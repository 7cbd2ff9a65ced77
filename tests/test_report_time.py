"""The report's "Mixing over time" section (netmix/report/temporal.py).

Expected values come from netmix.mixing_over_time on the same records (the section must show
them, not compute its own) and from hand computations on a four-record table.
"""

from __future__ import annotations

import pandas as pd
import pytest

import netmix
from netmix.report.temporal import time_section


def _contacts(group_name: str = "class") -> netmix.Contacts:
    # day 1 (Paris): a-b within, a-c between; day 2: b-c between twice
    events = pd.DataFrame({
        "t": pd.to_datetime(["2023-03-01 10:00:20", "2023-03-01 10:00:40",
                             "2023-03-02 12:00:20", "2023-03-02 12:00:40"]),
        "i": ["a", "a", "b", "b"], "j": ["b", "c", "c", "c"]})
    nodes = pd.DataFrame({group_name: ["x", "x", "y"]}, index=["a", "b", "c"])
    return netmix.temporal.from_events(events, nodes, tz="Europe/Paris")


def test_section_shows_the_values_of_mixing_over_time():
    c = _contacts()
    s = time_section(c, "class", seed=1, n_resamples=99)
    frame = s.tables["mixing_over_time"]
    # day 1: 20 s within of 40 s; day 2: 0 of 40 s (hand computation)
    assert frame["within"].tolist() == [0.5, 0.0]
    with pytest.warns(netmix.exceptions.DegenerateMixingWarning, match="jackknife"):
        expected = netmix.mixing_over_time(c, "class", "1D", weight="duration", seed=1,
                                           n_resamples=99, missing="drop").to_frame()
    pd.testing.assert_series_equal(frame["statistic"], expected["statistic"])
    assert "ranged from 0 % (Thu 2 Mar) to 50 % (Wed 1 Mar)" in s.body
    assert "<details><summary>Every window</summary>" in s.body
    assert "mixing_by_time_of_day" in s.tables


def test_user_text_is_escaped():
    c = _contacts("<b>class</b>")
    s = time_section(c, "<b>class</b>", seed=1, n_resamples=99)
    assert "<b>class</b>" not in s.body and "&lt;b&gt;class&lt;/b&gt;" in s.body


def test_real_primary_school_days():
    c = netmix.temporal.load_contacts("primaryschool_2009", download=False)
    s = time_section(c, "class", seed=2, n_resamples=99)
    frame = s.tables["mixing_over_time"]
    assert len(frame) == 2  # 1 and 2 October 2009 (Stehlé et al. 2011)
    assert "Thu 1 Oct" in s.body and "Fri 2 Oct" in s.body


def test_cli_adds_the_time_section_for_timed_input_only(tmp_path):
    """``netmix analyze`` on time-stamped data adds "Mixing over time" (hourly for the
    one-day example, as asked with --window), and leaves it out on request (--window none)
    and for input without times (the diary network)."""
    from netmix.cli import main

    def report(*args: str) -> str:
        out = tmp_path / "_".join(a.strip("-") for a in args)
        assert main(["analyze", *args, "--seed", "1", "--resamples", "39", "--out",
                     str(out)]) == 0
        return (out / "report.html").read_text()

    assert "<h2>Mixing over time</h2>" in report("--dataset", "example")
    page = report("--dataset", "workplace_2013", "--window", "1D")
    assert "<h2>Mixing over time</h2>" in page and "Mon 24 Jun" in page
    assert "Mixing over time" not in report("--dataset", "workplace_2013", "--window", "none")
    assert "Mixing over time" not in report("--dataset", "highschool_2013_diary")


def test_build_report_refuses_contacts_that_are_not_contacts():
    from netmix.exceptions import NetmixError
    from netmix.report import build_report

    with pytest.raises(NetmixError, match=r"contacts must be a netmix\.Contacts"):
        build_report(netmix.datasets.load_example(), "department", contacts=[1, 2])


def test_calendar_windows_without_a_fixed_length():
    """Month and week windows (pandas 'MS', '1W') have no fixed length; the section reads them
    as a day or longer instead of failing with pandas' ValueError (a bug found in review)."""
    c = _contacts()
    s = time_section(c, "class", freq="MS", seed=1, n_resamples=99)
    assert len(s.tables["mixing_over_time"]) == 1  # both days fall in March 2023
    assert "<td>Wed 1 Mar</td>" in s.body  # a month window starts on the 1st, named by its day
    assert "25 % of contact time" in s.body  # 20 s within of 80 s (hand computation)
