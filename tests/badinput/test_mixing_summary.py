"""Bad input to the report's summary, :func:`netmix.report.mixing_summary`, and to
``build_report(progress=)`` (issue 18): each refused before any work, naming the argument."""

from __future__ import annotations

import pytest
from _corpus import Case, check, ids

import netmix
from netmix.report import build_report, mixing_summary


def _summary(**options):
    def run(d):
        return mixing_summary(netmix.datasets.load_example(), **{"groups": "department",
                                                                  "seed": 1, **options})
    return run


CASES = [
    Case("groups-unknown", _summary(groups="nope"), match=("groups", "'nope'", "department")),
    Case("weight-unknown", _summary(weight="nope"),
         match=("weight must name an edge attribute", "'nope'", "duration")),
    Case("weight-not-text", _summary(weight=3), match=("weight", "3")),
    Case("min-group-size-zero", _summary(min_group_size=0), match=("min_group_size", "0")),
    Case("min-group-size-fraction", _summary(min_group_size=2.5),
         match=("min_group_size", "2.5")),
    Case("mode-unknown", _summary(mode="sideways"), match=("mode", "sideways", "'out'")),
    Case("missing-unknown", _summary(missing="keep"), match=("missing", "keep")),
    Case("resamples-too-few", _summary(n_resamples=10),
         match=("n_resamples", "at least 39", "got 10", "a lower confidence_level")),
    Case("resamples-negative", _summary(n_resamples=-5), match=("n_resamples", "-5")),
    Case("level-as-percent", _summary(confidence_level=95),
         match=("confidence_level", "0.95")),
    Case("seed-text", _summary(seed="abc"), match=("seed", "abc")),
    Case("progress-number",
         lambda d: build_report(netmix.datasets.load_example(), "department", progress=3),
         match=("progress must be", "function", "got 3")),
    Case("progress-text",
         lambda d: build_report(netmix.datasets.load_example(), "department",
                                progress="yes"),
         match=("progress must be", "'yes'")),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
