"""Contact events, durations, inter-contact times and tie persistence by pair type (issue 17
item 3).

Expected values: hand computations on tiny tables (said beside each), a plain-Python
record-by-record merge of the runs (an independent implementation, compared on random
tables with hypothesis), scipy's tests run on the same samples, and the primary school
data's count of contact events (Stehlé et al. 2011, abstract: 77,602 in the paper; the
released file gives 77,521, as notebooks/reproduce.py records).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import netmix
from netmix import DegenerateMixingWarning, InputError
from netmix.plotting import plot_ccdf
from netmix.temporal import (
    Contacts,
    contact_events,
    duration_distributions,
    from_events,
    intercontact_times,
    load_contacts,
    tie_persistence,
)

DAY = 86400


def grouped(t, i, j, groups="aab"):
    nodes = pd.DataFrame({"g": list(groups)}, index=range(1, len(groups) + 1))
    return from_events(pd.DataFrame({"t": t, "i": i, "j": j}), nodes)


def test_contact_events_by_hand():
    # pair 1-2: records at 20, 40, 60 (one run: 0..60) and 100 (80..100); 2-3 at 40
    c = grouped([20, 40, 60, 100, 40], [1, 1, 1, 1, 2], [2, 2, 2, 2, 3])
    ev = contact_events(c)
    assert ev.to_dict("list") == {"i": [1, 2, 1], "j": [2, 3, 2], "start": [0, 20, 80],
                                  "end": [60, 40, 100], "duration": [60, 20, 20],
                                  "n_records": [3, 1, 1]}


def _merge_by_hand(c):
    """The union of each pair's record intervals (t - duration, t], piece by piece: records
    taken by start, one continues the open piece when it starts no later than the piece's
    end (plain Python, no numpy)."""
    pieces = {}
    for t, i, j, d in sorted(zip(c.t.tolist(), c.i.tolist(), c.j.tolist(),
                                 c.duration.tolist(), strict=True), key=lambda r: r[0] - r[3]):
        mine = pieces.setdefault((i, j), [])
        if mine and t - d <= mine[-1][1]:
            mine[-1][1], mine[-1][2] = max(mine[-1][1], t), mine[-1][2] + 1
        else:
            mine.append([t - d, t, 1])
    return sorted((i, j, *p) for (i, j), ps in pieces.items() for p in ps)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(0, 3), st.integers(1, 3),
                          st.sampled_from([20, 20, 40])), min_size=1, max_size=40))
def test_contact_events_equal_a_record_by_record_merge(rows):
    t = [20 * a for a, *_ in rows]
    i = [b for _, b, _, _ in rows]
    j = [(b + k) % 4 for _, b, k, _ in rows]
    c = Contacts(pd.DataFrame(index=range(4)), t, i, j, duration=[d for *_, d in rows])
    ev = contact_events(c)
    got = sorted(zip(ev["i"], ev["j"], ev["start"], ev["end"], ev["n_records"], strict=True))
    assert got == _merge_by_hand(c)
    assert (ev["duration"] == ev["end"] - ev["start"]).all()


def test_durations_and_intercontact_times_by_hand():
    # 1-2 (within): records 20, 40 -> [0, 40]; 100 -> [80, 100]; 200 -> [180, 200]
    # 2-3 (between): 40 -> [20, 40]; 400 -> [380, 400]
    c = grouped([20, 40, 100, 200, 40, 400], [1, 1, 1, 1, 2, 2], [2, 2, 2, 2, 3, 3])
    d = duration_distributions(c, "g")
    assert d.within.tolist() == [40, 20, 20] and d.between.tolist() == [20, 20]
    gaps = intercontact_times(c, "g")
    assert gaps.within.tolist() == [40, 80] and gaps.between.tolist() == [340]
    assert gaps.quantity == "inter-contact time" and gaps.mean_within == 60


def test_the_tests_are_scipys_on_the_same_samples():
    rng = np.random.default_rng(3)
    n = 200
    t = np.sort(rng.choice(np.arange(1, 5000), n, replace=False)) * 20
    i = rng.integers(1, 7, n)
    j = (i + rng.integers(0, 5, n)) % 6 + 1
    keep = i != j
    c = grouped(t[keep], i[keep], j[keep], groups="aabbcc")
    mw = duration_distributions(c, "g", alternative="greater")
    ref = stats.mannwhitneyu(mw.within, mw.between, alternative="greater",
                             method="asymptotic")
    assert (mw.statistic, mw.pvalue) == (ref.statistic, ref.pvalue)
    ks = duration_distributions(c, "g", method="ks", alternative="greater")
    ref = stats.ks_2samp(ks.within, ks.between, alternative="less")  # scipy: F_x below F_y
    assert (ks.statistic, ks.pvalue) == (ref.statistic, ref.pvalue)
    gaps = intercontact_times(c, "g", method="ks")
    assert gaps.statistic == stats.ks_2samp(gaps.within, gaps.between).statistic


def test_ccdf_table_and_plot_by_hand():
    c = grouped([20, 40, 60, 200, 100], [1, 1, 1, 1, 2], [2, 2, 2, 2, 3])
    res = duration_distributions(c, "g")
    table = res.ccdf()
    # within: durations 60 and 20 -> P(X >= 20) = 1, P(X >= 60) = 1/2; between: 20 -> 1
    assert table.to_dict("list") == {"pair_type": ["within", "within", "between"],
                                     "value": [20.0, 60.0, 20.0], "ccdf": [1.0, 0.5, 1.0],
                                     "count": [1, 1, 1]}
    ax = plot_ccdf(res)
    assert len(ax.lines) == 2 and ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax is res.plot(ax=ax)


def test_permutation_variant_is_seeded_and_at_the_floor_on_real_data(school):
    a = duration_distributions(school, "class", method="permutation", n_resamples=99, seed=5)
    b = duration_distributions(school, "class", method="permutation", n_resamples=99, seed=5)
    np.testing.assert_array_equal(a.null_distribution, b.null_distribution)
    assert a.null == "label_permutation" and a.seed == 5 and a.null_distribution.size == 99
    # within-class contacts last longer: observed ratio of the means from the events
    ev = contact_events(school)
    cls = school.nodes["class"]
    same = cls.loc[ev["i"]].to_numpy() == cls.loc[ev["j"]].to_numpy()
    assert a.statistic == pytest.approx(ev["duration"][same].mean()
                                        / ev["duration"][~same].mean())
    assert a.statistic > 1 and a.pvalue == pytest.approx(2 / 100)


@pytest.fixture(scope="module")
def school(data_dir):
    return load_contacts("primaryschool_2009", download=False)


def test_primary_school_contact_events(school):
    ev = contact_events(school)
    assert len(ev) == 77521  # the released file (the paper's 77,602 minus 81: reproduce.py)
    assert (ev["duration"] == 20 * ev["n_records"]).all()


def test_tie_persistence_by_hand():
    # day 1: 1-2 (within) and 2-3 (between); day 2: 1-2 again. within 1/1, between 0/1
    c = grouped([20, 40, DAY + 20], [1, 2, 1], [2, 3, 2])
    res = tie_persistence(c, "g")
    assert (res.persistence_within, res.persistence_between, res.statistic) == (1.0, 0.0, 1.0)
    # pooled z test: pi = 1/2, se = sqrt(1/4 * 2) = 0.7071, z = 1.414, p = 0.1573
    assert res.pvalue == pytest.approx(2 * stats.norm.sf(1 / np.sqrt(0.5)))
    assert res.table[["pair_type", "n_pairs", "n_again"]].to_dict("list") == {
        "pair_type": ["within", "between"], "n_pairs": [1, 1], "n_again": [1, 0]}


def test_tie_persistence_skips_empty_days_and_permutes_labels():
    # records on day 0 and day 2 (day 1 empty): one transition, day 0 -> day 2
    c = grouped([20, 40, 2 * DAY + 20], [1, 2, 1], [2, 3, 2])
    res = tie_persistence(c, "g", method="permutation", n_resamples=19, seed=1)
    assert res.table["next_day"].tolist() == ["1970-01-03", "1970-01-03"]
    assert res.null == "label_permutation" and res.null_distribution.size <= 19


def test_primary_school_tie_persistence(school):
    res = tie_persistence(school, "class")
    # pairs of day 1 seen again on day 2, counted with sets of pairs (pandas, by hand)
    df = school.to_frame()
    df["day"] = df["time"].dt.day
    pairs = {d: set(zip(g["i"], g["j"], strict=True)) for d, g in df.groupby("day")}
    cls = school.nodes["class"]
    within = {p for p in pairs[1] if cls[p[0]] == cls[p[1]]}
    again = pairs[1] & pairs[2]
    assert res.n_within == len(within) and res.n_between == len(pairs[1]) - len(within)
    assert res.persistence_within == len(within & again) / len(within)
    assert res.statistic > 0.5 and res.pvalue < 1e-10


def test_degenerate_inputs_give_nan_with_a_warning():
    c = grouped([20, 40], [1, 2], [2, 3], groups="aaa")  # everyone in one group
    with pytest.warns(DegenerateMixingWarning, match="0 between-group"):
        res = duration_distributions(c, "g")
    assert np.isnan(res.statistic) and np.isnan(res.pvalue)
    with pytest.warns(DegenerateMixingWarning, match="one day of records"):
        res = tie_persistence(grouped([20, 40], [1, 2], [2, 3]), "g")
    assert np.isnan(res.statistic)


def test_missing_groups_raise_or_are_dropped():
    nodes = pd.DataFrame({"g": ["a", "a", None]}, index=[1, 2, 3])
    c = from_events(pd.DataFrame({"t": [20, 40, 60], "i": [1, 2, 1], "j": [2, 3, 3]}), nodes)
    with pytest.raises(InputError, match="missing='drop'"):
        duration_distributions(c, "g")
    with pytest.warns(DegenerateMixingWarning):
        res = duration_distributions(c, "g", missing="drop")
    assert res.n_within == 1 and res.n_between == 0


def test_results_have_the_vocabulary_and_a_short_repr(school):
    res = intercontact_times(school, "class")
    row = res.to_frame().iloc[0]
    assert {"statistic", "pvalue", "n_within", "mean_between"} <= set(row.index)
    assert len(repr(res).splitlines()) <= 10
    assert "Inter-contact times" in res.summary()
    assert isinstance(netmix.tie_persistence(school, "class").to_frame(), pd.DataFrame)
