"""simulate_diary_survey: seeded, truth formulas hold empirically, trust effect recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import netmix
from netmix.datasets.survey import simulate_diary_survey
from netmix.ego import integration_ratio


def test_seeded_and_reproducible():
    a = simulate_diary_survey(200, seed=9)
    b = simulate_diary_survey(200, seed=9)
    c = simulate_diary_survey(200, seed=10)
    pd.testing.assert_frame_equal(a.egos, b.egos)
    pd.testing.assert_frame_equal(a.alters, b.alters)
    assert not a.alters.equals(c.alters)
    assert a.params["seed"] == 9


def test_structure():
    sim = simulate_diary_survey(1000, seed=1)
    egos, alters, areas = sim.egos, sim.alters, sim.areas
    assert len(egos) == 1000 and egos["area"].value_counts().tolist() == [250] * 4
    assert alters.groupby("ego").size().max() <= 5
    assert (egos["n_alters"] == 0).any()  # some respondents report nobody: kept
    assert areas.sum(axis=1).tolist() == [20_000, 50_000, 80_000, 30_000]
    assert egos["weight"].mean() == pytest.approx(1.0)
    d = sim.ego_data()
    assert d.n_egos == 1000 and d.survey_weight == "weight"


def test_truth_closed_form_by_hand():
    # one area of 10 A and 10 B (N = 20), homophily 0.5: without the ego, an A meets 10 B
    # among 19 others, e = 10/19 for both groups; ratio of sums = 0.5 for any composition
    sim = simulate_diary_survey(10, area_shares=[[0.5, 0.5]], area_sizes=[20],
                                homophily={"A": 0.5, "B": 0.0}, seed=0)
    # sum N_g (1 - h_g) e_g / sum N_g e_g = (10 * 0.5 + 10 * 1.0) / (10 + 10) = 0.75
    assert sim.truth["integration_ratio"] == pytest.approx(0.75)
    assert sim.truth["mean_of_ratios"] == pytest.approx(0.75)
    # in-group for A: (h + (1 - h) f) / f with f = 9/19 -> (0.5 + 0.5 * 9/19) / (9/19)
    assert sim.truth["ingroup_by_group"]["A"] == pytest.approx((0.5 + 0.5 * 9 / 19) / (9 / 19))


def test_large_sample_matches_truth():
    # the estimator's limit is the truth: check at n = 40,000 (standard error about 0.005)
    sim = simulate_diary_survey(40_000, homophily={"A": 0.6, "B": 0.3, "C": 0.2}, seed=3)
    res = integration_ratio(sim.ego_data(), by="area", method=None)
    assert res.statistic == pytest.approx(sim.truth["integration_ratio"], abs=0.015)
    for area, value in sim.truth["integration_ratio_by_area"].items():
        assert res.table.loc[area, "ratio"] == pytest.approx(value, abs=0.03)


def test_trust_effect_recovered_by_ols():
    sim = simulate_diary_survey(3000, trust_effect=1.5, seed=4)
    egos = sim.egos
    fit = sm.OLS(egos["trust"], sm.add_constant(egos["outgroup_share"])).fit()
    low, high = fit.conf_int().loc["outgroup_share"]
    assert low <= sim.truth["trust_effect"] <= high


@pytest.mark.parametrize("kw", [{"homophily": 1.0}, {"homophily": {"A": 0.2}},
                                {"mean_alters": 9}, {"area_shares": [[1.0]]},
                                {"p_no_alters": 1.0}])
def test_bad_arguments(kw):
    with pytest.raises(netmix.InputError):
        simulate_diary_survey(10, **kw)


def test_no_homophily_gives_ratio_one_in_truth_and_estimate():
    sim = simulate_diary_survey(5000, homophily=0.0, seed=8)
    assert sim.truth["integration_ratio"] == 1.0
    res = integration_ratio(sim.ego_data(), method="analytic")
    assert res.confidence_interval.low <= 1.0 <= res.confidence_interval.high
    assert np.isfinite(res.pvalue)
