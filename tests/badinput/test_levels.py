"""Bad-input corpus: confidence levels and resample counts of the functions with intervals.

A level outside (0, 1), a percentage for a proportion, a level that is not a number, or a
bootstrap too small for its level (its percentile endpoints would be the extreme
resamples: an interval narrower than its label) must be refused with a message naming the
argument and the value; the smallest valid resample count must give the exact interval.
"""

from __future__ import annotations

import numpy as np
import pytest
from _corpus import Case, check, ids

import netmix
from netmix.bridging import brokerage
from netmix.datasets.survey import simulate_diary_survey
from netmix.ego import ingroup_overrepresentation, integration_ratio
from netmix.ego.expected import own_and_out
from netmix.inference import bootstrap
from netmix.inference.table import segregation_table
from netmix.measures.assortativity import nominal_assortativity_test
from netmix.measures.segregation import within_group_odds_ratio

_SURVEY = []


def survey():
    if not _SURVEY:
        _SURVEY.append(simulate_diary_survey(120, seed=0).ego_data())
    return _SURVEY[0]


def ratio(**kw):
    return lambda d: integration_ratio(survey(), by=None, **kw)


def example():
    return netmix.datasets.load_example()


def toy():
    import pandas as pd

    nodes = pd.DataFrame({"g": list("AAABBC")}, index=pd.Index([1, 2, 3, 4, 5, 6], name="id"))
    return netmix.SocialGraph(nodes, [0, 1, 3, 1, 2, 5, 0], [1, 2, 1, 4, 5, 3, 2],
                              directed=True)


def exact_39_resample_interval(res):
    # 39 resamples is the least for 95 %: the endpoints are the 1st and 39th of 40 plotting
    # positions, np.quantile of the replicates redrawn here from the same seed
    parts = own_and_out(survey(), None, True)
    s = survey().weights()
    a, b = s * parts["observed_out"], s * parts["expected_out"]
    picks = np.random.default_rng(3).integers(0, a.size, size=(39, a.size))
    reps = a[picks].sum(axis=1) / b[picks].sum(axis=1)
    want = np.quantile(reps, [0.025, 0.975])
    np.testing.assert_allclose(list(res.confidence_interval), want, rtol=1e-10)
    assert res.confidence_level == 0.95 and res.n_resamples == 39


def analytic_at(res, level):
    # the normal interval on the log scale: half-width = z_{(1 + level) / 2} se_log
    from scipy.stats import norm

    assert res.confidence_level == level and res.n_resamples is None
    half = np.log(res.confidence_interval.high / res.confidence_interval.low) / 2
    assert half == pytest.approx(norm.ppf((1 + level) / 2) * res.standard_error_log, rel=1e-10)


