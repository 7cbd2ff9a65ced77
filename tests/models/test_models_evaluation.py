"""Programme evaluation: mixing change, difference in differences, before/after plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import netmix
from netmix.datasets.programme import simulate_programme
from netmix.exceptions import InputError
from netmix.models import did_estimate, did_means, mixing_change, programme_matrices
from netmix.plotting.models import plot_coefficients, plot_mixing_change


def change_table(seed, n=600):
    sim = simulate_programme(n, seed=seed)
    return sim, mixing_change(sim.ego_data("before"), sim.ego_data("after"),
                              participants="participant")


def test_did_recovers_the_simulated_effect():
    sim, change = change_table(3, n=2000)
    res = did_estimate(change)
    low, high = res.conf_int().loc["did"]
    assert low < sim.truth["effect"] < high
    assert "clustered by area (40 clusters)" in " ".join(res.netmix_notes)


def test_did_95ci_coverage_over_seeded_replications():
    # 1000 replications with area shocks (clustered errors) and selection on levels; the
    # cluster-robust interval with t(G - 1) should cover delta = 0.10 about 95 % of the time.
    # Threshold 922 / 1000 (scipy.stats.binom.sf(921, 1000, p)): a true 95 % interval passes
    # with probability 0.99994, one covering 94 % with 0.991, a 90 % interval with 0.0099.
    # Observed (seeds 0-999): 933 at 95 %; the same intervals at 90 % cover 893 (checked below,
    # so that a level mislabelled as 95 % fails this test).
    covered = covered90 = 0
    for seed in range(1000):
        sim, change = change_table(seed)
        res = did_estimate(change)
        low, high = res.conf_int().loc["did"]
        covered += low < sim.truth["effect"] < high
        low, high = res.conf_int(alpha=0.10).loc["did"]
        covered90 += low < sim.truth["effect"] < high
    assert covered >= 922, covered
    assert covered90 < 922, covered90


def test_first_difference_twfe_and_2x2_formula_agree():
    _, change = change_table(5)
    fd = did_estimate(change)
    twfe = did_estimate(change, method="twfe")
    means = did_means(change)
    assert fd.params["did"] == pytest.approx(means.loc["difference", "change"], rel=1e-10)
    assert twfe.params["did"] == pytest.approx(fd.params["did"], rel=1e-10)
    assert twfe.params["post"] == pytest.approx(fd.params["trend"], rel=1e-10)
    # same scores; the small-sample factor differs only by (N - 1) / (N - K) with N = 2n
    assert twfe.bse["did"] == pytest.approx(fd.bse["did"], rel=2e-3)
    # the 2 x 2 table by hand
    d = change["participant"]
    assert means.loc["participants", "before"] == pytest.approx(
        change.loc[d, "share_before"].mean())
    assert means.loc["comparison", "change"] == pytest.approx(change.loc[~d, "change"].mean())


def test_covariates_and_unclustered_errors():
    _, change = change_table(6)
    change = change.assign(is_a=(change["group"] == "A").astype(int))
    res = did_estimate(change, covariates=["is_a"], cluster=None)
    assert res.cov_type == "HC1" and "is_a" in res.params.index
    twfe = did_estimate(change, covariates=["is_a"], cluster=None, method="twfe")
    assert twfe.params["did"] == pytest.approx(res.params["did"], rel=1e-10)
    assert "is_a:post" in twfe.params.index


def test_mixing_change_of_graphs_by_hand():
    nodes = pd.DataFrame({"g": list("aabbc"), "area": list("xxyyy")}, index=list("pqrst"))
    before = netmix.SocialGraph(nodes, [0, 2, 3], [1, 3, 4])
    after = netmix.SocialGraph(nodes, [0, 0, 2, 3], [1, 2, 3, 4],
                               edge_attrs={"minutes": [1.0, 3.0, 1.0, 1.0]})
    change = mixing_change(before, after, "g", participants=["p"])
    # p: before q (a) -> 0; after q (a) and r (b) -> 1/2
    assert change.loc["p", ["share_before", "share_after", "change"]].tolist() == [0, 0.5, 0.5]
    # t: tied to s (b) in both waves -> 1 and 1
    assert change.loc["t", "change"] == 0
    assert change["participant"].tolist() == [True, False, False, False, False]
    assert change.loc["p", "area"] == "x"
    timed = mixing_change(before.with_provenance({}), after, "g", weight=None)
    assert "participant" not in timed.columns
    by_time = mixing_change(after, after, "g", weight="minutes")
    assert by_time.loc["p", "share_after"] == pytest.approx(3 / 4)  # 3 of p's 4 minutes


def test_participants_arguments():
    _, change = change_table(1, n=200)
    ids = change.index[change["participant"]]
    sim = simulate_programme(200, seed=1)
    b, a = sim.ego_data("before"), sim.ego_data("after")
    by_ids = mixing_change(b, a, participants=list(ids))
    by_bool = mixing_change(b, a, participants=pd.Series(True, index=ids))
    assert (by_ids["participant"] == change["participant"]).all()
    assert (by_bool["participant"] == change["participant"]).all()
    with pytest.raises(InputError, match="unknown ids"):
        mixing_change(b, a, participants=[99999])
    with pytest.raises(InputError, match="0/1 or boolean"):
        mixing_change(b, a, participants="area")
    with pytest.raises(InputError, match="SocialGraph or EgoData"):
        mixing_change(change, a)
    with pytest.raises(InputError, match="participants and a comparison group"):
        did_estimate(change.assign(participant=True))


def test_programme_matrices_and_plots():
    sim = simulate_programme(300, seed=2)
    b, a = sim.ego_data("before"), sim.ego_data("after")
    ids = sim.people.loc[sim.people["participant"], "ego"]
    mb, ma = programme_matrices(b, a, people=ids)
    # rows: the participants' group, columns: their contacts' group (hand tally)
    alters = sim.before.merge(sim.people[["ego", "group", "participant"]], on="ego")
    alters = alters[alters["participant"]]
    hand = pd.crosstab(alters["group"], alters["alter_group"]).astype(float)
    np.testing.assert_array_equal(mb.to_numpy(), hand.to_numpy())
    axes = plot_mixing_change(mb, ma, title="participants")
    assert [ax.get_title() for ax in axes] == ["before", "after", "after - before"]
    shares = mb.to_numpy() / mb.to_numpy().sum(axis=1, keepdims=True)
    image = axes[0].get_images()[0].get_array()
    np.testing.assert_allclose(image, shares)
    with pytest.raises(InputError, match="same groups"):
        plot_mixing_change(mb, ma.iloc[:1, :1])
    fd = did_estimate(mixing_change(b, a, participants="participant"))
    ax = plot_coefficients(fd, terms=["did"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["did"]
