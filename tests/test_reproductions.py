"""Every published value of the reproduction notebooks, recomputed from the data.

The values, their sources (paper, table or figure, page) and their printed precision live in
one registry, ``notebooks/reproduce.py`` (``REFERENCES``); the notebooks check the same
entries in their tables, and ``docs/validation.py`` lists them on the documentation's
Validation page with the test below that asserts each one. A value the released data do not
reproduce is registered with ``expect="differs"``, the value the data give and the reason;
its test asserts that exact difference, so that a change in either direction is noticed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import netmix

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "notebooks"))
import reproduce  # notebooks/reproduce.py

PUBLISHED = [r for r in reproduce.REFERENCES if r.kind == "published"]
COUNTS = [r for r in reproduce.REFERENCES if r.kind == "data-file count"]


@pytest.fixture(scope="module")
def values(data_dir) -> dict:
    """netmix's value of every published reference, by id."""
    out = reproduce.newman_values(netmix.datasets.load_race_mixing())
    out |= reproduce.stehle_values(netmix.datasets.load_primaryschool_2009(download=False))
    out |= reproduce.workplace_values(netmix.datasets.load_workplace_2013(download=False))
    day = {"start": "2013-12-05", "end": "2013-12-06", "tz": "Europe/Paris"}
    out |= reproduce.mastrandrea_values(
        netmix.datasets.load_highschool_2013("sensor", download=False),
        netmix.datasets.load_highschool_2013("sensor", download=False, **day),
        netmix.datasets.load_highschool_2013("diary", download=False))
    # notebook 07 (mixing in time): the same files as temporal contacts, cut into local days
    out |= reproduce.temporal_values(netmix.temporal.load_contacts("primaryschool_2009",
                                                                   download=False),
                                     netmix.temporal.load_contacts("highschool_2013",
                                                                   download=False),
                                     netmix.temporal.load_contacts("workplace_2013",
                                                                   download=False))
    return out


@pytest.mark.parametrize("ref", PUBLISHED, ids=[r.id for r in PUBLISHED])
def test_published_value(ref, values):
    assert ref.id in values, f"no computation for {ref.id}"
    row = reproduce.check(ref.id, values[ref.id])
    if ref.expect == "match":
        assert row["match"], (f"{ref.quantity}: printed {ref.printed} ({ref.where}), netmix "
                              f"{values[ref.id]!r}, tolerance {ref.tol:g}")
    else:
        assert row["ok"], (f"{ref.quantity}: printed {ref.printed}, documented as {ref.observed}"
                           f" from the data, netmix now gives {values[ref.id]!r}")


@pytest.fixture(scope="module")
def counts(data_dir) -> dict:
    """The counts stated with the data files, read with netmix."""
    def records(g):
        return next(p for p in g.provenance if p["step"] == "read_sociopatterns")["records"]

    work = netmix.datasets.load_workplace_2013(download=False)
    school = netmix.datasets.load_primaryschool_2009(download=False)
    high = netmix.datasets.load_highschool_2013("sensor", download=False)
    return {"workplace-records": records(work), "workplace-people": work.n_nodes,
            "workplace-departments": work.nodes["department"].nunique(),
            "stehle-records": records(school),
            "stehle-classes": school.nodes["class"][school.nodes["class"] != "Teachers"]
            .nunique(),
            "mastrandrea-records": records(high),
            "mastrandrea-classes": high.nodes["class"].nunique(),
            "time-highschool-days": sum(
                len(d.contacts) > 0 for d in netmix.temporal.load_contacts(
                    "highschool_2013", download=False).days())}


@pytest.mark.parametrize("ref", COUNTS, ids=[r.id for r in COUNTS])
def test_data_file_count(ref, counts):
    assert reproduce.check(ref.id, counts[ref.id])["ok"]


def test_registry_is_well_formed():
    for ref in reproduce.REFERENCES:
        assert ref.kind in reproduce.KINDS
        assert ref.source and ref.quantity and ref.notebook
        notebook = Path(__file__).resolve().parents[1] / "notebooks" / f"{ref.notebook}.ipynb"
        assert notebook.exists(), ref.id
        if ref.kind in ("published", "data-file count"):
            assert ref.printed is not None and ref.where, ref.id
        if ref.kind == "live cross-check":
            assert ref.printed is None, ref.id
        assert ref.expect in ("match", "differs"), ref.id
        if ref.expect == "differs":
            # a difference the data cannot close is documented: what they give and why
            assert ref.observed is not None and ref.note, ref.id
            assert not ref.matches(float(ref.observed)), ref.id


def test_tolerance_is_the_printed_precision():
    assert reproduce.reference("newman-r").tol == pytest.approx(0.0005)
    assert reproduce.reference("stehle-contact-events").tol == pytest.approx(0.5)
    assert reproduce.reference("mastrandrea-diary-links-detected").tol == pytest.approx(0.05)
    assert reproduce.reference("newman-r").matches(0.6214)
    assert not reproduce.reference("newman-r").matches(0.6216)


def test_contact_events_merge_consecutive_records():
    import pandas as pd

    records = pd.DataFrame({"t": [20, 40, 60, 100, 20, 40], "i": [1, 2, 1, 1, 3, 3],
                            "j": [2, 1, 2, 2, 4, 4]})
    events = reproduce.contact_events(records)
    # pair (1, 2): 20-40-60 is one event of 3 records, 100 a second; pair (3, 4): one of 2
    # (the events' order is netmix.temporal.contact_events's: compared as a set of rows)
    assert sorted(events[["i", "j", "n_records", "duration"]].values.tolist()) == [
        [1, 2, 1, 20], [1, 2, 3, 60], [3, 4, 2, 40]]


def test_daily_class_similarity_by_hand():
    import pandas as pd

    # two days (UTC): day 1 one a-a event and one a-b event, day 2 one a-a event only;
    # matrices [[1, 1], [1, 0]] and [[1, 0], [0, 0]]: cosine 1 / sqrt(3) (by hand)
    events = pd.DataFrame({"t": [20, 100, 86420], "i": [1, 1, 1], "j": [2, 3, 2]})
    nodes = pd.DataFrame({"class": ["a", "a", "b"]}, index=[1, 2, 3])
    c = netmix.Contacts.from_events(events, nodes, tz="UTC")
    sim = reproduce.daily_class_similarity(c)
    assert sim.tolist() == pytest.approx([3 ** -0.5])