CASES = [
    # ---------------------------------------------------------------- integration ratio
    Case("ratio-level-percentage", ratio(confidence_level=95),
         match=("confidence_level", "got 95 (int)", "0.95 for 95 %")),
    Case("ratio-level-numpy-percentage", ratio(confidence_level=np.float64(90.0)),
         match=("confidence_level", "got 90.0 (float)", "0.9 for 90 %")),
    Case("ratio-level-string", ratio(confidence_level="0.95"),
         match=("confidence_level", "'0.95' (str)")),
    Case("ratio-level-none", ratio(confidence_level=None),
         match=("confidence_level", "None")),
    Case("ratio-level-one", ratio(method="analytic", confidence_level=1.0),
         match=("confidence_level", "strictly between 0 and 1", "1.0")),
    Case("ratio-level-zero", ratio(method="glm", confidence_level=0),
         match=("confidence_level", "got 0 (int)")),
    Case("ratio-level-negative", ratio(confidence_level=-0.95),
         match=("confidence_level", "-0.95")),
    Case("ratio-level-nan", ratio(method="analytic", confidence_level=float("nan")),
         match=("confidence_level", "nan")),
    Case("ratio-level-bool", ratio(confidence_level=True),
         match=("confidence_level", "True (bool)")),
    Case("ingroup-level-percentage",
         lambda d: ingroup_overrepresentation(survey(), confidence_level=99),
         match=("confidence_level", "0.99 for 99 %")),
    Case("ratio-bootstrap-too-few-for-95", ratio(n_resamples=20, seed=1),
         match=("n_resamples", "at least 39", "got 20", "confidence_level=0.95")),
    Case("ratio-bootstrap-one-short-for-95", ratio(n_resamples=38, seed=1),
         match=("n_resamples", "at least 39", "got 38")),
    Case("ratio-bootstrap-too-few-for-99", ratio(n_resamples=198, confidence_level=0.99),
         match=("n_resamples", "at least 199", "got 198", "0.99")),
    Case("ratio-bootstrap-too-few-for-90", ratio(n_resamples=18, confidence_level=0.9),
         match=("n_resamples", "at least 19", "got 18")),
    Case("ratio-bootstrap-zero-resamples", ratio(n_resamples=0),
         match=("n_resamples", "positive integer", "got 0")),
    Case("ratio-bootstrap-fractional-resamples", ratio(n_resamples=99.5),
         match=("n_resamples", "positive integer", "99.5")),
    Case("ratio-bootstrap-least-resamples-for-95", ratio(n_resamples=39, seed=3),
         error=None, result=exact_39_resample_interval),
    Case("ratio-analytic-ignores-the-resample-minimum",
         ratio(method="analytic", n_resamples=5, confidence_level=0.99), error=None,
         result=lambda r: analytic_at(r, 0.99)),
    # ---------------------------------------------------------------- other intervals
    Case("bootstrap-ci-percentage",
         lambda d: bootstrap(example(), "nominal_assortativity", "department", confidence_level=95),
         match=("confidence_level", "95")),
    Case("bootstrap-ci-one",
         lambda d: bootstrap(example(), "nominal_assortativity", "department",
                             confidence_level=1.0),
         match=("confidence_level", "between 0 and 1", "1.0")),
    Case("assortativity-level-percentage",
         lambda d: nominal_assortativity_test(example(), "department", confidence_level=95),
         match=("confidence_level", "between 0 and 1", "95")),
    Case("odds-ratio-level-percentage",
         lambda d: within_group_odds_ratio(example(), "department", confidence_level=95),
         match=("confidence_level", "95")),
    Case("odds-ratio-level-string",
         lambda d: within_group_odds_ratio(example(), "department", confidence_level="0.95"),
         match=("confidence_level", "'0.95' (str)")),
    Case("assortativity-level-none",
         lambda d: nominal_assortativity_test(example(), "department", confidence_level=None),
         match=("confidence_level", "None")),
    Case("segregation-table-level-percentage-without-bootstrap",
         lambda d: segregation_table(example(), "department", indices=["ei_index"],
                                     n_resamples=0, confidence_level=95),
         match=("confidence_level", "0.95 for 95 %")),
    Case("segregation-table-too-few-bootstrap-resamples",
         lambda d: segregation_table(example(), "department", indices=["ei_index"],
                                     n_resamples=0, n_bootstrap=9),
         match=("n_bootstrap must be at least 39", "got 9", "n_bootstrap=0")),
    Case("segregation-table-too-few-resamples-for-its-intervals",
         lambda d: segregation_table(example(), "department", indices=["ei_index"],
                                     n_resamples=19),
         match=("n_resamples must be at least 39", "got 19")),
    Case("segregation-table-level-bool",
         lambda d: segregation_table(example(), "department", indices=["ei_index"],
                                     n_resamples=0, confidence_level=True),
         match=("confidence_level", "True (bool)")),
    Case("brokerage-alternative-misspelt",
         lambda d: brokerage(toy(), "g", alternative="two_sided"),
         match=("alternative", "'two_sided'", "two-sided")),
    Case("brokerage-permutation-one-resample",
         lambda d: brokerage(toy(), "g", method="permutation", n_resamples=1),
         match=("n_resamples", ">= 2", "got 1")),
    Case("brokerage-permutation-bool-resamples",
         lambda d: brokerage(toy(), "g", method="permutation", n_resamples=True),
         match=("n_resamples", "True (bool)")),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_bad_input(case, tmp_path):
    check(case, tmp_path)
