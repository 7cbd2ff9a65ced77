"""Bad-input corpus: temporal reference models, contact durations, tie persistence and the
permutation test of Contacts (issue 17 items 3 and 4).

Each malformed argument gets its netmix error naming it; odd but valid inputs (one day of
records, everyone in one group, no records) get their exact result, hand-computed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _corpus import Case, check, ids

import netmix
from netmix import DegenerateMixingWarning, InputTypeError
from netmix.plotting import plot_ccdf
from netmix.temporal import (
    Contacts,
    contact_events,
    duration_distributions,
    from_events,
    intercontact_times,
    link_shuffling,
    tie_persistence,
    timestamp_shuffling,
    timestamp_shuffling_within_days,
)


def small():
    nodes = pd.DataFrame({"g": ["a", "a", "b"]}, index=[1, 2, 3])
    return from_events(pd.DataFrame({"t": [20, 40, 60], "i": [1, 2, 1], "j": [2, 3, 2]}),
                       nodes)


def empty():
    return Contacts(pd.DataFrame({"g": ["a", "b"]}, index=[1, 2]), np.empty(0, np.int64),
                    np.empty(0, int), np.empty(0, int))


def run_test(null="link_shuffling", statistic="within_group_share", groups="g", **kw):
    return netmix.permutation_test(small(), statistic, groups, null=null, **kw)


def equals(expected):
    def _check(value):
        np.testing.assert_equal(value, expected)
    return _check


CASES = [
    Case("null-on-a-graph", lambda d: timestamp_shuffling(netmix.datasets.load_example()),
         error=InputTypeError, match=("contacts must be", "Contacts")),
    Case("null-on-a-table", lambda d: link_shuffling(pd.DataFrame({"t": [1]})),
         error=InputTypeError, match=("contacts must be",)),
    Case("null-bad-seed", lambda d: timestamp_shuffling(small(), seed=-1),
         match=("seed must be",)),
    Case("null-seed-text", lambda d: timestamp_shuffling(small(), seed="1"),
         match=("seed must be",)),
    Case("test-unknown-null", lambda d: run_test(null="shuffle"),
         match=("null must be one of", "timestamp_shuffling")),
    Case("test-graph-null-on-contacts", lambda d: run_test(null="degree_preserving"),
         match=("null must be one of",)),
    Case("test-null-not-a-model", lambda d: run_test(null=3), error=InputTypeError,
         match=("null must be",)),
    Case("test-unknown-statistic", lambda d: run_test(statistic="nominal_assortativity"),
         match=("statistic must be one of", "within_group_share")),
    Case("test-statistic-not-callable", lambda d: run_test(statistic=2.0),
         error=InputTypeError, match=("statistic must be",)),
    Case("test-named-statistic-without-groups", lambda d: run_test(groups=None),
         match=("groups must be given",)),
    Case("test-label-permutation-without-groups", lambda d: run_test(
        null="label_permutation", statistic=lambda c: 1.0, groups=None),
        match=("groups must be given", "label_permutation")),
    Case("test-weight-on-contacts", lambda d: run_test(weight="duration"),
         match=("weight must be None",)),
    Case("test-zero-resamples", lambda d: run_test(n_resamples=0), match=("n_resamples",)),
    Case("test-bad-alternative", lambda d: run_test(alternative="bigger"),
         match=("alternative",)),
    Case("test-bad-jobs", lambda d: run_test(n_jobs=0), match=("n_jobs",)),
    Case("test-groups-not-an-attribute", lambda d: run_test(groups="class"),
         match=("'class'",)),
    Case("test-null-returns-a-graph", lambda d: run_test(
        null=lambda c, rng: netmix.datasets.load_example(), n_resamples=2),
        match=("null must return a Contacts",)),
    # everyone within a group but no between-group time: 40 of 60 s within (hand), but the
    # statistic needs a total only, so a single group gives share 1 and a constant null
    Case("test-one-group-constant-null", lambda d: netmix.permutation_test(
        small(), "within_group_share", pd.Series("a", index=[1, 2, 3]),
        null="link_shuffling", n_resamples=5, seed=0).pvalue, error=None,
        result=equals(1.0), warns=DegenerateMixingWarning, warns_match="constant"),
    Case("test-undefined-observed", lambda d: netmix.permutation_test(
        empty(), "within_group_share", "g", null="timestamp_shuffling", n_resamples=5,
        seed=0).pvalue, error=None, result=equals(np.nan), warns=DegenerateMixingWarning,
        warns_match="undefined"),
    Case("events-not-contacts", lambda d: contact_events(pd.DataFrame({"t": [20]})),
         error=InputTypeError, match=("contacts must be",)),
    Case("events-none", lambda d: len(contact_events(empty())), error=None, result=equals(0)),
    Case("durations-bad-method", lambda d: duration_distributions(small(), "g",
                                                                  method="ttest"),
         match=("method must be one of", "mannwhitney")),
    Case("durations-bad-alternative", lambda d: duration_distributions(
        small(), "g", alternative="up"), match=("alternative",)),
    Case("durations-bad-missing", lambda d: duration_distributions(small(), "g",
                                                                   missing="keep"),
         match=("missing",)),
    Case("durations-no-groups", lambda d: duration_distributions(small(), "nope"),
         match=("'nope'",)),
    Case("durations-groups-wrong-length", lambda d: duration_distributions(small(), [1, 2]),
         match=("one value per node",)),
    Case("durations-negative-resamples", lambda d: duration_distributions(
        small(), "g", method="permutation", n_resamples=-5), match=("n_resamples",)),
    # 1-2 (within): events [0, 20] and [40, 60], one gap; 2-3: one event, no gap (hand)
    Case("intercontact-no-between", lambda d: intercontact_times(small(), "g").n_within,
         error=None, result=equals(1), warns=DegenerateMixingWarning,
         warns_match="inter-contact"),
    Case("persistence-bad-method", lambda d: tie_persistence(small(), "g", method="chi2"),
         match=("method must be one of",)),
    Case("persistence-one-day", lambda d: tie_persistence(small(), "g").statistic,
         error=None, result=equals(np.nan), warns=DegenerateMixingWarning,
         warns_match="one day of records"),
    Case("persistence-no-records", lambda d: tie_persistence(empty(), "g").n_within,
         error=None, result=equals(0), warns=DegenerateMixingWarning),
    Case("within-days-no-records", lambda d: len(timestamp_shuffling_within_days(
        empty(), seed=1)), error=None, result=equals(0)),
    Case("plot-ccdf-wrong-result", lambda d: plot_ccdf(netmix.permutation_test(
        small(), "within_group_share", "g", null="label_permutation", n_resamples=3,
        seed=0)),  # seeded: an unseeded draw can give a constant null (a warning) by chance
        match=("result must be a DurationTestResult",)),
    Case("plot-ccdf-bad-ax", lambda d: plot_ccdf(duration_distributions(
        from_events(pd.DataFrame({"t": [20, 40], "i": [1, 1], "j": [2, 3]})), [0, 0, 1]),
        ax="left"), error=InputTypeError, match=("ax must be",)),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
